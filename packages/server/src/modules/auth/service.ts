import type { Selectable } from 'kysely';
import type { RequestContext, Services } from '../../context.ts';
import type { UserTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { hashToken, newToken } from '../../plugins/auth.ts';
import { recordAudit, type AuditContext } from '../audit/record.ts';
import { assertPasswordPolicy, decoy, hashPassword, verifyPassword } from './passwords.ts';
import type { SessionUser } from './schemas.ts';

export function presentSessionUser(user: Selectable<UserTable>): SessionUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    regionCode: user.region_code,
    departmentId: user.department_id,
    enterpriseId: user.enterprise_id,
    mustChangePassword: user.must_change_password,
  };
}

type LoginInput = {
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
  previousTokenHash: string | null;
};

/**
 * Verifies the password, applies the lockout rule and opens a fresh session. Every attempt,
 * failed or not, is audited. A new token each time means a session id fixed before login is
 * worthless after it.
 */
export async function login(services: Services, input: LoginInput) {
  const { db, config } = services;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
    .executeTakeFirst();
  // Before a session exists the actor is whoever the attempt claims to be.
  const auditCtx = (actor: { id: string | null; name: string }): AuditContext => ({
    actor: { userId: actor.id, name: actor.name },
    ip: input.ip,
    requestId: input.requestId,
  });

  if (!user || user.disabled) {
    await verifyPassword(await decoy(), input.password);
    await db.transaction().execute((trx) =>
      recordAudit(trx, auditCtx({ id: user?.id ?? null, name: input.username }), {
        action: 'auth.login_failed',
        objectType: 'user',
        after: { reason: user ? 'disabled' : 'unknown_user' },
      }),
    );
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }

  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, auditCtx({ id: user.id, name: user.username }), {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user.id,
        after: { reason: 'locked' },
      }),
    );
    const minutes = Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000);
    throw new AppError('LOCKED', `登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试`);
  }

  if (!(await verifyPassword(user.password_hash, input.password))) {
    const attempts = user.failed_attempts + 1;
    const locks = attempts >= config.lockoutAttempts;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          failed_attempts: locks ? 0 : attempts,
          locked_until: locks ? new Date(Date.now() + config.lockoutMinutes * 60_000) : user.locked_until,
        })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, auditCtx({ id: user.id, name: user.username }), {
        action: locks ? 'auth.locked' : 'auth.login_failed',
        objectType: 'user',
        objectId: user.id,
        after: { reason: 'bad_password', attempts },
      });
    });
    if (locks) throw new AppError('LOCKED', `登录失败次数过多，账户已锁定 ${config.lockoutMinutes} 分钟`);
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }

  const token = newToken();
  const csrfToken = newToken();
  await db.transaction().execute(async (trx) => {
    if (input.previousTokenHash)
      await trx.deleteFrom('sessions').where('token_hash', '=', input.previousTokenHash).execute();
    await trx
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: user.id,
        csrf_token: csrfToken,
        ip: input.ip,
        user_agent: input.userAgent,
      })
      .execute();
    await recordAudit(trx, auditCtx({ id: user.id, name: user.display_name }), {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
    });
  });
  return { token, csrfToken, user: presentSessionUser(user) };
}

export async function logout(services: Services, ctx: RequestContext, tokenHash: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    await recordAudit(trx, ctx, {
      action: 'auth.logout',
      objectType: 'user',
      objectId: ctx.actor.userId ?? undefined,
    });
  });
}

export async function currentUser(services: Services, userId: string) {
  const user = await services.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return presentSessionUser(user);
}

/** Changing one's own password ends every other session of the account. */
export async function changePassword(
  services: Services,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string; keepTokenHash: string },
): Promise<void> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError('FORBIDDEN', 'API 令牌不能修改密码');
  const user = await services.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('VALIDATION', '当前密码不正确', {
      details: [{ field: 'currentPassword', reason: '当前密码不正确' }],
    });
  }
  assertPasswordPolicy(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new AppError('VALIDATION', '新密码不能与当前密码相同', {
      details: [{ field: 'newPassword', reason: '新密码不能与当前密码相同' }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await services.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: false,
        updated_at: new Date(),
        version: user.version + 1,
      })
      .where('id', '=', userId)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('token_hash', '<>', input.keepTokenHash)
      .execute();
    await recordAudit(trx, ctx, { action: 'auth.password_changed', objectType: 'user', objectId: userId });
  });
}
