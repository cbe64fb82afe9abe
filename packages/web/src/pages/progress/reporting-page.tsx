import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { reportingWindow, resolveDueDay, shanghaiDate, type ProjectStage } from '@beacon/domain';
import { App, Button, Input, Result, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { Project } from '../../api/types.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { canProgress } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatWanNumber } from '../../lib/format.ts';
import { StageTag } from '../projects/stage-tag.tsx';
import { MonthPicker } from './month-picker.tsx';
import { monthFromParam, monthParam, type YearMonth } from './report-month.ts';
import { LateTag, ReportStateTag, type InboxState } from './report-tags.tsx';
import type { Report, ReportingRule } from './report-types.ts';

type Row = { project: Project; report: Report | null };

const PAGE_SIZE = 20;
/** The queue answers at most 200 a page; a county's month rarely needs more than a few pages. */
const REPORT_PAGE = 200;

async function monthReports(target: YearMonth): Promise<Report[]> {
  const all: Report[] = [];
  for (let page = 1; page <= 50; page += 1) {
    const reply = await unwrap(
      client.GET('/api/reports', { params: { query: { ...target, page, pageSize: REPORT_PAGE } } }),
    );
    all.push(...reply.items);
    if (all.length >= reply.total || reply.items.length === 0) break;
  }
  return all;
}

/** 填报: the caller's projects for a month with the state of each one's report. */
export default function ReportingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const target = useMemo(() => monthFromParam(params.get('month')), [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const [projects, setProjects] = useState<{ items: Project[]; total: number } | null>(null);
  const [reports, setReports] = useState<Report[]>([]);
  const [rules, setRules] = useState<ReportingRule[]>([]);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState(q);

  useEffect(() => {
    let active = true;
    setLoading(true);
    Promise.all([
      unwrap(
        client.GET('/api/projects', {
          params: { query: { q: q || undefined, page, pageSize: PAGE_SIZE, sort: 'name' } },
        }),
      ),
      monthReports(target),
      unwrap(client.GET('/api/reporting-rules', { params: { query: { year: target.year } } })),
    ])
      .then(([projectPage, monthly, ruleList]) => {
        if (!active) return;
        setProjects({ items: projectPage.items, total: projectPage.total });
        setReports(monthly);
        setRules(ruleList.items);
      })
      .catch(
        (error: unknown) =>
          active && message.error(error instanceof ApiError ? error.message : String(error)),
      )
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [target, page, q, message]);

  if (!canProgress(user.role, 'write')) return <Result status="403" title={t('common.forbidden')} />;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const byProject = new Map(reports.map((report) => [report.projectId, report]));
  const rows: Row[] = (projects?.items ?? []).map((project) => ({
    project,
    report: byProject.get(project.id) ?? null,
  }));
  const counts = reports.reduce<Record<string, number>>((acc, report) => {
    acc[report.state] = (acc[report.state] ?? 0) + 1;
    return acc;
  }, {});
  const notStarted = Math.max(0, (projects?.total ?? 0) - reports.length);
  const today = shanghaiDate(new Date());
  /** The region's due day for the month (its own rule, else the city's, else the default). */
  const windowOf = (regionCode: string) =>
    reportingWindow(target.year, target.month, resolveDueDay(rules, target.year, regionCode));
  const first = projects?.items[0];
  const reportWindow = first ? windowOf(first.regionCode) : null;
  /** Not yet submitted once and past the due date: the owner is late already. */
  const overdue = (row: Row) =>
    (!row.report || (row.report.state === 'draft' && row.report.late === null)) &&
    today > windowOf(row.project.regionCode).dueOn;
  const reportUrl = (projectId: string) => `/progress/reporting/${projectId}/${target.year}/${target.month}`;

  const columns: TableProps<Row>['columns'] = [
    {
      title: t('col.name'),
      key: 'name',
      ellipsis: true,
      width: 230,
      render: (_, row) => <Link to={reportUrl(row.project.id)}>{row.project.name}</Link>,
    },
    { title: t('col.region'), key: 'region', width: 110, render: (_, row) => row.project.regionName },
    {
      title: t('col.stage'),
      key: 'stage',
      width: 110,
      render: (_, row) => <StageTag stage={row.project.stage as ProjectStage} />,
    },
    {
      title: t('report.state'),
      key: 'state',
      width: 240,
      render: (_, row) => (
        <>
          <Space size={0}>
            <ReportStateTag state={(row.report?.state ?? 'none') as InboxState} />
            <LateTag late={row.report?.late ?? null} />
            {overdue(row) && (
              <Tag color="volcano" data-testid="report-overdue">
                {t('report.overdue')}
              </Tag>
            )}
          </Space>
          {/* The reviewer's reason stays in sight until the owner resubmits. */}
          {row.report?.state === 'returned' && (
            <Typography.Paragraph
              type="danger"
              ellipsis={{ rows: 2, tooltip: row.report.returnReason }}
              style={{ margin: '4px 0 0', fontSize: 12 }}
              data-testid="return-reason"
            >
              {t('report.returnedBecause', { reason: row.report.returnReason ?? '' })}
            </Typography.Paragraph>
          )}
        </>
      ),
    },
    {
      title: t('report.dueOn'),
      key: 'dueOn',
      width: 110,
      render: (_, row) => windowOf(row.project.regionCode).dueOn,
    },
    {
      title: t('report.completedAmount'),
      key: 'amount',
      align: 'right',
      width: 130,
      render: (_, row) =>
        row.report ? <span className="money">{formatWanNumber(row.report.completedAmount)}</span> : '—',
    },
    {
      title: t('report.cumulativeThisYear'),
      key: 'thisYear',
      align: 'right',
      width: 130,
      render: (_, row) =>
        row.report ? <span className="money">{formatWanNumber(row.report.cumulativeThisYear)}</span> : '—',
    },
    {
      title: t('report.revision'),
      key: 'revision',
      width: 80,
      render: (_, row) => (row.report ? t('report.revisionN', { n: row.report.revision }) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, row) => {
        const editable = !row.report || row.report.state === 'draft' || row.report.state === 'returned';
        return (
          <Button
            size="small"
            type={editable ? 'primary' : 'default'}
            icon={editable ? <EditOutlined /> : <EyeOutlined />}
            onClick={() => navigate(reportUrl(row.project.id))}
            data-testid="report-open"
          >
            {editable ? t('report.fill') : t('report.view')}
          </Button>
        );
      },
    },
  ];

  const stat = (label: string, value: number, testId: string) => (
    <span className="report-stat" data-testid={testId}>
      <Typography.Text type="secondary">{label}</Typography.Text> <strong>{value}</strong>
    </span>
  );

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('report.inboxTitle')}</Typography.Title>
        <Space wrap>
          <MonthPicker
            value={target}
            onChange={(value) => update({ month: monthParam(value) })}
            testId="report-month"
          />
        </Space>
      </div>
      <div className="page-card">
        <Space wrap size={[24, 8]} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t('report.monthTitle', target)}</Typography.Text>
          {reportWindow && (
            <Typography.Text type="secondary">
              {t('report.window', { opensOn: reportWindow.opensOn, dueOn: reportWindow.dueOn })}
            </Typography.Text>
          )}
          {stat(t('reportState.none'), notStarted, 'count-none')}
          {stat(t('reportState.draft'), counts.draft ?? 0, 'count-draft')}
          {stat(t('reportState.submitted'), counts.submitted ?? 0, 'count-submitted')}
          {stat(t('reportState.returned'), counts.returned ?? 0, 'count-returned')}
          {stat(t('reportState.accepted'), counts.accepted ?? 0, 'count-accepted')}
        </Space>
        <div style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={search}
            placeholder={t('projects.search')}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            style={{ width: 280 }}
          />
        </div>
        <Table<Row>
          rowKey={(row) => row.project.id}
          size="small"
          columns={columns}
          dataSource={rows}
          loading={loading}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('report.noProjects') }}
          data-testid="inbox-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: projects?.total ?? 0,
            showSizeChanger: false,
            onChange: (next) => update({ page: String(next) }),
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </div>
    </div>
  );
}
