import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Empty,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { canManageIndicators } from '../../auth/permissions.ts';
import { useI18n, type Translate } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';
import { DrillDrawer, type DrillTarget } from './drill-drawer.tsx';
import {
  fetchTable,
  tableExportUrl,
  type IndicatorColumn,
  type IndicatorRow,
  type IndicatorTable,
} from './indicator-api.ts';
import { gapTitle, Money, Percent, TargetCell } from './indicator-format.tsx';
import { lastClosedMonth, periodFromParams } from './period.ts';
import './indicators.css';

/** Two indicator groups fit a laptop screen next to the region column; more scroll sideways. */
const DEFAULT_SHOWN = 2;
const CITY = '';

type RegionRow = { key: string; region: string | null; name: string; cells: Map<string, IndicatorRow> };
type IndicatorLine = { key: string; indicator: IndicatorColumn; row: IndicatorRow | undefined };

const isCount = (indicator: IndicatorColumn) => indicator.unit === 'count';

export default function IndicatorTablePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const period = useMemo(() => periodFromParams(params), [params]);
  const view = params.get('view') === 'indicator' ? 'indicator' : 'matrix';
  const [table, setTable] = useState<IndicatorTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  // Only the period loads a new table; switching views or indicators shown reuses it.
  const { year, month } = period;
  useEffect(() => {
    let active = true;
    setLoading(true);
    setError(null);
    fetchTable({ year, month })
      .then((result) => active && setTable(result))
      .catch((caught: unknown) => {
        if (!active) return;
        setTable(null);
        setError(caught instanceof ApiError ? caught.message : String(caught));
      })
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [year, month]);

  const update = (changes: Record<string, string | undefined>) => {
    // The address bar is current even while the router's own params lag a transition behind.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };

  const indicators = useMemo(() => table?.indicators ?? [], [table]);
  const shownParam = params.get('show');
  const shown = useMemo(() => {
    const wanted = shownParam?.split(',').filter(Boolean) ?? [];
    const known = indicators.filter((indicator) => wanted.includes(indicator.code));
    return known.length > 0 ? known : indicators.slice(0, DEFAULT_SHOWN);
  }, [indicators, shownParam]);

  const regionRows = useMemo<RegionRow[]>(() => {
    if (!table) return [];
    const byRegion = new Map<string, Map<string, IndicatorRow>>();
    for (const row of table.rows) {
      const key = row.region ?? CITY;
      const cells = byRegion.get(key) ?? new Map<string, IndicatorRow>();
      cells.set(row.indicator, row);
      byRegion.set(key, cells);
    }
    // A county sees its own region only and no whole-city row; the server leaves it out.
    const city = byRegion.get(CITY);
    return [
      ...(city ? [{ key: CITY, region: null, name: t('indicators.cityTotal'), cells: city }] : []),
      ...table.regions.map((region) => ({
        key: region.code,
        region: region.code,
        name: region.name,
        cells: byRegion.get(region.code) ?? new Map(),
      })),
    ];
  }, [table, t]);

  const wantedRegion = params.get('region') ?? CITY;
  const regionParam = regionRows.some((row) => row.key === wantedRegion)
    ? wantedRegion
    : (regionRows[0]?.key ?? CITY);

  const regionName = (code: string | null) =>
    code === null
      ? t('indicators.cityTotal')
      : (table?.regions.find((region) => region.code === code)?.name ?? code);

  const openDrill = (indicator: IndicatorColumn, row: IndicatorRow) =>
    setDrill({
      indicator,
      region: row.region,
      regionName: regionName(row.region),
      year: period.year,
      month: period.month,
    });

  const exportTable = async () => {
    setExporting(true);
    try {
      await downloadFile(tableExportUrl(period), `指标监测-${period.year}-${period.month}.xlsx`);
      message.success(t('projects.exported'));
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setExporting(false);
    }
  };

  const now = lastClosedMonth(new Date());
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 9 }, (_, index) => thisYear - index);
  const months = Array.from({ length: 12 }, (_, index) => index + 1);

  const matrixColumns: TableColumnsType<RegionRow> = [
    {
      title: t('indicators.region'),
      dataIndex: 'name',
      key: 'region',
      fixed: 'start',
      width: 104,
      render: (name: string, row) => (row.region === null ? <strong>{name}</strong> : name),
    },
    ...shown.map((indicator) => ({
      title: (
        <span title={indicator.name}>
          {isCount(indicator) ? indicator.name : t('indicators.groupWan', { name: indicator.name })}
        </span>
      ),
      key: indicator.code,
      children: groupColumns(indicator, t, openDrill),
    })),
  ];

  const indicatorRows: IndicatorLine[] = indicators.map((indicator) => ({
    key: indicator.code,
    indicator,
    row: regionRows.find((row) => (row.region ?? CITY) === regionParam)?.cells.get(indicator.code),
  }));

  const lineColumns: TableColumnsType<IndicatorLine> = [
    {
      title: t('indicators.indicator'),
      key: 'indicator',
      width: 230,
      render: (_value, line) => line.indicator.name,
    },
    {
      title: t('indicators.figure'),
      key: 'figure',
      align: 'right',
      width: 150,
      render: (_value, line) =>
        line.row ? (
          <Figure indicator={line.indicator} row={line.row} onOpen={openDrill} t={t} view="line" />
        ) : (
          '—'
        ),
    },
    {
      title: t('indicators.lastYear'),
      key: 'lastYear',
      align: 'right',
      width: 130,
      render: (_value, line) => (
        <Money value={isCount(line.indicator) ? null : line.row?.lastYearCumulative} />
      ),
    },
    {
      title: t('indicators.growth'),
      key: 'growth',
      align: 'right',
      width: 90,
      render: (_value, line) => <Percent value={line.row?.growthPct} />,
    },
    {
      title: t('indicators.annualPlan'),
      key: 'plan',
      align: 'right',
      width: 130,
      render: (_value, line) => <Money value={line.row?.annualPlan} />,
    },
    {
      title: t('indicators.completion'),
      key: 'completion',
      align: 'right',
      width: 90,
      render: (_value, line) => <Percent value={line.row?.completionPct} />,
    },
    {
      title: t('indicators.gap'),
      key: 'gap',
      align: 'right',
      width: 100,
      render: (_value, line) => <Percent value={line.row?.gapPts} signed title={gapTitle(line.row, t)} />,
    },
    {
      title: t('indicators.target'),
      key: 'target',
      render: (_value, line) => (
        <TargetCell target={line.row?.target ?? null} met={line.row?.targetMet ?? null} t={t} />
      ),
    },
  ];

  const empty = !loading && !error && table !== null && table.indicators.length === 0;

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('indicators.title')}</Typography.Title>
        <Space wrap>
          <Select
            value={period.year}
            // Another year keeps the month, so the same months compare; a later month than the
            // current year has closed falls back to the last closed one.
            onChange={(picked: number) =>
              update({
                year: String(picked),
                month: String(
                  picked > now.year || (picked === now.year && month > now.month) ? now.month : month,
                ),
              })
            }
            options={years.map((value) => ({ value, label: t('indicators.yearOption', { year: value }) }))}
            style={{ width: 110 }}
            aria-label={t('indicators.year')}
            data-testid="indicator-year"
          />
          <Select
            value={period.month}
            onChange={(picked: number) => update({ year: String(year), month: String(picked) })}
            options={months.map((value) => ({
              value,
              label: t('indicators.monthOption', { month: value }),
              disabled: year > now.year || (year === now.year && value > now.month),
            }))}
            style={{ width: 100 }}
            aria-label={t('indicators.month')}
            data-testid="indicator-month"
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            disabled={!table}
            onClick={() => void exportTable()}
            data-testid="indicator-export"
          >
            {t('projects.export')}
          </Button>
          {canManageIndicators(user.role) && (
            <Link to="/indicators/admin">
              <Button icon={<SettingOutlined />}>{t('indicatorAdmin.title')}</Button>
            </Link>
          )}
        </Space>
      </div>
      <div className="page-card">
        {error && (
          <Alert
            type="error"
            showIcon
            title={t('indicators.loadFailed')}
            description={error}
            style={{ marginBottom: 12 }}
            data-testid="indicator-error"
          />
        )}
        {table && (
          <div className="indicator-caption" data-testid="indicator-caption">
            <Typography.Text>
              {t('indicators.caption', {
                year: table.year,
                month: table.month,
                progress: table.timeProgressPct,
              })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {table.timeProgressMode === 'days' ? t('indicators.modeDays') : t('indicators.modeMonth')}
            </Typography.Text>
          </div>
        )}
        {empty ? (
          <Empty description={t('indicators.empty')} data-testid="indicator-empty" />
        ) : (
          <Spin spinning={loading && table !== null}>
            {loading && table === null ? (
              <div className="indicator-loading">
                <Spin size="large" />
              </div>
            ) : (
              <Tabs
                activeKey={view}
                destroyOnHidden
                onChange={(key) => update({ view: key === 'matrix' ? undefined : key })}
                items={[
                  {
                    key: 'matrix',
                    label: t('indicators.viewMatrix'),
                    children: (
                      <>
                        <Space wrap style={{ marginBottom: 12 }}>
                          <Typography.Text>{t('indicators.show')}</Typography.Text>
                          <Select
                            mode="multiple"
                            value={shown.map((indicator) => indicator.code)}
                            onChange={(codes: string[]) => update({ show: codes.join(',') })}
                            options={indicators.map((indicator) => ({
                              value: indicator.code,
                              label: indicator.name,
                            }))}
                            maxTagCount="responsive"
                            style={{ minWidth: 360, maxWidth: 720 }}
                            data-testid="indicator-show"
                          />
                          <Button
                            type="link"
                            onClick={() => update({ show: indicators.map((i) => i.code).join(',') })}
                          >
                            {t('indicators.showAll')}
                          </Button>
                        </Space>
                        <Table<RegionRow>
                          rowKey="key"
                          size="small"
                          bordered
                          pagination={false}
                          columns={matrixColumns}
                          dataSource={regionRows}
                          rowClassName={(row) => (row.region === null ? 'indicator-city-row' : '')}
                          scroll={{ x: 'max-content' }}
                          className="indicator-matrix"
                          data-testid="indicator-matrix"
                        />
                      </>
                    ),
                  },
                  {
                    key: 'indicator',
                    label: t('indicators.viewIndicator'),
                    children: (
                      <>
                        <Space style={{ marginBottom: 12 }}>
                          <Typography.Text>{t('indicators.region')}</Typography.Text>
                          <Select
                            value={regionParam}
                            onChange={(region: string) => update({ region: region || undefined })}
                            options={regionRows.map((row) => ({ value: row.key, label: row.name }))}
                            style={{ width: 200 }}
                            data-testid="indicator-region"
                          />
                        </Space>
                        <Table<IndicatorLine>
                          rowKey="key"
                          size="small"
                          bordered
                          pagination={false}
                          columns={lineColumns}
                          dataSource={indicatorRows}
                          scroll={{ x: 'max-content' }}
                          data-testid="indicator-lines"
                        />
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Spin>
        )}
      </div>
      {drill && <DrillDrawer target={drill} onClose={() => setDrill(null)} />}
    </div>
  );
}

/** The completed amount (or the count) of one cell; clicking it lists the projects behind it. */
function Figure({
  indicator,
  row,
  onOpen,
  t,
  view,
}: {
  indicator: IndicatorColumn;
  row: IndicatorRow;
  onOpen: (indicator: IndicatorColumn, row: IndicatorRow) => void;
  t: Translate;
  view: 'matrix' | 'line';
}) {
  const region = row.region ?? 'city';
  const label = isCount(indicator) ? (
    <span className="money">{t('indicators.countValue', { count: row.count ?? 0 })}</span>
  ) : (
    <Money value={row.cumulative} />
  );
  return (
    <Button
      type="link"
      size="small"
      className="indicator-figure"
      onClick={() => onOpen(indicator, row)}
      title={t('indicators.drillHint')}
      data-testid={`${view === 'matrix' ? 'figure' : 'line-figure'}-${indicator.code}-${region}`}
    >
      {label}
    </Button>
  );
}

function groupColumns(
  indicator: IndicatorColumn,
  t: Translate,
  onOpen: (indicator: IndicatorColumn, row: IndicatorRow) => void,
): TableColumnsType<RegionRow> {
  const cell = (row: RegionRow) => row.cells.get(indicator.code);
  const figure = {
    key: `${indicator.code}.figure`,
    align: 'right' as const,
    width: 108,
    render: (_value: unknown, row: RegionRow) => {
      const value = cell(row);
      return value ? <Figure indicator={indicator} row={value} onOpen={onOpen} t={t} view="matrix" /> : '—';
    },
  };
  const target = {
    title: t('indicators.target'),
    key: `${indicator.code}.target`,
    width: 112,
    render: (_value: unknown, row: RegionRow) => (
      <TargetCell target={cell(row)?.target ?? null} met={cell(row)?.targetMet ?? null} t={t} compact />
    ),
  };
  if (isCount(indicator)) return [{ ...figure, title: t('indicators.count') }, target];
  return [
    { ...figure, title: t('indicators.cumulativeShort') },
    {
      title: t('indicators.growthShort'),
      key: `${indicator.code}.growth`,
      align: 'right',
      width: 64,
      render: (_value, row) => <Percent value={cell(row)?.growthPct} />,
    },
    {
      title: t('indicators.annualPlanShort'),
      key: `${indicator.code}.plan`,
      align: 'right',
      width: 104,
      render: (_value, row) => <Money value={cell(row)?.annualPlan} />,
    },
    {
      title: t('indicators.completionShort'),
      key: `${indicator.code}.completion`,
      align: 'right',
      width: 64,
      render: (_value, row) => <Percent value={cell(row)?.completionPct} />,
    },
    {
      title: t('indicators.gapShort'),
      key: `${indicator.code}.gap`,
      align: 'right',
      width: 64,
      render: (_value, row) => <Percent value={cell(row)?.gapPts} signed title={gapTitle(cell(row), t)} />,
    },
    target,
  ];
}
