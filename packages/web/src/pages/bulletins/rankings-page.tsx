import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { shanghaiYear } from '@beacon/domain';
import { Alert, Empty, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { lastClosedMonth } from '../indicators/period.ts';
import { LightCounts, RankArrow } from '../warnings/light-tag.tsx';
import { fetchRankings, type RankingRegion, type Rankings } from '../warnings/warning-api.ts';
import './bulletins.css';

type Row = { code: string; name: string; months: Map<number, RankingRegion> };

/**
 * 晾晒: every region's rank month by month with the change from the month before (green up, red
 * down) and its red, yellow and green projects, from the newest edition of each month's close.
 */
export default function RankingsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || lastClosedMonth(new Date()).year;
  const [data, setData] = useState<Rankings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let active = true;
    setLoading(true);
    setError(null);
    fetchRankings(year)
      .then((result) => active && setData(result))
      .catch((caught: unknown) => {
        if (!active) return;
        setData(null);
        setError(caught instanceof ApiError ? caught.message : String(caught));
      })
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [year]);

  const rows = useMemo<Row[]>(() => {
    if (!data) return [];
    const byCode = new Map<string, Row>();
    for (const month of data.months) {
      for (const region of month.regions) {
        const row = byCode.get(region.code) ?? { code: region.code, name: region.name, months: new Map() };
        row.months.set(month.month, region);
        byCode.set(region.code, row);
      }
    }
    // A region never ranked (no annual plan, such as the city's own level without projects) is left out.
    return [...byCode.values()].filter((row) =>
      [...row.months.values()].some((region) => region.rank !== null),
    );
  }, [data]);

  const thisYear = shanghaiYear(new Date());
  const years = Array.from({ length: 9 }, (_, index) => thisYear - index);

  const columns: TableColumnsType<Row> = [
    { title: t('rankings.region'), dataIndex: 'name', key: 'name', fixed: 'start', width: 116 },
    ...(data?.months ?? []).map((month) => ({
      key: `m${month.month}`,
      // Twelve months beside the region fit a laptop screen: the cells are two short lines.
      width: 82,
      align: 'center' as const,
      title: (
        <span className="rankings-month-head">
          <Link to={`/bulletins/${month.closeId}`}>{t('warnings.monthOption', { month: month.month })}</Link>
          {!month.published && (
            <Tag color="warning" style={{ marginInlineEnd: 0, fontSize: 11 }}>
              {t('rankings.unpublished')}
            </Tag>
          )}
        </span>
      ),
      render: (_: unknown, row: Row) => {
        const region = row.months.get(month.month);
        if (!region || region.rank === null) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <div
            className="rankings-cell"
            data-testid={`rank-${row.code}-${month.month}`}
            title={region.light ? `${row.name}：${t(`light.${region.light}`)}` : undefined}
          >
            <span className="bulletin-rank">
              <strong>{region.rank}</strong>
              <RankArrow change={region.rankChange} />
            </span>
            <LightCounts lights={region.lights} />
          </div>
        );
      },
    })),
  ];

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('rankings.title')}</Typography.Title>
        <Space wrap>
          <Select
            value={year}
            onChange={(picked: number) => setParams({ year: String(picked) })}
            options={years.map((value) => ({ value, label: t('warnings.yearOption', { year: value }) }))}
            style={{ width: 110 }}
            aria-label={t('warnings.year')}
            data-testid="rankings-year"
          />
        </Space>
      </div>
      <div className="page-card">
        <Typography.Paragraph type="secondary">{t('rankings.intro')}</Typography.Paragraph>
        <Space size={16} className="rankings-legend" data-testid="rankings-legend">
          <Typography.Text type="secondary">{t('rankings.legend')}</Typography.Text>
          <span className="light-count light-count--red">{t('rankings.redProjects')}</span>
          <span className="light-count light-count--yellow">{t('rankings.yellowProjects')}</span>
          <span className="light-count light-count--green">{t('rankings.greenProjects')}</span>
          <span className="rank-arrow rank-arrow--up">
            <ArrowUpOutlined /> {t('rankings.up')}
          </span>
          <span className="rank-arrow rank-arrow--down">
            <ArrowDownOutlined /> {t('rankings.down')}
          </span>
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Spin spinning={loading}>
          {data && data.months.length === 0 ? (
            <Empty description={t('rankings.empty')} data-testid="rankings-empty" />
          ) : (
            <Table<Row>
              rowKey="code"
              size="small"
              bordered
              pagination={false}
              columns={columns}
              dataSource={rows}
              scroll={{ x: 'max-content' }}
              data-testid="rankings-table"
              className="rankings-table"
            />
          )}
        </Spin>
      </div>
    </div>
  );
}
