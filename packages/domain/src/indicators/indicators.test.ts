import { describe, expect, it } from 'vitest';
import { parseWan } from '../money/money.ts';
import {
  countIndicator,
  isCountIndicator,
  matchesIndicator,
  SEED_INDICATORS,
  type IndicatorDefinition,
  type IndicatorFilter,
  type IndicatorProject,
} from './indicators.ts';
import { resolveTarget, SEED_TARGETS_2020, type IndicatorTarget } from './targets.ts';

const project = (overrides: Partial<IndicatorProject> = {}): IndicatorProject => ({
  regionCode: '331102',
  sectorCode: 'industry',
  fundingSource: 'soe',
  highTech: false,
  totalInvestment: parseWan('5000'),
  stage: 'construction',
  lists: [],
  actualStart: null,
  plannedYear: null,
  ...overrides,
});

const seed = (code: string): IndicatorDefinition => {
  const definition = SEED_INDICATORS.find((row) => row.code === code);
  if (!definition) throw new Error(`no seed indicator ${code}`);
  return definition;
};

const countSeed = (code: string) => {
  const definition = seed(code);
  if (!isCountIndicator(definition)) throw new Error(`${code} is not a count`);
  return definition;
};

describe('matchesIndicator', () => {
  it.each<[string, Partial<IndicatorProject>, IndicatorFilter, boolean]>([
    ['empty filter matches all', {}, {}, true],
    ['empty lists do not restrict', {}, { sectors: [], lists: [], stages: [] }, true],
    ['sector in list', { sectorCode: 'water' }, { sectors: ['ecology', 'urban', 'water'] }, true],
    ['sector not in list', { sectorCode: 'transport' }, { sectors: ['ecology', 'urban', 'water'] }, false],
    ['funding source', { fundingSource: 'private' }, { fundingSources: ['private'] }, true],
    ['other funding source', { fundingSource: 'ppp' }, { fundingSources: ['government'] }, false],
    ['high-tech wanted', { highTech: true }, { highTech: true }, true],
    ['high-tech wanted, not high-tech', { highTech: false }, { highTech: true }, false],
    ['not high-tech wanted', { highTech: false }, { highTech: false }, true],
    ['on one of the lists', { lists: ['city_key', 'head'] }, { lists: ['head'] }, true],
    ['on none of the lists', { lists: ['city_key'] }, { lists: ['head', 'new_key'] }, false],
    ['stage', { stage: 'preliminary' }, { stages: ['preliminary'] }, true],
    ['other stage', { stage: 'reserve' }, { stages: ['preliminary'] }, false],
    [
      'exactly 1亿 is 亿元以上',
      { totalInvestment: parseWan('1', 'yi') },
      { minTotalInvestment: '10000' },
      true,
    ],
    [
      'one yuan short of 1亿',
      { totalInvestment: parseWan('9999.9999') },
      { minTotalInvestment: '10000' },
      false,
    ],
    [
      'every criterion must hold',
      { sectorCode: 'transport', fundingSource: 'private' },
      { sectors: ['transport'], fundingSources: ['government'] },
      false,
    ],
  ])('%s', (_label, overrides, filter, expected) => {
    expect(matchesIndicator(project(overrides), filter)).toBe(expected);
  });

  it.each([
    ['government_investment', { fundingSource: 'government' }, true],
    ['government_investment', { fundingSource: 'private' }, false],
    ['transport_investment', { sectorCode: 'transport' }, true],
    ['high_tech_investment', { highTech: true }, true],
    ['private_investment', { fundingSource: 'private' }, true],
    ['ecology_urban_water_investment', { sectorCode: 'ecology' }, true],
    ['ecology_urban_water_investment', { sectorCode: 'urban' }, true],
    ['ecology_urban_water_investment', { sectorCode: 'energy' }, false],
  ] as const)('seed %s with %o → %s', (code, overrides, expected) => {
    expect(matchesIndicator(project(overrides), seed(code).filter)).toBe(expected);
  });

  it('lets one project count in several indicators', () => {
    const privateHighTechWater = project({ fundingSource: 'private', highTech: true, sectorCode: 'water' });
    const codes = SEED_INDICATORS.filter(
      (row) => row.measure === 'sum_completed' && matchesIndicator(privateHighTechWater, row.filter),
    ).map((row) => row.code);
    expect(codes).toEqual(['high_tech_investment', 'private_investment', 'ecology_urban_water_investment']);
  });
});

