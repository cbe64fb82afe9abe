import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@beacon/domain';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, type TableProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ResetPasswordModal, UserModal } from './user-modals.tsx';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export function UsersTab() {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const reference = useReference();
  const me = useUser();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [data, setData] = useState<{ items: User[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(
        await unwrap(
          client.GET('/api/users', {
            params: { query: { q: q || undefined, role, page: page.current, pageSize: page.size } },
          }),
        ),
      );
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  }, [q, role, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const patch = async (user: User, changes: { disabled?: boolean; unlock?: boolean }) => {
    try {
      await unwrap(
        client.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: { version: user.version, ...changes },
        }),
      );
      message.success(t('users.updated'));
      await load();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') await load();
    }
  };

  const scopeOf = (user: User) =>
    user.role === 'county'
      ? reference.regionName(user.regionCode)
      : user.role === 'department'
        ? reference.departmentName(user.departmentId)
        : user.role === 'owner'
          ? (user.enterpriseName ?? '—')
          : '—';

  const columns: TableProps<User>['columns'] = [
    { title: t('users.username'), dataIndex: 'username', width: 150, ellipsis: true },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 190, ellipsis: true },
    { title: t('users.role'), dataIndex: 'role', width: 110, render: (value: Role) => labels.role[value] },
    {
      title: t('users.scope'),
      key: 'scope',
      width: 200,
      render: (_value, user) => scopeOf(user),
      ellipsis: true,
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_value, user) => (
        <Space size={4} wrap>
          {user.disabled ? (
            <Tag color="default">{t('users.disabled')}</Tag>
          ) : (
            <Tag color="green">{t('users.active')}</Tag>
          )}
          {user.lockedUntil && (
            <Tag color="red">{t('users.locked', { until: formatDateTime(user.lockedUntil) })}</Tag>
          )}
          {user.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_value, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'reset', user })}>
            {t('users.resetPassword')}
          </Button>
          {/* The server refuses to disable one's own account, so the button is not offered. */}
          {user.id === me.id ? null : user.disabled ? (
            <Button type="link" size="small" onClick={() => void patch(user, { disabled: false })}>
              {t('users.enable')}
            </Button>
          ) : (
            <Popconfirm title={t('users.disableConfirm')} onConfirm={() => patch(user, { disabled: true })}>
              <Button type="link" size="small" danger>
                {t('users.disable')}
              </Button>
            </Popconfirm>
          )}
          {user.lockedUntil && (
            <Button type="link" size="small" onClick={() => void patch(user, { unlock: true })}>
              {t('users.unlock')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const closeAndReload = () => {
    setDialog(null);
    void load();
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            placeholder={t('users.search')}
            allowClear
            onSearch={(value) => {
              setQ(value.trim());
              setPage((current) => ({ ...current, current: 1 }));
            }}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t('users.role')}
            style={{ width: 150 }}
            value={role}
            onChange={(value?: Role) => {
              setRole(value);
              setPage((current) => ({ ...current, current: 1 }));
            }}
            options={ROLES.map((value) => ({ value, label: labels.role[value] }))}
          />
        </Space>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
          {t('users.new')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 1200 }}
        onChange={(pagination) =>
          setPage({ current: pagination.current ?? 1, size: pagination.pageSize ?? 50 })
        }
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: data.total,
          showTotal: (total) => t('common.total', { count: total }),
        }}
        data-testid="users-table"
      />
      {dialog?.kind === 'create' && (
        <UserModal user={null} onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
      {dialog?.kind === 'edit' && (
        <UserModal user={dialog.user} onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onSaved={closeAndReload} />
      )}
    </>
  );
}
