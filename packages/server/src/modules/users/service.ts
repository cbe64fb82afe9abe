import type { Role } from '@beacon/domain';
import { sql } from 'kysely';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { UserRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { newToken, hashToken } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/record.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { presentSessionUser } from '../auth/service.ts';
import type { CreateTokenInput, CreateUserInput, UpdateUserInput, UserDto } from './schemas.ts';

type UserWithEnterprise = UserRow & { enterprise_name: string | null };

function present(user: UserWithEnterprise): UserDto {
  return {
    ...presentSessionUser(user),
    enterpriseName: user.enterprise_name,
    disabled: user.disabled,
    // A lock that has run out is no lock: the next login clears it.
    lockedUntil:
      user.locked_until && user.locked_until.getTime() > Date.now() ? user.locked_until.toISOString() : null,
    version: user.version,
    createdAt: user.created_at.toISOString(),
  };
}

/** What the audit trail keeps of a user: never the password hash. */
const auditView = (user: UserRow) => ({
  username: user.username,
  displayName: user.display_name,
  role: user.role,
  regionCode: user.region_code,
  departmentId: user.department_id,
  enterpriseId: user.enterprise_id,
  disabled: user.disabled,
  mustChangePassword: user.must_change_password,
});

function selectUsers(db: Services['db'] | Tx) {
  return db
    .selectFrom('users')
    .leftJoin('enterprises', 'enterprises.id', 'users.enterprise_id')
    .selectAll('users')
    .select('enterprises.name as enterprise_name');
}

export async function listUsers(
  services: Services,
  query: { q?: string; role?: Role; page: number; pageSize: number },
) {
  let base = selectUsers(services.db);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    base = base.where((eb) =>
      eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'ilike', like)]),
    );
  }
  if (query.role) base = base.where('users.role', '=', query.role);
  const [rows, total] = await Promise.all([
    base
      .orderBy('users.role')
      .orderBy('users.username')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base
      .clearSelect()
      .select(sql<string>`count(*)`.as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(present), total: Number(total.count) };
}

type ScopeInput = {
  regionCode?: string | null;
  departmentId?: string | null;
  enterpriseName?: string | null;
  enterpriseId?: string | null;
};

/** A scoped role needs exactly its scope: a county user one region, an owner one enterprise … */
async function resolveScope(trx: Tx, role: Role, input: ScopeInput) {
  const scope = {
    region_code: null as string | null,
    department_id: null as string | null,
    enterprise_id: null as string | null,
  };
  const missing = (field: string, reason: string) =>
    new AppError('VALIDATION', reason, { details: [{ field, reason }] });
  if (role === 'county') {
    if (!input.regionCode) throw missing('regionCode', '县级用户必须指定所属地区');
    const region = await trx
      .selectFrom('regions')
      .select('code')
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region) throw missing('regionCode', `地区 ${input.regionCode} 不存在`);
    scope.region_code = region.code;
  }
  if (role === 'department') {
    if (!input.departmentId) throw missing('departmentId', '部门用户必须指定所属部门');
    const department = await trx
      .selectFrom('departments')
      .select('id')
      .where('id', '=', input.departmentId)
      .executeTakeFirst();
    if (!department) throw missing('departmentId', '部门不存在');
    scope.department_id = department.id;
  }
  if (role === 'owner') {
    const enterprise = input.enterpriseId
      ? await trx
          .selectFrom('enterprises')
          .select('id')
          .where('id', '=', input.enterpriseId)
          .executeTakeFirst()
      : input.enterpriseName
        ? await trx
            .selectFrom('enterprises')
            .select('id')
            .where('name', '=', input.enterpriseName)
            .executeTakeFirst()
        : undefined;
    if (!enterprise) throw missing('enterpriseName', '建设单位用户必须指定已登记的建设单位');
    scope.enterprise_id = enterprise.id;
  }
  return scope;
}

