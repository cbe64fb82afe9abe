/**
 * Writes the OpenAPI document the running server would publish at /api/docs/json, so the web
 * console's client types come from the same schemas that validate requests (architecture
 * convention 2). Usage: node --import tsx packages/server/src/scripts/openapi.ts <out.json>
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: openapi.ts <output.json>');

// Building the app only registers routes; an empty in-memory database is enough.
const database = await openDatabase({ pgliteDir: 'memory://' });
const app = await buildApp({
  services: { db: database.db, engine: database.engine, config: loadConfig({ BEACON_DEMO: '0' }) },
});
await app.ready();
const document = app.swagger();
await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
await fs.writeFile(out, JSON.stringify(document, null, 2) + '\n');
await app.close();
await database.close();
