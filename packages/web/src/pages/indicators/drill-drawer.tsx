import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';
import { formatWanNumber } from '../../lib/format.ts';
import {
  drillExportUrl,
  fetchDrill,
  type DrillPage,
  type DrillProject,
  type DrillQuery,
  type IndicatorColumn,
} from './indicator-api.ts';
import { Money } from './indicator-format.tsx';
import { ReportsDrawer } from './reports-drawer.tsx';

export type DrillTarget = {
  indicator: IndicatorColumn;
  region: string | null;
  regionName: string;
  year: number;
  month: number;
};

const PAGE_SIZE = 20;

/**
 * The projects behind one figure of the indicator table. The server sums every project (not just
 * the page shown), so the summary line repeats the figure that was clicked.
 */
export function DrillDrawer({ target, onClose }: { target: DrillTarget; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<DrillPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [project, setProject] = useState<DrillProject | null>(null);

  const query: DrillQuery = {
    code: target.indicator.code,
    region: target.region,
    year: target.year,
    month: target.month,
    page,
    pageSize: PAGE_SIZE,
  };
  const { code, region, year, month } = query;

  useEffect(() => {
    let active = true;
    setLoading(true);
    setError(null);
    fetchDrill({ code, region, year, month, page, pageSize: PAGE_SIZE })
      .then((result) => active && setData(result))
      .catch((caught: unknown) => {
        if (!active) return;
        setError(caught instanceof ApiError ? caught.message : String(caught));
      })
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [code, region, year, month, page]);

  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile(drillExportUrl(query), `${target.indicator.name}-${target.regionName}.xlsx`);
      message.success(t('projects.exported'));
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setExporting(false);
    }
  };

  const count = target.indicator.unit === 'count';
  const summary = count
    ? t('indicators.drillCountSummary', { total: data?.total ?? 0 })
    : t('indicators.drillSumSummary', {
        total: data?.total ?? 0,
        amount: data ? formatWanNumber(data.cumulative) : '—',
        lastYear: data ? formatWanNumber(data.lastYearCumulative) : '—',
        plan: data ? formatWanNumber(data.annualPlan) : '—',
      });

  return (
    <Drawer
      open
      size={920}
      onClose={onClose}
      title={
        <span data-testid="drill-title">
          {t('indicators.drillTitle', {
            indicator: target.indicator.name,
            region: target.regionName,
            year: target.year,
            month: target.month,
          })}
        </span>
      }
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => void exportList()}
          data-testid="drill-export"
        >
          {t('projects.export')}
        </Button>
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('indicators.loadFailed')}
          description={error}
          style={{ marginBottom: 12 }}
        />
      )}
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text data-testid="drill-summary">{data ? summary : ' '}</Typography.Text>
        <Table<DrillProject>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('indicators.drillEmpty') }}
          scroll={{ x: 'max-content' }}
          data-testid="drill-table"
          onChange={(pagination) => setPage(pagination.current ?? 1)}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          columns={[
            {
              title: t('col.name'),
              dataIndex: 'name',
              key: 'name',
              width: 260,
              ellipsis: true,
              render: (name: string, row) => (
                <Button
                  type="link"
                  size="small"
                  className="indicator-figure"
                  onClick={() => setProject(row)}
                  title={t('indicators.reportsHint')}
                >
                  {name}
                </Button>
              ),
            },
            { title: t('col.region'), dataIndex: 'regionName', key: 'region', width: 110 },
            {
              title: t('indicators.cumulative'),
              dataIndex: 'cumulative',
              key: 'cumulative',
              align: 'right',
              width: 130,
              render: (value: string) => <Money value={value} />,
            },
            {
              title: t('indicators.lastYear'),
              dataIndex: 'lastYearCumulative',
              key: 'lastYear',
              align: 'right',
              width: 130,
              render: (value: string) => <Money value={value} />,
            },
            {
              title: t('indicators.annualPlan'),
              dataIndex: 'annualPlan',
              key: 'plan',
              align: 'right',
              width: 130,
              render: (value: string | null) => <Money value={value} />,
            },
          ]}
        />
      </Space>
      {project && (
        <ReportsDrawer
          project={project}
          year={target.year}
          month={target.month}
          onClose={() => setProject(null)}
        />
      )}
    </Drawer>
  );
}
