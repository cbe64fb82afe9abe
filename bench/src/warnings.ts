import { sql, type Kysely } from 'kysely';
import type { DB } from '../../packages/server/src/db/schema.ts';

/**
 * The floor of closing a month: one hand-written statement that lights every project of the
 * year's work list on the investment-progress dimension alone, with a one-line explanation, and
 * writes the rows into a scratch table. The close does this for five dimensions, region lights,
 * the frozen indicator table and the bulletin, so this is the database's share of the work.
 */
export async function closeFloor(db: Kysely<DB>, period: { year: number; month: number }) {
  const terms = Array.from({ length: period.month }, (_, i) => `coalesce(y.monthly[${i + 1}], 0)`).join(
    ' + ',
  );
  await db.transaction().execute(async (trx) => {
    await sql`create temp table bench_lights (project_id uuid, light text, explanation text) on commit drop`.execute(
      trx,
    );
    await sql`
      insert into bench_lights
      select yp.project_id,
             case when c.done * 12 >= yp.planned_investment * ${period.month} then 'green'
                  when (yp.planned_investment * ${period.month} / 12 - c.done) * 100 <= 20 * yp.planned_investment then 'yellow'
                  else 'red' end,
             format('完成率 %s%%，序时进度 %s%%', round(100 * c.done / nullif(yp.planned_investment, 0), 1),
                    round(100.0 * ${period.month} / 12, 1))
        from project_year_plans yp
        left join project_year_progress y on y.project_id = yp.project_id and y.year = yp.year
        cross join lateral (select ${sql.raw(terms)} as done) c
       where yp.year = ${period.year}`.execute(trx);
  });
}

/** The dashboard's floor: the rollup's regional figures for the month and the year's monthly trend. */
export async function dashboardFloor(db: Kysely<DB>, period: { year: number; month: number }) {
  await sql`
    select region_code, year,
           sum((select coalesce(sum(v), 0) from unnest(monthly[1:${sql.lit(period.month)}]) v)), sum(planned)
      from investment_rollup where year in (${period.year - 1}::int, ${period.year}::int)
     group by region_code, year`.execute(db);
  await sql`
    select year, ${sql.raw(Array.from({ length: 12 }, (_, i) => `sum(monthly[${i + 1}])`).join(', '))}
      from investment_rollup where year in (${period.year - 1}::int, ${period.year}::int) group by year`.execute(
    db,
  );
}
