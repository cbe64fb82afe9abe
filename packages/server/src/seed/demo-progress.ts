import {
  isLate,
  isoDate,
  nextMonth,
  parseWan,
  reportingWindow,
  wanToDecimal,
  type ReportState,
  type Wan,
} from '@beacon/domain';
import { sql } from 'kysely';
import type { Tx } from '../context.ts';
import { chinaInstant, type DemoCalendar } from './demo-calendar.ts';
import type { random } from './demo.ts';

/** Work slows over the Spring Festival and peaks before the year closes. */
const SEASON = [0.55, 0.45, 0.9, 1, 1.05, 1.1, 1, 1, 1.05, 1.1, 1.15, 1.3];
const PROGRESS_TEXT = [
  '场地平整',
  '桩基施工',
  '基础施工',
  '主体结构施工',
  '主体结构封顶',
  '装饰装修',
  '设备安装',
  '附属工程',
];
const RETURN_REASONS = [
  '本月完成投资与形象进度不符，请核实后重报',
  '请补充现场照片和形象进度说明',
  '完成百分比与上月相比有回退，请核实',
];

type Project = {
  id: string;
  region_code: string;
  owner_id: string;
  total_investment: string;
  start_year: number | null;
  end_year: number | null;
  actual_start: string;
};

type Report = {
  project_id: string;
  region_code: string;
  year: number;
  month: number;
  state: ReportState;
  amount: Wan;
  physical_progress: string;
  percent_complete: string;
  started_on: string;
  stats_registered: boolean;
  submitted_at: string | null;
  late: boolean | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
  /** The open month's figure of a project that has not reported yet: it counts toward the year's
   * expected amount but is not stored. */
  unreported?: boolean;
};

const monthIndex = (year: number, month: number) => year * 12 + month - 1;
const at = (year: number, month: number, day: number) => chinaInstant(isoDate(year, month, day));

/**
 * Monthly reports for the demo projects under construction: the two years before the plan year Y
 * accepted in full (the base of every growth rate), Y accepted up to the month before the open
 * month M with a few of M-1's still waiting for the county, and M a mix of drafts, submissions
 * (some late when today is past the due day) and returned reports, so the owner's inbox and the
 * county's queue have work in them. Each region's plan-year amounts are scaled so its growth over
 * the same months of last year lands between +5% and +20%. Three statements for the reports and
 * summaries, whatever the city's size. Returns each project's amount of Y through M, reported or
 * not yet, so the year plans can be sized against it.
 */
