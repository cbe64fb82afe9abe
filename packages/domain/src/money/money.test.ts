import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, MoneyFormatError, parseWan, roundHalfUp, sumWan, wanToDecimal } from './money.ts';

describe('money', () => {
  it.each([
    ['12345.67', 'wan', '12345.6700'],
    ['1.2345', 'yi', '12345.0000'],
    ['0.00012345', 'yi', '1.2345'],
    ['3,000', 'wan', '3000.0000'],
    ['-5.5', 'wan', '-5.5000'],
  ] as const)('parses %s %s', (input, unit, expected) => {
    expect(wanToDecimal(parseWan(input, unit))).toBe(expected);
  });

  it('parses spreadsheet doubles without float noise', () => {
    expect(wanToDecimal(parseWan(0.1 + 0.2))).toBe('0.3000');
    expect(wanToDecimal(parseWan(12.3, 'yi'))).toBe('123000.0000');
  });

  it('rejects text and sub-yuan precision', () => {
    expect(() => parseWan('abc')).toThrow(MoneyFormatError);
    expect(() => parseWan('1.23456')).toThrow(MoneyFormatError);
  });

  it('rounds half up at one decimal', () => {
    expect(roundHalfUp(parseWan('0.05'), 'wan', 1)).toBe('0.1');
    expect(roundHalfUp(parseWan('0.0499'), 'wan', 1)).toBe('0.0');
    expect(roundHalfUp(parseWan('-0.05'), 'wan', 1)).toBe('-0.1');
    expect(roundHalfUp(parseWan('155000'), 'yi', 2)).toBe('15.50');
  });

  it('formats in 万元 and 亿元', () => {
    expect(formatMoney(parseWan('1234567.891'))).toBe('1,234,567.89 万元');
    expect(formatMoney(parseWan('123456'), 'yi')).toBe('12.35 亿元');
  });

  it('sums exactly where floats drift', () => {
    const parts = Array.from({ length: 1000 }, () => parseWan('0.1'));
    expect(wanToDecimal(sumWan(parts))).toBe('100.0000');
  });

  it('round-trips any four-decimal amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (units) => {
        expect(parseWan(wanToDecimal(units))).toBe(units);
      }),
    );
  });
});
