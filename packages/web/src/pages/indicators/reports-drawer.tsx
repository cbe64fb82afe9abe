import type { ReportState } from '@beacon/domain';
import { Alert, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { DrillProject } from './indicator-api.ts';
import { Money } from './indicator-format.tsx';

type ReportsReply =
  paths['/api/projects/{id}/reports']['get']['responses'][200]['content']['application/json'];
type Report = ReportsReply['items'][number];

const STATE_COLORS: Record<ReportState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'error',
};

const stateKey = (state: ReportState): MessageKey => `indicators.reportState.${state}`;

/**
 * A project's monthly reports of the year with every revision: a correction shows beside the
 * accepted revision it replaces, and only accepted revisions count in the figures.
 */
export function ReportsDrawer({
  project,
  year,
  month,
  onClose,
}: {
  project: DrillProject;
  year: number;
  month: number;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [data, setData] = useState<ReportsReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let active = true;
    setLoading(true);
    unwrap(
      client.GET('/api/projects/{id}/reports', { params: { path: { id: project.id }, query: { year } } }),
    )
      .then((result) => active && setData(result))
      .catch(
        (caught: unknown) => active && setError(caught instanceof ApiError ? caught.message : String(caught)),
      )
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [project.id, year]);

  const summary = data?.years.find((entry) => entry.year === year);
  const items = (data?.items ?? []).filter((report) => report.year === year);

  return (
    <Drawer
      open
      size={980}
      onClose={onClose}
      title={
        <span data-testid="reports-title">
          {t('indicators.reportsTitle', { project: project.name, year })}
        </span>
      }
      extra={<Link to={`/projects/${project.id}`}>{t('indicators.openProject')}</Link>}
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
      <Descriptions
        size="small"
        bordered
        column={2}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'code', label: t('col.code'), children: project.code ?? '—' },
          { key: 'region', label: t('col.region'), children: project.regionName },
          {
            key: 'cumulative',
            label: t('indicators.cumulativeThrough', { month }),
            children: <Money value={project.cumulative} />,
          },
          {
            key: 'accepted',
            label: t('indicators.acceptedTotal', { year }),
            children: summary ? (
              <span>
                <Money value={summary.total} />
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {summary.acceptedThroughMonth > 0
                    ? t('indicators.acceptedThrough', { month: summary.acceptedThroughMonth })
                    : ''}
                </Typography.Text>
              </span>
            ) : (
              '—'
            ),
          },
        ]}
      />
      <Table<Report>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('indicators.reportsEmpty') }}
        data-testid="reports-table"
        rowClassName={(report) => (report.month > month ? 'indicator-after-period' : '')}
        columns={[
          {
            title: t('indicators.reportMonth'),
            key: 'month',
            width: 90,
            render: (_value, report) => t('indicators.monthOption', { month: report.month }),
          },
          {
            title: t('indicators.revision'),
            dataIndex: 'revision',
            key: 'revision',
            width: 64,
            align: 'center',
          },
          {
            title: t('indicators.reportStateColumn'),
            dataIndex: 'state',
            key: 'state',
            width: 90,
            render: (state: ReportState) => <Tag color={STATE_COLORS[state]}>{t(stateKey(state))}</Tag>,
          },
          {
            title: t('indicators.monthAmount'),
            dataIndex: 'completedAmount',
            key: 'amount',
            align: 'right',
            width: 120,
            render: (value: string) => <Money value={value} />,
          },
          {
            title: t('indicators.yearToDate'),
            dataIndex: 'cumulativeThisYear',
            key: 'ytd',
            align: 'right',
            width: 120,
            render: (value: string) => <Money value={value} />,
          },
          {
            title: t('indicators.submittedAt'),
            dataIndex: 'submittedAt',
            key: 'submittedAt',
            width: 150,
            render: (value: string | null, report) =>
              report.source === 'history' ? (
                <Typography.Text type="secondary">{t('indicators.fromHistory')}</Typography.Text>
              ) : (
                <span>
                  {formatDateTime(value)}
                  {/* A correction carries the late flag of the revision it corrects; it shows once submitted. */}
                  {report.late && value !== null && (
                    <Tag color="warning" style={{ marginLeft: 4 }}>
                      {t('indicators.late')}
                    </Tag>
                  )}
                </span>
              ),
          },
          {
            title: t('indicators.reviewer'),
            key: 'reviewer',
            width: 170,
            render: (_value, report) =>
              report.reviewerName ? (
                <Space orientation="vertical" size={0}>
                  <span>{report.reviewerName}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(report.reviewedAt)}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          // Only a returned revision has a reason; the column would be empty otherwise.
          ...(items.some((report) => report.returnReason)
            ? [
                {
                  title: t('indicators.returnReason'),
                  dataIndex: 'returnReason',
                  key: 'returnReason',
                  render: (value: string | null) => value ?? '—',
                },
              ]
            : []),
        ]}
      />
    </Drawer>
  );
}
