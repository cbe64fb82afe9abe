import { describe, expect, it } from 'vitest';
import {
  formatPeriod,
  isSummaryRow,
  mapHeaders,
  neutraliseFormula,
  parsePeriod,
  parseSheetDate,
  parseYesNo,
  restoreNeutralised,
  splitList,
} from './import-headers.ts';

describe('header mapping', () => {
  it('recognises the headers real government lists use', () => {
    const mapping = mapHeaders([
      '序号',
      '项目名称',
      '统一代码',
      '业主单位',
      '建设地点',
      '总投资\n（亿元）',
      '建设内容及规模',
      '建设起止年限',
      '计划开工时间',
      '责任单位',
      '领办领导',
    ]);
    expect(mapping.map((m) => m.field)).toEqual([
      null,
      'name',
      'code',
      'owner',
      'address',
      'totalInvestmentYi',
      'content',
      'period',
      'plannedStart',
      'responsibleUnit',
      'leadingOfficial',
    ]);
  });

  it('treats a bare 总投资 as 万元 and full-width brackets like half-width', () => {
    expect(mapHeaders(['总投资'])[0]?.field).toBe('totalInvestmentWan');
    expect(mapHeaders(['总投资（万元）'])[0]?.field).toBe('totalInvestmentWan');
  });

  it('lets the user map or ignore any column', () => {
    const mapping = mapHeaders(['项目名', '项目名称'], { 项目名: 'name', 项目名称: null });
    expect(mapping.map((m) => m.field)).toEqual(['name', null]);
  });

  it('maps a field only once', () => {
    expect(mapHeaders(['项目名称', '名称']).map((m) => m.field)).toEqual(['name', null]);
  });
});

describe('cell parsing', () => {
  it.each([
    ['2020-2023', { startYear: 2020, endYear: 2023 }],
    ['2020年～2023年', { startYear: 2020, endYear: 2023 }],
    ['2021', { startYear: 2021, endYear: 2021 }],
    ['2023-2020', null],
    ['明年', null],
  ])('period %s', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  it.each([
    ['2020-03-15', '2020-03-15'],
    ['2020/3/5', '2020-03-05'],
    ['2020.3', '2020-03-01'],
    ['2020年3月', '2020-03-01'],
    ['2020年3月15日', '2020-03-15'],
    ['2020-02-30', null],
    ['三月', null],
  ])('date %s', (text, expected) => {
    expect(parseSheetDate(text)).toBe(expected);
  });

  it('splits lists and reads yes/no', () => {
    expect(splitList('市重点、集中开工, 4+1')).toEqual(['市重点', '集中开工', '4+1']);
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseYesNo('也许')).toBeNull();
  });
});

describe('export helpers', () => {
  it.each([
    [2020, 2023, '2020-2023'],
    [2021, 2021, '2021-2021'],
    [2021, null, '2021'],
    [null, null, ''],
  ])('writes the period %s-%s as "%s", which parsePeriod reads back', (start, end, text) => {
    expect(formatPeriod(start, end)).toBe(text);
    if (start !== null && end !== null) expect(parsePeriod(text)).toEqual({ startYear: start, endYear: end });
  });

  it('recognises total rows however they are spaced', () => {
    expect(isSummaryRow('合 计')).toBe(true);
    expect(isSummaryRow('总计')).toBe(true);
    expect(isSummaryRow('合计项目')).toBe(false);
  });

  it.each(['=1+1', '+86', '-5', '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralises the formula trigger in %j and restores it',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
      expect(restoreNeutralised(neutraliseFormula(text))).toBe(text);
    },
  );

  it('leaves ordinary text alone, including a leading apostrophe the user typed', () => {
    expect(neutraliseFormula('丽水 = 好')).toBe('丽水 = 好');
    expect(restoreNeutralised("'quoted")).toBe("'quoted");
  });
});