export async function seedDemoProgress(
  trx: Tx,
  r: ReturnType<typeof random>,
  calendar: DemoCalendar,
): Promise<Map<string, Wan>> {
  const { year: YEAR, openMonth: OPEN_MONTH, historyYears: HISTORY_YEARS, dueDay } = calendar;
  const now = calendar.now.getTime();
  // Nothing is dated after the moment the seed runs.
  const notAfterNow = (instant: string) =>
    new Date(Math.min(new Date(instant).getTime(), now - 60_000)).toISOString();
  const projects = (await trx
    .selectFrom('projects')
    .select(['id', 'region_code', 'owner_id', 'total_investment', 'start_year', 'end_year', 'actual_start'])
    .where('stage', '=', 'construction')
    .where('actual_start', 'is not', null)
    .orderBy('name')
    .execute()) as Project[];
  const reviewers = new Map(
    (
      await trx
        .selectFrom('users')
        .select(['id', 'region_code'])
        .where('role', '=', 'county')
        .where('username', 'like', 'county-%')
        .execute()
    ).map((user) => [user.region_code, user.id]),
  );
  const owner = await trx
    .selectFrom('users')
    .select('enterprise_id')
    .where('username', '=', 'owner')
    .executeTakeFirst();

  const reports: Report[] = [];
  let ownerSlot = 0;
  for (const project of projects) {
    const [startYear, startMonth] = project.actual_start.split('-').map(Number) as [number, number];
    const years = Math.max(1, (project.end_year ?? startYear) - (project.start_year ?? startYear) + 1);
    // A year's share of the investment, spread over the months by season, in yuan.
    const monthlyBase = Number(parseWan(project.total_investment)) / years / 12;
    const reviewer = reviewers.get(project.region_code) ?? null;
    const ownProject = project.owner_id === owner?.enterprise_id;
    const first = Math.max(monthIndex(startYear, startMonth), monthIndex(HISTORY_YEARS[0]!, 1));
    const last = monthIndex(YEAR, OPEN_MONTH);
    const span = Math.max(1, years * 12);
    for (let index = first; index <= last; index++) {
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      const elapsed = index - monthIndex(startYear, startMonth) + 1;
      const percent = Math.min(99, Math.round((elapsed / span) * 100));
      // A project's first report carries what it spent on land and preparation since January, as
      // the statistics count it when the project enters the register: about a month's work for
      // every month of the year before its start.
      const carried = index === monthIndex(startYear, startMonth) ? startMonth : 1;
      const amount = BigInt(Math.round(monthlyBase * carried * SEASON[month - 1]! * (0.8 + r.next() * 0.4)));
      const due = reportingWindow(year, month, dueDay);
      const next = nextMonth(year, month);
      const submittedDay = r.next() < 0.1 ? r.int(6, 12) : r.int(1, 5);
      const submittedAt = at(next.year, next.month, submittedDay);
      let state: Report['state'] = 'accepted';
      if (year === YEAR && month === OPEN_MONTH) {
        // The owner's own projects cover every state, so its inbox shows each kind of work.
        const roll = ownProject ? [0.1, 0.35, 0.55, 0.8][ownerSlot++ % 4]! : r.next();
        if (roll < 0.15) {
          reports.push({
            ...NOT_REPORTED,
            project_id: project.id,
            region_code: project.region_code,
            year,
            month,
            amount,
          });
          continue;
        }
        state = roll < 0.4 ? 'draft' : roll < 0.7 ? 'submitted' : roll < 0.85 ? 'returned' : 'accepted';
      } else if (year === YEAR && month === OPEN_MONTH - 1 && r.next() < 0.08) state = 'submitted';
      const submitted = state !== 'draft';
      const reviewed = state === 'accepted' || state === 'returned';
      // The open month's reports went in from the 1st of this month up to today; the late ones
      // after the due day, when today is past it.
      const today = calendar.dayOfMonth;
      const openDay =
        state === 'submitted' && today > dueDay && r.next() < 0.35
          ? r.int(dueDay + 1, today)
          : r.int(1, Math.min(dueDay, today));
      const submittedOn = notAfterNow(
        year === YEAR && month === OPEN_MONTH ? at(next.year, next.month, openDay) : submittedAt,
      );
      reports.push({
        project_id: project.id,
        region_code: project.region_code,
        year,
        month,
        state,
        amount,
        physical_progress: PROGRESS_TEXT[Math.min(PROGRESS_TEXT.length - 1, Math.floor(percent / 13))]!,
        percent_complete: percent.toFixed(2),
        started_on: project.actual_start,
        stats_registered: r.next() < 0.9,
        submitted_at: submitted ? submittedOn : null,
        late: submitted ? isLate(due, new Date(submittedOn)) : null,
        reviewed_by: reviewed ? reviewer : null,
        reviewed_at: reviewed
          ? new Date(Math.min(new Date(submittedOn).getTime() + r.int(1, 3) * 86_400_000, now)).toISOString()
          : null,
        return_reason: state === 'returned' ? r.pick(RETURN_REASONS) : null,
      });
    }
  }
  scaleGrowth(reports, r, YEAR, OPEN_MONTH);
  const stored = reports.filter((report) => !report.unreported);
  await insertReports(trx, stored, calendar.now);
  await writeSummaries(trx, stored);
  const expected = new Map<string, Wan>();
  for (const report of reports) {
    if (report.year === YEAR)
      expected.set(report.project_id, (expected.get(report.project_id) ?? 0n) + report.amount);
  }
  return expected;
}

