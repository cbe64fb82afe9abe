import { shanghaiYear } from '@beacon/domain';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { divisionTree } from '../modules/regions/divisions.ts';
import { ensureMilestoneTemplates } from './milestone-templates.ts';
import { ensureReportingRules } from '../modules/progress/repository.ts';

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
  });
}
