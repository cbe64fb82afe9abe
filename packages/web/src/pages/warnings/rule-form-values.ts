import { LISHUI_RULES } from '@beacon/domain';
import type { Rules } from './warning-api.ts';

type Op = '>' | '>=';

/** The threshold form, flat: each dimension can be switched off, as published sets do (Sanya has one). */
export type RuleFormValues = {
  scope: string;
  name: string;
  ipOn: boolean;
  ipBasis: 'points' | 'share';
  ipYellowOp: Op;
  ipYellowValue: string;
  ipRedOp: Op;
  ipRedValue: string;
  startOn: boolean;
  startYellow: number;
  startRed: number;
  milestonesOn: boolean;
  milestoneDays: number;
  reportingOn: boolean;
  reportingYellow: number;
  reportingRed: number;
  statsOn: boolean;
  statsYellow: number;
  statsRed: number;
  combination: 'worst' | 'escalate';
  yellowsForRed: number;
  regionMisses: number;
};

// A dimension switched off starts from the platform default when it is switched back on.
const DEFAULTS = LISHUI_RULES.project;

export function valuesFromRules(rules: Rules, scope: string, name: string): RuleFormValues {
  const ip = rules.project.investmentProgress ?? DEFAULTS.investmentProgress!;
  const start = rules.project.startOfWork ?? DEFAULTS.startOfWork!;
  const milestones = rules.project.milestones ?? DEFAULTS.milestones!;
  const reporting = rules.project.reporting ?? DEFAULTS.reporting!;
  const stats = rules.project.statsRegister ?? DEFAULTS.statsRegister!;
  return {
    scope,
    name,
    ipOn: rules.project.investmentProgress !== undefined,
    ipBasis: ip.basis,
    ipYellowOp: ip.yellow.op,
    ipYellowValue: ip.yellow.value,
    ipRedOp: ip.red.op,
    ipRedValue: ip.red.value,
    startOn: rules.project.startOfWork !== undefined,
    startYellow: start.yellowFromMonthsLate,
    startRed: start.redFromMonthsLate,
    milestonesOn: rules.project.milestones !== undefined,
    milestoneDays: milestones.redAfterDaysOverdue,
    reportingOn: rules.project.reporting !== undefined,
    reportingYellow: reporting.yellowFromMissedMonths,
    reportingRed: reporting.redFromMissedMonths,
    statsOn: rules.project.statsRegister !== undefined,
    statsYellow: stats.yellowFromMonths,
    statsRed: stats.redFromMonths,
    combination: rules.combination.kind,
    yellowsForRed: rules.combination.kind === 'escalate' ? rules.combination.yellowsForRed : 2,
    regionMisses: rules.region.redFromConsecutiveMisses,
  };
}

export function rulesFromValues(values: RuleFormValues): Rules {
  return {
    project: {
      ...(values.ipOn
        ? {
            investmentProgress: {
              basis: values.ipBasis,
              yellow: { op: values.ipYellowOp, value: values.ipYellowValue.trim() },
              red: { op: values.ipRedOp, value: values.ipRedValue.trim() },
            },
          }
        : {}),
      ...(values.startOn
        ? { startOfWork: { yellowFromMonthsLate: values.startYellow, redFromMonthsLate: values.startRed } }
        : {}),
      ...(values.milestonesOn ? { milestones: { redAfterDaysOverdue: values.milestoneDays } } : {}),
      ...(values.reportingOn
        ? {
            reporting: {
              yellowFromMissedMonths: values.reportingYellow,
              redFromMissedMonths: values.reportingRed,
            },
          }
        : {}),
      ...(values.statsOn
        ? { statsRegister: { yellowFromMonths: values.statsYellow, redFromMonths: values.statsRed } }
        : {}),
    },
    combination:
      values.combination === 'worst'
        ? { kind: 'worst' }
        : { kind: 'escalate', yellowsForRed: values.yellowsForRed },
    region: { redFromConsecutiveMisses: values.regionMisses },
  };
}
