import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../packages/server/src/app.ts';
import { loadConfig } from '../../packages/server/src/config.ts';
import { openDatabase, type Database } from '../../packages/server/src/db/database.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import type { DB } from '../../packages/server/src/db/schema.ts';
import { hashPassword } from '../../packages/server/src/modules/auth/passwords.ts';
import { ensureReferenceData } from '../../packages/server/src/seed/reference.ts';
import { generateRegistry } from './generate.ts';
import { measure } from './stats.ts';

/**
 * `npm run bench [-- --scale city|province|smoke]`: builds a registry at the chosen scale, then
 * times the API against the hand-written SQL that answers the same question (the floor).
 * City scale runs on PGlite; province scale on the PostgreSQL of DATABASE_URL. Results go to
 * docs/benchmarks.md and bench/results.json.
 */
type Scale = 'smoke' | 'city' | 'province';
const SCALES: Record<Scale, { regions: number; projects: number; iterations: number }> = {
  smoke: { regions: 10, projects: 300, iterations: 5 },
  city: { regions: 10, projects: 2_000, iterations: 60 },
  province: { regions: 100, projects: 200_000, iterations: 60 },
};
type Result = {
  case: string;
  scale: Scale;
  engine: string;
  p50Ms: number;
  p95Ms: number;
  floorMs: number;
  goalMs: number | null;
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAGES = ['construction', 'preliminary', 'planning', 'reserve'] as const;
const SECTORS = ['transport', 'water', 'industry', 'urban'] as const;

async function openBenchDatabase(scale: Scale, engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'beacon-bench-'));
    const database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
    return {
      ...database,
      close: async () => (await database.close(), await fs.rm(dir, { recursive: true, force: true })),
    };
  }
  const url = process.env.DATABASE_URL!;
  const name = `beacon_bench_${scale}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openDatabase({ databaseUrl: target.toString() });
}

/** The same question the list endpoint answers — one page with names, plus count and sum — in one SQL statement. */
async function floorQuery(db: Kysely<DB>, region: string, stage: string, sector: string) {
  return sql`
    with filtered as (
      select id, total_investment from projects where region_code = ${region} and stage = ${stage} and sector_code = ${sector}
    ), page as (
      select p.id, p.name, p.code, p.total_investment, e.name as owner, r.name as region, s.name as sector
      from projects p join enterprises e on e.id = p.owner_id join regions r on r.code = p.region_code
        join sectors s on s.code = p.sector_code
      where p.id in (select id from filtered)
      order by p.total_investment desc, p.id limit 20
    )
    select (select json_agg(page) from page) as items, (select count(*) from filtered) as total,
      (select coalesce(sum(total_investment), 0) from filtered) as investment`.execute(db);
}

/** "Name, code or owner contains": the matching ids, one page by recency, and the count and sum. */
async function searchFloorQuery(db: Kysely<DB>, like: string) {
  return sql`
    with matched as (
      select id from projects where name ilike ${like}
      union select id from projects where code ilike ${like}
      union select p.id from projects p join enterprises e on e.id = p.owner_id where e.name ilike ${like}
    ), filtered as (
      select id, total_investment, updated_at from projects where id = any(array(select id from matched))
    )
    select (select json_agg(page) from (select id from filtered order by updated_at desc, id limit 20) page) as items,
      (select count(*) from filtered) as total, (select coalesce(sum(total_investment), 0) from filtered) as investment`.execute(
    db,
  );
}

/** A benchmark is worthless if the fast path answers differently: compare count and sum once. */
async function assertSameAnswer(
  app: Awaited<ReturnType<typeof buildApp>>,
  cookie: string,
  db: Kysely<DB>,
  region: string,
) {
  const response = await app.inject({
    method: 'GET',
    url: `/api/projects?region=${region}&stage=${STAGES[0]}&sector=${SECTORS[0]}&sort=-totalInvestment&pageSize=20`,
    headers: { cookie },
  });
  const api = response.json() as { total: number; totalInvestment: string; items: { id: string }[] };
  const floor = (await floorQuery(db, region, STAGES[0], SECTORS[0])).rows[0] as {
    total: string;
    investment: string;
    items: { id: string }[] | null;
  };
  const same =
    api.total === Number(floor.total) &&
    api.totalInvestment === floor.investment &&
    api.items.map((i) => i.id).join() === (floor.items ?? []).map((i) => i.id).join();
  if (!same)
    throw new Error(`API and SQL floor disagree: ${JSON.stringify({ api: api.total, floor: floor.total })}`);
}

export async function run(scale: Scale, engine: 'pglite' | 'postgres'): Promise<Result[]> {
  const size = SCALES[scale];
  const database = await openBenchDatabase(scale, engine);
  const { db } = database;
  const config = loadConfig({ BEACON_DEMO: '0', LOG_LEVEL: 'silent', BEACON_RATE_LIMIT_LOGIN: '100000' });
  try {
    await migrate(db);
    await ensureReferenceData(db, config);
    const started = Date.now();
    await generateRegistry(db, size);
    console.log(
      `${scale}/${engine}: generated ${size.projects} projects over ${size.regions} regions in ${Date.now() - started} ms`,
    );
    await db
      .insertInto('users')
      .values({
        username: 'bench',
        display_name: '基准',
        role: 'city',
        password_hash: await hashPassword('Bench-Pass-2020'),
      })
      .execute();
    const app = await buildApp({ services: { db, engine: database.engine, config } });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bench', password: 'Bench-Pass-2020' },
    });
    const cookie = `beacon_session=${login.cookies.find((c) => c.name === 'beacon_session')!.value}`;
    const region = (i: number) => `B${String(1 + (i % size.regions)).padStart(5, '0')}`;

    await assertSameAnswer(app, cookie, db, region(0));
    const listApi = await measure(size.iterations, async (i) => {
      const query = `region=${region(i)}&stage=${STAGES[i % 4]}&sector=${SECTORS[i % 4]}&sort=-totalInvestment&pageSize=20`;
      const response = await app.inject({
        method: 'GET',
        url: `/api/projects?${query}`,
        headers: { cookie },
      });
      if (response.statusCode !== 200) throw new Error(response.body);
    });
    const listFloor = await measure(size.iterations, (i) =>
      floorQuery(db, region(i), STAGES[i % 4]!, SECTORS[i % 4]!),
    );

    const searchApi = await measure(size.iterations, async (i) => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/projects?q=${encodeURIComponent(String(1000 + i * 37))}&pageSize=20`,
        headers: { cookie },
      });
      if (response.statusCode !== 200) throw new Error(response.body);
    });
    const searchFloor = await measure(size.iterations, (i) => searchFloorQuery(db, `%${1000 + i * 37}%`));
    await app.close();
    const goal = scale === 'province' ? 50 : null;
    return [
      {
        case: 'project list: region+stage+sector, sorted, page 1',
        scale,
        engine,
        ...listApi,
        floorMs: listFloor.p50Ms,
        goalMs: goal,
      },
      {
        case: 'project list: text search on name/code/owner',
        scale,
        engine,
        ...searchApi,
        floorMs: searchFloor.p50Ms,
        goalMs: goal,
      },
    ];
  } finally {
    await database.close();
  }
}

