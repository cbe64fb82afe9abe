import { describe, expect, it } from 'vitest';
import { parsePercent } from '../indicators/ratio.ts';
import { documentNumber, listChanges, rankBy, rankChange } from './ranking.ts';

describe('ranking regions', () => {
  const regions = [
    { code: 'a', growth: '12.0' },
    { code: 'b', growth: null },
    { code: 'c', growth: '15.5' },
    { code: 'd', growth: '12.0' },
    { code: 'e', growth: '-3' },
  ];
  const figure = (region: (typeof regions)[number]) =>
    region.growth === null ? null : parsePercent(region.growth);

  it('ranks best first with ties sharing a rank and the unranked last', () => {
    expect(rankBy(regions, figure).map(({ item, rank }) => [item.code, rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ]);
  });

  it('ranks ascending when smaller is better', () => {
    expect(rankBy(regions, figure, 'asc')[0]).toEqual({ item: regions[4], rank: 1 });
  });

  it('compares exact values, not rounded ones', () => {
    const close = [
      { code: 'x', growth: '12.04' },
      { code: 'y', growth: '12.01' },
    ];
    expect(rankBy(close, (region) => parsePercent(region.growth)).map((entry) => entry.rank)).toEqual([1, 2]);
  });
});

describe('rank changes and list changes', () => {
  it.each([
    [3, 1, 'up'],
    [1, 3, 'down'],
    [2, 2, 'same'],
    [null, 2, 'new'],
    [undefined, 2, 'new'],
    [2, null, null],
  ] as const)('%s → %s is %s', (previous, current, change) => {
    expect(rankChange(previous, current)).toBe(change);
  });

  it('lists additions and removals', () => {
    expect(listChanges(['p1', 'p2', 'p3'], ['p2', 'p4', 'p3'])).toEqual({ added: ['p4'], removed: ['p1'] });
  });

  it('formats the document number', () => {
    expect(documentNumber('丽投办', 2020, 3)).toBe('丽投办〔2020〕3号');
    expect(() => documentNumber('丽投办', 2020, 0)).toThrow(RangeError);
  });
});