describe('countIndicator', () => {
  const yi = (amount: string) => parseWan(amount, 'yi');

  it('counts ≥ 1亿 projects in the preliminary stage', () => {
    const projects = [
      project({ stage: 'preliminary', totalInvestment: yi('1') }),
      project({ stage: 'preliminary', totalInvestment: yi('0.9999') }),
      project({ stage: 'construction', totalInvestment: yi('5') }),
      project({ stage: 'preliminary', totalInvestment: yi('30') }),
    ];
    expect(countIndicator(countSeed('preliminary_major_projects'), projects, { year: 2020, month: 6 })).toBe(
      2,
    );
  });

  it('counts ≥ 10亿 projects newly planned this year', () => {
    const projects = [
      project({ plannedYear: 2020, totalInvestment: yi('10') }),
      project({ plannedYear: 2019, totalInvestment: yi('12') }),
      project({ plannedYear: 2020, totalInvestment: yi('9.5') }),
      project({ plannedYear: null, totalInvestment: yi('20') }),
    ];
    expect(countIndicator(countSeed('new_ten_yi_projects'), projects, { year: 2020, month: 11 })).toBe(1);
  });

  it.each([
    ['January only counts January', 1, 1],
    ['March counts the whole quarter', 3, 3],
    ['later months do not add to Q1', 12, 3],
  ])('counts Q1 starts of ≥ 1亿 projects: %s', (_label, month, expected) => {
    const projects = [
      project({ actualStart: '2020-01-15', totalInvestment: yi('2') }),
      project({ actualStart: '2020-02-29', totalInvestment: yi('1') }),
      project({ actualStart: '2020-03-31', totalInvestment: yi('3') }),
      project({ actualStart: '2020-04-01', totalInvestment: yi('3') }),
      project({ actualStart: '2019-03-01', totalInvestment: yi('3') }),
      project({ actualStart: '2020-02-01', totalInvestment: yi('0.5') }),
      project({ actualStart: null, totalInvestment: yi('3') }),
    ];
    expect(countIndicator(countSeed('q1_major_starts'), projects, { year: 2020, month })).toBe(expected);
  });
});

describe('resolveTarget', () => {
  const growth = (pct: string) => ({ kind: 'growth', pct }) as const;
  const targets: IndicatorTarget[] = [
    ...SEED_TARGETS_2020,
    { indicator: 'government_investment', region: '331121', year: 2020, value: growth('15') },
    { indicator: 'new_ten_yi_projects', region: '331102', year: 2020, value: { kind: 'count', count: 3 } },
  ];

  it.each([
    ['growth default for the city', 'government_investment', 2020, null, growth('12')],
    ['growth default for a county', 'government_investment', 2020, '331102', growth('12')],
    ['a county row overrides the default', 'government_investment', 2020, '331121', growth('15')],
    ['no carry-over to a year without rows', 'government_investment', 2021, null, null],
    ['citywide count for the city', 'preliminary_major_projects', 2020, null, { kind: 'count', count: 200 }],
    ['a citywide count is no county quota', 'preliminary_major_projects', 2020, '331102', null],
    ['Q1 starts citywide', 'q1_major_starts', 2020, null, { kind: 'count', count: 230 }],
    ['per-county quota for a county', 'new_ten_yi_projects', 2020, '331123', { kind: 'count', count: 2 }],
    ['per-county quota overridden', 'new_ten_yi_projects', 2020, '331102', { kind: 'count', count: 3 }],
    ['a per-county quota is no city total', 'new_ten_yi_projects', 2020, null, null],
  ] as const)('%s', (_label, code, year, region, expected) => {
    expect(resolveTarget(targets, seed(code), year, region)).toEqual(expected);
  });

  it('gives every seed indicator a 2020 target', () => {
    for (const definition of SEED_INDICATORS) {
      const region = definition.targetLevel === 'each_region' ? '331102' : null;
      expect(resolveTarget(SEED_TARGETS_2020, definition, 2020, region)).not.toBeNull();
    }
  });
});
