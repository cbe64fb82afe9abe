import { addDays, isoDate, parseWan, reverseSchedule, wanToDecimal, type Wan } from '@beacon/domain';
import type { Tx } from '../context.ts';
import { chinaInstant, type DemoCalendar } from './demo-calendar.ts';
import type { random } from './demo.ts';
import { DEFAULT_MILESTONE_TEMPLATES } from './milestone-templates.ts';

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
  actual_start: string | null;
  in_city_key: boolean;
};

/** A quarter of the year's figure per quarter, the yuan left over in the fourth: the sum is exact. */
function quarters(annual: bigint): string[] {
  const quarter = annual / 4n;
  return [quarter, quarter, quarter, annual - 3n * quarter].map(wanToDecimal);
}

/**
 * How far a project's completion rate stands from time progress at the open month, in points:
 * most a little behind or ahead (green and yellow lights), a fifth well behind, one in ten more
 * than 20 points behind (red).
 */
function targetGap(r: ReturnType<typeof random>): number {
  const roll = r.next();
  if (roll < 0.7) return -8 + r.next() * 18;
  if (roll < 0.9) return -18 + r.next() * 10;
  return -30 + r.next() * 10;
}

/**
 * The year plan of a project with reports this year: sized so the year's amount through the open
 * month M (reported or not yet) is time progress M/12 plus the project's gap, never more than the
 * project's total. A project that has not started plans a small first amount, 2–8% of its total.
 */
function plannedInvestment(
  r: ReturnType<typeof random>,
  project: DemoProject,
  expected: Wan | undefined,
  openMonth: number,
): Wan {
  const total = parseWan(project.total_investment);
  if (!expected) return (total * BigInt(r.int(2, 8))) / 100n;
  const progress = (openMonth / 12) * 100;
  // In tenths of a percent, never below two fifths of time progress.
  const rate = BigInt(Math.round(Math.max(progress + targetGap(r), progress * 0.4) * 10));
  const planned = (expected * 1000n) / rate;
  return planned > total ? total : planned < expected ? expected : planned;
}

/**
 * The plan year's four plans for the demo city: three issued on the policy's date (20 February)
 * with their members' year plans spread by quarter and one adjustment, one still a draft; and
 * reverse-scheduled milestones for the major preliminary projects. `expected` is each project's
 * amount of the year through the open month, from the reports.
 */
export async function seedDemoPlans(
  trx: Tx,
  r: ReturnType<typeof random>,
  calendar: DemoCalendar,
  expected: ReadonlyMap<string, Wan>,
): Promise<void> {
  const { year: YEAR, issuedOn: ISSUED_ON, today } = calendar;
  const projects: DemoProject[] = await trx
    .selectFrom('projects')
    .select([
      'id',
      'stage',
      'funding_source',
      'total_investment',
      'start_year',
      'planned_start',
      'actual_start',
    ])
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
  // The major preliminary projects: 1亿 and more, new this year with a planned start from March,
  // still in preliminary work on the day the plan was issued (some have started since).
  const preliminary = projects.filter(
    (p) =>
      active(p) &&
      p.start_year === YEAR &&
      p.planned_start !== null &&
      p.planned_start >= isoDate(YEAR, 3, 1) &&
      (p.actual_start === null || p.actual_start > ISSUED_ON) &&
      parseWan(p.total_investment) >= parseWan('10000'),
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
      const planned =
        known?.planned ?? plannedInvestment(r, project, expected.get(project.id), calendar.openMonth);
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
        // Half-way between the plans' issue and today.
        at: new Date(
          (new Date(chinaInstant(ISSUED_ON)).getTime() +
            Math.min(calendar.now.getTime(), new Date(chinaInstant(today)).getTime())) /
            2,
        ),
      })
      .execute();
  }

  const departments = new Map(
    (await trx.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.name, d.id]),
  );
  const steps = DEFAULT_MILESTONE_TEMPLATES[0]!.steps;
  const yesterday = addDays(today, -1);
  const milestones = preliminary.flatMap((project) => {
    const deadline = project.planned_start ?? isoDate(YEAR, 9, 30);
    return reverseSchedule(deadline, steps).steps.map((step, index) => {
      const department = STEP_DEPARTMENTS[step.name];
      // Steps planned before today have happened, a few days early or late; on a project that
      // has not started about one in eight is still open, overdue. A started project did all.
      const due = step.plannedDate < today;
      const overdue = due && project.actual_start === null && r.next() < 0.12;
      const happened = addDays(step.plannedDate, r.int(-5, 10));
      const latest =
        project.actual_start && project.actual_start < yesterday ? project.actual_start : yesterday;
      return {
        project_id: project.id,
        name: step.name,
        responsible_department_id: department ? (departments.get(department) ?? null) : null,
        responsible_unit: department ? null : '建设单位',
        planned_date: step.plannedDate,
        actual_date: due && !overdue ? (happened < latest ? happened : latest) : null,
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
