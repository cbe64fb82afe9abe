import {
  ArrowLeftOutlined,
  CheckOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  canAdjustPlan,
  canIssuePlan,
  isPlanEditable,
  parseWan,
  shanghaiDate,
  sumWan,
  wanToDecimal,
  PLAN_KINDS,
  type PlanKind,
} from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canPlan } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDate, formatDateTime, formatWanNumber, formatYi } from '../../lib/format.ts';
import { AdjustmentHistory } from './adjustment-history.tsx';
import { PlanStateTag } from './plan-tags.tsx';
import type { Adjustment, PlanDetail, PlanMember, YearPlanValues } from './plan-types.ts';
import {
  valuesFromYearPlan,
  YearPlanFields,
  yearPlanFromValues,
  type YearPlanFormValues,
} from './year-plan-fields.tsx';
import './plans.css';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

type ProjectOption = { value: string; label: string };

/** A remote project search for adding members; the list API applies the caller's scope. */
function ProjectSearch({ exclude, onPick }: { exclude: Set<string>; onPick: (id: string) => Promise<void> }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<ProjectOption[]>([]);
  const [value, setValue] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  const search = useCallback(async (q: string) => {
    const ticket = ++latest.current;
    const reply = await unwrap(
      client.GET('/api/projects', {
        params: { query: { q: q.trim() || undefined, page: 1, pageSize: 20, sort: 'name' } },
      }),
    ).catch(() => null);
    if (!reply || ticket !== latest.current) return;
    setOptions(
      reply.items.map((project) => ({
        value: project.id,
        label: `${project.name}（${project.regionName}）`,
      })),
    );
  }, []);

  useEffect(() => {
    void search('');
  }, [search]);

  return (
    <Space.Compact style={{ width: 520, maxWidth: '100%' }}>
      <Select
        showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
        value={value}
        onChange={setValue}
        placeholder={t('plans.searchProject')}
        options={options.filter((option) => !exclude.has(option.value))}
        style={{ flex: 1, minWidth: 0 }}
        notFoundContent={t('plans.noProject')}
        data-testid="member-search"
      />
      <Button
        type="primary"
        icon={<PlusOutlined />}
        disabled={!value}
        loading={busy}
        data-testid="member-add"
        onClick={() => {
          if (!value) return;
          setBusy(true);
          void onPick(value)
            .then(() => setValue(undefined))
            .finally(() => setBusy(false));
        }}
      >
        {t('plans.addMember')}
      </Button>
    </Space.Compact>
  );
}

type AdjustValues = YearPlanFormValues & { reason: string };

/** The changed fields only: an adjustment records exactly what moved. */
function changesOf(before: YearPlanValues | null, after: YearPlanValues): Partial<YearPlanValues> {
  if (!before) return after;
  const changes: Partial<YearPlanValues> = {};
  for (const key of Object.keys(after) as (keyof YearPlanValues)[]) {
    if (JSON.stringify(normalise(key, before[key])) !== JSON.stringify(normalise(key, after[key]))) {
      (changes as Record<string, unknown>)[key] = after[key];
    }
  }
  return changes;
}

/** Compares amounts by value, so "100" and "100.0000" are the same figure. */
function normalise(key: keyof YearPlanValues, value: unknown): unknown {
  if (key === 'plannedInvestment' && typeof value === 'string') return safeCanon(value);
  if (key === 'distribution' && Array.isArray(value)) return value.map((entry) => safeCanon(String(entry)));
  return value ?? null;
}

function safeCanon(text: string): string {
  try {
    return wanToDecimal(parseWan(text));
  } catch {
    return text;
  }
}

