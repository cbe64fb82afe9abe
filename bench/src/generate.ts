import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../packages/server/src/db/schema.ts';

/** A month as one number, year * 12 + (month - 1), so spans and windows are plain arithmetic. */
export type MonthIndex = number;
export const monthIndex = (year: number, month: number): MonthIndex => year * 12 + month - 1;
export const periodOf = (index: MonthIndex) => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });

/**
 * The calendar the data set is laid out on, relative to "now" in China so it stays meaningful
 * whenever it runs. `latest` is the last month whose reporting window is open (the previous month);
 * the five months up to it are left without reports (the import case fills one per run), and the
 * sixty months before them hold five years of reports. The indicator table is read for the last
 * loaded month, so this year and last year are both present.
 */
export function benchCalendar(now: Date = new Date()) {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const latest = monthIndex(china.getUTCFullYear(), china.getUTCMonth() + 1) - 1;
  const freshMonths = [latest - 4, latest - 3, latest - 2, latest - 1, latest];
  const lastLoaded = latest - 5;
  const firstLoaded = lastLoaded - 59;
  return { latest, freshMonths, firstLoaded, lastLoaded, indicatorPeriod: periodOf(lastLoaded) };
}
export type BenchCalendar = ReturnType<typeof benchCalendar>;

/** hash(i, salt): a stable pseudo-random number in [0, 1) per row and purpose, the same on every engine. */
const HASH = sql`create or replace function pg_temp.h(i int, salt int) returns double precision language sql immutable as
  $$ select ((('x' || substr(md5(i::text || ':' || salt::text), 1, 8))::bit(32)::bigint) % 1000000) / 1000000.0 $$`;

/**
 * A project's span of active months, from its stage and two hashes `u`, `v` (SQL names in scope):
 * construction started 5 months to 14 years before the latest month and still runs; completed and
 * suspended stopped in the last four years; planning, reserve and preliminary have not started.
 */
function spanOf(calendar: BenchCalendar) {
  const { latest, lastLoaded } = calendar;
  const constructionStart = sql`${latest}::int - 5 - floor(u * (48 + floor(v * 121)))::int`;
  return {
    first: sql`case
      when stage = 'construction' then ${constructionStart}
      when stage = 'completed' then ${lastLoaded}::int - 6 - floor(u * 48)::int - 47 - floor(v * 97)::int
      when stage = 'suspended' then ${lastLoaded}::int - 1 - floor(u * 24)::int - 35 - floor(v * 73)::int
      else ${latest}::int + 3 + floor(u * 24)::int
    end`,
    last: sql`case
      when stage = 'construction' then ${constructionStart} + 59 + floor(v * 121)::int
      when stage = 'completed' then ${lastLoaded}::int - 6 - floor(u * 48)::int
      when stage = 'suspended' then ${lastLoaded}::int - 1 - floor(u * 24)::int
      else ${latest}::int + 27 + floor(u * 24)::int + floor(v * 60)::int
    end`,
  };
}

/**
 * Loads a reproducible registry straight in SQL (generate_series + hashing), so 200,000 projects
 * take seconds rather than minutes. Skew follows real registries: a few big regions hold many
 * projects, most projects are small, a long tail is above 10 亿元.
 */
