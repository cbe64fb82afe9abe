import { FUNDING_LABELS, STAGE_LABELS, type TargetValue } from '@beacon/domain';
import type { RequestContext, Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  EXCEL_LIMITS,
  moneyCell,
  writeWorkbook,
  type ExportCell,
  type ExportColumn,
} from '../projects/excel.ts';
import type { DrillExportQuery, TableQuery } from './schemas.ts';
import { computeIndicatorTable, drillDown } from './service.ts';

export type ExcelFile = { fileName: string; asciiFileName: string; content: Buffer };

// A displayed percentage ("22.0") is already rounded once; as a number cell it keeps that figure.
const percentCell = (text: string | null): ExportCell => (text === null ? null : Number(text));
const amountCell = (decimal: string | null): ExportCell => (decimal === null ? null : moneyCell(decimal));

export function targetText(target: TargetValue | null): string | null {
  if (target === null) return null;
  if (target.kind === 'growth') return `增长 ${target.pct}%`;
  if (target.kind === 'amount') return `${target.wan} 万元`;
  return `${target.count} 个`;
}

const verdict = (met: boolean | null) => (met === null ? null : met ? '达标' : '未达标');

const TABLE_COLUMNS: ExportColumn[] = [
  { header: '指标', width: 30 },
  { header: '地区', width: 16 },
  { header: '本年累计完成投资(万元)', width: 20, format: '#,##0.0000' },
  { header: '上年同期(万元)', width: 20, format: '#,##0.0000' },
  { header: '同比增长(%)', width: 12, format: '0.0' },
  { header: '年度计划投资(万元)', width: 20, format: '#,##0.0000' },
  { header: '完成率(%)', width: 11, format: '0.0' },
  { header: '序时进度(%)', width: 11, format: '0.0' },
  { header: '与序时进度差(百分点)', width: 18, format: '0.0' },
  { header: '项目个数', width: 10 },
  { header: '目标', width: 14 },
  { header: '是否达标', width: 10 },
];

async function audited(services: Services, ctx: RequestContext, action: string, after: unknown) {
  await services.db
    .transaction()
    .execute((trx) => recordAudit(trx, ctx, { action, objectType: 'indicator', after }));
}

/** The table as the bulletin sheet: each indicator's region rows, then its total row. */
export async function exportTable(
  services: Services,
  ctx: RequestContext,
  query: TableQuery,
): Promise<ExcelFile> {
  const table = await computeIndicatorTable(services.db, ctx.actor.scope, query);
  const indicatorNames = new Map(table.indicators.map((item) => [item.code, item.name]));
  const regionNames = new Map(table.regions.map((item) => [item.code, item.name]));
  const rows: ExportCell[][] = table.rows.map((row) => [
    indicatorNames.get(row.indicator) ?? row.indicator,
    row.region === null ? '合计' : (regionNames.get(row.region) ?? row.region),
    amountCell(row.cumulative),
    amountCell(row.lastYearCumulative),
    percentCell(row.growthPct),
    amountCell(row.annualPlan),
    percentCell(row.completionPct),
    percentCell(row.timeProgressPct),
    percentCell(row.gapPts),
    row.count,
    targetText(row.target),
    verdict(row.targetMet),
  ]);
  const content = await writeWorkbook({
    name: '指标完成情况',
    title: `${table.year} 年 1—${table.month} 月投资指标完成情况（序时进度 ${table.timeProgressPct}%）`,
    columns: TABLE_COLUMNS,
    rows,
  });
  await audited(services, ctx, 'indicator.export', { ...query, rows: rows.length });
  const period = `${query.year}${String(query.month).padStart(2, '0')}`;
  return {
    fileName: `投资指标完成情况-${period}.xlsx`,
    asciiFileName: `indicators-${period}.xlsx`,
    content,
  };
}

const DRILL_COLUMNS: ExportColumn[] = [
  { header: '项目代码', width: 26 },
  { header: '项目名称', width: 36 },
  { header: '地区', width: 14 },
  { header: '资金来源', width: 10 },
  { header: '项目阶段', width: 10 },
  { header: '总投资(万元)', width: 16, format: '#,##0.0000' },
  { header: '实际开工时间', width: 13 },
  { header: '谋划年份', width: 10 },
  { header: '本年累计完成投资(万元)', width: 20, format: '#,##0.0000' },
  { header: '上年同期(万元)', width: 20, format: '#,##0.0000' },
  { header: '年度计划投资(万元)', width: 20, format: '#,##0.0000' },
];

/** Every project behind one figure (not only a page), with a total row equal to the figure. */
export async function exportDrillDown(
  services: Services,
  ctx: RequestContext,
  code: string,
  query: DrillExportQuery,
): Promise<ExcelFile> {
  const limit = EXCEL_LIMITS.maxExportRows;
  const result = await drillDown(services, ctx, code, { ...query, page: 1, pageSize: limit });
  if (result.total > limit) throw new AppError('PAYLOAD_TOO_LARGE', `项目超过 ${limit} 个，请按地区分别导出`);
  const rows: ExportCell[][] = result.items.map((item) => [
    item.code,
    item.name,
    item.regionName,
    FUNDING_LABELS[item.fundingSource],
    STAGE_LABELS[item.stage],
    moneyCell(item.totalInvestment),
    item.actualStart,
    item.plannedYear,
    moneyCell(item.cumulative),
    moneyCell(item.lastYearCumulative),
    moneyCell(item.annualPlan),
  ]);
  rows.push([
    null,
    `合计（${result.total} 个项目）`,
    null,
    null,
    null,
    null,
    null,
    null,
    moneyCell(result.cumulative),
    moneyCell(result.lastYearCumulative),
    moneyCell(result.annualPlan),
  ]);
  const content = await writeWorkbook({
    name: '项目明细',
    title: `${result.indicator.name} ${query.year} 年 1—${query.month} 月项目明细`,
    columns: DRILL_COLUMNS,
    rows,
  });
  await audited(services, ctx, 'indicator.export_projects', { code, ...query, rows: result.items.length });
  const period = `${query.year}${String(query.month).padStart(2, '0')}`;
  return {
    fileName: `${result.indicator.name}-项目明细-${period}.xlsx`,
    asciiFileName: `${code}-projects-${period}.xlsx`,
    content,
  };
}