function AdjustModal({
  plan,
  member,
  onClose,
  onDone,
}: {
  plan: PlanDetail;
  member: PlanMember;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const before: YearPlanValues | null = member.yearPlan;

  const submit = async (values: AdjustValues) => {
    const changes = changesOf(before, yearPlanFromValues(values));
    if (Object.keys(changes).length === 0) {
      setFailure(t('plans.noChanges'));
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      await unwrap(
        client.POST('/api/plans/{id}/adjustments', {
          params: { path: { id: plan.id } },
          body: { projectId: member.projectId, reason: values.reason.trim(), changes },
        }),
      );
      message.success(t('plans.adjusted'));
      onDone();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={860}
      title={t('plans.adjustTitle', { name: member.name })}
      okText={t('plans.adjustSubmit')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('plans.adjustIntro')}</Typography.Paragraph>
      <Form<AdjustValues>
        form={form}
        layout="vertical"
        initialValues={{ ...valuesFromYearPlan(before), reason: '' }}
        onFinish={(values) => void submit(values)}
        data-testid="adjust-form"
      >
        <YearPlanFields form={form} />
        <Form.Item
          name="reason"
          label={t('plans.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('plans.reasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} data-testid="adjust-error" />}
    </Modal>
  );
}

type PlanValues = { year: number; kind: PlanKind; name: string };

/** A draft's year, kind and name; an issued plan keeps them. */
function EditPlanModal({
  plan,
  onClose,
  onSaved,
}: {
  plan: PlanDetail;
  onClose: () => void;
  onSaved: (saved: PlanDetail | null) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const [saving, setSaving] = useState(false);

  const save = async (values: PlanValues) => {
    setSaving(true);
    try {
      const saved = await unwrap(
        client.PATCH('/api/plans/{id}', {
          params: { path: { id: plan.id } },
          body: { version: plan.version, year: values.year, kind: values.kind, name: values.name.trim() },
        }),
      );
      message.success(t('plans.saved'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        message.warning(t('plans.conflict'));
        onSaved(null);
      } else {
        message.error(errorText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('plans.editTitle')}
      okText={t('common.save')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{ year: plan.year, kind: plan.kind, name: plan.name }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="year" label={t('plans.year')} rules={[{ required: true }]}>
          <InputNumber min={1990} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('plans.kind')} rules={[{ required: true }]}>
          <Select options={PLAN_KINDS.map((kind) => ({ value: kind, label: t(`planKind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('plans.name')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('plans.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PlanDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [plan, setPlan] = useState<PlanDetail | null>(null);
  const [adjustments, setAdjustments] = useState<Adjustment[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [issuedOn, setIssuedOn] = useState<Dayjs | null>(dayjs(shanghaiDate(new Date())));
  const [busy, setBusy] = useState(false);
  const [adjusting, setAdjusting] = useState<PlanMember | null>(null);
  const [filter, setFilter] = useState('');

  const load = useCallback(async () => {
    if (!id) return;
    try {
      const [detail, history] = await Promise.all([
        unwrap(client.GET('/api/plans/{id}', { params: { path: { id } } })),
        unwrap(client.GET('/api/plans/{id}/adjustments', { params: { path: { id } } })),
      ]);
      setPlan(detail);
      setAdjustments(history.items);
      setError(null);
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, { code: 'CLIENT', message: String(caught) }),
      );
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : 'error'}
        title={error.message}
        extra={
          <Link to="/plans">
            <Button type="primary">{t('plans.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!plan) return <PageSpinner />;

  const manage = canPlan(user.role, 'manage');
  const editable = manage && isPlanEditable(plan.state);
  const adjustable = manage && canAdjustPlan(plan.state);

  const addMember = async (projectId: string) => {
    try {
      setPlan(
        await unwrap(
          client.POST('/api/plans/{id}/members', { params: { path: { id: plan.id } }, body: { projectId } }),
        ),
      );
      message.success(t('plans.memberAdded'));
    } catch (caught) {
      message.error(errorText(caught));
    }
  };

  const removeMember = async (projectId: string) => {
    try {
      setPlan(
        await unwrap(
          client.DELETE('/api/plans/{id}/members/{projectId}', {
            params: { path: { id: plan.id, projectId } },
          }),
        ),
      );
      message.success(t('plans.memberRemoved'));
    } catch (caught) {
      message.error(errorText(caught));
    }
  };

  const issue = async () => {
    setBusy(true);
    try {
      setPlan(
        await unwrap(
          client.POST('/api/plans/{id}/issue', {
            params: { path: { id: plan.id } },
            body: { version: plan.version, ...(issuedOn ? { issuedOn: issuedOn.format('YYYY-MM-DD') } : {}) },
          }),
        ),
      );
      setIssuing(false);
      message.success(t('plans.issued'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'VERSION_CONFLICT') {
        message.warning(t('plans.conflict'));
        setIssuing(false);
        void load();
      } else {
        message.error(errorText(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const planned = plan.members.flatMap((member) =>
    member.yearPlan ? [parseWan(member.yearPlan.plannedInvestment)] : [],
  );
  const plannedTotal = wanToDecimal(sumWan(planned));
  const needle = filter.trim();
  const members = needle
    ? plan.members.filter((member) => member.name.includes(needle) || member.code?.includes(needle))
    : plan.members;

  const columns: TableProps<PlanMember>['columns'] = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      ellipsis: true,
      width: 240,
      render: (name: string, member) => <Link to={`/projects/${member.projectId}`}>{name}</Link>,
    },
    { title: t('col.region'), dataIndex: 'regionName', width: 96 },
    {
      title: t('yearPlan.plannedInvestmentShort'),
      key: 'planned',
      align: 'right',
      width: 140,
      render: (_, member) =>
        member.yearPlan ? (
          <span className="money">{formatWanNumber(member.yearPlan.plannedInvestment)}</span>
        ) : (
          '—'
        ),
    },
    {
      title: t('yearPlan.constructionType'),
      key: 'type',
      width: 90,
      render: (_, member) =>
        member.yearPlan ? t(`constructionType.${member.yearPlan.constructionType}`) : '—',
    },
    {
      title: t('yearPlan.plannedStart'),
      key: 'start',
      width: 110,
      render: (_, member) => formatDate(member.yearPlan?.plannedStart),
    },
    {
      title: t('yearPlan.plannedCompletion'),
      key: 'completion',
      width: 110,
      render: (_, member) => formatDate(member.yearPlan?.plannedCompletion),
    },
    {
      title: t('yearPlan.progressGoal'),
      key: 'goal',
      ellipsis: true,
      render: (_, member) => member.yearPlan?.progressGoal ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, member) => (
        <Space size={4}>
          <Button
            size="small"
            type="link"
            onClick={() => navigate(`/projects/${member.projectId}/plan?year=${plan.year}`)}
          >
            {t('plans.yearPlan')}
          </Button>
          {adjustable && (
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              onClick={() => setAdjusting(member)}
              data-testid="member-adjust"
            >
              {t('plans.adjust')}
            </Button>
          )}
          {editable && (
            <Popconfirm
              title={t('plans.removeConfirm', { name: member.name })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => removeMember(member.projectId)}
            >
              <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                {t('plans.remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="page-header">
        <Space align="center" wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/plans')}
            aria-label={t('common.back')}
          />
          <Typography.Title level={4} data-testid="plan-title">
            {plan.name}
          </Typography.Title>
          <PlanStateTag state={plan.state} testId="plan-state" />
        </Space>
        {editable && canIssuePlan(plan.state) && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => setRenaming(true)} data-testid="plan-edit">
              {t('common.edit')}
            </Button>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => setIssuing(true)}
              data-testid="plan-issue"
            >
              {t('plans.issue')}
            </Button>
          </Space>
        )}
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'year', label: t('plans.year'), children: plan.year },
              { key: 'kind', label: t('plans.kind'), children: t(`planKind.${plan.kind}`) },
              { key: 'state', label: t('plans.state'), children: <PlanStateTag state={plan.state} /> },
              { key: 'issuedOn', label: t('plans.issuedOn'), children: formatDate(plan.issuedOn) },
              { key: 'members', label: t('plans.memberCount'), children: plan.members.length },
              {
                key: 'total',
                label: t('plans.plannedTotal'),
                children: (
                  <span className="money" data-testid="plan-total">
                    {formatWanNumber(plannedTotal)} 万元{' '}
                    <Typography.Text type="secondary">（{formatYi(plannedTotal)}）</Typography.Text>
                  </span>
                ),
              },
            ]}
          />
          {plan.state === 'issued' && (
            <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('plans.issuedHint')} />
          )}
        </div>
        <div className="page-card">
          <div className="plan-card-title">
            <Typography.Title level={5}>
              {t('plans.members', { count: plan.members.length })}
            </Typography.Title>
            <Space wrap>
              <Input.Search
                allowClear
                placeholder={t('plans.filterMembers')}
                onSearch={setFilter}
                onChange={(event) => !event.target.value && setFilter('')}
                style={{ width: 220 }}
              />
              {editable && (
                <ProjectSearch
                  exclude={new Set(plan.members.map((member) => member.projectId))}
                  onPick={addMember}
                />
              )}
            </Space>
          </div>
          <Table<PlanMember>
            rowKey="projectId"
            size="small"
            columns={columns}
            dataSource={members}
            scroll={{ x: 1060 }}
            locale={{ emptyText: t('plans.noMembers') }}
            pagination={{
              pageSize: 20,
              hideOnSinglePage: true,
              showTotal: (total) => t('common.total', { count: total }),
            }}
            data-testid="member-table"
          />
        </div>
        <div className="page-card">
          <div className="plan-card-title">
            <Typography.Title level={5}>
              {t('plans.adjustments', { count: adjustments.length })}
            </Typography.Title>
          </div>
          <AdjustmentHistory items={adjustments} />
        </div>
        <Typography.Text type="secondary">
          {t('detail.version', { version: plan.version, at: formatDateTime(plan.updatedAt) })}
        </Typography.Text>
      </Space>
      <Modal
        open={issuing}
        title={t('plans.issueTitle', { name: plan.name })}
        okText={t('plans.issue')}
        confirmLoading={busy}
        onOk={() => void issue()}
        onCancel={() => setIssuing(false)}
      >
        <Typography.Paragraph>{t('plans.issueIntro', { count: plan.members.length })}</Typography.Paragraph>
        <Space>
          <span>{t('plans.issuedOn')}</span>
          <DatePicker value={issuedOn} onChange={setIssuedOn} format="YYYY-MM-DD" allowClear={false} />
        </Space>
      </Modal>
      {renaming && (
        <EditPlanModal
          plan={plan}
          onClose={() => setRenaming(false)}
          onSaved={(saved) => {
            setRenaming(false);
            if (saved) setPlan(saved);
            else void load();
          }}
        />
      )}
      {adjusting && (
        <AdjustModal
          plan={plan}
          member={adjusting}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
