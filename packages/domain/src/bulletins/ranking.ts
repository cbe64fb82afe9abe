import { compareRatios, type Ratio } from '../indicators/ratio.ts';

/**
 * Standard competition ranking (1, 2, 2, 4) of regions by an exact figure, best first. Regions
 * without the figure (no plan, no base for growth) come last, unranked, in their given order, so
 * a region is never ranked on a "—".
 */
export function rankBy<T>(
  items: readonly T[],
  figure: (item: T) => Ratio | null,
  order: 'desc' | 'asc' = 'desc',
): { item: T; rank: number | null }[] {
  const ranked = items
    .map((item, index) => ({ item, index, value: figure(item) }))
    .filter((entry): entry is { item: T; index: number; value: Ratio } => entry.value !== null)
    .sort((a, b) => {
      const comparison = compareRatios(a.value, b.value);
      return (order === 'desc' ? -comparison : comparison) || a.index - b.index;
    });
  const result: { item: T; rank: number | null }[] = [];
  ranked.forEach((entry, position) => {
    const previous = ranked[position - 1];
    const tied = previous !== undefined && compareRatios(previous.value, entry.value) === 0;
    result.push({
      item: entry.item,
      rank: tied ? (result[position - 1]?.rank ?? position + 1) : position + 1,
    });
  });
  for (const entry of items) if (figure(entry) === null) result.push({ item: entry, rank: null });
  return result;
}

export type RankChange = 'up' | 'down' | 'same' | 'new';

/** The 晾晒 arrow: a smaller rank number is better. */
export function rankChange(previous: number | null | undefined, current: number | null): RankChange | null {
  if (current === null) return null;
  if (previous === null || previous === undefined) return 'new';
  return current < previous ? 'up' : current > previous ? 'down' : 'same';
}

/** Ids present now and not before, and the reverse, each in their given order. */
export function listChanges(
  previous: readonly string[],
  current: readonly string[],
): { added: string[]; removed: string[] } {
  const before = new Set(previous);
  const now = new Set(current);
  return {
    added: current.filter((id) => !before.has(id)),
    removed: previous.filter((id) => !now.has(id)),
  };
}

/** An official document number (发文字号): `〔2020〕3号`. */
export function documentNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`文号序号无效：${sequence}`);
  return `${prefix}〔${year}〕${sequence}号`;
}
