import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import type { Role } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { ApiToken, CreateTokenBody, IssuedToken } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ScopeFields } from './scope-fields.tsx';

const TOKEN_ROLES = ['city', 'county', 'department', 'owner'] as const satisfies readonly Role[];
type TokenValues = CreateTokenBody;

function IssueTokenModal({
  onClose,
  onIssued,
}: {
  onClose: () => void;
  onIssued: (token: IssuedToken) => void;
}) {
  const { t, labels } = useI18n();
  const [form] = Form.useForm<TokenValues>();
  const role = Form.useWatch('role', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: TokenValues) => {
    setSaving(true);
    setError(null);
    try {
      const body: CreateTokenBody = {
        name: values.name.trim(),
        role: values.role,
        regionCode: values.role === 'county' ? values.regionCode : null,
        departmentId: values.role === 'department' ? values.departmentId : null,
        enterpriseId: values.role === 'owner' ? values.enterpriseId?.trim() : null,
      };
      onIssued(await unwrap(client.POST('/api/tokens', { body })));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('tokens.new')}
      okText={t('tokens.new')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<TokenValues>
        form={form}
        layout="vertical"
        initialValues={{ role: 'city' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[
            { required: true, whitespace: true, message: t('form.required', { label: t('tokens.name') }) },
          ]}
        >
          <Input maxLength={100} placeholder="省投资在线平台对接" />
        </Form.Item>
        <Form.Item name="role" label={t('tokens.role')} rules={[{ required: true }]}>
          <Select options={TOKEN_ROLES.map((value) => ({ value, label: labels.role[value] }))} />
        </Form.Item>
        <ScopeFields role={role} enterpriseField="enterpriseId" />
      </Form>
    </Modal>
  );
}

export function TokensTab() {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const reference = useReference();
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [loading, setLoading] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedToken | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setTokens(await unwrap(client.GET('/api/tokens')));
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (token: ApiToken) => {
    try {
      await unwrap(client.DELETE('/api/tokens/{id}', { params: { path: { id: token.id } } }));
      await load();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  };

  const copy = async (secret: string) => {
    await navigator.clipboard.writeText(secret);
    message.success(t('common.copied'));
  };

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('tokens.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
          {t('tokens.new')}
        </Button>
      </Space>
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={tokens}
        pagination={false}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          {
            title: t('tokens.role'),
            dataIndex: 'role',
            width: 120,
            render: (role: Role) => labels.role[role],
          },
          {
            title: t('tokens.scope'),
            key: 'scope',
            render: (_value, token) =>
              token.regionCode
                ? reference.regionName(token.regionCode)
                : token.departmentId
                  ? reference.departmentName(token.departmentId)
                  : (token.enterpriseId ?? '—'),
          },
          {
            title: t('tokens.createdAt'),
            dataIndex: 'createdAt',
            width: 150,
            render: (value: string) => formatDateTime(value),
          },
          {
            title: t('tokens.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            width: 150,
            render: (value: string | null) => formatDateTime(value),
          },
          {
            title: t('tokens.status'),
            key: 'status',
            width: 90,
            render: (_value, token) =>
              token.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Tag color="green">{t('tokens.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_value, token) =>
              token.revokedAt ? null : (
                <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke(token)}>
                  <Button type="link" size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {issuing && (
        <IssueTokenModal
          onClose={() => setIssuing(false)}
          onIssued={(token) => {
            setIssuing(false);
            setIssued(token);
            void load();
          }}
        />
      )}
      {issued && (
        <Modal
          open
          title={t('tokens.secretTitle')}
          onCancel={() => setIssued(null)}
          footer={
            <Button type="primary" onClick={() => setIssued(null)}>
              {t('common.confirm')}
            </Button>
          }
          mask={{ closable: false }}
        >
          <Alert type="warning" showIcon title={t('tokens.secretNote')} style={{ marginBottom: 12 }} />
          <Space.Compact style={{ width: '100%' }}>
            <Input
              readOnly
              value={issued.secret}
              data-testid="token-secret"
              style={{ fontFamily: 'monospace' }}
            />
            <Button icon={<CopyOutlined />} onClick={() => void copy(issued.secret)}>
              {t('common.copy')}
            </Button>
          </Space.Compact>
        </Modal>
      )}
    </>
  );
}
