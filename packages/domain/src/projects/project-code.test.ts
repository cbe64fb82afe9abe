import { describe, expect, it } from 'vitest';
import { checkProjectCode } from './project-code.ts';

const known = new Set(['331102', '331100', '330000']);
const exists = (code: string) => known.has(code);
const now = new Date('2026-06-01');

describe('project code', () => {
  it('accepts the policy example', () => {
    const result = checkProjectCode('2020-331102-47-01-123456', exists, now);
    expect(result).toEqual({
      ok: true,
      parts: { year: 2020, division: '331102', industry: '47', type: '01', serial: '123456' },
    });
  });

  it.each([
    ['2020-331102-47-01-12345', '格式'],
    ['2020331102470112345', '格式'],
    ['2020-331102-47-1-123456', '格式'],
    ['2010-331102-47-01-123456', '年份'],
    ['2099-331102-47-01-123456', '年份'],
    ['2020-339999-47-01-123456', '行政区划'],
    ['2020-331102-00-01-123456', '行业代码'],
  ])('rejects %s (%s)', (code, reason) => {
    const result = checkProjectCode(code, exists, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
