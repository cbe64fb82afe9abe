/** Runs `fn` `iterations` times after `warmup` runs (default up to 5) and returns median and 95th percentile in ms. */
export async function measure(
  iterations: number,
  fn: (i: number) => Promise<unknown>,
  warmup = Math.min(5, iterations),
) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) times.push(await time(() => fn(i)));
  return summarize(times);
}

/** Milliseconds one call takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median and 95th percentile (nearest rank) of timings in ms. */
export function summarize(times: readonly number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
