import type { Role } from '@beacon/domain';
import type { Actor } from '../../context.ts';
import { AppError } from '../../errors.ts';

/**
 * Who may do what to monthly reports (policy section 5). Scope (which projects) is applied in the
 * repository through the projects' `inScope`; this is the role half. The owner fills in its own
 * enterprise's reports and the county, the department and the city may fill them in on its
 * behalf; the county (its region), the responsible department and the city review them; leaders
 * and administrators only read. Historic figures are loaded by the city alone, since they feed
 * every region's growth rates.
 */
export const PROGRESS_ROLES = {
  read: ['admin', 'city', 'county', 'department', 'owner', 'leader'],
  write: ['city', 'county', 'department', 'owner'],
  review: ['city', 'county', 'department'],
  history: ['city'],
  // The due day and the time-progress rule decide lateness and every region's ranking.
  rules: ['admin', 'city'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The policy has the county or the responsible department accept a report. A department sees the
 * projects it serves as a service unit too, but reviews only those it is responsible for. Returns
 * the refusal in Chinese, or undefined when the actor may review.
 */
export function reviewRefusal(
  actor: Actor,
  project: { responsibleDepartmentId: string | null },
): string | undefined {
  if (actor.scope.kind === 'department' && actor.scope.departmentId !== project.responsibleDepartmentId) {
    return '只有项目的责任部门可以审核月报';
  }
  return undefined;
}

/** {@link reviewRefusal} as a 403 for the single-report routes. */
export function assertCanReview(actor: Actor, project: { responsibleDepartmentId: string | null }): void {
  const refusal = reviewRefusal(actor, project);
  if (refusal) throw new AppError('FORBIDDEN', refusal);
}
