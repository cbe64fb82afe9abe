import { describe, expect, it } from 'vitest';
import { parseWan } from '../money/money.ts';
import { checkEnteredCumulative, deriveCumulative } from './cumulative.ts';

const w = (text: string) => parseWan(text);
const year = ['100', '200.5', '0', '50.0001', '0', '0', '0', '0', '0', '0', '0', '0'].map(w);

describe('cumulative investment', () => {
  it.each([
    [1, '10', '10', '1010'],
    [2, '0', '100', '1100'],
    [4, '1', '301.5', '1301.5'],
    [12, '7', '357.5001', '1357.5001'],
  ])('month %i with %s this month: this year %s, since start %s', (month, amount, thisYear, sinceStart) => {
    expect(deriveCumulative({ monthly: year, month, amount: w(amount), priorYears: w('1000') })).toEqual({
      thisYear: w(thisYear),
      sinceStart: w(sinceStart),
    });
  });

  it.each([
    [undefined, '10', undefined],
    ['10', '10', undefined],
    ['10.0000', '10', undefined],
    ['10.0001', '10', '本年累计填报为 10.0001 万元，按各月完成投资计算应为 10.0000 万元'],
  ])('entered %s against derived %s', (entered, derived, reason) => {
    expect(
      checkEnteredCumulative('本年累计', entered === undefined ? undefined : w(entered), w(derived)),
    ).toBe(reason);
  });
});
