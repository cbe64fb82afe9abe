import { sql, type Kysely } from 'kysely';
import type { DB } from '../../packages/server/src/db/schema.ts';

/**
 * Loads a reproducible registry straight in SQL (generate_series + hashing), so 200,000 projects
 * take seconds rather than minutes. Skew follows real registries: a few big regions hold many
 * projects, most projects are small, a long tail is above 10 亿元.
 */
export async function generateRegistry(db: Kysely<DB>, options: { regions: number; projects: number }) {
  const { regions, projects } = options;
  await db.transaction().execute(async (trx) => {
    await sql`insert into regions (code, name, parent_code, kind, sort_order)
      select 'B' || lpad(i::text, 5, '0'), '测试地区' || i, '331100', 'county', 1000 + i
      from generate_series(1, ${regions}::int) as i
      on conflict do nothing`.execute(trx);
    await sql`insert into enterprises (name, region_code)
      select '基准建设单位' || i, 'B' || lpad((1 + i % ${regions}::int)::text, 5, '0')
      from generate_series(1, ${Math.max(100, Math.floor(projects / 10))}::int) as i
      on conflict do nothing`.execute(trx);
    // hashint(i, salt) gives a stable pseudo-random 0..1 per row and purpose.
    await sql`create or replace function pg_temp.h(i int, salt int) returns double precision language sql immutable as
      $$ select ((('x' || substr(md5(i::text || ':' || salt::text), 1, 8))::bit(32)::bigint) % 1000000) / 1000000.0 $$`.execute(
      trx,
    );
    await sql`insert into projects (code, name, owner_id, region_code, sector_code, funding_source, high_tech,
        total_investment, stage, start_year, end_year, planned_start, team)
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
        (array['planning', 'reserve', 'preliminary', 'construction', 'construction', 'construction', 'completed', 'suspended'])[1 + floor(pg_temp.h(i, 8) * 8)::int],
        2015 + i % 6, 2018 + i % 6, make_date(2015 + i % 6, 1 + i % 12, 1), '[]'::jsonb
      from generate_series(1, ${projects}::int) as i
      join lateral (select id from enterprises where name = '基准建设单位' || (1 + i % ${Math.max(100, Math.floor(projects / 10))}::int)) e on true`.execute(
      trx,
    );
    await sql`insert into project_list_members (project_id, list_code)
      select id, (array['city_key', 'head', 'concentrated_start', 'new_key'])[1 + floor(random() * 4)::int]
      from projects tablesample bernoulli (20) repeatable (42)
      on conflict do nothing`.execute(trx);
  });
  await sql`analyze`.execute(db);
}
