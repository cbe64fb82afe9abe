import { describe, expect, it } from 'vitest';
import { parsePercent, timeProgress, type Ratio } from '../indicators/ratio.ts';
import {
  combineLights,
  investmentProgressLight,
  milestoneLight,
  missedReportingMonths,
  projectLight,
  regionLight,
  reportingLight,
  startOfWorkLight,
  statsRegisterLight,
  wholeMonthsBetween,
  type ProjectWarningInput,
} from './engine.ts';
import {
  LISHUI_RULES,
  SANYA_2022_RULES,
  SHIPPED_RULE_SETS,
  YINCHUAN_2025_RULES,
  ruleSetProblems,
  type InvestmentProgressRule,
  type WarningRuleSet,
} from './rules.ts';

const pct = (text: string): Ratio => parsePercent(text);
const lishui = LISHUI_RULES.project.investmentProgress!;
const yinchuan = YINCHUAN_2025_RULES.project.investmentProgress!;
const sanya = SANYA_2022_RULES.project.investmentProgress!;

describe('investment progress against 序时进度', () => {
  it.each<[string, InvestmentProgressRule, string, string, string]>([
    ['Lishui: ahead', lishui, '55', '50', 'green'],
    ['Lishui: exactly on time progress', lishui, '50', '50', 'green'],
    ['Lishui: 0.1 points behind', lishui, '49.9', '50', 'yellow'],
    ['Lishui: exactly 20.0 points behind', lishui, '30', '50', 'yellow'],
    ['Lishui: 20.1 points behind', lishui, '29.9', '50', 'red'],
    ['Yinchuan: 9.9 points behind', yinchuan, '40.1', '50', 'green'],
    ['Yinchuan: exactly 10 points behind', yinchuan, '40', '50', 'yellow'],
    ['Yinchuan: exactly 30 points behind', yinchuan, '20', '50', 'yellow'],
    ['Yinchuan: 30.1 points behind', yinchuan, '19.9', '50', 'red'],
    ['Sanya: at the pro-rata plan', sanya, '50', '50', 'green'],
    ['Sanya: exactly 50% short of the pro-rata plan', sanya, '25', '50', 'yellow'],
    ['Sanya: more than 50% short', sanya, '24.9', '50', 'red'],
  ])('%s', (_case, rule, completion, progress, light) => {
    expect(investmentProgressLight(rule, pct(completion), pct(progress)).light).toBe(light);
  });

  it('explains with the figures, the gap and the band', () => {
    const result = investmentProgressLight(lishui, pct('31.2'), timeProgress({ year: 2020, month: 6 }));
    expect(result.explanation).toBe(
      '投资进度：完成率 31.2%，低于序时进度 50.0% 达 18.8 个百分点（不超过 20 个百分点为黄灯） → 黄灯',
    );
    expect(investmentProgressLight(lishui, pct('25'), pct('50')).explanation).toBe(
      '投资进度：完成率 25.0%，低于序时进度 50.0% 达 25.0 个百分点（超过 20 个百分点为红灯） → 红灯',
    );
    expect(investmentProgressLight(yinchuan, pct('35'), pct('50')).explanation).toContain(
      '（达到 10、不超过 30 个百分点为黄灯）',
    );
    expect(investmentProgressLight(sanya, pct('30'), pct('50')).explanation).toBe(
      '投资进度：完成率 30.0%，为序时进度 50.0% 的 60.0%，落后序时计划 40.0%（不超过 50%为黄灯） → 黄灯',
    );
  });

  it('compares the exact gap, not the rounded one', () => {
    // 20.04 points behind shows as "20.0" but is beyond 20.
    expect(investmentProgressLight(lishui, pct('29.96'), pct('50')).light).toBe('red');
  });
});

describe('start of work', () => {
  const base = { plannedStart: '2020-03-10', actualStart: null, asOf: '2020-03-31' };
  it.each<[string, { year: number; month: number }, string | null, string, string | null, WarningRuleSet]>([
    ['before the planned month', { year: 2020, month: 2 }, null, '2020-02-29', null, LISHUI_RULES],
    ['in the planned month', { year: 2020, month: 3 }, null, '2020-03-31', 'yellow', LISHUI_RULES],
    ['one month later', { year: 2020, month: 4 }, null, '2020-04-30', 'yellow', LISHUI_RULES],
    ['two more months (Lishui: red)', { year: 2020, month: 5 }, null, '2020-05-31', 'red', LISHUI_RULES],
    [
      'two more months (Yinchuan: yellow)',
      { year: 2020, month: 5 },
      null,
      '2020-05-31',
      'yellow',
      YINCHUAN_2025_RULES,
    ],
    [
      'three months (Yinchuan: red)',
      { year: 2020, month: 6 },
      null,
      '2020-06-30',
      'red',
      YINCHUAN_2025_RULES,
    ],
    [
      'started by the closing date',
      { year: 2020, month: 5 },
      '2020-05-20',
      '2020-05-31',
      'green',
      LISHUI_RULES,
    ],
    [
      'starting only after the closing date',
      { year: 2020, month: 5 },
      '2020-06-02',
      '2020-05-31',
      'red',
      LISHUI_RULES,
    ],
  ])('%s', (_case, period, actualStart, asOf, light, rules) => {
    const result = startOfWorkLight(rules.project.startOfWork!, { ...base, period, actualStart, asOf });
    expect(result?.light ?? null).toBe(light);
  });

  it('has no light without a planned start', () => {
    const input = { ...base, plannedStart: null, period: { year: 2020, month: 12 } };
    expect(startOfWorkLight(LISHUI_RULES.project.startOfWork!, input)).toBeNull();
  });
});

