import { Tag, Typography } from 'antd';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { formatYi } from '../../lib/format.ts';
import { TargetMet, targetText } from '../indicators/indicator-format.tsx';
import { LIGHTS, type Dashboard, type Kpi } from './dashboard-api.ts';
import { LIGHT_COLORS } from './light-tag.tsx';

/** A one-decimal percentage from the server, signed, red when behind; a dash when there is none. */
export function Pct({ value, signed = false }: { value: string | null; signed?: boolean }) {
  if (value === null) return <span className="dash-muted">—</span>;
  const negative = value.startsWith('-');
  return (
    <span className={`money${negative ? ' dash-behind' : ''}`}>
      {signed && !negative && value !== '0.0' ? '+' : ''}
      {value}%
    </span>
  );
}

/** One indicator: its year-to-date figure, growth on last year and whether its target is met. */
export function KpiCard({ kpi, month, t }: { kpi: Kpi; month: number; t: Translate }) {
  const isCount = kpi.unit === 'count';
  return (
    <div className="dash-card dash-kpi" data-testid={`kpi-${kpi.indicator}`}>
      <div className="dash-kpi__name" title={kpi.name}>
        {kpi.name}
      </div>
      <div className="dash-kpi__figure money" data-testid="kpi-figure">
        {isCount
          ? t('dashboard.kpiCount', { count: kpi.count ?? 0 })
          : kpi.cumulative === null
            ? '—'
            : formatYi(kpi.cumulative)}
      </div>
      <div className="dash-kpi__sub dash-kpi__period">
        {t('dashboard.kpiCumulative', { month })}
        {!isCount && kpi.lastYearCumulative !== null && (
          <> · {t('dashboard.kpiLastYear', { amount: formatYi(kpi.lastYearCumulative) })}</>
        )}
      </div>
      <div className="dash-kpi__row">
        {!isCount && (
          <span>
            {t('dashboard.kpiGrowth')} <Pct value={kpi.growthPct} signed />
          </span>
        )}
        {!isCount && kpi.completionPct !== null && (
          <span>
            {t('dashboard.kpiCompletion')} <Pct value={kpi.completionPct} />
          </span>
        )}
      </div>
      <div className="dash-kpi__target" data-testid="kpi-target">
        {kpi.target === null ? (
          <Typography.Text type="secondary">{t('dashboard.kpiNoTarget')}</Typography.Text>
        ) : (
          <>
            <span>{targetText(kpi.target, t)}</span>
            <TargetMet met={kpi.targetMet} t={t} />
          </>
        )}
      </div>
    </div>
  );
}

/** Red, yellow and green projects of the month's close, or why there are none yet. */
export function LightsCard({ data, t }: { data: Dashboard; t: Translate }) {
  return (
    <div className="dash-card dash-lights" data-testid="dashboard-lights">
      <div className="dash-kpi__name">{t('dashboard.lightsTitle')}</div>
      {data.lights === null ? (
        <NotClosed t={t} />
      ) : (
        <div className="dash-lights__counts">
          {LIGHTS.map((light) => (
            <div key={light} className="dash-lights__count" data-testid={`lights-${light}`}>
              <span className="dash-lights__dot" style={{ background: LIGHT_COLORS[light] }} />
              <span className="dash-lights__number money" style={{ color: LIGHT_COLORS[light] }}>
                {data.lights![light]}
              </span>
              <span className="dash-lights__label">{t(`dashboard.light.${light}`)}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Projects started against those due to start by the month's end, with the rate. */
export function StartsCard({ data, t }: { data: Dashboard; t: Translate }) {
  const starts = data.starts;
  return (
    <div className="dash-card dash-starts" data-testid="dashboard-starts">
      <div className="dash-kpi__name">{t('dashboard.startsTitle')}</div>
      {starts === null ? (
        <NotClosed t={t} />
      ) : starts.planned === 0 ? (
        <Typography.Text type="secondary">{t('dashboard.noPlannedStarts')}</Typography.Text>
      ) : (
        <>
          <div className="dash-kpi__figure money">
            {starts.ratePct === null ? '—' : `${starts.ratePct}%`}
            <span className="dash-kpi__unit">{t('dashboard.startRate')}</span>
          </div>
          <div className="dash-kpi__sub">
            {t('dashboard.starts', { started: starts.started, planned: starts.planned })}
          </div>
        </>
      )}
    </div>
  );
}

function NotClosed({ t }: { t: Translate }) {
  return (
    <div className="dash-not-closed" data-testid="not-closed">
      <Tag variant="filled">{t('dashboard.notClosed')}</Tag>
      <div className="dash-kpi__sub">{t('dashboard.notClosedHint')}</div>
    </div>
  );
}
