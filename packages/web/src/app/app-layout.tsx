import {
  AimOutlined,
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  DatabaseOutlined,
  DownOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  KeyOutlined,
  LineChartOutlined,
  LogoutOutlined,
  NotificationOutlined,
  TeamOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../auth/auth-context.tsx';
import {
  canManageIndicators,
  canPlan,
  canProgress,
  canProject,
  canWarnings,
  isAdmin,
} from '../auth/permissions.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { ReferenceProvider, useReference } from './reference-context.tsx';
import './app-layout.css';

// 'indicators/admin' before 'indicators': the first prefix that matches selects the menu entry.
const SECTIONS = [
  'dashboard',
  'projects',
  'import',
  'plans',
  'progress/reporting',
  'progress/review',
  'progress/rules',
  'indicators/admin',
  'indicators',
  'bulletins',
  'rankings',
  'warning-rules',
  'users',
  'audit',
] as const;

function UserBadge() {
  const user = useUser();
  const { t, labels } = useI18n();
  const { logout } = useAuth();
  const { regionName } = useReference();
  const navigate = useNavigate();
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/change-password');
    if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <a className="app-header__user" data-testid="user-menu" onClick={(event) => event.preventDefault()}>
        <Space size={6}>
          <UserOutlined />
          <span>{user.displayName}</span>
          <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
            {labels.role[user.role]}
          </Tag>
          {user.regionCode && <span className="app-header__region">{regionName(user.regionCode)}</span>}
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </a>
    </Dropdown>
  );
}

function Shell() {
  const user = useUser();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const section = SECTIONS.find((name) => location.pathname.startsWith(`/${name}`)) ?? 'projects';
  const items: MenuProps['items'] = [
    { key: 'dashboard', icon: <FundProjectionScreenOutlined />, label: t('nav.dashboard') },
    { key: 'projects', icon: <DatabaseOutlined />, label: t('nav.projects') },
    ...(canProject(user.role, 'import')
      ? [{ key: 'import', icon: <UploadOutlined />, label: t('nav.import') }]
      : []),
    ...(canPlan(user.role, 'read')
      ? [{ key: 'plans', icon: <CalendarOutlined />, label: t('nav.plans') }]
      : []),
    ...(canProgress(user.role, 'write')
      ? [{ key: 'progress/reporting', icon: <FormOutlined />, label: t('nav.reporting') }]
      : []),
    // Reviewers act on the queue; leaders and administrators only read it.
    ...(canProgress(user.role, 'review')
      ? [{ key: 'progress/review', icon: <FileDoneOutlined />, label: t('nav.review') }]
      : canProgress(user.role, 'read') && !canProgress(user.role, 'write')
        ? [{ key: 'progress/review', icon: <FileDoneOutlined />, label: t('nav.reportQuery') }]
        : []),
    ...(canProgress(user.role, 'rules')
      ? [{ key: 'progress/rules', icon: <FieldTimeOutlined />, label: t('nav.rules') }]
      : []),
    { key: 'indicators', icon: <LineChartOutlined />, label: t('nav.indicators') },
    ...(canManageIndicators(user.role)
      ? [{ key: 'indicators/admin', icon: <AimOutlined />, label: t('nav.indicatorAdmin') }]
      : []),
    ...(canWarnings(user.role, 'read')
      ? [
          { key: 'bulletins', icon: <NotificationOutlined />, label: t('nav.bulletins') },
          { key: 'rankings', icon: <BarChartOutlined />, label: t('nav.rankings') },
          { key: 'warning-rules', icon: <AlertOutlined />, label: t('nav.warningRules') },
        ]
      : []),
    ...(isAdmin(user.role)
      ? [
          { key: 'users', icon: <TeamOutlined />, label: t('nav.users') },
          { key: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
        ]
      : []),
  ];
  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <div className="app-header__brand" onClick={() => navigate('/projects')}>
          <span className="app-header__logo">B</span>
          <Typography.Text className="app-header__title">{t('app.name')}</Typography.Text>
        </div>
        <Space size={16}>
          <LanguageSwitch light />
          <UserBadge />
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={184} theme="light" breakpoint="lg" collapsedWidth={56} className="app-sider">
          <Menu
            mode="inline"
            selectedKeys={[section]}
            items={items}
            onClick={({ key }) => navigate(`/${key}`)}
            style={{ borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export default function AppLayout() {
  return (
    <ReferenceProvider>
      <Shell />
    </ReferenceProvider>
  );
}
