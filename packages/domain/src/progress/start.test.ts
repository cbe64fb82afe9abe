import { describe, expect, it } from 'vitest';
import { stageOnStart } from './start.ts';

describe('stage on a reported start of work', () => {
  it.each([
    ['planning', 'construction'],
    ['reserve', 'construction'],
    ['preliminary', 'construction'],
    ['construction', null],
    ['completed', null],
    ['suspended', null],
  ] as const)('%s → %s', (stage, next) => expect(stageOnStart(stage)).toBe(next));
});
