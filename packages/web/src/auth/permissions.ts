import type { Role } from '@beacon/domain';

/** The server's indicator policy: everyone reads the table, the city command and admins manage it. */
export const canManageIndicators = (role: Role) => role === 'admin' || role === 'city';

/**
 * The server's project policy (server/src/modules/projects/policy.ts), mirrored so the console
 * hides what a role cannot do; the server still enforces it.
 */
const PROJECT_ROLES = {
  create: ['city', 'county'],
  update: ['city', 'county', 'department'],
  import: ['city', 'county'],
} as const satisfies Record<string, readonly Role[]>;

export type ProjectAction = keyof typeof PROJECT_ROLES;

export function canProject(role: Role, action: ProjectAction): boolean {
  return (PROJECT_ROLES[action] as readonly Role[]).includes(role);
}

export const isAdmin = (role: Role) => role === 'admin';
