import {
  completionRate,
  growthRate,
  parseWan,
  roundPercent,
  timeProgress,
  wanToDecimal,
  type BulletinContent,
} from '@beacon/domain';
import { sql } from 'kysely';
import type { RequestContext, Services } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { inScope } from '../projects/repository.ts';
import { regionsFor, timeProgressModes, type Period } from '../indicators/repository.ts';
import { computeIndicatorTable } from '../indicators/service.ts';
import { SEES_UNPUBLISHED } from '../warnings/policy.ts';
import { regionMap } from './map.ts';

type Light = 'green' | 'yellow' | 'red';

/** The newest edition of the month's close the caller may see (published, or any for the city). */
async function visibleClose(services: Services, ctx: RequestContext, period: Period) {
  let query = services.db
    .selectFrom('month_closes')
    .select(['id', 'edition', 'published_at'])
    .where('year', '=', period.year)
    .where('month', '=', period.month);
  if (!SEES_UNPUBLISHED.includes(ctx.actor.role)) query = query.where('published_at', 'is not', null);
  return query.orderBy('edition', 'desc').limit(1).executeTakeFirst();
}

/**
 * Monthly completed investment this year and last year, for the trend chart: from the rollup for
 * the city or a county, from the caller's own projects for a department, an owner or a leader.
 */
async function monthlyTrend(services: Services, ctx: RequestContext, year: number) {
  const scope = ctx.actor.scope;
  const sums = sql.join(
    Array.from(
      { length: 12 },
      (_, index) => sql`coalesce(sum(monthly[${sql.lit(index + 1)}]), 0)::numeric(20, 4)::text`,
    ),
  );
  const rows =
    scope.kind === 'all' || scope.kind === 'region'
      ? (
          await sql<{ year: number; monthly: string[] }>`
            select year, array[${sums}] as monthly
              from investment_rollup
             where year in (${year - 1}::int, ${year}::int)
               ${scope.kind === 'region' ? sql`and region_code = ${scope.regionCode}` : sql``}
             group by year`.execute(services.db)
        ).rows
      : await services.db
          .selectFrom('project_year_progress as y')
          .innerJoin('projects', 'projects.id', 'y.project_id')
          .select([
            'y.year',
            sql<string[]>`array[${sql.join(
              Array.from(
                { length: 12 },
                (_, index) => sql`coalesce(sum(y.monthly[${sql.lit(index + 1)}]), 0)::numeric(20, 4)::text`,
              ),
            )}]`.as('monthly'),
          ])
          .where('y.year', 'in', [year - 1, year])
          .where(inScope(scope))
          .groupBy('y.year')
          .execute();
  const zeros = Array.from({ length: 12 }, () => '0.0000');
  const of = (which: number) => rows.find((row) => row.year === which)?.monthly ?? zeros;
  return { thisYear: of(year), lastYear: of(year - 1) };
}

/**
 * Every region's figures for colouring the map: completed investment Jan..M, growth and completion
 * of the annual plan from the rollup (public, like the bulletin's ranking), and light counts from
 * the month's close when there is one.
 */
