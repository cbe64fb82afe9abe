import { CheckOutlined, DownloadOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { REPORT_STATES, type ReportState } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, client, queryString, unwrap } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProgress } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';
import { formatDateTime, formatWanNumber } from '../../lib/format.ts';
import { MonthlySheetModal } from './monthly-sheet-modal.tsx';
import { MonthPicker } from './month-picker.tsx';
import { monthFromParam, monthParam } from './report-month.ts';
import { LateTag, ReportStateTag } from './report-tags.tsx';
import type { Report, ReportList } from './report-types.ts';
import './progress.css';

const DEFAULT_PAGE_SIZE = 50;

type Problem = { report: Report | undefined; reason: string };

/** 审核: the month's latest report revisions in the reviewer's scope; accept or return them in bulk. */
export default function ReviewPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const [params, setParams] = useSearchParams();
  const target = useMemo(() => monthFromParam(params.get('month')), [params]);
  const stateParam = params.get('state');
  // Leaders and administrators read the queue; only the county, department and city act on it.
  const reviewer = canProgress(user.role, 'review');
  const defaultState = reviewer ? 'submitted' : 'all';
  // A reviewer's queue opens on what waits for review; "all" shows every state.
  const state: ReportState | undefined =
    (stateParam ?? defaultState) === 'all'
      ? undefined
      : (REPORT_STATES as readonly string[]).includes(stateParam ?? '')
        ? (stateParam as ReportState)
        : 'submitted';
  const region = params.get('region') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE;
  const [data, setData] = useState<ReportList | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<'accept' | 'return' | null>(null);
  const [returning, setReturning] = useState<Report[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [sheetOpen, setSheetOpen] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const reply = await unwrap(
        client.GET('/api/reports', {
          params: {
            query: { ...target, ...(state ? { state } : {}), ...(region ? { region } : {}), page, pageSize },
          },
        }),
      );
      setData(reply);
      setSelected((current) =>
        current.filter((id) => reply.items.some((item) => item.id === id && item.state === 'submitted')),
      );
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  }, [target, state, region, page, pageSize, message]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!canProgress(user.role, 'read')) return <Result status="403" title={t('common.forbidden')} />;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const items = data?.items ?? [];
  const byId = new Map(items.map((item) => [item.id, item]));

  const accept = async (ids: string[]) => {
    setBusy('accept');
    setProblems([]);
    try {
      const reply = await unwrap(client.POST('/api/reports/accept', { body: { ids } }));
      message.success(t('review.accepted', { count: reply.accepted }));
      setSelected([]);
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setProblems(
          error.details.map((detail) => ({
            report: typeof detail.value === 'string' ? byId.get(detail.value) : undefined,
            reason: detail.reason,
          })),
        );
      }
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
      void load();
    }
  };

  /** There is no bulk return: each report is returned on its own, with the same reason. */
  const sendBack = async ({ reason }: { reason: string }) => {
    if (!returning) return;
    setBusy('return');
    setProblems([]);
    const failed: Problem[] = [];
    for (const report of returning) {
      try {
        await unwrap(
          client.POST('/api/reports/{id}/return', {
            params: { path: { id: report.id } },
            body: { reason: reason.trim(), version: report.version },
          }),
        );
      } catch (error) {
        failed.push({ report, reason: error instanceof ApiError ? error.message : String(error) });
      }
    }
    const done = returning.length - failed.length;
    if (done > 0) message.success(t('review.returned', { count: done }));
    setProblems(failed);
    setReturning(null);
    setSelected([]);
    setBusy(null);
    void load();
  };

  const downloadSheet = async () => {
    setDownloading(true);
    try {
      await downloadFile(
        `/api/progress/monthly-sheet${queryString({ ...target, region })}`,
        `月报汇总表-${monthParam(target)}.xlsx`,
      );
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setDownloading(false);
    }
  };

  const openReturn = (reports: Report[]) => {
    reasonForm.resetFields();
    setReturning(reports);
  };

  const singleRegion = user.role === 'county';
  const columns: TableProps<Report>['columns'] = [
    {
      title: t('col.name'),
      dataIndex: 'projectName',
      ellipsis: true,
      width: 240,
      render: (name: string, report) => (
        <Link to={`/progress/reporting/${report.projectId}/${report.year}/${report.month}`}>{name}</Link>
      ),
    },
    ...(singleRegion ? [] : [{ title: t('col.region'), dataIndex: 'regionName', width: 100 }]),
    {
      title: t('report.state'),
      dataIndex: 'state',
      width: 150,
      render: (value: ReportState, report) => (
        <Space size={0}>
          <ReportStateTag state={value} />
          <LateTag late={report.late} />
        </Space>
      ),
    },
    {
      title: t('report.revision'),
      dataIndex: 'revision',
      width: 64,
      render: (n: number) => t('report.revisionN', { n }),
    },
    {
      title: t('review.amount'),
      dataIndex: 'completedAmount',
      align: 'right',
      width: 112,
      render: (value: string) => <span className="money">{formatWanNumber(value)}</span>,
    },
    {
      title: t('review.thisYear'),
      dataIndex: 'cumulativeThisYear',
      align: 'right',
      width: 112,
      render: (value: string) => <span className="money">{formatWanNumber(value)}</span>,
    },
    {
      title: t('review.sinceStart'),
      dataIndex: 'cumulativeSinceStart',
      align: 'right',
      width: 120,
      render: (value: string) => <span className="money">{formatWanNumber(value)}</span>,
    },
    {
      title: t('review.percent'),
      dataIndex: 'percentComplete',
      width: 72,
      align: 'right',
      render: (value: string | null) => (value ? `${Number(value)}%` : '—'),
    },
    { title: t('report.physicalProgress'), dataIndex: 'physicalProgress', ellipsis: true, width: 180 },
    { title: t('report.submittedAt'), dataIndex: 'submittedAt', width: 136, render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, report) =>
        report.state === 'submitted' && reviewer ? (
          <Space size={0}>
            <Button
              size="small"
              type="link"
              onClick={() => void accept([report.id])}
              data-testid="review-accept-one"
            >
              {t('review.accept')}
            </Button>
            <Button
              size="small"
              type="link"
              danger
              onClick={() => openReturn([report])}
              data-testid="review-return-one"
            >
              {t('review.return')}
            </Button>
          </Space>
        ) : report.state === 'accepted' ? (
          <Typography.Text type="secondary" ellipsis title={formatDateTime(report.reviewedAt)}>
            {report.reviewerName}
          </Typography.Text>
        ) : report.state === 'returned' ? (
          <Typography.Text type="danger" ellipsis title={report.returnReason ?? ''}>
            {report.returnReason}
          </Typography.Text>
        ) : null,
    },
  ];

  const selectedReports = selected.flatMap((id) => byId.get(id) ?? []);

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{reviewer ? t('review.title') : t('review.readTitle')}</Typography.Title>
        <Space style={reviewer ? undefined : { display: 'none' }}>
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={() => void downloadSheet()}
            data-testid="sheet-download"
          >
            {t('sheet.download')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setSheetOpen(true)} data-testid="sheet-open">
            {t('sheet.upload')}
          </Button>
        </Space>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
            <MonthPicker
              value={target}
              onChange={(value) => update({ month: monthParam(value) })}
              testId="review-month"
            />
            <Select
              style={{ width: 140 }}
              value={state ?? 'all'}
              onChange={(value: string) => update({ state: value === defaultState ? undefined : value })}
              options={[
                { value: 'all', label: t('review.allStates') },
                ...REPORT_STATES.map((value) => ({ value, label: t(`reportState.${value}`) })),
              ]}
              data-testid="review-state"
            />
            {!singleRegion && (
              <Select
                allowClear
                style={{ width: 160 }}
                placeholder={t('projects.region')}
                value={region}
                onChange={(value?: string) => update({ region: value })}
                options={reference.projectRegions.map((item) => ({ value: item.code, label: item.name }))}
                data-testid="review-region"
              />
            )}
          </Space>
          <div className="review-toolbar">
            <Typography.Text type="secondary">
              {t('review.summary', { year: target.year, month: target.month, count: data?.total ?? 0 })}
              {t('review.unit')}
            </Typography.Text>
            <Space style={reviewer ? undefined : { display: 'none' }}>
              <Typography.Text type="secondary">
                {t('review.selected', { count: selected.length })}
              </Typography.Text>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={selected.length === 0}
                loading={busy === 'accept'}
                onClick={() => void accept(selected)}
                data-testid="review-accept"
              >
                {t('review.acceptSelected')}
              </Button>
              <Button
                danger
                icon={<RollbackOutlined />}
                disabled={selected.length === 0}
                onClick={() => openReturn(selectedReports)}
                data-testid="review-return"
              >
                {t('review.returnSelected')}
              </Button>
            </Space>
          </div>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              closable={{ onClose: () => setProblems([]) }}
              style={{ marginBottom: 12 }}
              title={t('review.problems', { count: problems.length })}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {problems.map((problem, index) => (
                    <li key={index}>
                      {problem.report ? `${problem.report.projectName}：` : ''}
                      {problem.reason}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Table<Report>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            loading={loading}
            scroll={{ x: 1380 }}
            locale={{ emptyText: t('review.empty') }}
            data-testid="review-table"
            rowSelection={
              reviewer
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(String)),
                    getCheckboxProps: (report) => ({ disabled: report.state !== 'submitted' }),
                  }
                : undefined
            }
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              onChange: (next, size) => update({ page: String(next), pageSize: String(size) }),
              showTotal: (total) => t('common.total', { count: total }),
            }}
          />
        </div>
      </Space>
      {sheetOpen && (
        <MonthlySheetModal
          target={target}
          onClose={() => setSheetOpen(false)}
          onImported={() => void load()}
        />
      )}
      <Modal
        open={returning !== null}
        title={t('review.returnTitle', { count: returning?.length ?? 0 })}
        okText={t('review.return')}
        okButtonProps={{ danger: true, loading: busy === 'return' }}
        onOk={() => reasonForm.submit()}
        onCancel={() => setReturning(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {returning?.map((report) => report.projectName).join('、')}
        </Typography.Paragraph>
        <Form form={reasonForm} layout="vertical" onFinish={(values) => void sendBack(values)}>
          <Form.Item
            name="reason"
            label={t('review.reason')}
            rules={[{ required: true, whitespace: true, message: t('review.reasonRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 6 }}
              maxLength={500}
              showCount
              data-testid="return-reason-input"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
