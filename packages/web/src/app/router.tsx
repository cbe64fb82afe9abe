import { Spin } from 'antd';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/auth-context.tsx';
import { LoginPage } from '../pages/auth/login-page.tsx';

// Everything past the login screen is split off, so the first load stays light.
const AppLayout = lazy(() => import('./app-layout.tsx'));
const ChangePasswordPage = lazy(() => import('../pages/auth/change-password-page.tsx'));
const ProjectListPage = lazy(() => import('../pages/projects/project-list-page.tsx'));
const ProjectDetailPage = lazy(() => import('../pages/projects/project-detail-page.tsx'));
const ProjectFormPage = lazy(() => import('../pages/projects/project-form-page.tsx'));
const ImportPage = lazy(() => import('../pages/projects/import-page.tsx'));
const UsersPage = lazy(() => import('../pages/users/users-page.tsx'));
const AuditPage = lazy(() => import('../pages/audit/audit-page.tsx'));
const IndicatorTablePage = lazy(() => import('../pages/indicators/indicator-table-page.tsx'));
const IndicatorAdminPage = lazy(() => import('../pages/indicators/indicator-admin-page.tsx'));
const PlanListPage = lazy(() => import('../pages/plans/plan-list-page.tsx'));
const PlanDetailPage = lazy(() => import('../pages/plans/plan-detail-page.tsx'));
const ProjectPlanPage = lazy(() => import('../pages/plans/project-plan-page.tsx'));
const ReportingPage = lazy(() => import('../pages/progress/reporting-page.tsx'));
const ReportPage = lazy(() => import('../pages/progress/report-page.tsx'));
const ReviewPage = lazy(() => import('../pages/progress/review-page.tsx'));
const RulesPage = lazy(() => import('../pages/progress/rules-page.tsx'));
type DashboardModule = typeof import('../pages/dashboard/dashboard-page.tsx');
let dashboardModule: DashboardModule | null = null;
const loadDashboard = () =>
  import('../pages/dashboard/dashboard-page.tsx').then((loaded) => (dashboardModule = loaded));
// Opened straight on the dashboard (a wall display, the city's landing page), its chunk and the
// chart library load while the session and reference data do, not after them.
if (window.location.pathname === '/dashboard') void loadDashboard();
const LazyDashboardPage = lazy(loadDashboard);
/**
 * Rendered directly when its chunk is already in: suspending on it anyway would hold the page
 * back by React's ~300 ms reveal throttle. Chosen once per visit, so the page never remounts.
 */
function DashboardPage() {
  const [Page] = useState<ComponentType>(() => dashboardModule?.default ?? LazyDashboardPage);
  return <Page />;
}
const BulletinListPage = lazy(() => import('../pages/bulletins/bulletin-list-page.tsx'));
const BulletinPage = lazy(() => import('../pages/bulletins/bulletin-page.tsx'));
const RankingsPage = lazy(() => import('../pages/bulletins/rankings-page.tsx'));
const WarningRulesPage = lazy(() => import('../pages/warnings/warning-rules-page.tsx'));
const NotFoundPage = lazy(() => import('./not-found-page.tsx'));

export function PageSpinner() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 80 }}>
      <Spin size="large" />
    </div>
  );
}

const suspended = (element: ReactNode) => <Suspense fallback={<PageSpinner />}>{element}</Suspense>;

/** Sends visitors without a session to the login page, and users with a reset password to change it. */
function RequireSession() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (state.user.mustChangePassword) return <Navigate to="/change-password" replace />;
  return suspended(<AppLayout />);
}

/** The city command and leaders open on the command dashboard; everyone else on the registry. */
function Landing() {
  const { state } = useAuth();
  const role = state.status === 'authenticated' ? state.user.role : null;
  return <Navigate to={role === 'city' || role === 'leader' ? '/dashboard' : '/projects'} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/change-password', element: suspended(<ChangePasswordPage />) },
  {
    path: '/',
    element: <RequireSession />,
    children: [
      { index: true, element: <Landing /> },
      {
        element: suspended(<Outlet />),
        children: [
          { path: 'projects', element: <ProjectListPage /> },
          { path: 'projects/new', element: <ProjectFormPage /> },
          { path: 'projects/:id', element: <ProjectDetailPage /> },
          { path: 'projects/:id/edit', element: <ProjectFormPage /> },
          { path: 'import', element: <ImportPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'indicators', element: <IndicatorTablePage /> },
          { path: 'indicators/admin', element: <IndicatorAdminPage /> },
          { path: 'projects/:id/plan', element: <ProjectPlanPage /> },
          { path: 'plans', element: <PlanListPage /> },
          { path: 'plans/:id', element: <PlanDetailPage /> },
          { path: 'progress/reporting', element: <ReportingPage /> },
          { path: 'progress/reporting/:projectId/:year/:month', element: <ReportPage /> },
          { path: 'progress/review', element: <ReviewPage /> },
          { path: 'progress/rules', element: <RulesPage /> },
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'bulletins', element: <BulletinListPage /> },
          { path: 'bulletins/:id', element: <BulletinPage /> },
          { path: 'rankings', element: <RankingsPage /> },
          { path: 'warning-rules', element: <WarningRulesPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
