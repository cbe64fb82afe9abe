import type { Role } from '@beacon/domain';

/**
 * The city commander (市指挥部) sets the warning rules, closes months and publishes bulletins
 * (policy section 5: 每月通报晾晒); everyone reads the published ones within their scope.
 */
export const WARNING_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  manage: ['city'],
} as const satisfies Record<string, readonly Role[]>;

/** Who sees closes before they are published. */
export const SEES_UNPUBLISHED: readonly Role[] = ['admin', 'city'];
