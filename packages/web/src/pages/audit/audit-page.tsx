import { DatePicker, Form, Input, Result, Select, Space, Table, Tag, Typography, Button, App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { AuditEvent, AuditQuery } from '../../api/types.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { isAdmin } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { AuditDiff } from './audit-diff.tsx';
import './audit.css';

type FilterValues = {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

const ACTION_PREFIXES = ['auth.', 'project.', 'user.', 'token.', 'indicator'];
const OBJECT_TYPES = ['project', 'user', 'api_token', 'indicator', 'indicator_target'];

const actionColor = (action: string) =>
  action.startsWith('auth.')
    ? 'default'
    : action.endsWith('.create')
      ? 'green'
      : action.endsWith('.update')
        ? 'blue'
        : 'orange';

export default function AuditPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<FilterValues>();
  const [params] = useSearchParams();
  // Other pages link here with a filter already set (the indicator page: `?action=indicator`).
  const [initialFilters] = useState(() => ({
    action: params.get('action')?.trim() || undefined,
    objectType: params.get('objectType')?.trim() || undefined,
    objectId: params.get('objectId')?.trim() || undefined,
  }));
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 50, ...initialFilters });
  const [data, setData] = useState<{ items: AuditEvent[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!isAdmin(user.role)) return;
    let active = true;
    setLoading(true);
    unwrap(client.GET('/api/audit', { params: { query } }))
      .then((result) => active && setData(result))
      .catch(
        (error: unknown) =>
          active && message.error(error instanceof ApiError ? error.message : String(error)),
      )
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, [query, user.role, message]);

  if (!isAdmin(user.role)) return <Result status="403" title={t('common.forbidden')} />;

  const search = (values: FilterValues) => {
    const [from, to] = values.range ?? [null, null];
    setQuery({
      page: 1,
      pageSize: query.pageSize,
      actor: values.actor?.trim() || undefined,
      action: values.action?.trim() || undefined,
      objectType: values.objectType || undefined,
      objectId: values.objectId?.trim() || undefined,
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
  };

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('audit.title')}</Typography.Title>
      </div>
      <div className="page-card">
        <Form<FilterValues>
          form={form}
          layout="inline"
          initialValues={initialFilters}
          onFinish={search}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="actor">
            <Input placeholder={t('audit.actor')} allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="action">
            <Select
              placeholder={t('audit.action')}
              allowClear
              style={{ width: 150 }}
              options={ACTION_PREFIXES.map((value) => ({ value, label: value }))}
            />
          </Form.Item>
          <Form.Item name="objectType">
            <Select
              placeholder={t('audit.objectType')}
              allowClear
              style={{ width: 130 }}
              options={OBJECT_TYPES.map((value) => ({ value, label: value }))}
            />
          </Form.Item>
          <Form.Item name="objectId">
            <Input placeholder={t('audit.objectId')} allowClear style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                search({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data.items}
          data-testid="audit-table"
          expandable={{ expandedRowRender: (event) => <AuditDiff event={event} /> }}
          onChange={(pagination) =>
            setQuery((current) => ({
              ...current,
              page: pagination.current ?? 1,
              pageSize: pagination.pageSize ?? 50,
            }))
          }
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data.total,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          columns={[
            {
              title: t('audit.at'),
              dataIndex: 'at',
              width: 150,
              render: (value: string) => formatDateTime(value),
            },
            {
              title: t('audit.actor'),
              dataIndex: 'actorName',
              width: 180,
              render: (value: string | null) => value ?? '—',
            },
            {
              title: t('audit.ip'),
              dataIndex: 'ip',
              width: 130,
              render: (value: string | null) => value ?? '—',
            },
            {
              title: t('audit.actionColumn'),
              dataIndex: 'action',
              width: 170,
              render: (action: string) => <Tag color={actionColor(action)}>{action}</Tag>,
            },
            {
              title: t('audit.object'),
              key: 'object',
              ellipsis: true,
              render: (_value, event) =>
                event.objectType ? (
                  <span>
                    {event.objectType}
                    <Typography.Text
                      type="secondary"
                      copyable={Boolean(event.objectId)}
                      style={{ marginLeft: 6 }}
                    >
                      {event.objectId ?? ''}
                    </Typography.Text>
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </div>
    </div>
  );
}
