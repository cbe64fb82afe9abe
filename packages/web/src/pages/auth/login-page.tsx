import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { useAuth } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import './auth-pages.css';

type LoginValues = { username: string; password: string };

/**
 * Only same-site paths, so a crafted ?next= cannot send a clerk elsewhere after login. Without
 * one, the root picks the role's landing page (the dashboard for the city command and leaders).
 */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'authenticated' && !submitting) {
    return <Navigate to={state.user.mustChangePassword ? '/change-password' : next} replace />;
  }

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(values.username.trim(), values.password);
      navigate(user.mustChangePassword ? '/change-password' : next, { replace: true });
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
      <div className="auth-page__brand">
        <div className="auth-page__logo">B</div>
        <Typography.Title level={2} className="auth-page__title">
          {t('app.name')} <span className="auth-page__beacon">Beacon</span>
        </Typography.Title>
      </div>
      <Card className="auth-page__card" title={t('login.title')}>
        {state.status === 'anonymous' && state.reason === 'expired' && !error && (
          <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginValues> layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text className="auth-page__footer">{t('login.footer')}</Typography.Text>
    </div>
  );
}
