import type { Role } from '@beacon/domain';
import type { Actor } from '../../context.ts';
import { AppError } from '../../errors.ts';

/**
 * Who may do what to projects. Scope (which projects) is applied in the repository; this is
 * the role half. Administrators read everything but change no business data (separation of
 * duties, MLPS 三员分立); leaders and owners read their own projects.
 */
export const PROJECT_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  create: ['city', 'county'],
  update: ['city', 'county', 'department'],
  import: ['city', 'county'],
} as const satisfies Record<string, readonly Role[]>;

/** A county registers and moves projects only within its own region. */
export function canWriteRegion(actor: Actor, regionCode: string): boolean {
  return actor.scope.kind !== 'region' || actor.scope.regionCode === regionCode;
}

/** {@link canWriteRegion} as a 403 for the form routes. */
export function assertRegionWritable(actor: Actor, regionCode: string, field = 'regionCode'): void {
  if (!canWriteRegion(actor, regionCode)) {
    throw new AppError('FORBIDDEN', '只能登记本地区的项目', {
      details: [{ field, reason: '只能登记本地区的项目' }],
    });
  }
}
