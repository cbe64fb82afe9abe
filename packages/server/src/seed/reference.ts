import { SEED_INDICATORS, SEED_TARGETS_2020, shanghaiYear, type TargetValue } from '@beacon/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { divisionTree } from '../modules/regions/divisions.ts';
import { ensureMilestoneTemplates } from './milestone-templates.ts';
import { ensureReportingRules } from '../modules/progress/repository.ts';
import { ensureWarningRules } from '../modules/warnings/rule-sets.ts';

/** The sectors of the policy's structural indicators; a deployment may add its own rows. */
export const DEFAULT_SECTORS = [
  ['transport', '交通'],
  ['water', '水利'],
  ['energy', '能源'],
  ['industry', '工业'],
  ['social', '社会事业'],
  ['urban', '城市基础设施'],
  ['services', '现代服务业'],
  ['ecology', '生态环境'],
  ['agriculture', '农业农村'],
] as const;

/** The named lists of the 2020 policy (section 5); more are added as rows. */
export const DEFAULT_LISTS = [
  ['head', '省市县长项目'],
  ['city_key', '市重点'],
  ['concentrated_start', '集中开工'],
  ['new_key', '新增重点'],
  ['six_hundred_billion', '六个千亿'],
  ['four_plus_one', '4+1'],
] as const;

export const DEFAULT_DEPARTMENTS = [
  '市发展改革委',
  '市交通运输局',
  '市水利局',
  '市住房和城乡建设局',
  '市自然资源和规划局',
  '市生态环境局',
  '市经济和信息化局',
  '市商务局',
  '市农业农村局',
  '市卫生健康委',
  '市教育局',
] as const;

/**
 * Regions, sectors, lists and departments a deployment starts with. Idempotent: it runs at every
 * start and adds only what is missing, so rows an administrator changed are left alone.
 */
export async function ensureReferenceData(db: Kysely<DB>, config: Pick<Config, 'rootRegion' | 'extraZones'>) {
  const tree = divisionTree(config.rootRegion);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('regions')
      .values({
        code: config.rootRegion,
        name: tree.name,
        parent_code: null,
        kind: tree.children.length ? 'city' : 'county',
        sort_order: 0,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const children = [
      ...tree.children.map((child, index) => ({ ...child, kind: 'county' as const, sort_order: index + 1 })),
      ...config.extraZones.map((zone, index) => ({
        ...zone,
        kind: 'zone' as const,
        sort_order: 100 + index,
      })),
    ];
    if (children.length > 0) {
      await trx
        .insertInto('regions')
        .values(children.map((child) => ({ ...child, parent_code: config.rootRegion })))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    await trx
      .insertInto('sectors')
      .values(DEFAULT_SECTORS.map(([code, name], sort_order) => ({ code, name, sort_order })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('named_lists')
      .values(DEFAULT_LISTS.map(([code, name], sort_order) => ({ code, name, sort_order })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('departments')
      .values(DEFAULT_DEPARTMENTS.map((name, sort_order) => ({ name, sort_order })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await ensureMilestoneTemplates(trx);
    // Reports of last December fall due this January, so last year's rule is needed too.
    const year = shanghaiYear(new Date());
    await ensureReportingRules(trx, [year - 1, year]);
    await ensureIndicators(trx, year);
    await ensureWarningRules(trx, year);
  });
}

/** The first year the seed targets are written for: the year of the policy they come from. */
const SEED_TARGET_FIRST_YEAR = 2020;

const targetColumns = (value: TargetValue) =>
  value.kind === 'growth'
    ? { kind: value.kind, value: value.pct }
    : value.kind === 'amount'
      ? { kind: value.kind, value: value.wan }
      : { kind: value.kind, value: String(value.count) };

/**
 * The policy's indicators and its targets, repeated for every year from 2020 to next year so a new
 * year's bulletin has targets before anyone edits them. Idempotent: indicators an administrator
 * changed are left alone, and targets are written only for a year that has none at all, so a
 * target deleted on purpose does not come back at the next start.
 */
async function ensureIndicators(trx: Transaction<DB>, currentYear: number) {
  await trx
    .insertInto('indicators')
    .values(
      SEED_INDICATORS.map((definition, index) => ({
        code: definition.code,
        name: definition.name,
        measure: definition.measure,
        target_level: definition.targetLevel,
        sectors: [...(definition.filter.sectors ?? [])],
        funding_sources: [...(definition.filter.fundingSources ?? [])],
        high_tech: definition.filter.highTech ?? null,
        lists: [...(definition.filter.lists ?? [])],
        stages: [...(definition.filter.stages ?? [])],
        min_total_investment: definition.filter.minTotalInvestment ?? null,
        window_from_month: definition.window?.fromMonth ?? null,
        window_to_month: definition.window?.toMonth ?? null,
        sort_order: (index + 1) * 10,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const configured = new Set(
    (await trx.selectFrom('indicator_targets').select('year').distinct().execute()).map((row) => row.year),
  );
  const years = Array.from(
    { length: currentYear + 1 - SEED_TARGET_FIRST_YEAR + 1 },
    (_, index) => SEED_TARGET_FIRST_YEAR + index,
  ).filter((year) => !configured.has(year));
  if (years.length === 0) return;
  await trx
    .insertInto('indicator_targets')
    .values(
      years.flatMap((year) =>
        SEED_TARGETS_2020.map((target) => ({
          indicator_code: target.indicator,
          region_code: target.region,
          year,
          ...targetColumns(target.value),
        })),
      ),
    )
    .onConflict((oc) => oc.constraint('indicator_targets_key').doNothing())
    .execute();
}
