import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';
export type Database = { db: Kysely<DB>; engine: Engine; close: () => Promise<void> };

const DATE_OID = 1082;
const INT8_OID = 20;
// Dates stay ISO strings so no time zone shifts a planned start by a day; int8 stays a string
// because counts and identities may exceed 2^53 and money is never a JS number.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID || oid === INT8_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openDatabase(options: { databaseUrl?: string; pgliteDir?: string }): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, types, max: 10 });
    // An idle connection the server closes (a restart, a failover, an administrator's terminate)
    // is an 'error' event on the pool; unhandled, it would end the process. The pool drops that
    // connection and opens a new one on the next query, so a warning is all it deserves.
    pool.on('error', (error) =>
      process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`),
    );
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.pgliteDir;
  if (!dataDir) throw new Error('Either a DATABASE_URL or a PGlite data directory is required');
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  // pg_trgm backs the list's text search; PostgreSQL ships it in contrib, PGlite as a bundled module.
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  // PGlite is one in-process backend: one connection, which node-postgres queues behind.
  const pool = new pg.Pool({ ...createPgConfig(pglite), types, max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
