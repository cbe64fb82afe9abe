import type { Role } from '@beacon/domain';

/**
 * Who may do what with indicators (policy §1: the city sets targets per indicator, region and
 * year). Everyone reads the table; which projects' figures it holds is the caller's scope, applied
 * in the repository. Indicators and targets are the city commander's data, kept with the
 * administrator.
 */
export const INDICATOR_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  manage: ['admin', 'city'],
} as const satisfies Record<string, readonly Role[]>;
