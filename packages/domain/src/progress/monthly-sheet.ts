/**
 * The columns of the county's monthly sheet (月报汇总表): the platform fills in who and what each
 * project is and the year's figures so far; the county fills in the month. Headers are matched
 * loosely (spacing, full-width brackets and the bracketed unit do not matter), since the sheet
 * goes through several offices' hands before it comes back.
 */
export const MONTHLY_SHEET_FIELDS = [
  'code',
  'name',
  'owner',
  'region',
  'planned',
  'cumulative',
  'amount',
  'physicalProgress',
  'percentComplete',
  'startedOn',
  'statsRegistered',
] as const;
export type MonthlySheetField = (typeof MONTHLY_SHEET_FIELDS)[number];

export const MONTHLY_SHEET_HEADERS: Record<MonthlySheetField, string> = {
  code: '项目代码',
  name: '项目名称',
  owner: '业主单位',
  region: '所属地区',
  planned: '年度计划投资(万元)',
  cumulative: '本年累计(万元，截至上月)',
  amount: '本月完成投资(万元)',
  physicalProgress: '形象进度',
  percentComplete: '完成百分比',
  startedOn: '开工日期',
  statsRegistered: '是否统计入库',
};

/** What the upload reads; the other columns are there for the person filling the sheet in. */
export const MONTHLY_SHEET_INPUTS = [
  'code',
  'amount',
  'physicalProgress',
  'percentComplete',
  'startedOn',
  'statsRegistered',
] as const satisfies readonly MonthlySheetField[];
/** Without these two columns no row can be read. */
export const MONTHLY_SHEET_REQUIRED = ['code', 'amount'] as const satisfies readonly MonthlySheetField[];

const ALIASES: Record<string, MonthlySheetField> = {
  项目代码: 'code',
  投资项目统一代码: 'code',
  项目统一代码: 'code',
  项目名称: 'name',
  业主单位: 'owner',
  建设单位: 'owner',
  所属地区: 'region',
  地区: 'region',
  年度计划投资: 'planned',
  本年累计: 'cumulative',
  本月完成投资: 'amount',
  当月完成投资: 'amount',
  形象进度: 'physicalProgress',
  完成百分比: 'percentComplete',
  开工日期: 'startedOn',
  实际开工日期: 'startedOn',
  是否统计入库: 'statsRegistered',
  统计入库: 'statsRegistered',
};

/** The field a header names, or null: "本月完成投资（万元）" and "本月完成投资" are one column. */
export function monthlySheetField(header: string): MonthlySheetField | null {
  const key = header
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\(.*\)$/, '');
  return ALIASES[key] ?? null;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/;

/**
 * 完成百分比 as stored (two decimals), or the reason it cannot be, in Chinese. "35.5" and "35.5%"
 * are the same value; the column is 0–100 with at most two decimals.
 */
export function parsePercentComplete(text: string): { value: string } | { reason: string } {
  const match = PERCENT.exec(text.normalize('NFKC').trim());
  if (!match) return { reason: '应为 0 至 100 之间的数字' };
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(2, '0');
  if (whole > 100 || (whole === 100 && fraction !== '00')) return { reason: '应在 0 至 100 之间' };
  return { value: `${whole}.${fraction}` };
}
