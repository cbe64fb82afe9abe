import type { IndicatorTable } from '@beacon/domain';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../packages/server/src/db/schema.ts';

/** The figures both sides must agree on, per (indicator, region), as exact decimal strings. */
export type Figures = { cumulative: string; lastYear: string; plan: string };
export type IndicatorFigures = Map<string, Figures>;
export type IndicatorPeriod = { year: number; month: number };

/** The filter of an indicator row, as SQL over projects `p`; the naive floor applies it to every report's project. */
const FILTER = sql`
  (cardinality(i.sectors) = 0 or p.sector_code = any(i.sectors))
  and (cardinality(i.funding_sources) = 0 or p.funding_source = any(i.funding_sources))
  and (i.high_tech is null or p.high_tech = i.high_tech)
  and (cardinality(i.stages) = 0 or p.stage = any(i.stages))
  and (i.min_total_investment is null or p.total_investment >= i.min_total_investment)
  and (cardinality(i.lists) = 0 or exists (
    select 1 from project_list_members m where m.project_id = p.id and m.list_code = any(i.lists)))`;

/**
 * The floor the summary and rollup beat: a straight aggregate over the raw monthly report rows of
 * this year and last year, Jan..M — each project-month's latest accepted revision, joined to its
 * project and filtered per active sum indicator — for every region.
 */
export async function naiveIndicatorFigures(
  db: Kysely<DB>,
  period: IndicatorPeriod,
): Promise<IndicatorFigures> {
  const { year, month } = period;
  const amounts = await sql<{ code: string; region_code: string; cumulative: string; last_year: string }>`
    with latest as (
      select distinct on (project_id, year, month) project_id, year, month, completed_amount
        from progress_reports
       where state = 'accepted' and year in (${year - 1}::int, ${year}::int) and month <= ${month}::int
       order by project_id, year, month, revision desc
    )
    select i.code, p.region_code,
           coalesce(sum(l.completed_amount) filter (where l.year = ${year}::int), 0)::text as cumulative,
           coalesce(sum(l.completed_amount) filter (where l.year = ${year - 1}::int), 0)::text as last_year
      from latest l
      join projects p on p.id = l.project_id
      join indicators i on i.active and i.measure = 'sum_completed' and ${FILTER}
     group by i.code, p.region_code`.execute(db);
  const plans = await sql<{ code: string; region_code: string; plan: string }>`
    select i.code, p.region_code, sum(yp.planned_investment)::text as plan
      from project_year_plans yp
      join projects p on p.id = yp.project_id
      join indicators i on i.active and i.measure = 'sum_completed' and ${FILTER}
     where yp.year = ${year}::int
     group by i.code, p.region_code`.execute(db);
  const result: IndicatorFigures = new Map();
  const cell = (key: string) => {
    const found = result.get(key) ?? { cumulative: '0', lastYear: '0', plan: '0' };
    result.set(key, found);
    return found;
  };
  for (const row of amounts.rows) {
    const found = cell(`${row.code}|${row.region_code}`);
    found.cumulative = canonical(row.cumulative);
    found.lastYear = canonical(row.last_year);
  }
  for (const row of plans.rows) cell(`${row.code}|${row.region_code}`).plan = canonical(row.plan);
  return result;
}

/** The sum indicators' region rows of the app's indicator table (the total row is their exact sum). */
export function tableFigures(table: IndicatorTable): IndicatorFigures {
  const sums = new Set(table.indicators.filter((c) => c.measure === 'sum_completed').map((c) => c.code));
  return new Map(
    table.rows
      .filter((row) => row.region !== null && sums.has(row.indicator))
      .map((row) => [
        `${row.indicator}|${row.region}`,
        {
          cumulative: canonical(row.cumulative),
          lastYear: canonical(row.lastYearCumulative),
          plan: canonical(row.annualPlan),
        },
      ]),
  );
}

/** "12.3400" and "12.34" are one amount; zero rows and absent rows are one figure. */
function canonical(decimal: string | null): string {
  if (decimal === null) return '0';
  if (!decimal.includes('.')) return decimal;
  return decimal.replace(/0+$/, '').replace(/\.$/, '');
}

/** Fails loudly with the first differences: a fast answer that differs from the floor is no answer. */
export function assertSameFigures(label: string, fast: IndicatorFigures, floor: IndicatorFigures) {
  const keys = new Set([...fast.keys(), ...floor.keys()]);
  const zero = { cumulative: '0', lastYear: '0', plan: '0' };
  const differences: string[] = [];
  for (const key of keys) {
    const a = fast.get(key) ?? zero;
    const b = floor.get(key) ?? zero;
    if (a.cumulative !== b.cumulative || a.lastYear !== b.lastYear || a.plan !== b.plan)
      differences.push(`${key}: indicator table ${JSON.stringify(a)} ≠ raw reports ${JSON.stringify(b)}`);
  }
  if (differences.length > 0)
    throw new Error(
      `${label}: the indicator table and the naive aggregate disagree in ${differences.length} of ${keys.size} cells:\n` +
        differences.slice(0, 10).join('\n'),
    );
  const nonZero = [...floor.values()].filter((f) => f.cumulative !== '0').length;
  if (nonZero === 0) throw new Error(`${label}: no indicator has any figure — the check would be vacuous`);
  return keys.size;
}
