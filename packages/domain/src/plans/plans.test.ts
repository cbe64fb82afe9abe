import { describe, expect, it } from 'vitest';
import { canAdjustPlan, canIssuePlan, checkDistribution, isPlanEditable } from './plans.ts';

describe('plan states', () => {
  it.each([
    ['draft', true, true, false],
    ['issued', false, false, true],
  ] as const)('%s: editable %s, issuable %s, adjustable %s', (state, editable, issuable, adjustable) => {
    expect(isPlanEditable(state)).toBe(editable);
    expect(canIssuePlan(state)).toBe(issuable);
    expect(canAdjustPlan(state)).toBe(adjustable);
  });
});

const months = (...values: string[]) => values;

describe('checkDistribution: the spread must add up to the annual figure exactly', () => {
  it.each([
    ['no spread', '1000', 'none', null, null],
    ['no spread, empty list', '1000', 'none', [], null],
    [
      'twelve months summing exactly',
      '1200',
      'monthly',
      months('100', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100', '100'),
      months(...Array<string>(12).fill('100.0000')),
    ],
    [
      'quarters with four decimals',
      '1.0000',
      'quarterly',
      ['0.3333', '0.3333', '0.3333', '0.0001'],
      ['0.3333', '0.3333', '0.3333', '0.0001'],
    ],
    // 0.1 + 0.2 is not 0.3 in floating point; in 万元 bigint it is.
    ['float trap', '0.3', 'quarterly', ['0.1', '0.2', '0', '0'], ['0.1000', '0.2000', '0.0000', '0.0000']],
  ] as const)('%s', (_label, annual, kind, entries, expected) => {
    expect(checkDistribution(annual, kind, entries)).toEqual({ ok: true, entries: expected });
  });

  it.each([
    ['entries without a kind', '1000', 'none', ['1000'], '不能填写'],
    ['eleven months', '1100', 'monthly', Array<string>(11).fill('100'), '12 个数'],
    ['no quarters', '1000', 'quarterly', null, '4 个数'],
    ['one yuan short', '1000', 'quarterly', ['250', '250', '250', '249.9999'], '合计 999.9999 万元'],
    ['one yuan over', '1000', 'quarterly', ['250', '250', '250', '250.0001'], '1000.0000 万元不一致'],
    ['negative month', '0', 'quarterly', ['-1', '1', '0', '0'], '第 1 季度不能为负数'],
    ['below one yuan', '1', 'quarterly', ['0.99999', '0.00001', '0', '0'], '精度超过'],
    ['not a number', '1', 'quarterly', ['abc', '1', '0', '0'], '不是有效的金额'],
  ] as const)('refuses %s', (_label, annual, kind, entries, reason) => {
    const result = checkDistribution(annual, kind, entries);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe('distribution');
      expect(result.reason).toContain(reason);
    }
  });

  it('refuses a negative annual figure', () => {
    expect(checkDistribution('-1', 'none', null)).toMatchObject({ ok: false, field: 'plannedInvestment' });
  });
});
