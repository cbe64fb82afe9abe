import { describe, expect, it } from 'vitest';
import { allowedNextStages, canTransition, PROJECT_STAGES, stageFromLabel } from './stages.ts';

describe('project stages', () => {
  it.each([
    ['planning', 'reserve', true],
    ['reserve', 'preliminary', true],
    ['preliminary', 'construction', true],
    ['construction', 'completed', true],
    ['planning', 'construction', false],
    ['planning', 'completed', false],
    ['completed', 'construction', false],
    ['construction', 'suspended', true],
    ['suspended', 'construction', true],
    ['suspended', 'completed', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('staying in a stage is always allowed', () => {
    for (const stage of PROJECT_STAGES) expect(canTransition(stage, stage)).toBe(true);
  });

  it('a completed project is closed', () => {
    expect(allowedNextStages('completed')).toEqual([]);
  });

  it('reads the labels government lists use', () => {
    expect(stageFromLabel('在建')).toBe('construction');
    expect(stageFromLabel(' 续建 ')).toBe('construction');
    expect(stageFromLabel('停缓建')).toBe('suspended');
    expect(stageFromLabel('未知')).toBeUndefined();
  });
});