export async function generateRegistry(
  db: Kysely<DB>,
  options: { regions: number; projects: number; calendar: BenchCalendar },
) {
  const { regions, projects, calendar } = options;
  const span = spanOf(calendar);
  const lastYear = Math.floor(calendar.latest / 12);
  await db.transaction().execute(async (trx) => {
    await sql`insert into regions (code, name, parent_code, kind, sort_order)
      select 'B' || lpad(i::text, 5, '0'), '测试地区' || i, '331100', 'county', 1000 + i
      from generate_series(1, ${regions}::int) as i
      on conflict do nothing`.execute(trx);
    await sql`insert into enterprises (name, region_code)
      select '基准建设单位' || i, 'B' || lpad((1 + i % ${regions}::int)::text, 5, '0')
      from generate_series(1, ${Math.max(100, Math.floor(projects / 10))}::int) as i
      on conflict do nothing`.execute(trx);
    await HASH.execute(trx);
    // The dates follow the span: projects that started have an actual start, and some not yet
    // started are newly planned this year or last (the count indicators read these).
    await sql`insert into projects (code, name, owner_id, region_code, sector_code, funding_source, high_tech,
        total_investment, stage, start_year, end_year, planned_start, planned_completion, actual_start,
        actual_completion, planned_year, team)
      select
        case when pg_temp.h(i, 1) < 0.8 then (2015 + (i % 6))::text || '-331102-48-01-' || lpad(i::text, 6, '0') end,
        (array['道路改建工程', '水库除险加固', '智能制造基地', '城市更新', '养老服务中心', '光伏电站', '现代农业园区'])[1 + i % 7] || ' ' || i,
        e.id,
        -- Skew: the square of a uniform number crowds projects into the first regions.
        'B' || lpad((1 + floor(power(pg_temp.h(i, 2), 2) * ${regions}::int))::int::text, 5, '0'),
        (array['transport', 'water', 'energy', 'industry', 'social', 'urban', 'services', 'ecology', 'agriculture'])[1 + floor(pg_temp.h(i, 3) * 9)::int],
        (array['government', 'soe', 'private', 'foreign', 'ppp'])[1 + floor(power(pg_temp.h(i, 4), 1.5) * 5)::int],
        pg_temp.h(i, 5) < 0.15,
        round((3000 * exp(pg_temp.h(i, 6) * pg_temp.h(i, 7) * 6.5))::numeric, 2),
        a.stage,
        s.first_month / 12, s.last_month / 12,
        make_date(s.first_month / 12, s.first_month % 12 + 1, 1),
        make_date(s.last_month / 12, s.last_month % 12 + 1, 1),
        case when s.first_month <= ${calendar.latest}::int
          then make_date(s.first_month / 12, s.first_month % 12 + 1, 1 + floor(pg_temp.h(i, 22) * 28)::int) end,
        case when a.stage = 'completed' then make_date(s.last_month / 12, s.last_month % 12 + 1, 28) end,
        case when s.first_month > ${calendar.latest}::int and pg_temp.h(i, 23) < 0.3 then ${lastYear}::int - (i % 2) end,
        '[]'::jsonb
      from generate_series(1, ${projects}::int) as i
      cross join lateral (
        select (array['planning', 'reserve', 'preliminary', 'construction', 'construction', 'construction', 'construction', 'construction', 'construction', 'completed', 'completed', 'suspended'])[1 + floor(pg_temp.h(i, 8) * 12)::int] as stage,
               pg_temp.h(i, 20) as u, pg_temp.h(i, 21) as v
      ) a
      cross join lateral (select ${span.first} as first_month, ${span.last} as last_month) s
      join lateral (select id from enterprises where name = '基准建设单位' || (1 + i % ${Math.max(100, Math.floor(projects / 10))}::int)) e on true`.execute(
      trx,
    );
    // One project in five is on a named list.
    await sql`insert into project_list_members (project_id, list_code)
      select id, (array['city_key', 'head', 'concentrated_start', 'new_key'])[1 + floor(pg_temp.h(n.i, 10) * 4)::int]
      from projects cross join lateral (select split_part(name, ' ', 2)::int as i) n
      where name like '% %' and pg_temp.h(n.i, 9) < 0.2
      on conflict do nothing`.execute(trx);
  });
  await sql`analyze`.execute(db);
}

/**
 * Gives every generated project a span of active months that fits its stage, and its reports, year
 * plans and summary, all set-based and reproducible (md5 of project number and month, no random()):
 *
 * - construction: started 1–145 months before the latest month, still running; completed and
 *   suspended: ended some months ago; planning, reserve and preliminary: not started, so no reports.
 * - A month's amount is the project's total spread over its span, with a seasonal curve (Spring
 *   Festival low, December high), noise, and 10 % more per year, so this year grows on last year.
 * - 4 % of months are missing; the first two years are the city's historic load (`history`);
 *   3 % of later months have a correction (revision 2), two thirds of them accepted and one third
 *   still submitted, so "the latest accepted revision" decides; in the last two loaded months 5 %
 *   of reports are not accepted yet (submitted, returned or draft).
 * - Year plans for every year a project is active, 85–125 % of what it will complete.
 *
 * Reports and plans are written with triggers off (`session_replication_role = replica`: no
 * foreign-key checks, and the plan trigger does not write summary rows one by one) and their
 * secondary indexes dropped and rebuilt after; the data satisfies the foreign keys by
 * construction. The reports are written on one connection per core. The summary is then built the
 * way the app keeps it — per project-year, the latest accepted revision of each month, the last
 * accepted month, the year plan and the project's attributes — in one INSERT … SELECT, and the
 * rollup's statement trigger adds the whole statement to `investment_rollup`, exactly as it does
 * for the app's own writes. (The row trigger that would copy each project's attributes is off
 * for that statement, which joins them from the same project rows.)
 */
