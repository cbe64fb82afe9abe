import type { AuthzCase } from '../../test/authz.ts';

export const dashboardCases: Record<string, AuthzCase> = {
  'GET /api/dashboard': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/dashboard?year=2020&month=6' }),
  },
  'GET /api/dashboard/markers': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/dashboard/markers?year=2020&month=6' }),
  },
  'GET /api/dashboard/my-projects': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/dashboard/my-projects?year=2020&month=6' }),
  },
  'GET /api/map': {
    ok: 200,
    build: async () => ({ method: 'GET', url: '/api/map' }),
  },
};
