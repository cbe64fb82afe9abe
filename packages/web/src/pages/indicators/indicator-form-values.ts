import type { FundingSource, ProjectStage } from '@beacon/domain';
import type { Translate } from '../../i18n/i18n-context.tsx';
import type { EnumLabels, MessageKey } from '../../i18n/dictionary.ts';
import { formatWanNumber } from '../../lib/format.ts';
import type { Indicator, IndicatorBody, TargetLevel } from './admin-api.ts';
import type { Measure } from './indicator-api.ts';

export type HighTechChoice = 'any' | 'yes' | 'no';

/** What the antd form holds. */
export type IndicatorFormValues = {
  code: string;
  name: string;
  measure: Measure;
  targetLevel: TargetLevel;
  sectors: string[];
  fundingSources: FundingSource[];
  highTech: HighTechChoice;
  lists: string[];
  stages: ProjectStage[];
  minTotalInvestment?: string;
  windowFrom?: number | null;
  windowTo?: number | null;
  sortOrder?: number | null;
};

export const MEASURES: readonly Measure[] = [
  'sum_completed',
  'count_projects',
  'count_started',
  'count_planned',
];
export const TARGET_LEVELS: readonly TargetLevel[] = ['any', 'city', 'each_region'];
export const measureKey = (measure: Measure): MessageKey => `indicatorAdmin.measure.${measure}`;
export const levelKey = (level: TargetLevel): MessageKey => `indicatorAdmin.level.${level}`;

/** "10000.0000" → "10000": the stored scale is noise in an input box. */
const trimDecimal = (value: string) =>
  value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;

export const EMPTY_VALUES: Partial<IndicatorFormValues> = {
  measure: 'sum_completed',
  targetLevel: 'any',
  sectors: [],
  fundingSources: [],
  highTech: 'any',
  lists: [],
  stages: [],
};

export function valuesFromIndicator(indicator: Indicator): IndicatorFormValues {
  const { filter } = indicator;
  return {
    code: indicator.code,
    name: indicator.name,
    measure: indicator.measure,
    targetLevel: indicator.targetLevel,
    sectors: filter.sectors,
    fundingSources: filter.fundingSources,
    highTech: filter.highTech === null ? 'any' : filter.highTech ? 'yes' : 'no',
    lists: filter.lists,
    stages: filter.stages,
    minTotalInvestment: filter.minTotalInvestment === null ? '' : trimDecimal(filter.minTotalInvestment),
    windowFrom: indicator.window?.fromMonth ?? null,
    windowTo: indicator.window?.toMonth ?? null,
    sortOrder: indicator.sortOrder,
  };
}

export function bodyFromValues(values: IndicatorFormValues): IndicatorBody {
  const min = values.minTotalInvestment?.trim();
  // Only start counts have a window of months; other measures would ignore it.
  const window =
    values.measure === 'count_started' && values.windowFrom && values.windowTo
      ? { fromMonth: values.windowFrom, toMonth: values.windowTo }
      : null;
  return {
    name: values.name.trim(),
    measure: values.measure,
    targetLevel: values.targetLevel,
    filter: {
      sectors: values.sectors ?? [],
      fundingSources: values.fundingSources ?? [],
      highTech: values.highTech === 'any' ? null : values.highTech === 'yes',
      lists: values.lists ?? [],
      stages: values.stages ?? [],
      minTotalInvestment: min ? min : null,
    },
    window,
    sortOrder: values.sortOrder ?? 0,
  };
}

export type NameLookup = {
  sectorName: (code: string) => string;
  listName: (code: string) => string;
  labels: EnumLabels;
  t: Translate;
};

/** The filter in words, one phrase per criterion; an empty filter covers every project. */
export function filterPhrases(
  body: Pick<IndicatorBody, 'filter' | 'window'>,
  { sectorName, listName, labels, t }: NameLookup,
): string[] {
  const { filter, window } = body;
  const phrases: string[] = [];
  if (filter.sectors.length) phrases.push(filter.sectors.map(sectorName).join('、'));
  if (filter.fundingSources.length)
    phrases.push(filter.fundingSources.map((source) => labels.funding[source]).join('、'));
  if (filter.highTech !== null)
    phrases.push(filter.highTech ? t('indicatorAdmin.highTechYes') : t('indicatorAdmin.highTechNo'));
  if (filter.lists.length) phrases.push(filter.lists.map(listName).join('、'));
  if (filter.stages.length) phrases.push(filter.stages.map((stage) => labels.stage[stage]).join('、'));
  if (filter.minTotalInvestment !== null)
    phrases.push(t('indicatorAdmin.summaryMin', { amount: formatWanNumber(filter.minTotalInvestment) }));
  if (window) phrases.push(t('indicatorAdmin.summaryWindow', { from: window.fromMonth, to: window.toMonth }));
  return phrases;
}