export async function createUser(
  services: Services,
  ctx: RequestContext,
  input: CreateUserInput,
): Promise<UserDto> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return services.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
      .executeTakeFirst();
    if (taken)
      throw new AppError('CONFLICT', `用户名 ${input.username} 已存在`, {
        details: [{ field: 'username', reason: '已存在' }],
      });
    const scope = await resolveScope(trx, input.role, input);
    const user = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        role: input.role,
        password_hash: passwordHash,
        // An administrator chose this password, so its owner must replace it.
        must_change_password: true,
        ...scope,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      after: auditView(user),
    });
    return present(await selectUsers(trx).where('users.id', '=', user.id).executeTakeFirstOrThrow());
  });
}

async function lockedUser(trx: Tx, id: string, version: number) {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!user) throw notFound('用户');
  if (user.version !== version) {
    const current = present(await selectUsers(trx).where('users.id', '=', id).executeTakeFirstOrThrow());
    throw new AppError('VERSION_CONFLICT', '该用户已被他人修改，请刷新后重试', { current });
  }
  return user;
}

export async function updateUser(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: UpdateUserInput,
): Promise<UserDto> {
  return services.db.transaction().execute(async (trx) => {
    const before = await lockedUser(trx, id, input.version);
    if (id === ctx.actor.userId && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new AppError('VALIDATION', '不能停用本人账户或取消本人的管理员角色');
    }
    const role = input.role ?? before.role;
    const scopeChanged =
      input.role !== undefined ||
      input.regionCode !== undefined ||
      input.departmentId !== undefined ||
      input.enterpriseName !== undefined;
    const scope = scopeChanged
      ? await resolveScope(trx, role, {
          regionCode: input.regionCode === undefined ? before.region_code : input.regionCode,
          departmentId: input.departmentId === undefined ? before.department_id : input.departmentId,
          enterpriseName: input.enterpriseName,
          enterpriseId: input.enterpriseName === undefined ? before.enterprise_id : null,
        })
      : {};
    const after = await trx
      .updateTable('users')
      .set({
        display_name: input.displayName ?? before.display_name,
        role,
        disabled: input.disabled ?? before.disabled,
        ...(input.unlock ? { locked_until: null, failed_attempts: 0 } : {}),
        ...scope,
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A changed role or scope, or a disabled account, must not keep an old session's rights.
    if (scopeChanged || after.disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'user.update',
      objectType: 'user',
      objectId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return present(await selectUsers(trx).where('users.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function resetPassword(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: { password: string; version: number },
): Promise<UserDto> {
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return services.db.transaction().execute(async (trx) => {
    const before = await lockedUser(trx, id, input.version);
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: true,
        failed_attempts: 0,
        locked_until: null,
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'user.reset_password', objectType: 'user', objectId: id });
    return present(await selectUsers(trx).where('users.id', '=', id).executeTakeFirstOrThrow());
  });
}

const presentToken = (row: {
  id: string;
  name: string;
  role: Role;
  region_code: string | null;
  department_id: string | null;
  enterprise_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}) => ({
  id: row.id,
  name: row.name,
  role: row.role,
  regionCode: row.region_code,
  departmentId: row.department_id,
  enterpriseId: row.enterprise_id,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export async function listTokens(services: Services) {
  const rows = await services.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(presentToken);
}

/** The secret is returned once; only its hash is stored. */
export async function createToken(services: Services, ctx: RequestContext, input: CreateTokenInput) {
  const secret = `bcn_${newToken()}`;
  return services.db.transaction().execute(async (trx) => {
    const scope = await resolveScope(trx, input.role, input);
    const row = await trx
      .insertInto('api_tokens')
      .values({
        name: input.name,
        role: input.role,
        token_hash: hashToken(secret),
        created_by: ctx.actor.userId ?? '',
        ...scope,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = presentToken(row);
    await recordAudit(trx, ctx, {
      action: 'token.create',
      objectType: 'api_token',
      objectId: row.id,
      after: token,
    });
    return { ...token, secret };
  });
}

export async function revokeToken(services: Services, ctx: RequestContext, id: string) {
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('令牌');
    await recordAudit(trx, ctx, { action: 'token.revoke', objectType: 'api_token', objectId: id });
    return presentToken(row);
  });
}
