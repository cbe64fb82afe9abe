import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { formatYi } from '../../lib/format.ts';
import type { Marker, RegionFigures } from './dashboard-api.ts';
import { Pct } from './kpi-cards.tsx';
import { LIGHT_COLORS } from './light-tag.tsx';
import { LightTag } from './light-tag.tsx';
import { measureOf, type MapMeasure } from './region-map.tsx';

/**
 * Every region with its figures, in the order of the chosen measure; the development zone has no
 * boundary on the map, so this list is where it shows. A row drills into the region like the map.
 */
export function RegionList({
  regions,
  measure,
  shapes,
  onSelect,
  t,
}: {
  regions: readonly RegionFigures[];
  measure: MapMeasure;
  shapes: ReadonlySet<string>;
  onSelect: (code: string) => void;
  t: Translate;
}) {
  const sorted = [...regions].sort(
    (a, b) => (measureOf(b, measure, t).value ?? -Infinity) - (measureOf(a, measure, t).value ?? -Infinity),
  );
  return (
    <table className="dash-regions" data-testid="dashboard-regions">
      <thead>
        <tr>
          <th>{t('dashboard.regionsTitle')}</th>
          <th className="num">{t('dashboard.regionCumulative')}</th>
          <th className="num">{t('dashboard.regionGrowth')}</th>
          <th className="num">{t('dashboard.regionCompletion')}</th>
          <th className="num">{t('dashboard.regionLights')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((region) => (
          <tr
            key={region.code}
            onClick={() => onSelect(region.code)}
            data-testid={`region-row-${region.code}`}
          >
            <td>
              <a className="dash-region-name" data-testid="region-name">
                {region.name}
              </a>
              {!shapes.has(region.code) && (
                <Typography.Text type="secondary" className="dash-no-shape">
                  {t('dashboard.noMapShape')}
                </Typography.Text>
              )}
            </td>
            <td className="num money">{formatYi(region.cumulative)}</td>
            <td className="num">
              <Pct value={region.growthPct} signed />
            </td>
            <td className="num">
              <Pct value={region.completionPct} />
            </td>
            <td className="num money">
              {region.lights === null ? (
                '—'
              ) : (
                <>
                  <span style={{ color: LIGHT_COLORS.red }}>{region.lights.red}</span> /{' '}
                  <span style={{ color: LIGHT_COLORS.yellow }}>{region.lights.yellow}</span> /{' '}
                  <span style={{ color: LIGHT_COLORS.green }}>{region.lights.green}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One region's projects on the map, reddest first, each linking to its detail page. */
export function DrillPanel({
  region,
  markers,
  loading,
  error,
  onBack,
  t,
}: {
  region: RegionFigures;
  markers: readonly Marker[] | null;
  loading: boolean;
  error: string | null;
  onBack: () => void;
  t: Translate;
}) {
  return (
    <div className="dash-drill" data-testid="dashboard-drill">
      <div className="dash-drill__head">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="dashboard-back">
          {t('dashboard.backToCity')}
        </Button>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('dashboard.drillTitle', { region: region.name })}
        </Typography.Title>
      </div>
      <div className="dash-drill__figures">
        <span>
          {t('dashboard.regionCumulative')} <strong className="money">{formatYi(region.cumulative)}</strong>
        </span>
        <span>
          {t('dashboard.regionGrowth')} <Pct value={region.growthPct} signed />
        </span>
        <span>
          {t('dashboard.regionCompletion')} <Pct value={region.completionPct} />
        </span>
      </div>
      {error && <Alert type="error" showIcon title={error} />}
      <Spin spinning={loading}>
        {markers && markers.length === 0 ? (
          <Empty description={t('dashboard.drillEmpty')} />
        ) : (
          markers && (
            <>
              <Typography.Text type="secondary">
                {t('dashboard.drillCount', { count: markers.length })}
              </Typography.Text>
              <ul className="dash-projects" data-testid="drill-projects">
                {markers.map((marker) => (
                  <li key={marker.id} data-testid="drill-project">
                    <div className="dash-projects__line">
                      <LightTag light={marker.light} t={t} />
                      <Link to={`/projects/${marker.id}`} title={t('dashboard.openProject')}>
                        {marker.name}
                      </Link>
                    </div>
                    {marker.explanation && <div className="dash-projects__why">{marker.explanation}</div>}
                  </li>
                ))}
              </ul>
            </>
          )
        )}
      </Spin>
    </div>
  );
}