export async function generateProgress(
  db: Kysely<DB>,
  options: { calendar: BenchCalendar; reviewerId: string; log?: (message: string) => void },
) {
  let last = Date.now();
  const step = (message: string) => {
    options.log?.(`${message} in ${Date.now() - last} ms`);
    last = Date.now();
  };
  const { latest, firstLoaded, lastLoaded } = options.calendar;
  const historyUntil = firstLoaded + 23;
  const firstYear = Math.floor(firstLoaded / 12);
  const lastYear = Math.floor(latest / 12);
  const span = spanOf(options.calendar);
  // A plain (unlogged) table rather than a temporary one: the report load runs on several connections.
  await sql`drop table if exists bench_span`.execute(db);
  const indexes = await db.connection().execute(async (conn) => {
    await HASH.execute(conn);
    await sql`create unlogged table bench_span as
      select id, i, t, first_month, last_month, last_month - first_month + 1 as dur
        from (
          select p.id, n.i, p.total_investment::float8 as t, p.stage,
                 pg_temp.h(n.i, 20) as u, pg_temp.h(n.i, 21) as v
            from projects p
            cross join lateral (select split_part(p.name, ' ', 2)::int as i) n
           where p.name like '% %'
        ) p
        cross join lateral (select ${span.first} as first_month, ${span.last} as last_month) s
       order by i`.execute(conn);
    await sql`create index on bench_span (id)`.execute(conn);
    await sql`analyze bench_span`.execute(conn);
    // Secondary indexes are rebuilt after the load (from their own definitions) rather than
    // maintained row by row; the constraint indexes stay.
    const found = await sql<{ name: string; definition: string }>`
      select indexname as name, indexdef as definition
        from pg_indexes
       where schemaname = 'public' and tablename in ('progress_reports', 'project_year_plans')
         and indexname not in (select conname from pg_constraint)`.execute(conn);
    for (const index of found.rows) await sql`drop index ${sql.ref(index.name)}`.execute(conn);
    return found.rows;
  });
  step('project spans');

  // The reports are written in one share of the projects per core, concurrently.
  const parts = Math.max(1, Math.min(4, os.cpus().length));
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      db.connection().execute(async (conn) => {
        await HASH.execute(conn);
        await sql`begin`.execute(conn);
        await sql`set local session_replication_role = replica`.execute(conn);
        await sql`set local synchronous_commit = off`.execute(conn);
        await sql`insert into progress_reports (project_id, year, month, revision, state, completed_amount,
            physical_progress, percent_complete, source, submitted_at, late, reviewed_by, reviewed_at, created_by,
            return_reason)
          select s.id, r.year, r.month, v.revision, st.state,
                 round((s.t / s.dur * (array[0.55, 0.45, 0.85, 0.95, 1.0, 1.05, 1.0, 0.95, 1.05, 1.1, 1.1, 1.95])[r.month]
                   * (0.6 + 0.8 * r.u2) * power(1.22, r.year - ${firstYear}::int)
                   * case when v.revision = 2 then 0.85 + 0.3 * r.u4 else 1 end)::numeric, 2),
                 case when r.history then null else '施工中' end,
                 case when r.history then null
                   else least(100, round((100.0 * (g.a - s.first_month + 1) / s.dur)::numeric, 2)) end,
                 case when r.history then 'history' else 'form' end,
                 case when r.history or st.state = 'draft' then null
                   else make_timestamptz(r.year, r.month, 1, 9, 0, 0, 'Asia/Shanghai') + interval '1 month 2 days' end,
                 case when r.history or st.state = 'draft' then null else r.u4 < 0.1 end,
                 case when st.state in ('accepted', 'returned') then ${options.reviewerId}::uuid end,
                 case when st.state in ('accepted', 'returned')
                   then make_timestamptz(r.year, r.month, 1, 15, 0, 0, 'Asia/Shanghai') + interval '1 month 6 days' end,
                 case when r.history then ${options.reviewerId}::uuid end,
                 case when st.state = 'returned' then '请核实本月完成投资' end
            from bench_span s
            cross join lateral generate_series(greatest(s.first_month, ${firstLoaded}::int),
              least(s.last_month, ${lastLoaded}::int)) as g(a)
            cross join lateral (select md5(s.i::text || ':' || g.a::text) as m) hx
            cross join lateral (
              select g.a / 12 as year, g.a % 12 + 1 as month, g.a <= ${historyUntil}::int as history,
                     ('x' || substr(hx.m, 1, 8))::bit(32)::bigint / 4294967296.0 as u1,
                     ('x' || substr(hx.m, 9, 8))::bit(32)::bigint / 4294967296.0 as u2,
                     ('x' || substr(hx.m, 17, 8))::bit(32)::bigint / 4294967296.0 as u3,
                     ('x' || substr(hx.m, 25, 8))::bit(32)::bigint / 4294967296.0 as u4
            ) r
            cross join lateral (values (1), (2)) as v(revision)
            cross join lateral (
              select case
                when v.revision = 2 then case when r.u3 < 0.02 then 'accepted' else 'submitted' end
                when not r.history and r.u3 < 0.03 then 'accepted'
                when g.a >= ${lastLoaded}::int - 1 and r.u4 < 0.03 then 'submitted'
                when g.a >= ${lastLoaded}::int - 1 and r.u4 < 0.04 then 'returned'
                when g.a >= ${lastLoaded}::int - 1 and r.u4 < 0.05 then 'draft'
                else 'accepted'
              end as state
            ) st
           where s.i % ${parts}::int = ${part}::int
             and r.u1 >= 0.03 and (v.revision = 1 or (not r.history and r.u3 < 0.03))`.execute(conn);
        await sql`commit`.execute(conn);
      }),
    ),
  );
  step('monthly reports');
  await db.connection().execute(async (conn) => {
    await HASH.execute(conn);
    await sql`begin`.execute(conn);
    await sql`set local session_replication_role = replica`.execute(conn);
    await sql`insert into project_year_plans (project_id, year, planned_investment, construction_type,
        planned_start, planned_completion)
      select s.id, y.year,
             round((s.t / s.dur * y.months * power(1.22, y.year - ${firstYear}::int)
               * (0.85 + 0.4 * pg_temp.h(s.i, 1000 + y.year)))::numeric, 2),
             case when s.first_month / 12 = y.year then 'new' else 'continuing' end,
             make_date(y.year, greatest(s.first_month, y.year * 12) % 12 + 1, 1),
             make_date(y.year, least(s.last_month, y.year * 12 + 11) % 12 + 1, 28)
        from bench_span s
        cross join lateral (
          select year, least(s.last_month, year * 12 + 11) - greatest(s.first_month, year * 12) + 1 as months
            from generate_series(${firstYear}::int, ${lastYear}::int) as year
        ) y
       where y.months > 0`.execute(conn);
    for (const index of indexes) await sql.raw(index.definition).execute(conn);
    await sql`commit`.execute(conn);
    step('year plans');

    const months = sql.join(
      Array.from(
        { length: 12 },
        (_, m) => sql`coalesce(sum(completed_amount) filter (where month = ${sql.lit(m + 1)}), 0)`,
      ),
    );
    // One statement, so the rollup's statement trigger adds it all to `investment_rollup` at once.
    // The attributes the row trigger would copy from each project come from the same join here.
    await sql`begin`.execute(conn);
    await sql`set local work_mem = '256MB'`.execute(conn);
    await sql`alter table project_year_progress disable trigger project_year_progress_fill_attributes`.execute(
      conn,
    );
    await sql`insert into project_year_progress (project_id, year, monthly, accepted_through_month, planned,
        region_code, sector_code, funding_source, high_tech, stage)
      select k.project_id, k.year, coalesce(a.monthly, array_fill(0::numeric(18, 4), array[12])),
             coalesce(a.through, 0), coalesce(yp.planned_investment, 0),
             p.region_code, p.sector_code, p.funding_source, p.high_tech, p.stage
        from (
          select project_id, year, array[${months}]::numeric(18, 4)[] as monthly, max(month) as through
            from (
              select distinct on (project_id, year, month) project_id, year, month, completed_amount
                from progress_reports
               where state = 'accepted'
               order by project_id, year, month, revision desc
            ) latest
           group by project_id, year
        ) a
        full join project_year_plans yp on yp.project_id = a.project_id and yp.year = a.year
        cross join lateral (select coalesce(a.project_id, yp.project_id) as project_id, coalesce(a.year, yp.year) as year) k
        join projects p on p.id = k.project_id`.execute(conn);
    await sql`alter table project_year_progress enable trigger project_year_progress_fill_attributes`.execute(
      conn,
    );
    await sql`commit`.execute(conn);
    step('summary and rollup');
  });
  await sql`drop table bench_span`.execute(db);
  await sql`analyze`.execute(db);
  step('analyze');
}
