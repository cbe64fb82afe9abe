import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp, WEB_DIST, type App } from '../../packages/server/src/app.ts';
import type { Database } from '../../packages/server/src/db/database.ts';
import { hashPassword } from '../../packages/server/src/modules/auth/passwords.ts';
import { seedDemo } from '../../packages/server/src/seed/demo.ts';
import { TEST_CONFIG } from '../../packages/server/src/test/config.ts';
import { openTestDatabase } from '../../packages/server/src/test/harness.ts';

export const PASSWORD = 'E2e-Password-2020';

export type E2eServer = { baseUrl: string; app: App; db: Database['db']; close: () => Promise<void> };

/**
 * The real server on a private copy of the test database with the demo registry (one account per
 * role, one county account per region) plus an administrator, serving the built console.
 */
export async function startServer(projectCount = 120): Promise<E2eServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The console is not built (${WEB_DIST}); run "npm run build" first`);
  }
  const database = await openTestDatabase();
  const services = { db: database.db, engine: database.engine, config: TEST_CONFIG };
  // The scheduled close is not started here (TEST_CONFIG.autoClose is off): the seed has closed
  // the months before the open month, and no job closes one behind the journeys' backs.
  await seedDemo(services, PASSWORD, { projectCount });
  await database.db
    .insertInto('users')
    .values({
      username: 'admin',
      display_name: '系统管理员',
      role: 'admin',
      password_hash: await hashPassword(PASSWORD),
    })
    .execute();
  const app = await buildApp({
    services,
    serveWeb: true,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    db: database.db,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