describe('milestones', () => {
  const milestones = [{ name: '施工许可', plannedDate: '2020-03-01', actualDate: null }];
  const rule = LISHUI_RULES.project.milestones!;
  it.each<[string, string, string | null, string | null]>([
    ['on the planned day', '2020-03-01', null, 'green'],
    ['one day overdue', '2020-03-02', null, 'yellow'],
    ['exactly 30 days overdue', '2020-03-31', null, 'yellow'],
    ['31 days overdue', '2020-04-01', null, 'red'],
    ['finished by the closing date', '2020-04-10', '2020-04-05', 'green'],
    ['finished only after the closing date', '2020-04-10', '2020-04-20', 'red'],
  ])('%s', (_case, asOf, actualDate, light) => {
    const result = milestoneLight(rule, [{ ...milestones[0]!, actualDate }], asOf);
    expect(result?.light ?? null).toBe(light);
  });

  it('names the most overdue milestone', () => {
    const result = milestoneLight(
      rule,
      [
        { name: '用地预审', plannedDate: '2020-03-20', actualDate: null },
        { name: '施工许可', plannedDate: '2020-02-01', actualDate: null },
      ],
      '2020-03-31',
    );
    expect(result?.explanation).toBe(
      '节点：节点“施工许可”计划 2020-02-01 完成，已逾期 59 天（超过 30 天） → 红灯',
    );
  });
});

describe('reporting', () => {
  const input = {
    period: { year: 2020, month: 3 },
    reportingFrom: { year: 2020, month: 1 },
    dueDay: 5,
    reports: [
      { year: 2020, month: 1, submittedOn: '2020-02-03' },
      { year: 2020, month: 2, submittedOn: null },
      { year: 2020, month: 3, submittedOn: null },
    ],
  };
  it.each<[string, string, Partial<typeof input>, number]>([
    ['on the due day March is still on time', '2020-04-05', {}, 1],
    ['the day after the due day', '2020-04-06', {}, 2],
    [
      'submitted exactly on the due day',
      '2020-04-06',
      {
        reports: [
          { year: 2020, month: 2, submittedOn: '2020-03-05' },
          { year: 2020, month: 3, submittedOn: '2020-04-05' },
        ],
      },
      0,
    ],
    [
      'submitted late is no longer missing',
      '2020-04-06',
      { reports: [{ year: 2020, month: 2, submittedOn: '2020-03-20' }] },
      1,
    ],
    [
      'nothing due before the first reporting month',
      '2020-04-06',
      { reportingFrom: { year: 2020, month: 3 } },
      1,
    ],
  ])('%s', (_case, asOf, override, missed) => {
    expect(missedReportingMonths({ ...input, ...override, asOf })).toBe(missed);
  });

  it.each([
    [0, 'green'],
    [1, 'yellow'],
    [2, 'red'],
    [5, 'red'],
  ] as const)('%i missed months', (missed, light) => {
    expect(reportingLight(LISHUI_RULES.project.reporting!, missed).light).toBe(light);
  });
});

describe('statistics register (统计入库)', () => {
  const rule = LISHUI_RULES.project.statsRegister!;
  it.each<[string, string, string | null, string | null]>([
    ['less than a month after the start', '2020-04-14', null, 'green'],
    ['exactly one month', '2020-04-15', null, 'yellow'],
    ['exactly two months', '2020-05-15', null, 'red'],
    ['registered by the closing date', '2020-06-30', '2020-04-20', 'green'],
    ['not started by the closing date', '2020-03-14', null, null],
  ])('%s', (_case, asOf, statsRegisteredOn, light) => {
    const result = statsRegisterLight(rule, { actualStart: '2020-03-15', asOf, statsRegisteredOn });
    expect(result?.light ?? null).toBe(light);
  });

  it.each([
    ['2020-01-31', '2020-02-29', 1],
    ['2020-01-31', '2020-02-28', 0],
    ['2020-03-15', '2020-03-15', 0],
    ['2019-12-20', '2020-02-20', 2],
  ] as const)('%s → %s is %i whole months', (from, to, months) => {
    expect(wholeMonthsBetween(from, to)).toBe(months);
  });
});

