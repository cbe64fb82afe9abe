import type { RequestContext, Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { listRuleViews, upsertRule, type RuleView } from './repository.ts';
import type { RuleDto, RuleInput } from './schemas.ts';

const toDto = (view: RuleView): RuleDto => ({ ...view, updatedAt: view.updatedAt.toISOString() });

export async function listRules(services: Services, options: { year: number }) {
  return { year: options.year, items: (await listRuleViews(services.db, options.year)).map(toDto) };
}

/**
 * Sets the due day and the time-progress rule of a year, for the whole city or one region
 * (convention 10: rules are data). The change decides lateness of reports submitted from now on;
 * reports already submitted keep the lateness decided then.
 */
export async function saveRule(services: Services, ctx: RequestContext, input: RuleInput): Promise<RuleDto> {
  const regionCode = input.regionCode ?? null;
  return services.db.transaction().execute(async (trx) => {
    if (regionCode !== null) {
      const region = await trx
        .selectFrom('regions')
        .select('code')
        .where('code', '=', regionCode)
        .executeTakeFirst();
      if (!region) {
        const reason = `地区 ${regionCode} 不存在`;
        throw new AppError('VALIDATION', reason, {
          details: [{ field: 'regionCode', reason, value: regionCode }],
        });
      }
    }
    const sameRule = (rule: RuleView) => rule.regionCode === regionCode;
    const before = (await listRuleViews(trx, input.year)).find(sameRule);
    const id = await upsertRule(trx, { ...input, regionCode });
    const after = toDto((await listRuleViews(trx, input.year)).find((rule) => rule.id === id)!);
    await recordAudit(trx, ctx, {
      action: 'progress.rule.save',
      objectType: 'reporting_rule',
      objectId: id,
      ...(before ? { before: toDto(before) } : {}),
      after,
    });
    return after;
  });
}
