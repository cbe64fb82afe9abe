import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../config.ts';
import { migrate } from './migrate.ts';
import { openConfiguredDatabase } from './setup.ts';

/** `db:migrate` applies pending migrations; `db:reset` empties the database (PGlite: deletes the data dir). */
const command = process.argv[2];
const config = loadConfig();

if (command === 'reset') {
  if (config.databaseUrl) {
    const database = await openConfiguredDatabase(config);
    await sql`drop schema public cascade; create schema public`.execute(database.db);
    await database.close();
  } else {
    await fs.rm(path.join(config.dataDir, 'pglite'), { recursive: true, force: true });
  }
  console.log('Database reset. The next start migrates and seeds it again.');
} else if (command === 'migrate') {
  const database = await openConfiguredDatabase(config);
  const ran = await migrate(database.db);
  console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'No pending migrations.');
  await database.close();
} else {
  console.error('Usage: db/cli.ts migrate|reset');
  process.exitCode = 2;
}
