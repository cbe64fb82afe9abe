import { Result, Tabs, Typography } from 'antd';
import { useUser } from '../../auth/auth-context.tsx';
import { isAdmin } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { TokensTab } from './tokens-tab.tsx';
import { UsersTab } from './users-tab.tsx';

export default function UsersPage() {
  const { t } = useI18n();
  const user = useUser();
  if (!isAdmin(user.role)) return <Result status="403" title={t('common.forbidden')} />;
  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('users.title')}</Typography.Title>
      </div>
      <div className="page-card">
        <Tabs
          items={[
            { key: 'users', label: t('users.tabUsers'), children: <UsersTab /> },
            { key: 'tokens', label: t('users.tabTokens'), children: <TokensTab /> },
          ]}
        />
      </div>
    </div>
  );
}
