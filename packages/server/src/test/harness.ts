import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.ts';
import type { Config } from '../config.ts';
import type { Services } from '../context.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { DB, NewProject } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { TEST_CONFIG } from './config.ts';
import { TEMPLATE_DB, withDatabase } from './global-setup.ts';

export const TEST_PASSWORD = 'Test-Password-2020';

/** A private copy of the migrated template database for one test file. */
export async function openTestDatabase(): Promise<Database> {
  const postgresTemplate = inject('postgresTemplate');
  if (postgresTemplate) {
    const name = `beacon_test_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    return {
      ...database,
      close: async () => {
        await database.close();
        const cleanup = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'beacon-test-'));
  await fs.cp(inject('pgliteTemplate'), path.join(dir, 'pglite'), { recursive: true });
  const database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
  return {
    ...database,
    close: async () => {
      await database.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestUser = { id: string; username: string; role: DB['users']['role'] };
export type Session = { cookie: string; csrfToken: string; user: TestUser };

let passwordHash: Promise<string> | undefined;

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** The real app on a private database, with factories that fill in missing parents. */
export async function createHarness(overrides: Partial<Config> = {}) {
  const database = await openTestDatabase();
  const config = { ...TEST_CONFIG, ...overrides };
  const services: Services = { db: database.db, engine: database.engine, config };
  const app: App = await buildApp({ services });
  const { db } = database;
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${++counter}${randomUUID().slice(0, 6)}`;

  const departments = await db
    .selectFrom('departments')
    .select(['id', 'name'])
    .orderBy('sort_order')
    .execute();

  async function createUser(options: {
    role: DB['users']['role'];
    regionCode?: string;
    departmentId?: string;
    enterpriseId?: string;
    displayName?: string;
    mustChangePassword?: boolean;
  }): Promise<TestUser> {
    const username = unique(options.role);
    const row = await db
      .insertInto('users')
      .values({
        username,
        display_name: options.displayName ?? username,
        role: options.role,
        password_hash: await (passwordHash ??= hashPassword(TEST_PASSWORD)),
        region_code: options.regionCode ?? (options.role === 'county' ? '331102' : null),
        department_id: options.departmentId ?? (options.role === 'department' ? departments[1]!.id : null),
        enterprise_id: options.enterpriseId ?? (options.role === 'owner' ? await createEnterprise() : null),
        must_change_password: options.mustChangePassword ?? false,
      })
      .returning(['id', 'username', 'role'])
      .executeTakeFirstOrThrow();
    return row;
  }

  async function createEnterprise(name = unique('测试建设单位')): Promise<string> {
    const row = await db
      .insertInto('enterprises')
      .values({ name, region_code: '331102' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function login(user: TestUser, password = TEST_PASSWORD): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password },
    });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'beacon_session')!;
    return { cookie: `beacon_session=${cookie.value}`, csrfToken: response.json().csrfToken, user };
  }

  async function loginAs(
    role: DB['users']['role'],
    options: Omit<Parameters<typeof createUser>[0], 'role'> = {},
  ) {
    return login(await createUser({ role, ...options }));
  }

  /** Sends a request as a session, with the CSRF header a browser client would send. */
  function request(
    session: Session | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) {
    return app.inject({
      method,
      url,
      headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  /** Inserts a project directly, creating its owner when none is given. */
  async function buildProject(overrides: Partial<NewProject> & { lists?: string[] } = {}) {
    const { lists = [], ...values } = overrides;
    const owner_id = values.owner_id ?? (await createEnterprise());
    const row = await db
      .insertInto('projects')
      .values({
        name: unique('测试项目'),
        region_code: '331102',
        sector_code: 'transport',
        funding_source: 'government',
        total_investment: '12345.6700',
        stage: 'construction',
        team: '[]',
        ...values,
        owner_id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (lists.length) {
      await db
        .insertInto('project_list_members')
        .values(lists.map((list_code) => ({ project_id: row.id, list_code })))
        .execute();
    }
    return row;
  }

  return {
    app,
    db,
    services,
    departments,
    createUser,
    createEnterprise,
    login,
    loginAs,
    request,
    buildProject,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
