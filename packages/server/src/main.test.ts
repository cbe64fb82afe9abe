import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from './test/global-setup.ts';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/** Starts the real server process as `npm start` does and collects its output. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', BEACON_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running at (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  // A start that is meant to fail is awaited through `exited`; its `ready` rejection is expected.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}

let env: Record<string, string>;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `beacon_main_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    env = { DATABASE_URL: withDatabase(url, name) };
    cleanup = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'beacon-main-'));
    env = { DATA_DIR: dir };
    cleanup = () => fs.rm(dir, { recursive: true, force: true });
  }
});
afterAll(() => cleanup());

describe('the server process', () => {
  it('migrates an empty database, prints a one-time admin password, serves, and stops cleanly on SIGTERM', async () => {
    const server = start(env);
    const url = await server.ready;
    expect(server.output()).toMatch(/admin \/ Bcn-\S+ {3}\(shown once/);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: env.DATABASE_URL ? 'postgres' : 'pglite' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const again = start(env);
    await again.ready;
    expect(again.output()).not.toContain('admin /');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const server = start({ ...env, PORT: 'eighty', BEACON_ROOT_REGION: '33' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Invalid configuration');
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('BEACON_ROOT_REGION');
  }, 30_000);
});