describe('combining the dimensions', () => {
  const yellow = { dimension: 'reporting', light: 'yellow', explanation: '' } as const;
  const milestone = { ...yellow, dimension: 'milestones' } as const;
  it('takes the worst dimension by default', () => {
    expect(combineLights({ kind: 'worst' }, [])).toBe('green');
    expect(combineLights({ kind: 'worst' }, [yellow, milestone])).toBe('yellow');
  });
  it('escalates enough yellows to red when the rule says so', () => {
    expect(combineLights({ kind: 'escalate', yellowsForRed: 2 }, [yellow])).toBe('yellow');
    expect(combineLights({ kind: 'escalate', yellowsForRed: 2 }, [yellow, milestone])).toBe('red');
  });
});

describe('a project under each shipped rule set', () => {
  const input: ProjectWarningInput = {
    period: { year: 2020, month: 6 },
    asOf: '2020-07-10',
    completion: pct('24'),
    timeProgress: timeProgress({ year: 2020, month: 6 }),
    plannedStart: '2020-03-01',
    actualStart: '2020-03-15',
    milestones: [],
    reports: [1, 2, 3, 4, 5, 6].map((month) => ({ year: 2020, month, submittedOn: `2020-0${month + 1}-03` })),
    reportingFrom: { year: 2020, month: 3 },
    dueDay: 5,
    statsRegisteredOn: '2020-04-01',
  };
  it.each([
    [LISHUI_RULES, 'red'],
    [YINCHUAN_2025_RULES, 'yellow'],
    [SANYA_2022_RULES, 'red'],
  ] as const)('$code', (rules, light) => {
    const result = projectLight(rules.project, rules.combination, input);
    expect(result.light).toBe(light);
    expect(result.explanation).toMatch(/^投资进度：完成率 24\.0%，/);
  });

  it('lists every applicable dimension and says when all are fine', () => {
    const fine = projectLight(LISHUI_RULES.project, LISHUI_RULES.combination, {
      ...input,
      completion: pct('50'),
    });
    expect(fine.light).toBe('green');
    expect(fine.explanation).toBe('各项正常 → 绿灯');
    expect(fine.dimensions.map((entry) => [entry.dimension, entry.light])).toEqual([
      ['investment_progress', 'green'],
      ['start_of_work', 'green'],
      ['reporting', 'green'],
      ['stats_register', 'green'],
    ]);
  });

  it('skips investment progress without an annual plan', () => {
    const result = projectLight(LISHUI_RULES.project, LISHUI_RULES.combination, {
      ...input,
      completion: null,
    });
    expect(result.dimensions.some((entry) => entry.dimension === 'investment_progress')).toBe(false);
  });

  it('explains an escalation', () => {
    const result = projectLight(
      LISHUI_RULES.project,
      { kind: 'escalate', yellowsForRed: 2 },
      { ...input, completion: pct('45'), statsRegisteredOn: null, asOf: '2020-04-20' },
    );
    expect(result.light).toBe('red');
    expect(result.explanation).toContain('2 项黄灯，升级为红灯');
  });
});

describe('region lights', () => {
  const rule = LISHUI_RULES.region;
  it.each<[string, (boolean | null)[], string]>([
    ['met', [false, true], 'green'],
    ['missed once', [true, false], 'yellow'],
    ['missed two months running', [true, false, false], 'red'],
    ['missed, met, missed', [false, true, false], 'yellow'],
  ])('%s', (_case, attainment, light) => {
    expect(regionLight(rule, [{ name: '政府投资', attainment }]).light).toBe(light);
  });

  it('ignores indicators without a target and explains the misses', () => {
    const result = regionLight(rule, [
      { name: '政府投资', attainment: [false, false] },
      { name: '交通投资', attainment: [null] },
    ]);
    expect(result.indicators).toHaveLength(1);
    expect(result.explanation).toBe('政府投资连续 2 个月未达到目标 → 红灯');
  });
});

describe('rule set checks', () => {
  it('accepts every shipped set', () => {
    for (const set of SHIPPED_RULE_SETS) expect(ruleSetProblems(set)).toEqual([]);
  });
  it('rejects a red threshold below the yellow one and impossible counts', () => {
    const broken: WarningRuleSet = {
      ...LISHUI_RULES,
      project: {
        ...LISHUI_RULES.project,
        investmentProgress: {
          basis: 'points',
          yellow: { op: '>', value: '30' },
          red: { op: '>', value: '20' },
        },
        startOfWork: { yellowFromMonthsLate: 3, redFromMonthsLate: 1 },
      },
      combination: { kind: 'escalate', yellowsForRed: 1 },
    };
    expect(ruleSetProblems(broken)).toEqual([
      '投资进度：红灯阈值不能小于黄灯阈值',
      '开工：红灯阈值不能小于黄灯阈值',
      '升级为红灯所需的黄灯数至少为 2',
    ]);
  });
});
