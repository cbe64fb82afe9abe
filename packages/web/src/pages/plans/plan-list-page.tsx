import { PlusOutlined } from '@ant-design/icons';
import { PLAN_KIND_LABELS, PLAN_KINDS, shanghaiYear, type PlanKind, type PlanState } from '@beacon/domain';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { canPlan } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { PlanStateTag } from './plan-tags.tsx';
import type { Plan } from './plan-types.ts';

type CreateValues = { year: number; kind: PlanKind; name: string };

/** The annual plans (四大计划 and any the city adds), newest year first. */
export default function PlanListPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const yearParam = params.get('year');
  const year = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<CreateValues>();

  useEffect(() => {
    let active = true;
    setLoading(true);
    unwrap(client.GET('/api/plans', { params: { query: year ? { year } : {} } }))
      .then((reply) => active && setPlans(reply.items))
      .catch(
        (error: unknown) =>
          active && message.error(error instanceof ApiError ? error.message : String(error)),
      )
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [year, message]);

  const kindLabel = (kind: PlanKind) => t(`planKind.${kind}`);
  const sorted = [...(plans ?? [])].sort(
    (a, b) => b.year - a.year || PLAN_KINDS.indexOf(a.kind) - PLAN_KINDS.indexOf(b.kind),
  );
  const thisYear = shanghaiYear(new Date());
  const yearOptions = Array.from({ length: 8 }, (_, index) => thisYear + 1 - index)
    .concat(year && year < thisYear - 6 ? [year] : [])
    .map((value) => ({ value, label: locale === 'zh-CN' ? `${value}年` : String(value) }));

  const openCreate = () => {
    const initialYear = year ?? thisYear;
    form.setFieldsValue({
      year: initialYear,
      kind: 'government_investment',
      name: `${initialYear}年${PLAN_KIND_LABELS.government_investment}`,
    });
    setCreating(true);
  };

  /** The usual name follows year and kind until the clerk types one of their own. */
  const suggestName = (changed: Partial<CreateValues>, all: CreateValues) => {
    if (!('year' in changed) && !('kind' in changed)) return;
    const suggestions = PLAN_KINDS.flatMap((kind) =>
      [all.year, all.year - 1, all.year + 1].map((y) => `${y}年${PLAN_KIND_LABELS[kind]}`),
    );
    if (!all.name || suggestions.includes(all.name)) {
      form.setFieldValue('name', `${all.year}年${PLAN_KIND_LABELS[all.kind]}`);
    }
  };

  const create = async (values: CreateValues) => {
    setSaving(true);
    try {
      const created = await unwrap(
        client.POST('/api/plans', {
          body: { year: values.year, kind: values.kind, name: values.name.trim() },
        }),
      );
      message.success(t('plans.created'));
      setCreating(false);
      navigate(`/plans/${created.id}`);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableProps<Plan>['columns'] = [
    {
      title: t('plans.name'),
      dataIndex: 'name',
      render: (name: string, plan) => <Link to={`/plans/${plan.id}`}>{name}</Link>,
    },
    { title: t('plans.year'), dataIndex: 'year', width: 90 },
    { title: t('plans.kind'), dataIndex: 'kind', width: 200, render: kindLabel },
    {
      title: t('plans.state'),
      dataIndex: 'state',
      width: 100,
      render: (state: PlanState) => <PlanStateTag state={state} />,
    },
    { title: t('plans.issuedOn'), dataIndex: 'issuedOn', width: 120, render: formatDate },
    { title: t('plans.memberCount'), dataIndex: 'memberCount', width: 110, align: 'right' },
    { title: t('col.updatedAt'), dataIndex: 'updatedAt', width: 150, render: formatDateTime },
  ];

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('plans.title')}</Typography.Title>
        <Space>
          <Select
            allowClear
            placeholder={t('plans.allYears')}
            style={{ width: 140 }}
            value={year}
            options={yearOptions}
            onChange={(value?: number) => setParams(value ? { year: String(value) } : {})}
            data-testid="plan-year"
          />
          {canPlan(user.role, 'manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="plan-new">
              {t('plans.new')}
            </Button>
          )}
        </Space>
      </div>
      <div className="page-card">
        <Typography.Paragraph type="secondary">{t('plans.intro')}</Typography.Paragraph>
        <Table<Plan>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={sorted}
          loading={loading}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('plans.empty') }}
          data-testid="plan-table"
        />
      </div>
      <Modal
        open={creating}
        title={t('plans.new')}
        okText={t('common.save')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form<CreateValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void create(values)}
          onValuesChange={suggestName}
          data-testid="plan-create-form"
        >
          <Form.Item name="year" label={t('plans.year')} rules={[{ required: true }]}>
            <InputNumber min={1990} max={2100} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('plans.kind')} rules={[{ required: true }]}>
            <Select
              options={PLAN_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) }))}
              data-testid="plan-kind"
            />
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
    </div>
  );
}