async function describeMachine(): Promise<string> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let postgres = 'not used';
  if (process.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    postgres = (await client.query<{ version: string }>('select version()')).rows[0]!.version.split(
      ' on ',
    )[0]!;
    await client.end();
  }
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${postgres}`;
}

export async function main() {
  const scaleArg = process.argv.indexOf('--scale');
  const only = scaleArg >= 0 ? (process.argv[scaleArg + 1] as Scale) : undefined;
  if (only && !(only in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const plan: [Scale, 'pglite' | 'postgres'][] = [];
  if (!only || only === 'city' || only === 'smoke') plan.push([only ?? 'city', 'pglite']);
  if (process.env.DATABASE_URL && (!only || only === 'province')) plan.push(['province', 'postgres']);
  if (only === 'province' && !process.env.DATABASE_URL)
    throw new Error('Province scale runs on PostgreSQL: set DATABASE_URL');

  const results: Result[] = [];
  for (const [scale, engine] of plan) results.push(...(await run(scale, engine)));

  const header = '| case | scale | engine | p50 ms | p95 ms | SQL floor p50 ms | goal p95 ms |';
  const rows = results.map(
    (r) =>
      `| ${r.case} | ${r.scale} | ${r.engine} | ${r.p50Ms} | ${r.p95Ms} | ${r.floorMs} | ${r.goalMs ?? '—'} |`,
  );
  const table = [header, '| --- | --- | --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
  console.log(`\n${table}\n`);
  if (only === 'smoke') return;
  const machine = await describeMachine();
  await fs.writeFile(
    path.join(ROOT, 'bench/results.json'),
    JSON.stringify(
      results.map(({ goalMs: _goal, ...r }) => r),
      null,
      2,
    ) + '\n',
  );
  await fs.writeFile(
    path.join(ROOT, 'docs/benchmarks.md'),
    `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\nMachine: ${machine}.\n\n` +
      'Each API case goes through the real HTTP layer (`app.inject`, session, validation, scope, serialisation); the floor is ' +
      'the hand-written SQL that answers the same question, timed in the same run.\n\n' +
      `${table}\n`,
  );
}
