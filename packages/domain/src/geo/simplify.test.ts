import { describe, expect, it } from 'vitest';
import { simplifyGeometry, simplifyRing, type Position } from './simplify.ts';

describe('boundary simplification', () => {
  it('drops points that lie within the tolerance of the line and keeps the corners', () => {
    const ring: Position[] = [[0, 0]];
    for (let i = 1; i < 100; i += 1) ring.push([i / 100, (i % 2) * 0.0001]);
    ring.push([1, 0], [1, 1], [0, 1], [0, 0]);
    const simplified = simplifyRing(ring);
    expect(simplified).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it('keeps a small ring that would collapse, and leaves other geometries alone', () => {
    const tiny: Position[] = [
      [0, 0],
      [0.0001, 0],
      [0.0001, 0.0001],
      [0, 0.0001],
      [0, 0],
    ];
    expect(simplifyRing(tiny)).toEqual(tiny);
    const point = { type: 'Point', coordinates: [1, 2] };
    expect(simplifyGeometry(point)).toBe(point);
    const multi = simplifyGeometry({ type: 'MultiPolygon', coordinates: [[tiny]] }) as {
      coordinates: unknown;
    };
    expect(multi.coordinates).toEqual([[tiny]]);
  });
});
