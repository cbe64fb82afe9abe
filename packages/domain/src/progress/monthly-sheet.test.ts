import { describe, expect, it } from 'vitest';
import {
  MONTHLY_SHEET_FIELDS,
  MONTHLY_SHEET_HEADERS,
  monthlySheetField,
  parsePercentComplete,
} from './monthly-sheet.ts';

describe('monthly sheet headers', () => {
  it('reads back every header it writes', () => {
    for (const field of MONTHLY_SHEET_FIELDS)
      expect(monthlySheetField(MONTHLY_SHEET_HEADERS[field])).toBe(field);
  });

  it.each([
    ['本月完成投资（万元）', 'amount'],
    [' 本月完成 投资 ', 'amount'],
    ['投资项目统一代码', 'code'],
    ['备注', null],
  ])('%s is %s', (header, field) => expect(monthlySheetField(header)).toBe(field));
});

describe('完成百分比', () => {
  it.each([
    ['0', '0.00'],
    ['35.5', '35.50'],
    ['35.5%', '35.50'],
    ['100', '100.00'],
    ['１００．００', '100.00'],
  ])('%s reads as %s', (text, value) => expect(parsePercentComplete(text)).toEqual({ value }));

  it.each([
    ['100.01', '应在 0 至 100 之间'],
    ['101', '应在 0 至 100 之间'],
    ['-1', '应为 0 至 100 之间的数字'],
    ['12.345', '应为 0 至 100 之间的数字'],
    ['过半', '应为 0 至 100 之间的数字'],
  ])('%s is refused', (text, reason) => expect(parsePercentComplete(text)).toEqual({ reason }));
});
