import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

/** The bench in seconds, so it cannot rot: it must build its data, agree with the SQL floor and time every case. */
describe('bench smoke', () => {
  it('runs every case at smoke scale on PGlite', async () => {
    const results = await run('smoke', 'pglite');
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.p50Ms).toBeGreaterThan(0);
      expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
      expect(result.floorMs).toBeGreaterThan(0);
    }
  }, 120_000);
});