async function regionFigures(services: Services, period: Period, closeId: string | null) {
  const [regions, sums] = await Promise.all([
    regionsFor(services.db, { kind: 'all' }),
    sql<{ region_code: string; year: number; cumulative: string; planned: string }>`
      select region_code, year,
             sum(${sql.raw(Array.from({ length: period.month }, (_, index) => `monthly[${index + 1}]`).join(' + '))})::text as cumulative,
             sum(planned)::text as planned
        from investment_rollup
       where year in (${period.year - 1}, ${period.year})
       group by region_code, year`.execute(services.db),
  ]);
  const lights = new Map<string, Record<Light, number>>();
  if (closeId) {
    const rows = await sql<{ code: string; lights: Record<Light, number> }>`
      select r->>'code' as code, r->'lights' as lights
        from month_closes c, jsonb_array_elements(c.summary->'regions') r
       where c.id = ${closeId}`.execute(services.db);
    for (const row of rows.rows) lights.set(row.code, row.lights);
  }
  const figure = (code: string, year: number) =>
    sums.rows.find((row) => row.region_code === code && row.year === year);
  return regions.map((region) => {
    const current = figure(region.code, period.year);
    const cumulative = parseWan(current?.cumulative ?? '0');
    const lastYear = parseWan(figure(region.code, period.year - 1)?.cumulative ?? '0');
    const growth = growthRate(cumulative, lastYear);
    const completion = completionRate(cumulative, parseWan(current?.planned ?? '0'));
    return {
      code: region.code,
      name: region.name,
      cumulative: wanToDecimal(cumulative),
      growthPct: growth && roundPercent(growth),
      completionPct: completion && roundPercent(completion),
      lights: lights.get(region.code) ?? null,
    };
  });
}

/** Light counts and starts for the caller's projects in the close (the city's headline when unscoped). */
async function scopedLights(services: Services, ctx: RequestContext, closeId: string) {
  const scope = ctx.actor.scope;
  if (scope.kind === 'all') {
    const row = await sql<{ headline: BulletinContent['headline'] }>`
      select summary->'headline' as headline from month_closes where id = ${closeId}`.execute(services.db);
    const headline = row.rows[0]!.headline;
    return {
      lights: headline.lights,
      starts: { planned: headline.plannedStarts, started: headline.starts, ratePct: headline.startRatePct },
    };
  }
  const rows = await services.db
    .selectFrom('project_lights as pl')
    .innerJoin('projects', 'projects.id', 'pl.project_id')
    .select([
      'pl.light',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`count(*) filter (where (pl.figures->>'plannedStart') <= to_char(make_date(c.year, c.month, 1) + interval '1 month' - interval '1 day', 'YYYY-MM-DD'))::int`.as(
        'planned',
      ),
      sql<number>`count(*) filter (where (pl.figures->>'plannedStart') <= to_char(make_date(c.year, c.month, 1) + interval '1 month' - interval '1 day', 'YYYY-MM-DD') and (pl.figures->>'actualStart') <= c.as_of::text)::int`.as(
        'started',
      ),
    ])
    .innerJoin('month_closes as c', 'c.id', 'pl.close_id')
    .where('pl.close_id', '=', closeId)
    .where(inScope(scope))
    .groupBy('pl.light')
    .execute();
  const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0 };
  let planned = 0;
  let started = 0;
  for (const row of rows) {
    lights[row.light] = row.count;
    planned += row.planned;
    started += row.started;
  }
  const rate = planned === 0 ? null : roundPercent({ num: BigInt(started), den: BigInt(planned) });
  return { lights, starts: { planned, started, ratePct: rate } };
}

/**
 * The command dashboard's data for a month (挂图作战): KPI cards per indicator for the caller's
 * scope, light counts and starts from the month's close, the monthly trend against last year and
 * every region's figures for the map.
 */
export async function dashboard(services: Services, ctx: RequestContext, period: Period) {
  const close = await visibleClose(services, ctx, period);
  const [table, trend, regions, lightFigures, modes] = await Promise.all([
    computeIndicatorTable(services.db, ctx.actor.scope, period),
    monthlyTrend(services, ctx, period.year),
    regionFigures(services, period, close?.id ?? null),
    close ? scopedLights(services, ctx, close.id) : Promise.resolve(null),
    timeProgressModes(services.db, period.year),
  ]);
  const ownRow = ctx.actor.scope.kind === 'region' ? ctx.actor.scope.regionCode : null;
  const kpis = table.indicators.map((indicator) => {
    const row = table.rows.find(
      (candidate) => candidate.indicator === indicator.code && candidate.region === ownRow,
    );
    return {
      indicator: indicator.code,
      name: indicator.name,
      unit: indicator.unit,
      cumulative: row?.cumulative ?? null,
      lastYearCumulative: row?.lastYearCumulative ?? null,
      growthPct: row?.growthPct ?? null,
      completionPct: row?.completionPct ?? null,
      gapPts: row?.gapPts ?? null,
      count: row?.count ?? null,
      target: row?.target ?? null,
      targetMet: row?.targetMet ?? null,
    };
  });
  return {
    year: period.year,
    month: period.month,
    timeProgressPct: roundPercent(timeProgress(period, modes.general)),
    close: close ? { id: close.id, edition: close.edition, published: close.published_at !== null } : null,
    kpis,
    lights: lightFigures?.lights ?? null,
    starts: lightFigures?.starts ?? null,
    trend,
    regions,
  };
}

