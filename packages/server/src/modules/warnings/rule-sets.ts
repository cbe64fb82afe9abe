import { LISHUI_RULES, SHIPPED_RULE_SETS, ruleSetProblems, type WarningRuleSet } from '@beacon/domain';
import type { Kysely } from 'kysely';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';

type Db = Kysely<DB> | Tx;

/** What a rule set row stores: the thresholds, without the label fields kept in columns. */
export type StoredRules = Pick<WarningRuleSet, 'project' | 'combination' | 'region'>;

export type RuleSetRow = {
  id: string | null;
  year: number;
  regionCode: string | null;
  code: string;
  name: string;
  rules: StoredRules;
  version: number | null;
};

const toStored = (set: WarningRuleSet): StoredRules => ({
  project: set.project,
  combination: set.combination,
  region: set.region,
});

/**
 * The rule set in force for a year and region: the region's own row, else the year's row, else
 * the platform default (the seeding writes a row per year, so the default only covers a year
 * nobody has configured yet).
 */
export async function ruleSetFor(db: Db, year: number, regionCode: string | null): Promise<RuleSetRow> {
  const rows = await db
    .selectFrom('warning_rule_sets')
    .select(['id', 'year', 'region_code', 'code', 'name', 'rules', 'version'])
    .where('year', '=', year)
    .where((eb) =>
      regionCode === null
        ? eb('region_code', 'is', null)
        : eb.or([eb('region_code', 'is', null), eb('region_code', '=', regionCode)]),
    )
    .execute();
  const row =
    rows.find((candidate) => candidate.region_code === regionCode) ??
    rows.find((c) => c.region_code === null);
  if (!row) {
    return {
      id: null,
      year,
      regionCode: null,
      code: LISHUI_RULES.code,
      name: LISHUI_RULES.name,
      rules: toStored(LISHUI_RULES),
      version: null,
    };
  }
  return {
    id: row.id,
    year: row.year,
    regionCode: row.region_code,
    code: row.code,
    name: row.name,
    rules: row.rules as StoredRules,
    version: row.version,
  };
}

export async function listRuleSets(db: Db, year: number) {
  const rows = await db
    .selectFrom('warning_rule_sets')
    .select(['id', 'year', 'region_code', 'code', 'name', 'rules', 'version'])
    .where('year', '=', year)
    .orderBy('region_code', (ob) => ob.nullsFirst())
    .execute();
  return {
    year,
    ruleSets: rows.map((row) => ({
      id: row.id,
      year: row.year,
      regionCode: row.region_code,
      code: row.code,
      name: row.name,
      rules: row.rules as StoredRules,
      version: row.version,
    })),
    shipped: SHIPPED_RULE_SETS.map((set) => ({
      code: set.code,
      name: set.name,
      basis: set.basis,
      rules: toStored(set),
    })),
  };
}

export type PutRuleSetInput = {
  year: number;
  regionCode: string | null;
  /** A shipped set's code to switch to it as published, or 'custom' with edited rules. */
  code: string;
  name?: string;
  rules?: StoredRules;
  /** The row's version when editing an existing row; absent when creating one. */
  version?: number;
};

/** Switching or editing the rules of a year is an audited change of the city's policy. */
export async function putRuleSet(services: Services, ctx: RequestContext, input: PutRuleSetInput) {
  const shipped = SHIPPED_RULE_SETS.find((set) => set.code === input.code);
  let rules: StoredRules;
  let name: string;
  if (input.rules) {
    rules = input.rules;
    name = input.name ?? shipped?.name ?? '自定义规则';
  } else if (shipped) {
    rules = toStored(shipped);
    name = input.name ?? shipped.name;
  } else {
    throw new AppError('VALIDATION', `未知的预警规则集：${input.code}`, {
      details: [{ field: 'code', reason: '请选择预置规则集，或提交自定义规则' }],
    });
  }
  const problems = ruleSetProblems({ code: input.code, name, basis: '', ...rules });
  if (problems.length > 0) {
    throw new AppError('VALIDATION', '预警规则不合理', {
      details: problems.map((reason) => ({ field: 'rules', reason })),
    });
  }
  return services.db.transaction().execute(async (trx) => {
    if (input.regionCode !== null) {
      const region = await trx
        .selectFrom('regions')
        .select('code')
        .where('code', '=', input.regionCode)
        .executeTakeFirst();
      if (!region)
        throw new AppError('VALIDATION', `地区不存在：${input.regionCode}`, {
          details: [{ field: 'regionCode', reason: '地区不存在' }],
        });
    }
    const current = await trx
      .selectFrom('warning_rule_sets')
      .selectAll()
      .where('year', '=', input.year)
      .where((eb) =>
        input.regionCode === null ? eb('region_code', 'is', null) : eb('region_code', '=', input.regionCode),
      )
      .forUpdate()
      .executeTakeFirst();
    const after = { year: input.year, regionCode: input.regionCode, code: input.code, name, rules };
    if (current) {
      if (input.version !== current.version) {
        throw new AppError('VERSION_CONFLICT', '预警规则已被他人修改，请刷新后重试', {
          current: { code: current.code, name: current.name, rules: current.rules, version: current.version },
        });
      }
      await trx
        .updateTable('warning_rule_sets')
        .set({
          code: input.code,
          name,
          rules: JSON.stringify(rules),
          version: current.version + 1,
          updated_at: new Date(),
        })
        .where('id', '=', current.id)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'warning_rules.update',
        objectType: 'warning_rule_set',
        objectId: current.id,
        before: {
          year: current.year,
          regionCode: current.region_code,
          code: current.code,
          name: current.name,
          rules: current.rules,
        },
        after,
      });
    } else {
      if (input.version !== undefined)
        throw new AppError('VERSION_CONFLICT', '预警规则已被删除或不存在，请刷新后重试');
      const row = await trx
        .insertInto('warning_rule_sets')
        .values({
          year: input.year,
          region_code: input.regionCode,
          code: input.code,
          name,
          rules: JSON.stringify(rules),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'warning_rules.create',
        objectType: 'warning_rule_set',
        objectId: row.id,
        after,
      });
    }
    return ruleSetFor(trx, input.year, input.regionCode);
  });
}

/** The first year rule sets are seeded for: the year of the Lishui policy the defaults follow. */
const FIRST_RULE_YEAR = 2020;

/**
 * Gives every year from 2020 to next year the platform's default rule set, so a month can be closed
 * before anyone configures the rules. A year that already has its row keeps it (idempotent).
 */
export async function ensureWarningRules(trx: Tx, currentYear: number) {
  const rows = [];
  for (let year = FIRST_RULE_YEAR; year <= currentYear + 1; year += 1) {
    rows.push({
      year,
      region_code: null,
      code: LISHUI_RULES.code,
      name: LISHUI_RULES.name,
      rules: JSON.stringify(toStored(LISHUI_RULES)),
    });
  }
  await trx
    .insertInto('warning_rule_sets')
    .values(rows)
    .onConflict((oc) => oc.constraint('warning_rule_sets_key').doNothing())
    .execute();
}