/** The open month of a project that has not started its report: nothing stored. */
const NOT_REPORTED = {
  state: 'draft',
  physical_progress: '',
  percent_complete: '0',
  started_on: '',
  stats_registered: false,
  submitted_at: null,
  late: null,
  reviewed_by: null,
  reviewed_at: null,
  return_reason: null,
  unreported: true,
} as const;

/**
 * Scales each region's plan-year amounts so its accepted total of the months before the open
 * month is last year's same months plus 6–19%. Exact: bigint arithmetic on yuan, each quotient
 * rounded down.
 */
function scaleGrowth(reports: Report[], r: ReturnType<typeof random>, YEAR: number, OPEN_MONTH: number) {
  const sums = new Map<string, { before: Wan; now: Wan }>();
  for (const report of reports) {
    if (report.state !== 'accepted' || report.month >= OPEN_MONTH || report.year < YEAR - 1) continue;
    const cell = sums.get(report.region_code) ?? { before: 0n, now: 0n };
    if (report.year === YEAR) cell.now += report.amount;
    else cell.before += report.amount;
    sums.set(report.region_code, cell);
  }
  const factors = new Map<string, { multiply: Wan; divide: Wan }>();
  for (const code of [...sums.keys()].sort()) {
    const { before, now } = sums.get(code)!;
    const perMille = BigInt(r.int(60, 190));
    if (before > 0n && now > 0n)
      factors.set(code, { multiply: before * (1000n + perMille), divide: now * 1000n });
  }
  for (const report of reports) {
    const factor = factors.get(report.region_code);
    if (report.year === YEAR && factor) report.amount = (report.amount * factor.multiply) / factor.divide;
  }
}

async function insertReports(trx: Tx, reports: Report[], now: Date) {
  if (reports.length === 0) return;
  const rows = reports.map(({ amount, region_code: _region, unreported: _unreported, ...report }) => ({
    ...report,
    completed_amount: wanToDecimal(amount),
  }));
  await sql`
    insert into progress_reports
      (project_id, year, month, state, completed_amount, physical_progress, percent_complete, started_on,
       stats_registered, submitted_at, late, reviewed_by, reviewed_at, return_reason, created_at, updated_at)
    select r.project_id, r.year, r.month, r.state, r.completed_amount, r.physical_progress, r.percent_complete,
           r.started_on, r.stats_registered, r.submitted_at, r.late, r.reviewed_by, r.reviewed_at, r.return_reason,
           coalesce(r.submitted_at, ${now}::timestamptz), coalesce(r.reviewed_at, r.submitted_at, ${now}::timestamptz)
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
             project_id uuid, year integer, month integer, state text, completed_amount numeric,
             physical_progress text, percent_complete numeric, started_on date, stats_registered boolean,
             submitted_at timestamptz, late boolean, reviewed_by uuid, reviewed_at timestamptz, return_reason text)`.execute(
    trx,
  );
}

/** The accepted amounts into the project-year summaries, one upsert for all of them. */
async function writeSummaries(trx: Tx, reports: Report[]) {
  const years = new Map<string, { project_id: string; year: number; monthly: Wan[]; through: number }>();
  for (const report of reports) {
    if (report.state !== 'accepted') continue;
    const key = `${report.project_id}:${report.year}`;
    const summary = years.get(key) ?? {
      project_id: report.project_id,
      year: report.year,
      monthly: Array.from({ length: 12 }, () => 0n),
      through: 0,
    };
    summary.monthly[report.month - 1] = report.amount;
    summary.through = Math.max(summary.through, report.month);
    years.set(key, summary);
  }
  if (years.size === 0) return;
  const rows = [...years.values()].map((summary) => ({
    project_id: summary.project_id,
    year: summary.year,
    monthly: `{${summary.monthly.map(wanToDecimal).join(',')}}`,
    through: summary.through,
  }));
  await sql`
    insert into project_year_progress (project_id, year, monthly, accepted_through_month)
    select s.project_id, s.year, s.monthly::numeric(18, 4)[], s.through
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(project_id uuid, year integer, monthly text, through integer)
    on conflict (project_id, year) do update
       set monthly = excluded.monthly, accepted_through_month = excluded.accepted_through_month, updated_at = now()`.execute(
    trx,
  );
}