const MARKER_LIMIT = 3000;

/**
 * Projects with coordinates in the caller's scope (optionally one region), coloured by their light
 * in the month's close; the most urgent first, at most 3 000 so the map stays readable.
 */
export async function markers(services: Services, ctx: RequestContext, query: Period & { region?: string }) {
  const close = await visibleClose(services, ctx, query);
  const rows = await services.db
    .selectFrom('projects')
    .leftJoin('project_lights as pl', (join) =>
      join.onRef('pl.project_id', '=', 'projects.id').on('pl.close_id', '=', close?.id ?? null),
    )
    .select([
      'projects.id',
      'projects.name',
      'projects.region_code as regionCode',
      sql<string>`projects.lng::text`.as('lng'),
      sql<string>`projects.lat::text`.as('lat'),
      'pl.light',
      'pl.explanation',
    ])
    .where('projects.lng', 'is not', null)
    .where('projects.lat', 'is not', null)
    .where(inScope(ctx.actor.scope))
    .$if(query.region !== undefined, (q) => q.where('projects.region_code', '=', query.region!))
    .orderBy(sql`case pl.light when 'red' then 0 when 'yellow' then 1 when 'green' then 2 else 3 end`)
    .orderBy('projects.name')
    .limit(MARKER_LIMIT + 1)
    .execute();
  return {
    closeId: close?.id ?? null,
    truncated: rows.length > MARKER_LIMIT,
    items: rows.slice(0, MARKER_LIMIT).map((row) => ({
      id: row.id,
      name: row.name,
      regionCode: row.regionCode,
      lng: Number(row.lng),
      lat: Number(row.lat),
      light: row.light,
      explanation: row.explanation,
    })),
  };
}

/** A leading official's own projects (领办项目) with the month's light and its reasons, reddest first. */
export async function myProjects(services: Services, ctx: RequestContext, period: Period) {
  const close = await visibleClose(services, ctx, period);
  const rows = await services.db
    .selectFrom('projects')
    .leftJoin('regions', 'regions.code', 'projects.region_code')
    .leftJoin('project_lights as pl', (join) =>
      join.onRef('pl.project_id', '=', 'projects.id').on('pl.close_id', '=', close?.id ?? null),
    )
    .select([
      'projects.id',
      'projects.name',
      'projects.stage',
      'projects.region_code as regionCode',
      'regions.name as regionName',
      'pl.light',
      'pl.explanation',
      'pl.dimensions',
    ])
    .where(inScope(ctx.actor.scope))
    .orderBy(sql`case pl.light when 'red' then 0 when 'yellow' then 1 when 'green' then 2 else 3 end`)
    .orderBy('projects.name')
    .limit(500)
    .execute();
  return {
    closeId: close?.id ?? null,
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      stage: row.stage,
      regionCode: row.regionCode,
      regionName: row.regionName ?? row.regionCode,
      light: row.light,
      explanation: row.explanation,
      dimensions: (row.dimensions ?? []) as { dimension: string; light: Light; explanation: string }[],
    })),
  };
}

export function mapOfRoot(services: Services) {
  const map = regionMap(services.config.rootRegion);
  if (!map) throw notFound('地图边界');
  return map;
}
