import { randomBytes } from 'node:crypto';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/setup.ts';
import { startMonthCloseJob } from './jobs/month-close.ts';
import { hashPassword } from './modules/auth/passwords.ts';
import { seedDemo } from './seed/demo.ts';
import { ensureReferenceData } from './seed/reference.ts';

/** A random password that satisfies the policy: all four character classes. */
const generatedPassword = () => `Bcn-${randomBytes(9).toString('base64url')}7a`;

async function main() {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  const { db } = database;
  await migrate(db);
  await ensureReferenceData(db, config);

  const notes: string[] = [];
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (!admin) {
    const password = config.adminPassword ?? generatedPassword();
    await db
      .insertInto('users')
      .values({
        username: 'admin',
        display_name: '系统管理员',
        role: 'admin',
        password_hash: await hashPassword(password),
        must_change_password: !config.adminPassword,
      })
      .execute();
    notes.push(
      config.adminPassword
        ? 'admin / (BEACON_ADMIN_PASSWORD)'
        : `admin / ${password}   (shown once; change it at first login)`,
    );
  }
  if (config.demo) {
    const password = config.demoPassword ?? generatedPassword();
    const accounts = await seedDemo({ db, engine: database.engine, config }, password);
    if (accounts.length > 0) {
      const shown = config.demoPassword ? '(BEACON_DEMO_PASSWORD)' : password;
      notes.push(`demo accounts, password ${shown}:`);
      for (const account of accounts)
        notes.push(`  ${account.username.padEnd(16)} ${account.role.padEnd(10)} ${account.displayName}`);
    }
  }

  const app = await buildApp({
    services: { db, engine: database.engine, config },
    logger: { level: config.logLevel },
    serveWeb: true,
  });
  const stopJobs = config.autoClose
    ? startMonthCloseJob({ db, engine: database.engine, config }, (error) =>
        app.log.error(error, 'scheduled month close failed'),
      )
    : () => {};
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing requests, then closing the database`);
    stopJobs();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  console.log(`\nBeacon is running at ${url}  (database: ${database.engine}; API docs ${url}/api/docs)`);
  for (const note of notes) console.log(note);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
