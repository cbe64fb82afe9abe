import { parseWan, reverseSchedule, addDays, wanToDecimal } from '@beacon/domain';
import type { Tx } from '../context.ts';
import type { random } from './demo.ts';
import { DEFAULT_MILESTONE_TEMPLATES } from './milestone-templates.ts';

const YEAR = 2020;
/** The policy's date: the four plans are issued together in February. */
const ISSUED_ON = '2020-02-20';
/** Milestones planned before this day have happened in the demo city; later ones are still open. */
const DEMO_CUTOFF = '2020-06-30';

/** Who answers for each standard step, so the demo milestones name a believable responsible unit. */
const STEP_DEPARTMENTS: Record<string, string> = {
  立项: '市发展改革委',
  用地预审: '市自然资源和规划局',
  环评: '市生态环境局',
  规划许可: '市自然资源和规划局',
  施工图审查: '市住房和城乡建设局',
  施工许可: '市住房和城乡建设局',
};

type DemoProject = {
  id: string;
  stage: string;
  funding_source: string;
  total_investment: string;
  start_year: number | null;
  planned_start: string | null;
  in_city_key: boolean;
};

/** A quarter of the year's figure per quarter, the yuan left over in the fourth: the sum is exact. */
function quarters(annual: bigint): string[] {
  const quarter = annual / 4n;
  return [quarter, quarter, quarter, annual - 3n * quarter].map(wanToDecimal);
}

/**
 * The year's four plans for the demo city: three issued on the policy's date with their members'
 * year plans spread by quarter and one adjustment, one still a draft; and reverse-scheduled
 * milestones for the major preliminary projects.
 */
export async function seedDemoPlans(trx: Tx, r: ReturnType<typeof random>): Promise<void> {
  const projects: DemoProject[] = await trx
    .selectFrom('projects')
    .select(['id', 'stage', 'funding_source', 'total_investment', 'start_year', 'planned_start'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('project_list_members')
            .select('project_id')
            .whereRef('project_list_members.project_id', '=', 'projects.id')
            .where('list_code', '=', 'city_key'),
        )
        .as('in_city_key'),
    )
    // EXISTS yields a boolean on both engines.
    .$narrowType<{ in_city_key: boolean }>()
    .orderBy('name')
    .execute();
  const active = (p: DemoProject) => p.stage === 'construction' || p.stage === 'preliminary';
  const preliminary = projects.filter(
    (p) => p.stage === 'preliminary' && parseWan(p.total_investment) >= parseWan('10000'),
  );
  const plans = [
    {
      kind: 'government_investment' as const,
      name: `${YEAR}年市本级政府投资项目计划`,
      members: projects.filter((p) => p.funding_source === 'government' && active(p)),
      issued: true,
    },
    {
      kind: 'key_construction' as const,
      name: `${YEAR}年市重点建设项目计划`,
      members: projects.filter((p) => p.in_city_key && active(p)),
      issued: true,
    },
    {
      kind: 'major_preliminary' as const,
      name: `${YEAR}年重大前期项目计划`,
      members: preliminary,
      issued: true,
    },
    {
      kind: 'policy_handling' as const,
      name: `${YEAR}年政策处理责任目标`,
      members: projects.filter((p) => p.stage === 'construction').slice(0, 20),
      issued: false,
    },
  ];

  const yearPlans = new Map<string, { planned: bigint; spread: boolean; project: DemoProject }>();
  const planIds: string[] = [];
  for (const plan of plans) {
    const { id } = await trx
      .insertInto('plans')
      .values({
        year: YEAR,
        kind: plan.kind,
        name: plan.name,
        ...(plan.issued ? { state: 'issued' as const, issued_on: ISSUED_ON } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    planIds.push(id);
    if (plan.members.length) {
      await trx
        .insertInto('plan_members')
        .values(plan.members.map((p) => ({ plan_id: id, project_id: p.id })))
        .execute();
    }
    for (const project of plan.members) {
      const known = yearPlans.get(project.id);
      // A tenth to four tenths of the total in the year, truncated to the yuan.
      const planned = known?.planned ?? (parseWan(project.total_investment) * BigInt(r.int(1, 4))) / 10n;
      yearPlans.set(project.id, { planned, spread: (known?.spread ?? false) || plan.issued, project });
    }
  }
  const rows = [...yearPlans.values()].map(({ planned, spread, project }) => ({
    project_id: project.id,
    year: YEAR,
    planned_investment: wanToDecimal(planned),
    construction_type: project.start_year === YEAR ? ('new' as const) : ('continuing' as const),
    planned_start: project.planned_start,
    planned_completion: null,
    progress_goal: project.stage === 'preliminary' ? '完成前期审批并开工' : '完成年度形象进度目标',
    distribution_kind: spread ? ('quarterly' as const) : ('none' as const),
    distribution: spread ? quarters(planned) : null,
  }));
  for (let start = 0; start < rows.length; start += 200) {
    await trx
      .insertInto('project_year_plans')
      .values(rows.slice(start, start + 200))
      .execute();
  }

  // One adjustment, so the plan shows what was issued beside what it became.
  const keyPlan = plans[1]!;
  const adjusted = keyPlan.members[0];
  const city = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'city')
    .executeTakeFirst();
  const before = adjusted && rows.find((row) => row.project_id === adjusted.id);
  if (adjusted && before && city) {
    const planned = (yearPlans.get(adjusted.id)!.planned * 8n) / 10n;
    const values = (row: typeof before) => ({
      plannedInvestment: row.planned_investment,
      constructionType: row.construction_type,
      plannedStart: row.planned_start,
      plannedCompletion: row.planned_completion,
      progressGoal: row.progress_goal,
      distributionKind: row.distribution_kind,
      distribution: row.distribution,
    });
    const after = { ...before, planned_investment: wanToDecimal(planned), distribution: quarters(planned) };
    await trx
      .updateTable('project_year_plans')
      .set({ planned_investment: after.planned_investment, distribution: after.distribution, version: 2 })
      .where('project_id', '=', adjusted.id)
      .where('year', '=', YEAR)
      .execute();
    await trx
      .insertInto('plan_adjustments')
      .values({
        plan_id: planIds[1]!,
        project_id: adjusted.id,
        reason: '受政策处理进度影响，调减年度计划投资',
        before: JSON.stringify(values(before)),
        after: JSON.stringify(values(after)),
        actor_id: city.id,
        actor_name: city.display_name,
        at: new Date('2020-07-15T02:00:00Z'),
      })
      .execute();
  }

  const departments = new Map(
    (await trx.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.name, d.id]),
  );
  const steps = DEFAULT_MILESTONE_TEMPLATES[0]!.steps;
  const milestones = preliminary.flatMap((project) => {
    const deadline = project.planned_start ?? `${YEAR}-09-30`;
    return reverseSchedule(deadline, steps).steps.map((step, index) => {
      const department = STEP_DEPARTMENTS[step.name];
      return {
        project_id: project.id,
        name: step.name,
        responsible_department_id: department ? (departments.get(department) ?? null) : null,
        responsible_unit: department ? null : '建设单位',
        planned_date: step.plannedDate,
        actual_date: step.plannedDate < DEMO_CUTOFF ? addDays(step.plannedDate, r.int(-5, 10)) : null,
        sort_order: index,
      };
    });
  });
  for (let start = 0; start < milestones.length; start += 200) {
    await trx
      .insertInto('milestones')
      .values(milestones.slice(start, start + 200))
      .execute();
  }
}
