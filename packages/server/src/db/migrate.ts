import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies the reviewed SQL files in `migrations/` in name order, each in its own transaction,
 * and records them. Forward-only: a file once applied is never edited (its checksum is kept
 * and compared, so an edit is caught rather than silently skipped).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs before the schema exists
export async function migrate(db: Kysely<any>): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  const applied = new Map(
    (
      await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations`.execute(db)
    ).rows.map((row) => [row.name, row.checksum]),
  );
  const ran: string[] = [];
  for (const name of files) {
    const text = await fs.readFile(path.join(MIGRATIONS_DIR, name), 'utf8');
    const checksum = await digest(text);
    const known = applied.get(name);
    if (known !== undefined) {
      if (known !== checksum) throw new Error(`Migration ${name} was changed after it was applied`);
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await sql.raw(text).execute(trx);
      await sql`insert into schema_migrations (name, checksum) values (${name}, ${checksum})`.execute(trx);
    });
    ran.push(name);
  }
  return ran;
}

async function digest(text: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}
