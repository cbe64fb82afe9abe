import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureReferenceData } from '../seed/reference.ts';
import { TEST_CONFIG } from './config.ts';

export const TEMPLATE_DB = 'beacon_test_template';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting a library type needs declaration merging
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated database with reference data. Each test file then gets its own copy:
 * a copied PGlite data dir, or a PostgreSQL database created from this one as a template.
 * Creating a PGlite data dir takes seconds, copying one a fraction of that.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const template = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB) });
    await migrate(template.db);
    await ensureReferenceData(template.db, TEST_CONFIG);
    await template.close();
    project.provide('postgresTemplate', withDatabase(url, TEMPLATE_DB));
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'beacon-template-'));
  const template = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
  await migrate(template.db);
  await ensureReferenceData(template.db, TEST_CONFIG);
  await template.close();
  project.provide('pgliteTemplate', path.join(dir, 'pglite'));
  project.provide('postgresTemplate', '');
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
