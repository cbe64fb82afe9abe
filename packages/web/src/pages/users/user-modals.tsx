import { ROLES, passwordProblems, type Role } from '@beacon/domain';
import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { scopeBody, ScopeFields } from './scope-fields.tsx';

type UserValues = {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  regionCode?: string | null;
  departmentId?: string | null;
  enterpriseName?: string | null;
  disabled?: boolean;
};

const passwordRule = {
  validator: async (_rule: unknown, value: string | undefined) => {
    const problems = passwordProblems(value ?? '');
    if (value && problems.length > 0) throw new Error(problems.join('；'));
  },
};

function useServerErrors(form: ReturnType<typeof Form.useForm<UserValues>>[0]) {
  const [error, setError] = useState<string | null>(null);
  const show = (caught: unknown) => {
    if (!(caught instanceof ApiError)) return setError(String(caught));
    const fields = caught.details
      .filter((detail) => detail.field)
      .map((detail) => ({
        name: (detail.field ?? '').replace(/^body\./, '') as keyof UserValues,
        errors: [detail.reason],
      }));
    form.setFields(fields);
    setError(caught.message);
  };
  return { error, show, clear: () => setError(null) };
}

/** Create when `user` is null, otherwise edit that user (name, role, scope, disabled). */
export function UserModal({
  user,
  onClose,
  onSaved,
}: {
  user: User | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const role = Form.useWatch('role', form);
  const [saving, setSaving] = useState(false);
  const errors = useServerErrors(form);

  const submit = async (values: UserValues) => {
    setSaving(true);
    errors.clear();
    try {
      if (user) {
        await unwrap(
          client.PATCH('/api/users/{id}', {
            params: { path: { id: user.id } },
            body: {
              version: user.version,
              displayName: values.displayName.trim(),
              role: values.role,
              disabled: values.disabled ?? false,
              ...scopeBody(values.role, values),
              // An unchanged owner keeps its enterprise; sending the name again would re-resolve it.
              ...(values.role === 'owner' && values.enterpriseName === user.enterpriseName
                ? { enterpriseName: undefined }
                : {}),
            },
          }),
        );
        message.success(t('users.updated'));
      } else {
        await unwrap(
          client.POST('/api/users', {
            body: {
              username: values.username.trim(),
              displayName: values.displayName.trim(),
              role: values.role,
              password: values.password,
              ...scopeBody(values.role, values),
            },
          }),
        );
        message.success(t('users.created'));
      }
      onSaved();
    } catch (caught) {
      errors.show(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={user ? t('users.edit') : t('users.new')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      {errors.error && <Alert type="error" showIcon title={errors.error} style={{ marginBottom: 12 }} />}
      <Form<UserValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                role: user.role,
                regionCode: user.regionCode,
                departmentId: user.departmentId,
                enterpriseName: user.enterpriseName,
                disabled: user.disabled,
              }
            : { role: 'county' }
        }
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('form.required', { label: t('users.username') }) },
            { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('users.usernameRule') },
          ]}
          extra={user ? undefined : t('users.usernameRule')}
        >
          <Input disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.required', { label: t('users.displayName') }),
            },
          ]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((value) => ({ value, label: labels.role[value] }))} />
        </Form.Item>
        <ScopeFields role={role} />
        {user ? (
          <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={[
              { required: true, message: t('form.required', { label: t('users.password') }) },
              passwordRule,
            ]}
            extra={t('users.resetNote')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({
  user,
  onClose,
  onSaved,
}: {
  user: User;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [saving, setSaving] = useState(false);
  const errors = useServerErrors(form);

  const submit = async ({ password }: UserValues) => {
    setSaving(true);
    errors.clear();
    try {
      await unwrap(
        client.POST('/api/users/{id}/reset-password', {
          params: { path: { id: user.id } },
          body: { password, version: user.version },
        }),
      );
      message.success(t('users.resetDone'));
      onSaved();
    } catch (caught) {
      errors.show(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.displayName })}
      okText={t('users.resetPassword')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.resetNote')} style={{ marginBottom: 12 }} />
      {errors.error && <Alert type="error" showIcon title={errors.error} style={{ marginBottom: 12 }} />}
      <Form<UserValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="password"
          label={t('password.new')}
          rules={[
            { required: true, message: t('form.required', { label: t('password.new') }) },
            passwordRule,
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
