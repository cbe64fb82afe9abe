import type { Role } from '@beacon/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.ts';
import type { DB } from './db/schema.ts';
import type { Engine } from './db/database.ts';

/** What a caller may see, applied inside every query (architecture convention 3). */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; regionCode: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'enterprise'; enterpriseId: string }
  | { kind: 'leader'; userId: string };

export type Actor = {
  userId: string | null;
  tokenId: string | null;
  name: string;
  role: Role;
  scope: Scope;
};

/** Passed to every service call so each change is audited with who, where and which request. */
export type RequestContext = { actor: Actor; ip: string; requestId: string };

export type Services = { db: Kysely<DB>; engine: Engine; config: Config };

export type Tx = Transaction<DB>;

export function scopeOf(
  role: Role,
  ids: {
    userId: string | null;
    regionCode: string | null;
    departmentId: string | null;
    enterpriseId: string | null;
  },
): Scope {
  switch (role) {
    case 'admin':
    case 'city':
      return { kind: 'all' };
    case 'county':
      return { kind: 'region', regionCode: ids.regionCode ?? '' };
    case 'department':
      return { kind: 'department', departmentId: ids.departmentId ?? '' };
    case 'owner':
      return { kind: 'enterprise', enterpriseId: ids.enterpriseId ?? '' };
    case 'leader':
      return { kind: 'leader', userId: ids.userId ?? '' };
  }
}
