import { ArrowLeftOutlined, DiffOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { deriveCumulative, parseWan, wanToDecimal, type ReportState } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Space,
  Switch,
  Table,
  Typography,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProgress } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime, formatWanNumber, tryFormatYi } from '../../lib/format.ts';
import { useProject } from '../projects/use-project.ts';
import { isOpen } from './report-month.ts';
import { ReportPhotos } from './report-photos.tsx';
import { LateTag, ReportStateTag } from './report-tags.tsx';
import type { ProjectReports, Report, SaveReportBody } from './report-types.ts';
import './progress.css';

const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;
const PERCENT_PATTERN = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const EDITABLE: ReportState[] = ['draft', 'returned'];
const FORM_FIELDS = new Set([
  'completedAmount',
  'physicalProgress',
  'percentComplete',
  'startedOn',
  'statsRegistered',
]);

type Values = {
  completedAmount: string;
  physicalProgress: string;
  percentComplete: string;
  startedOn: Dayjs | null;
  statsRegistered: boolean;
};

const trim = (value: string) => (value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value);

function valuesOf(report: Report | null, fallbackStart: string | null): Values {
  return {
    completedAmount: report ? trim(report.completedAmount) : '',
    physicalProgress: report?.physicalProgress ?? '',
    percentComplete: report?.percentComplete ? trim(report.percentComplete) : '',
    startedOn: report?.startedOn ? dayjs(report.startedOn) : fallbackStart ? dayjs(fallbackStart) : null,
    statsRegistered: report?.statsRegistered ?? false,
  };
}

function bodyOf(values: Values, version: number | undefined): SaveReportBody {
  return {
    ...(version ? { version } : {}),
    completedAmount: values.completedAmount.trim(),
    physicalProgress: values.physicalProgress?.trim() || null,
    percentComplete: values.percentComplete?.trim() || null,
    startedOn: values.startedOn ? values.startedOn.format('YYYY-MM-DD') : null,
    statsRegistered: values.statsRegistered ?? false,
  };
}

/**
 * The cumulative figures are derived, never typed: this year's accepted months before this one
 * plus this month's amount, and every earlier year's accepted total before that (exact, bigint).
 */
function DerivedFigures({
  form,
  data,
  month,
}: {
  form: FormInstance<Values>;
  data: ProjectReports;
  month: number;
}) {
  const { t } = useI18n();
  const amount = Form.useWatch('completedAmount', form) ?? '';
  const year = data.years[0];
  const monthly = (year?.monthly ?? []).map((text) => parseWan(text));
  const priorYears = parseWan(data.sinceStart) - parseWan(year?.total ?? '0');
  const valid = MONEY_PATTERN.test(amount.trim());
  const derived = deriveCumulative({
    monthly,
    month,
    amount: valid ? parseWan(amount.trim()) : 0n,
    priorYears,
  });
  const show = (value: bigint) => (valid ? `${formatWanNumber(wanToDecimal(value))} 万元` : '—');
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      className="report-derived"
      items={[
        {
          key: 'thisYear',
          label: t('report.cumulativeThisYear'),
          children: (
            <span className="money" data-testid="derived-this-year">
              {show(derived.thisYear)}
            </span>
          ),
        },
        {
          key: 'sinceStart',
          label: t('report.cumulativeSinceStart'),
          children: (
            <span className="money" data-testid="derived-since-start">
              {show(derived.sinceStart)}
            </span>
          ),
        },
      ]}
    />
  );
}

