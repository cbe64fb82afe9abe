import type { Role } from '@beacon/domain';

/**
 * Who may do what to plans, year plans and milestones; scope (which projects) is applied in the
 * repository. The city commander sets and issues the plans (policy section 5); counties and
 * responsible departments keep their projects' year plans and milestones; everyone in scope reads.
 */
export const PLAN_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  manage: ['city'],
  writeProjectPlan: ['city', 'county', 'department'],
} as const satisfies Record<string, readonly Role[]>;
