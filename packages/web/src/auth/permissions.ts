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

/** The server's plans policy (server/src/modules/plans/policy.ts), mirrored for the console. */
const PLAN_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  manage: ['city'],
  writeProjectPlan: ['city', 'county', 'department'],
} as const satisfies Record<string, readonly Role[]>;

export type PlanAction = keyof typeof PLAN_ROLES;

export function canPlan(role: Role, action: PlanAction): boolean {
  return (PLAN_ROLES[action] as readonly Role[]).includes(role);
}

/** The server's monthly report policy (server/src/modules/progress/policy.ts), mirrored. */
const PROGRESS_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  write: ['city', 'county', 'department', 'owner'],
  review: ['city', 'county', 'department'],
  rules: ['admin', 'city'],
} as const satisfies Record<string, readonly Role[]>;

export type ProgressAction = keyof typeof PROGRESS_ROLES;

export function canProgress(role: Role, action: ProgressAction): boolean {
  return (PROGRESS_ROLES[action] as readonly Role[]).includes(role);
}

/** The server's warning policy (server/src/modules/warnings/policy.ts), mirrored for the console. */
const WARNING_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  manage: ['city'],
} as const satisfies Record<string, readonly Role[]>;

export type WarningAction = keyof typeof WARNING_ROLES;

export function canWarnings(role: Role, action: WarningAction): boolean {
  return (WARNING_ROLES[action] as readonly Role[]).includes(role);
}

/** Who sees closes before they are published (server: SEES_UNPUBLISHED). */
export const seesUnpublishedBulletins = (role: Role) => role === 'admin' || role === 'city';