/** One project's report for one month: fill in, save, submit, correct; every revision readable. */
export default function ReportPage() {
  const params = useParams();
  const projectId = params.projectId;
  const year = Number(params.year);
  const month = Number(params.month);
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const { project, error: projectError } = useProject(projectId);
  const [data, setData] = useState<ProjectReports | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'correct' | null>(null);
  const [form] = Form.useForm<Values>();
  const typedAmount = Form.useWatch('completedAmount', form);

  const revisions = (data?.items ?? [])
    .filter((report) => report.month === month)
    .sort((a, b) => b.revision - a.revision);
  const current = revisions[0] ?? null;

  const load = useCallback(async () => {
    if (!projectId || !Number.isInteger(year)) return null;
    try {
      const reply = await unwrap(
        client.GET('/api/projects/{id}/reports', { params: { path: { id: projectId }, query: { year } } }),
      );
      setData(reply);
      return reply;
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught.message : String(caught));
      return null;
    }
  }, [projectId, year]);

  const resetForm = useCallback(
    (reply: ProjectReports | null) => {
      if (!reply) return;
      const latest = reply.items
        .filter((report) => report.month === month)
        .sort((a, b) => b.revision - a.revision)[0];
      form.resetFields();
      form.setFieldsValue(valuesOf(latest ?? null, project?.actualStart ?? null));
    },
    [form, month, project?.actualStart],
  );

  useEffect(() => {
    void load().then(resetForm);
  }, [load, resetForm]);

  if (projectError) {
    return (
      <Result
        status={projectError.status === 404 ? '404' : 'error'}
        title={projectError.message}
        extra={
          <Link to="/progress/reporting">
            <Button type="primary">{t('report.backToInbox')}</Button>
          </Link>
        }
      />
    );
  }
  if (!project || !data || !projectId)
    return failure ? <Alert type="error" showIcon title={failure} /> : <PageSpinner />;

  const mayWrite = canProgress(user.role, 'write');
  const editable = mayWrite && isOpen({ year, month }) && (!current || EDITABLE.includes(current.state));

  const showServerError = (caught: unknown) => {
    if (!(caught instanceof ApiError)) {
      setFailure(String(caught));
      return;
    }
    if (caught.code === 'VERSION_CONFLICT' || caught.code === 'CONFLICT') {
      modal.warning({
        title: t('report.conflictTitle'),
        content: caught.message,
        okText: t('conflict.reload'),
        onOk: () => void load().then(resetForm),
      });
      return;
    }
    const fields = caught.details
      .filter((detail) => detail.field && FORM_FIELDS.has(detail.field))
      .map((detail) => ({ name: detail.field as keyof Values, errors: [detail.reason] }));
    form.setFields(fields);
    setFailure(caught.message);
  };

  const save = async (): Promise<Report | null> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return null;
    const saved = await unwrap(
      client.PUT('/api/projects/{id}/reports/{year}/{month}', {
        params: { path: { id: projectId, year, month } },
        body: bodyOf(values, current?.version),
      }),
    );
    return saved;
  };

  const saveDraft = async () => {
    setBusy('save');
    setFailure(null);
    try {
      if (await save()) {
        message.success(t('report.saved'));
        await load();
      }
    } catch (caught) {
      showServerError(caught);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setBusy('submit');
    setFailure(null);
    try {
      const saved = await save();
      if (!saved) return;
      await unwrap(
        client.POST('/api/projects/{id}/reports/{year}/{month}/submit', {
          params: { path: { id: projectId, year, month } },
          body: { version: saved.version },
        }),
      );
      message.success(t('report.submitted'));
      await load();
    } catch (caught) {
      showServerError(caught);
      await load();
    } finally {
      setBusy(null);
    }
  };

  const correct = async () => {
    if (!current) return;
    setBusy('correct');
    setFailure(null);
    try {
      await unwrap(
        client.POST('/api/projects/{id}/reports/{year}/{month}/correct', {
          params: { path: { id: projectId, year, month } },
          body: { version: current.version },
        }),
      );
      message.success(t('report.correctionOpened'));
      resetForm(await load());
    } catch (caught) {
      showServerError(caught);
    } finally {
      setBusy(null);
    }
  };

  const yi = tryFormatYi(typedAmount);
  const state = current?.state ?? 'none';

  return (
    <div>
      <div className="page-header">
        <Space align="center" wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(`/progress/reporting?month=${year}-${String(month).padStart(2, '0')}`)}
            aria-label={t('common.back')}
          />
          <Typography.Title level={4} data-testid="report-title">
            {t('report.formTitle', { name: project.name, year, month })}
          </Typography.Title>
          <ReportStateTag state={state} testId="report-state" />
          <LateTag late={current?.late ?? null} />
          {current && (
            <Typography.Text type="secondary">
              {t('report.revisionN', { n: current.revision })}
            </Typography.Text>
          )}
        </Space>
        <Link to={`/projects/${project.id}`}>{t('yearPlan.projectLink')}</Link>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {current?.state === 'returned' && (
          <Alert
            type="error"
            showIcon
            data-testid="report-returned"
            title={t('report.returnedBecause', { reason: current.returnReason ?? '' })}
            description={t('report.returnedBy', {
              name: current.reviewerName ?? '—',
              at: formatDateTime(current.reviewedAt),
            })}
          />
        )}
        {current?.state === 'submitted' && <Alert type="info" showIcon title={t('report.waiting')} />}
        {current?.state === 'accepted' && (
          <Alert
            type="success"
            showIcon
            title={t('report.acceptedInfo', {
              name: current.reviewerName ?? '—',
              at: formatDateTime(current.reviewedAt),
            })}
            action={
              mayWrite && (
                <Button
                  size="small"
                  icon={<DiffOutlined />}
                  loading={busy === 'correct'}
                  onClick={() =>
                    modal.confirm({
                      title: t('report.correct'),
                      content: t('report.correctIntro'),
                      okText: t('report.correct'),
                      cancelText: t('common.cancel'),
                      onOk: correct,
                    })
                  }
                  data-testid="report-correct"
                >
                  {t('report.correct')}
                </Button>
              )
            }
          />
        )}
        {!isOpen({ year, month }) && <Alert type="warning" showIcon title={t('report.notOpen')} />}
        <div className="page-card">
          <Space wrap size={[24, 4]} style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">
              {t('report.owner')}：{project.ownerName}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('col.region')}：{project.regionName}
            </Typography.Text>
            {current && (
              <Typography.Text type="secondary">
                {t('report.window', { opensOn: current.opensOn, dueOn: current.dueOn })}
              </Typography.Text>
            )}
          </Space>
          <Form<Values>
            form={form}
            layout="vertical"
            disabled={!editable}
            data-testid="report-form"
            onValuesChange={(changed: Partial<Values>) => {
              // A server message about a field goes once the field is edited.
              form.setFields(
                Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })),
              );
              setFailure(null);
            }}
          >
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="completedAmount"
                  label={t('report.completedAmount')}
                  rules={[
                    { required: true, whitespace: true, message: t('report.amountRequired') },
                    { pattern: MONEY_PATTERN, message: t('form.money') },
                  ]}
                  extra={yi ? t('form.moneyHint', { amount: yi }) : undefined}
                >
                  <Input suffix="万元" inputMode="decimal" className="money" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item label={t('report.derived')}>
                  <DerivedFigures form={form} data={data} month={month} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="physicalProgress" label={t('report.physicalProgress')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Form.Item
                  name="percentComplete"
                  label={t('report.percentComplete')}
                  rules={[{ pattern: PERCENT_PATTERN, message: t('report.percentInvalid') }]}
                >
                  <Input suffix="%" inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="startedOn" label={t('report.startedOn')}>
                  <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="statsRegistered" label={t('report.statsRegistered')} valuePropName="checked">
                  <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          {failure && (
            <Alert
              type="error"
              showIcon
              title={failure}
              style={{ marginBottom: 12 }}
              data-testid="report-error"
            />
          )}
          {editable && (
            <Space>
              <Button
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                onClick={() => void saveDraft()}
                data-testid="report-save"
              >
                {t('report.saveDraft')}
              </Button>
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={() => void submit()}
                data-testid="report-submit"
              >
                {current?.state === 'returned' ? t('report.resubmit') : t('report.submit')}
              </Button>
              <Typography.Text type="secondary">{t('report.submitHint')}</Typography.Text>
            </Space>
          )}
        </div>
        <div className="page-card">
          <ReportPhotos reportId={current?.id ?? null} editable={editable} />
        </div>
        <div className="page-card">
          <div className="report-card-title">
            <Typography.Title level={5}>{t('report.history', { count: revisions.length })}</Typography.Title>
          </div>
          <Table<Report>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={revisions}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('report.noHistory') }}
            data-testid="report-history"
            columns={[
              {
                title: t('report.revision'),
                dataIndex: 'revision',
                width: 70,
                render: (n: number) => t('report.revisionN', { n }),
              },
              {
                title: t('report.state'),
                dataIndex: 'state',
                width: 140,
                render: (value: ReportState, report) => (
                  <Space size={0}>
                    <ReportStateTag state={value} />
                    <LateTag late={report.late} />
                  </Space>
                ),
              },
              {
                title: t('report.completedAmount'),
                dataIndex: 'completedAmount',
                align: 'right',
                width: 150,
                render: (value: string) => <span className="money">{formatWanNumber(value)}</span>,
              },
              {
                title: t('report.percentComplete'),
                dataIndex: 'percentComplete',
                width: 90,
                render: (v: string | null) => (v ? `${trim(v)}%` : '—'),
              },
              { title: t('report.physicalProgress'), dataIndex: 'physicalProgress', ellipsis: true },
              {
                title: t('report.submittedAt'),
                dataIndex: 'submittedAt',
                width: 140,
                render: formatDateTime,
              },
              {
                title: t('report.review'),
                key: 'review',
                width: 260,
                render: (_, report) =>
                  report.reviewedAt ? (
                    <span>
                      {report.reviewerName ?? '—'} · {formatDateTime(report.reviewedAt)}
                      {report.returnReason && (
                        <Typography.Text type="danger" style={{ display: 'block' }}>
                          {t('report.returnedBecause', { reason: report.returnReason })}
                        </Typography.Text>
                      )}
                    </span>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </div>
      </Space>
    </div>
  );
}
