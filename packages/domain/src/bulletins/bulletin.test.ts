import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWan, wanToDecimal } from '../money/money.ts';
import { timeProgress } from '../indicators/ratio.ts';
import type { ProjectLight } from '../warnings/engine.ts';
import { buildBulletin, type BulletinInput, type SnapshotProject } from './bulletin.ts';

const light = (value: ProjectLight['light'], explanation = ''): ProjectLight => ({
  light: value,
  dimensions: [],
  explanation,
});

function project(
  overrides: Partial<SnapshotProject> & Pick<SnapshotProject, 'id' | 'regionCode'>,
): SnapshotProject {
  return {
    code: null,
    name: overrides.id,
    responsibleUnit: '市发改委',
    leadingOfficial: '张三',
    lists: [],
    totalInvestment: parseWan('100000'),
    annualPlan: parseWan('10000'),
    cumulative: parseWan('2500'),
    lastYearCumulative: parseWan('2000'),
    plannedStart: false,
    started: false,
    light: light('green'),
    ...overrides,
  };
}

const regions = [
  { code: '331102', name: '莲都区' },
  { code: '331121', name: '青田县' },
  { code: '331122', name: '缙云县' },
];

const input: BulletinInput = {
  year: 2020,
  month: 3,
  asOf: '2020-04-06',
  timeProgress: timeProgress({ year: 2020, month: 3 }),
  regions,
  namedLists: [{ code: 'provincial', name: '省市县长项目' }],
  indicators: null,
  projects: [
    // 莲都: plan 60.0亿 + 0, done 13.2亿 by March → 22.0%, 3.0 points behind time progress 25.0%.
    project({
      id: 'a',
      code: '2020-331102-48-01-000001',
      regionCode: '331102',
      annualPlan: parseWan('600000'),
      cumulative: parseWan('132000'),
      lastYearCumulative: parseWan('120000'),
      lists: ['provincial'],
      plannedStart: true,
      started: true,
      light: light('yellow', '投资进度：… → 黄灯'),
    }),
    project({
      id: 'b',
      regionCode: '331121',
      annualPlan: parseWan('10000'),
      cumulative: parseWan('500'),
      plannedStart: true,
      light: light('red', '开工：… → 红灯'),
      leadingOfficial: '李四',
    }),
    project({ id: 'c', regionCode: '331121', annualPlan: parseWan('10000'), cumulative: parseWan('4000') }),
  ],
  regionLights: {
    '331102': {
      light: 'yellow',
      indicators: [{ indicator: '政府投资', light: 'yellow', explanation: 'x' }],
      explanation: 'x',
    },
  },
  previous: {
    regionRanks: { '331102': 1, '331121': 2 },
    projects: [
      {
        id: 'a',
        code: '2020-331102-48-01-000001',
        name: 'a',
        regionCode: '331102',
        responsibleUnit: null,
        leadingOfficial: null,
        explanation: '',
      },
      {
        id: 'z',
        code: null,
        name: 'z',
        regionCode: '331122',
        responsibleUnit: null,
        leadingOfficial: null,
        explanation: '',
      },
    ],
  },
};

describe('the monthly bulletin', () => {
  const bulletin = buildBulletin(input);

  it('gives the headline figures of the whole work list', () => {
    expect(bulletin.timeProgressPct).toBe('25.0');
    expect(bulletin.headline).toMatchObject({
      projects: 3,
      annualPlan: '620000.0000',
      cumulative: '136500.0000',
      completionPct: '22.0',
      gapPts: '-3.0',
      plannedStarts: 2,
      starts: 1,
      startRatePct: '50.0',
      lights: { green: 1, yellow: 1, red: 1 },
    });
  });

  it('ranks regions by completion rate with the change since last month', () => {
    expect(
      bulletin.regions.map((region) => [region.code, region.completionPct, region.rank, region.rankChange]),
    ).toEqual([
      ['331102', '22.0', 2, 'down'],
      ['331121', '22.5', 1, 'up'],
      ['331122', null, null, null],
    ]);
    expect(bulletin.regions[0]).toMatchObject({ light: 'yellow', growthPct: '10.0', gapPts: '-3.0' });
    expect(bulletin.regions[1]).toMatchObject({ light: null, lights: { green: 1, yellow: 0, red: 1 } });
  });

  it('lists red projects, additions and removals, and named lists', () => {
    expect(bulletin.redProjects).toEqual([
      {
        id: 'b',
        code: null,
        name: 'b',
        regionCode: '331121',
        responsibleUnit: '市发改委',
        leadingOfficial: '李四',
        explanation: '开工：… → 红灯',
      },
    ]);
    expect(bulletin.additions.map((line) => line.id)).toEqual(['b', 'c']);
    expect(bulletin.removals.map((line) => line.id)).toEqual(['z']);
    expect(bulletin.lists).toEqual([
      expect.objectContaining({
        code: 'provincial',
        name: '省市县长项目',
        projects: 1,
        completionPct: '22.0',
      }),
    ]);
  });

  it('is the same whatever order the projects arrive in', () => {
    const reversed = buildBulletin({ ...input, projects: [...input.projects].reverse() });
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(bulletin));
  });

  it('has no changes or rank arrows for the first close', () => {
    const first = buildBulletin({ ...input, previous: null });
    expect(first.additions).toEqual([]);
    expect(first.regions.every((region) => region.rankChange === null)).toBe(true);
  });
});

describe('region figures add up to the headline', () => {
  it('for any projects and amounts', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
    const arbitraryProject = fc.record({
      regionCode: fc.constantFrom(...regions.map((region) => region.code)),
      annualPlan: amount,
      cumulative: amount,
      lastYearCumulative: amount,
      light: fc.constantFrom('green', 'yellow', 'red' as const),
    });
    fc.assert(
      fc.property(fc.array(arbitraryProject, { maxLength: 40 }), (entries) => {
        const projects = entries.map((entry, index) =>
          project({ ...entry, id: `p${index}`, light: light(entry.light) }),
        );
        const bulletin = buildBulletin({ ...input, projects, previous: null });
        const sum = (key: 'cumulative' | 'annualPlan' | 'lastYearCumulative') =>
          wanToDecimal(bulletin.regions.reduce((total, region) => total + parseWan(region[key]), 0n));
        expect(sum('cumulative')).toBe(bulletin.headline.cumulative);
        expect(sum('annualPlan')).toBe(bulletin.headline.annualPlan);
        expect(sum('lastYearCumulative')).toBe(bulletin.headline.lastYearCumulative);
        const redCount = bulletin.regions.reduce((total, region) => total + region.lights.red, 0);
        expect(redCount).toBe(bulletin.headline.lights.red);
        expect(bulletin.redProjects).toHaveLength(redCount);
      }),
    );
  });
});
