import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { DEFAULT_DUE_DAY, shanghaiYear } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Form,
  InputNumber,
  Modal,
  Radio,
  Result,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProgress } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { ReportingRule, RuleBody } from './report-types.ts';

type Values = { regionCode: string | null; dueDay: number; timeProgressMode: 'month' | 'days' };
const CITY_WIDE = '__city__';

/**
 * 月报规则: the day of the next month a report is due and how time progress (序时进度) is
 * counted, per year, for the whole city and any region that differs. Rules are data.
 */
export default function RulesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const [params, setParams] = useSearchParams();
  const thisYear = shanghaiYear(new Date());
  const year = Number(params.get('year')) || thisYear;
  const [rules, setRules] = useState<ReportingRule[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Values | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [form] = Form.useForm<Values & { scope: string }>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRules((await unwrap(client.GET('/api/reporting-rules', { params: { query: { year } } }))).items);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  }, [year, message]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!canProgress(user.role, 'rules')) return <Result status="403" title={t('common.forbidden')} />;

  const open = (values: Values) => {
    setFailure(null);
    form.setFieldsValue({ ...values, scope: values.regionCode ?? CITY_WIDE });
    setEditing(values);
  };

  const save = async (values: Values & { scope: string }) => {
    setSaving(true);
    setFailure(null);
    const body: RuleBody = {
      year,
      regionCode: values.scope === CITY_WIDE ? null : values.scope,
      dueDay: values.dueDay,
      timeProgressMode: values.timeProgressMode,
    };
    try {
      await unwrap(client.PUT('/api/reporting-rules', { body }));
      message.success(t('rules.saved'));
      setEditing(null);
      void load();
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const cityRule = rules?.find((rule) => rule.regionCode === null);
  const yearOptions = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((value) => ({
    value,
    label: locale === 'zh-CN' ? `${value}年` : String(value),
  }));

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('rules.title')}</Typography.Title>
        <Space>
          <Select
            style={{ width: 120 }}
            value={year}
            options={yearOptions}
            onChange={(value: number) => setParams({ year: String(value) })}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() =>
              open({
                regionCode: reference.projectRegions[0]?.code ?? null,
                dueDay: cityRule?.dueDay ?? DEFAULT_DUE_DAY,
                timeProgressMode: cityRule?.timeProgressMode ?? 'month',
              })
            }
            data-testid="rule-new"
          >
            {t('rules.addRegion')}
          </Button>
        </Space>
      </div>
      <div className="page-card">
        <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
        {rules && !cityRule && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('rules.noCityRule', { day: DEFAULT_DUE_DAY })}
            action={
              <Button
                size="small"
                onClick={() => open({ regionCode: null, dueDay: DEFAULT_DUE_DAY, timeProgressMode: 'month' })}
              >
                {t('rules.setCity')}
              </Button>
            }
          />
        )}
        <Table<ReportingRule>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rules ?? []}
          pagination={false}
          data-testid="rule-table"
          locale={{ emptyText: t('rules.empty') }}
          columns={[
            {
              title: t('rules.scope'),
              key: 'scope',
              render: (_, rule) => rule.regionName ?? t('rules.cityWide'),
            },
            {
              title: t('rules.dueDay'),
              dataIndex: 'dueDay',
              width: 200,
              render: (day: number) => t('rules.dueDayValue', { day }),
            },
            {
              title: t('rules.mode'),
              dataIndex: 'timeProgressMode',
              width: 260,
              render: (mode: 'month' | 'days') => t(`rules.mode.${mode}`),
            },
            { title: t('col.updatedAt'), dataIndex: 'updatedAt', width: 150, render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_, rule) => (
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  onClick={() =>
                    open({
                      regionCode: rule.regionCode,
                      dueDay: rule.dueDay,
                      timeProgressMode: rule.timeProgressMode,
                    })
                  }
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      <Modal
        open={editing !== null}
        title={t('rules.editTitle', { year })}
        okText={t('common.save')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void save(values)} data-testid="rule-form">
          <Form.Item name="scope" label={t('rules.scope')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: CITY_WIDE, label: t('rules.cityWide') },
                ...reference.projectRegions.map((region) => ({ value: region.code, label: region.name })),
              ]}
            />
          </Form.Item>
          <Form.Item
            name="dueDay"
            label={t('rules.dueDay')}
            extra={t('rules.dueDayHint')}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={1}
              max={31}
              precision={0}
              style={{ width: 180 }}
              prefix={t('rules.nextMonth')}
              suffix={t('rules.day')}
            />
          </Form.Item>
          <Form.Item name="timeProgressMode" label={t('rules.mode')} rules={[{ required: true }]}>
            <Radio.Group
              options={(['month', 'days'] as const).map((mode) => ({
                value: mode,
                label: t(`rules.mode.${mode}`),
              }))}
            />
          </Form.Item>
        </Form>
        {failure && <Alert type="error" showIcon title={failure} />}
      </Modal>
    </div>
  );
}
