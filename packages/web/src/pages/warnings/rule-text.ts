import type { Translate } from '../../i18n/i18n-context.tsx';
import type { Rules } from './warning-api.ts';

type Bound = { op: '>' | '>='; value: string };
export type RuleLine = { key: string; label: string; text: string };

const lower = (bound: Bound, t: Translate) =>
  t(bound.op === '>' ? 'rule.gt' : 'rule.ge', { value: bound.value });
/** The top of the yellow band is where red begins: "不超过 20" when red is "超过 20". */
const upper = (red: Bound, t: Translate) =>
  t(red.op === '>' ? 'rule.upToGt' : 'rule.upToGe', { value: red.value });
const startWhen = (months: number, t: Translate) =>
  months === 0 ? t('rule.whenPlanned') : t('rule.whenLate', { months });

/**
 * A rule set in words, one line per dimension in the order of the bulletin, e.g. "落后序时进度超过
 * 0、不超过 20 个百分点为黄灯；超过 20 个百分点为红灯". A dimension the set leaves out reads "不评价".
 */
export function ruleLines(rules: Rules, t: Translate): RuleLine[] {
  const { investmentProgress, startOfWork, milestones, reporting, statsRegister } = rules.project;
  const off = t('warningRules.notEvaluated');
  return [
    {
      key: 'investment_progress',
      label: t('dimension.investment_progress'),
      text: investmentProgress
        ? t(investmentProgress.basis === 'points' ? 'rule.ipPoints' : 'rule.ipShare', {
            yellow: lower(investmentProgress.yellow, t),
            upper: upper(investmentProgress.red, t),
            red: lower(investmentProgress.red, t),
          })
        : off,
    },
    {
      key: 'start_of_work',
      label: t('dimension.start_of_work'),
      text: startOfWork
        ? t('rule.start', {
            yellow: startWhen(startOfWork.yellowFromMonthsLate, t),
            red: startWhen(startOfWork.redFromMonthsLate, t),
          })
        : off,
    },
    {
      key: 'milestones',
      label: t('dimension.milestones'),
      text: milestones ? t('rule.milestones', { days: milestones.redAfterDaysOverdue }) : off,
    },
    {
      key: 'reporting',
      label: t('dimension.reporting'),
      text: reporting
        ? t('rule.reporting', {
            yellow: reporting.yellowFromMissedMonths,
            red: reporting.redFromMissedMonths,
          })
        : off,
    },
    {
      key: 'stats_register',
      label: t('dimension.stats_register'),
      text: statsRegister
        ? t('rule.stats', { yellow: statsRegister.yellowFromMonths, red: statsRegister.redFromMonths })
        : off,
    },
    {
      key: 'combination',
      label: t('rule.combination'),
      text:
        rules.combination.kind === 'worst'
          ? t('rule.worst')
          : t('rule.escalate', { count: rules.combination.yellowsForRed }),
    },
    {
      key: 'region',
      label: t('rule.regionLabel'),
      text: t('rule.region', { months: rules.region.redFromConsecutiveMisses }),
    },
  ];
}
