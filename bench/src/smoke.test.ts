import { describe, expect, it } from 'vitest';
import { run } from './main.ts';

/**
 * The bench in seconds, so it cannot rot: it must build its data, time every case and agree with
 * the SQL floor (the indicator table with the naive aggregate, before and after the imports).
 */
describe('bench smoke', () => {
  it('runs every case at smoke scale on PGlite', async () => {
    const { results, dataSet } = await run('smoke', 'pglite');
    expect(results.map((r) => r.case.split(':')[0])).toEqual([
      'indicator table',
      'monthly sheet import',
      'project list',
      'project list',
      'month close',
      'dashboard data',
      'bulletin .docx',
    ]);
    expect(dataSet.reports).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.p50Ms).toBeGreaterThan(0);
      expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
      expect(result.floorMs).toBeGreaterThan(0);
    }
  }, 120_000);
});
