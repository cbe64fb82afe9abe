import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './test/harness.ts';

const COMMITTED = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../web/src/api/openapi.json',
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('the web client contract', () => {
  it('matches the OpenAPI document the server publishes (run `npm run gen:api` after changing a schema)', async () => {
    await h.app.ready();
    const live = JSON.parse(JSON.stringify(h.app.swagger()));
    const committed = JSON.parse(await fs.readFile(COMMITTED, 'utf8'));
    expect(committed).toEqual(live);
  });
});
