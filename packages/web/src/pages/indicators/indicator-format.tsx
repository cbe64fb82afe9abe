import { Tag, Typography } from 'antd';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { formatWanNumber } from '../../lib/format.ts';
import type { TargetValue } from './indicator-api.ts';

const DASH = <Typography.Text type="secondary">—</Typography.Text>;

/** A 万元 decimal string, grouped, or a dash. Never parsed into a float. */
export function Money({ value }: { value: string | null | undefined }) {
  return value === null || value === undefined ? (
    DASH
  ) : (
    <span className="money">{formatWanNumber(value)}</span>
  );
}

/**
 * A one-decimal percentage from the server ("12.3"), red when negative; `signed` for a gap in
 * points ("+2.1", "-3.4"), which has no % sign.
 */
export function Percent({
  value,
  signed = false,
  title,
}: {
  value: string | null | undefined;
  signed?: boolean;
  title?: string;
}) {
  if (value === null || value === undefined) return DASH;
  const negative = value.startsWith('-');
  const text = `${signed && !negative && value !== '0.0' ? '+' : ''}${value}`;
  return (
    <span className={negative ? 'indicator-behind money' : 'money'} title={title}>
      {text}
      {signed ? '' : '%'}
    </span>
  );
}

/**
 * The target as written in the bulletins: "增长 ≥ 12%", "≥ 50,000.00 万元", "≥ 200 个"; compact
 * ("≥ 12%") where the column group already names the unit.
 */
export function targetText(target: TargetValue | null, t: Translate, compact = false): string {
  if (target === null) return '—';
  if (compact) {
    const figure =
      target.kind === 'growth'
        ? `${target.pct}%`
        : target.kind === 'amount'
          ? formatWanNumber(target.wan)
          : String(target.count);
    return `≥ ${figure}`;
  }
  switch (target.kind) {
    case 'growth':
      return t('indicators.targetGrowth', { pct: target.pct });
    case 'amount':
      return t('indicators.targetAmount', { amount: formatWanNumber(target.wan) });
    case 'count':
      return t('indicators.targetCount', { count: target.count });
  }
}

export function TargetMet({ met, t }: { met: boolean | null; t: Translate }) {
  if (met === null) return null;
  return met ? (
    <Tag color="success" variant="filled" data-testid="target-met">
      {t('indicators.met')}
    </Tag>
  ) : (
    <Tag color="error" variant="filled" data-testid="target-missed">
      {t('indicators.missed')}
    </Tag>
  );
}

/** Target and whether it is met, in one cell. */
export function TargetCell({
  target,
  met,
  t,
  compact = false,
}: {
  target: TargetValue | null;
  met: boolean | null;
  t: Translate;
  compact?: boolean;
}) {
  if (target === null) return DASH;
  return (
    <span className="indicator-target" data-testid="target-cell" title={targetText(target, t)}>
      <span>{targetText(target, t, compact)}</span>
      <TargetMet met={met} t={t} />
    </span>
  );
}

/** How a gap was taken, as a tooltip: completion minus the region's time progress. */
export function gapTitle(
  row: { completionPct: string | null; timeProgressPct: string | null } | undefined,
  t: Translate,
) {
  if (!row || row.completionPct === null || row.timeProgressPct === null) return undefined;
  return t('indicators.gapTitle', { completion: row.completionPct, progress: row.timeProgressPct });
}
