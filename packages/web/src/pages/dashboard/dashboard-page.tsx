import { CompressOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  ConfigProvider,
  Empty,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  theme,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { useI18n, type Translate } from '../../i18n/i18n-context.tsx';
import { lastClosedMonth, periodFromParams, type Period } from '../indicators/period.ts';
import {
  fetchDashboard,
  fetchMap,
  fetchMarkers,
  fetchMyProjects,
  latestClose,
  type Dashboard,
  type Marker,
  type Markers,
  type MyProjects,
  type RegionMap,
} from './dashboard-api.ts';
import { KpiCard, LightsCard, StartsCard } from './kpi-cards.tsx';
import { MyProjectsPanel } from './my-projects-panel.tsx';
import { DrillPanel, RegionList } from './region-panel.tsx';
import { MEASURES, RegionMapChart, type MapMeasure } from './region-map.tsx';
import { TrendChart } from './trend-chart.tsx';
import './dashboard.css';

/** A wall display left on all day shows the figures of the last few minutes, not of the morning. */
const WALL_REFRESH_MS = 5 * 60_000;

type Loaded = { period: Period; dashboard: Dashboard; markers: Markers; mine: MyProjects | null };

const messageOf = (caught: unknown) => (caught instanceof ApiError ? caught.message : String(caught));

function hasPeriod(params: URLSearchParams) {
  return params.get('year') !== null && params.get('month') !== null;
}

/**
 * The command dashboard (挂图作战): indicator cards, lights and starts of the month's close, the
 * monthly trend, and the map of the counties to drill into; a dark full-screen layout for the
 * command centre's wall (`?wall=1`). Without a period in the address it opens on the newest
 * closed month, since the lights exist only for closed months; before any close, on the last
 * month whose reports are in.
 */
export default function DashboardPage() {
  const { t } = useI18n();
  const user = useUser();
  const { regions: allRegions } = useReference();
  const [params, setParams] = useSearchParams();
  const wall = params.get('wall') === '1';
  const measure: MapMeasure = MEASURES.find((value) => value === params.get('measure')) ?? 'cumulative';
  const isLeader = user.role === 'leader';

  // The newest close is asked for only when it is needed: to pick the period, or to offer it
  // when the chosen month has none.
  const explicit = hasPeriod(params);
  const [latest, setLatest] = useState<Period | null | undefined>(undefined);
  const [latestWanted, setLatestWanted] = useState(!explicit);
  useEffect(() => {
    if (!latestWanted) return;
    let active = true;
    latestClose()
      .then((found) => active && setLatest(found))
      .catch(() => active && setLatest(null));
    return () => {
      active = false;
    };
  }, [latestWanted]);
  const period = useMemo<Period | null>(() => {
    if (explicit) return periodFromParams(params);
    if (latest === undefined) return null;
    return latest ?? lastClosedMonth(new Date());
  }, [explicit, params, latest]);

  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const year = period?.year;
  const month = period?.month;
  useEffect(() => {
    if (year === undefined || month === undefined) return;
    let active = true;
    const wanted = { year, month };
    setLoading(true);
    setError(null);
    Promise.all([
      fetchDashboard(wanted),
      fetchMarkers(wanted),
      isLeader ? fetchMyProjects(wanted) : Promise.resolve(null),
    ])
      .then(([dashboard, markers, mine]) => active && setLoaded({ period: wanted, dashboard, markers, mine }))
      .catch((caught: unknown) => {
        if (!active) return;
        setLoaded(null);
        setError(messageOf(caught));
      })
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [year, month, isLeader, reloads]);

  const [map, setMap] = useState<RegionMap | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    fetchMap()
      .then((result) => active && setMap(result))
      .catch((caught: unknown) => active && setMapError(messageOf(caught)));
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    if (!wall) return;
    const timer = setInterval(() => setReloads((count) => count + 1), WALL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [wall]);

  const update = useCallback(
    (changes: Record<string, string | undefined>) => {
      // The address bar is current even while the router's own params lag a transition behind.
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      }
      setParams(next);
    },
    [setParams],
  );

  const dashboard = loaded?.dashboard ?? null;
  const noClose = dashboard !== null && dashboard.close === null;
  useEffect(() => {
    if (noClose) setLatestWanted(true);
  }, [noClose]);
  const selectedParam = params.get('region');
  const selected = dashboard?.regions.find((region) => region.code === selectedParam) ?? null;
  const onSelect = useCallback((code: string) => update({ region: code }), [update]);

  // The drilled region's projects come from the server for that region alone, so the city's
  // marker cap does not hide any of them.
  const [drill, setDrill] = useState<{ markers: Marker[] | null; loading: boolean; error: string | null }>({
    markers: null,
    loading: false,
    error: null,
  });
  const selectedCode = selected?.code ?? null;
  useEffect(() => {
    if (selectedCode === null || year === undefined || month === undefined) return;
    let active = true;
    setDrill({ markers: null, loading: true, error: null });
    fetchMarkers({ year, month }, selectedCode)
      .then((result) => active && setDrill({ markers: result.items, loading: false, error: null }))
      .catch(
        (caught: unknown) => active && setDrill({ markers: null, loading: false, error: messageOf(caught) }),
      );
    return () => {
      active = false;
    };
  }, [selectedCode, year, month, reloads]);

  // Ready once the figures are in and the map has drawn them (or there is no map to draw).
  const [mapDrawn, setMapDrawn] = useState<object | null>(null);
  const onRendered = useCallback(() => setMapDrawn(loaded), [loaded]);
  const ready = loaded !== null && !loading && (mapError !== null || (map !== null && mapDrawn === loaded));
  const [chartsAfterMap, setChartsAfterMap] = useState(false);
  useEffect(() => {
    if (ready || mapError !== null) setChartsAfterMap(true);
  }, [ready, mapError]);

  // Fullscreen follows the wall button; leaving fullscreen (Esc) leaves the wall layout too.
  const fullscreenByUs = useRef(false);
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && fullscreenByUs.current) {
        fullscreenByUs.current = false;
        update({ wall: undefined });
      }
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [update]);
  const enterWall = () => {
    update({ wall: '1' });
    document.documentElement
      .requestFullscreen?.()
      .then(() => (fullscreenByUs.current = true))
      .catch(() => undefined);
  };
  const leaveWall = () => {
    fullscreenByUs.current = false;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    update({ wall: undefined });
  };

  const cityName = allRegions.find((region) => region.kind === 'city')?.name ?? '';
  const shapes = useMemo(
    () =>
      new Set(
        (map?.features ?? []).flatMap((feature) =>
          feature.properties.code ? [feature.properties.code] : [],
        ),
      ),
    [map],
  );

  const now = lastClosedMonth(new Date());
  const thisYear = new Date().getFullYear();
  const years = Array.from(
    new Set([...Array.from({ length: 9 }, (_, index) => thisYear - index), ...(period ? [period.year] : [])]),
  ).sort((a, b) => b - a);
  const months = Array.from({ length: 12 }, (_, index) => index + 1);

  const pickers = period && (
    <Space wrap>
      <Select
        value={period.year}
        onChange={(picked: number) =>
          update({
            year: String(picked),
            month: String(
              picked > now.year || (picked === now.year && period.month > now.month)
                ? now.month
                : period.month,
            ),
            region: undefined,
          })
        }
        options={years.map((value) => ({ value, label: t('indicators.yearOption', { year: value }) }))}
        style={{ width: 110 }}
        aria-label={t('indicators.year')}
        data-testid="dashboard-year"
      />
      <Select
        value={period.month}
        onChange={(picked: number) =>
          update({ year: String(period.year), month: String(picked), region: undefined })
        }
        options={months.map((value) => ({
          value,
          label: t('indicators.monthOption', { month: value }),
          disabled: period.year > now.year || (period.year === now.year && value > now.month),
        }))}
        style={{ width: 116 }}
        aria-label={t('indicators.month')}
        data-testid="dashboard-month"
      />
      <Button
        icon={<ReloadOutlined />}
        onClick={() => setReloads((count) => count + 1)}
        title={t('dashboard.refresh')}
        aria-label={t('dashboard.refresh')}
      />
      {wall ? (
        <Button icon={<CompressOutlined />} onClick={leaveWall} data-testid="dashboard-exit-wall">
          {t('dashboard.exitWall')}
        </Button>
      ) : (
        <Button type="primary" icon={<FullscreenOutlined />} onClick={enterWall} data-testid="dashboard-wall">
          {t('dashboard.wall')}
        </Button>
      )}
    </Space>
  );

  const body = (
    <div
      className={`dash${wall ? ' dash--wall' : ''}`}
      data-testid="dashboard"
      data-ready={ready ? 'true' : 'false'}
    >
      <div className="dash-header">
        <div className="dash-header__title">
          <Typography.Title level={wall ? 2 : 4} style={{ margin: 0 }}>
            {wall ? t('dashboard.wallTitle', { city: cityName }) : t('dashboard.title')}
          </Typography.Title>
          {dashboard && <Caption data={dashboard} t={t} />}
        </div>
        {pickers}
      </div>

      {error && (
        <Alert
          type="error"
          showIcon
          title={t('dashboard.loadFailed')}
          description={error}
          action={<Button onClick={() => setReloads((count) => count + 1)}>{t('dashboard.retry')}</Button>}
          className="dash-alert"
          data-testid="dashboard-error"
        />
      )}
      {dashboard && dashboard.close === null && (
        <Alert
          type="info"
          showIcon
          title={t('dashboard.notClosed')}
          description={t('dashboard.notClosedHint')}
          action={
            latest && (latest.year !== dashboard.year || latest.month !== dashboard.month) ? (
              <Button
                onClick={() =>
                  update({ year: String(latest.year), month: String(latest.month), region: undefined })
                }
              >
                {t('dashboard.latestClose', latest)} · {t('dashboard.goLatest')}
              </Button>
            ) : undefined
          }
          className="dash-alert"
          data-testid="dashboard-not-closed"
        />
      )}

      {!dashboard ? (
        !error && (
          <div className="dash-loading">
            <Spin size="large" />
          </div>
        )
      ) : (
        <Spin spinning={loading}>
          <div className="dash-grid">
            <section className="dash-kpis" data-testid="dashboard-kpis">
              <LightsCard data={dashboard} t={t} />
              <StartsCard data={dashboard} t={t} />
              {dashboard.kpis.map((kpi) => (
                <KpiCard key={kpi.indicator} kpi={kpi} month={dashboard.month} t={t} />
              ))}
              {dashboard.kpis.length === 0 && (
                <div className="dash-card">
                  <Empty description={t('dashboard.noIndicators')} />
                </div>
              )}
            </section>

            <section className="dash-card dash-map-card">
              <div className="dash-card__title">
                <span>
                  {selected ? t('dashboard.drillTitle', { region: selected.name }) : t('dashboard.mapTitle')}
                </span>
                <Space size={8} wrap>
                  <Typography.Text type="secondary">{t('dashboard.measure')}</Typography.Text>
                  <Segmented
                    size={wall ? 'large' : 'middle'}
                    value={measure}
                    onChange={(value) => update({ measure: value === 'cumulative' ? undefined : value })}
                    options={MEASURES.map((value) => ({ value, label: t(`dashboard.measure.${value}`) }))}
                    data-testid="dashboard-measure"
                  />
                </Space>
              </div>
              {mapError ? (
                <Alert type="warning" showIcon title={t('dashboard.mapFailed')} description={mapError} />
              ) : map ? (
                <RegionMapChart
                  map={map}
                  regions={dashboard.regions}
                  markers={loaded!.markers.items}
                  measure={measure}
                  selected={selected?.code ?? null}
                  onSelect={onSelect}
                  onRendered={onRendered}
                  dark={wall}
                  t={t}
                />
              ) : (
                <div className="dash-map dash-loading">
                  <Spin />
                </div>
              )}
              <div className="dash-map-legend">
                <span>{t('dashboard.markerLegend')}</span>
                {(['red', 'yellow', 'green'] as const).map((light) => (
                  <span key={light} className={`dash-legend-dot dash-legend-dot--${light}`}>
                    {t(`dashboard.light.${light}`)}
                  </span>
                ))}
                {loaded!.markers.truncated && (
                  <Tag color="warning">
                    {t('dashboard.markersTruncated', { count: loaded!.markers.items.length })}
                  </Tag>
                )}
              </div>
            </section>

            <section className="dash-card dash-side">
              {selected ? (
                <DrillPanel
                  region={selected}
                  markers={drill.markers}
                  loading={drill.loading}
                  error={drill.error}
                  onBack={() => update({ region: undefined })}
                  t={t}
                />
              ) : (
                <>
                  <div className="dash-card__title">
                    <span>{t('dashboard.mapTitle')}</span>
                    <Typography.Text type="secondary">{t('dashboard.drillHint')}</Typography.Text>
                  </div>
                  <RegionList
                    regions={dashboard.regions}
                    measure={measure}
                    shapes={shapes}
                    onSelect={onSelect}
                    t={t}
                  />
                </>
              )}
            </section>

            <section className="dash-card dash-trend-card">
              <div className="dash-card__title">
                <span>{t('dashboard.trendTitle')}</span>
              </div>
              {/* Drawn once the map is, so the two charts do not compete for the first frames. */}
              {chartsAfterMap ? (
                <TrendChart data={dashboard} t={t} dark={wall} />
              ) : (
                <div className="dash-trend" />
              )}
            </section>

            {loaded!.mine && (
              <section className="dash-mine-card">
                <MyProjectsPanel items={loaded!.mine.items} t={t} />
              </section>
            )}
          </div>
        </Spin>
      )}
    </div>
  );

  return wall ? (
    <ConfigProvider
      theme={{ algorithm: theme.darkAlgorithm, token: { fontSize: 16, colorPrimary: '#3c89e8' } }}
    >
      {body}
    </ConfigProvider>
  ) : (
    body
  );
}

function Caption({ data, t }: { data: Dashboard; t: Translate }) {
  return (
    <Space size={8} wrap className="dash-caption" data-testid="dashboard-caption">
      <Typography.Text type="secondary">
        {t('dashboard.caption', { year: data.year, month: data.month, progress: data.timeProgressPct })}
      </Typography.Text>
      {data.close ? (
        <Tag color={data.close.published ? 'blue' : 'default'} variant="filled">
          {t('dashboard.closeEdition', { edition: data.close.edition })}
          {data.close.published ? '' : ` · ${t('dashboard.closeUnpublished')}`}
        </Tag>
      ) : (
        <Tag variant="filled">{t('dashboard.notClosed')}</Tag>
      )}
    </Space>
  );
}
