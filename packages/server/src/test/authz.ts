import type { Role } from '@beacon/domain';
import type { InjectOptions } from 'fastify';
import type { Harness } from './harness.ts';

/**
 * An entry of the authorization matrix in authz.test.ts. The fixtures hold one project inside
 * every scoped role's scope (region 331102, the owner's enterprise, the department's project, the
 * leader's project) and one outside all of them.
 */
export type AuthzFixtures = {
  h: Harness;
  inScopeProject: string;
  outOfScopeProject: string;
  xlsx: Buffer;
};
export type AuthzCase = {
  ok: number;
  /** Builds a request that must succeed for an allowed role, on an object in its scope. */
  build: (f: AuthzFixtures, role: Role) => Promise<InjectOptions>;
  /** Same request on an object outside the caller's scope (object routes only). */
  outOfScope?: (f: AuthzFixtures) => Promise<InjectOptions>;
  /** The request ends or changes the session, so each call gets a fresh one. */
  freshSession?: boolean;
};
