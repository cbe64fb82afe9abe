/** Runs `fn` `iterations` times after a warm-up and returns median and 95th percentile in ms. */
export async function measure(iterations: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(5, iterations); i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
