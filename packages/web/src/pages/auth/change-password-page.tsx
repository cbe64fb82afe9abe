import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { passwordProblems } from '@beacon/domain';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { PageSpinner } from '../../app/router.tsx';
import { useAuth } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import './auth-pages.css';

type PasswordValues = { currentPassword: string; newPassword: string; repeat: string };

export default function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { state, refresh, logout } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordValues>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace />;
  const forced = state.user.mustChangePassword;
  const problems = passwordProblems(newPassword);

  const submit = async (values: PasswordValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await unwrap(
        client.POST('/api/auth/password', {
          body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
        }),
      );
      message.success(t('password.done'));
      await refresh();
      navigate('/projects', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-page__lang">
        <LanguageSwitch light />
      </div>
      <Card className="auth-page__card" title={t('password.title')}>
        {forced && (
          <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<PasswordValues> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('form.required', { label: t('password.current') }) }]}
          >
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            dependencies={['currentPassword']}
            rules={[
              { required: true, message: t('form.required', { label: t('password.new') }) },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  // The checklist below names each unmet rule; the error only flags the field.
                  if (passwordProblems(value ?? '').length > 0) throw new Error(t('password.weak'));
                  if (value && value === getFieldValue('currentPassword'))
                    throw new Error(t('password.same'));
                },
              }),
            ]}
            extra={
              <Space orientation="vertical" size={2} style={{ marginTop: 6 }}>
                {newPassword && problems.length === 0 ? (
                  <Typography.Text type="success">
                    <CheckCircleFilled /> {t('password.ok')}
                  </Typography.Text>
                ) : (
                  passwordProblems('').map((rule) => {
                    const failing = problems.includes(rule) || !newPassword;
                    return (
                      <Typography.Text key={rule} type={failing ? 'secondary' : 'success'}>
                        {failing ? <CloseCircleFilled /> : <CheckCircleFilled />} {rule}
                      </Typography.Text>
                    );
                  })
                )}
              </Space>
            }
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('password.repeat')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('form.required', { label: t('password.repeat') }) },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword'))
                    throw new Error(t('password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            {forced ? (
              <Button onClick={() => void logout()}>{t('header.logout')}</Button>
            ) : (
              <Button onClick={() => navigate(-1)}>{t('common.back')}</Button>
            )}
            <Button type="primary" htmlType="submit" loading={submitting}>
              {t('password.submit')}
            </Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
