import { describe, expect, it } from 'vitest';
import { regionMap } from './map.ts';

describe('the county map follows the configured root region', () => {
  it('gives another city its own counties with division codes', () => {
    const map = regionMap('330100')!;
    expect(map.name).toBe('杭州市');
    const names = map.features.map((feature) => feature.properties.name);
    expect(names).toContain('西湖区');
    expect(map.features.filter((feature) => feature.properties.code !== null).length).toBeGreaterThan(5);
  });

  it('gives a county deployment its own boundary only', () => {
    const map = regionMap('331102')!;
    expect(map.features.map((feature) => [feature.properties.name, feature.properties.code])).toEqual([
      ['莲都区', '331102'],
    ]);
  });

  it('keeps the boundaries light', () => {
    const points = JSON.stringify(regionMap('331100')!.features.map((feature) => feature.geometry)).length;
    expect(points).toBeLessThan(400_000);
  });
});
