import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_PASSWORD, type Harness } from '../../test/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ lockoutAttempts: 5, lockoutMinutes: 15, sessionIdleMinutes: 30 });
});
afterAll(() => h.close());

const login = (username: string, password: string, cookie?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(cookie ? { headers: { cookie } } : {}),
  });

const auditActions = async (objectId: string) =>
  (
    await h.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', objectId)
      .orderBy('id')
      .execute()
  ).map((row) => row.action);

describe('login and sessions', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and returns the user and a CSRF token', async () => {
    const user = await h.createUser({ role: 'county', regionCode: '331121' });
    const response = await login(user.username, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: user.username, role: 'county', regionCode: '331121' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = response.cookies.find((c) => c.name === 'beacon_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await auditActions(user.id)).toEqual(['auth.login']);
  });

  it('accepts the username in any case and rejects a wrong password without saying which was wrong', async () => {
    const user = await h.createUser({ role: 'city' });
    expect((await login(user.username.toUpperCase(), TEST_PASSWORD)).statusCode).toBe(200);
    const wrong = await login(user.username, 'Wrong-Password-1');
    const unknown = await login('nobody-here', 'Wrong-Password-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const failures = await h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(failures.map((event) => event.actor_name)).toEqual(
      expect.arrayContaining([user.username, 'nobody-here']),
    );
  });

  it('regenerates the session at login: the old cookie stops working', async () => {
    const session = await h.loginAs('city');
    const again = await login(session.user.username, TEST_PASSWORD, session.cookie);
    expect(again.statusCode).toBe(200);
    expect((await h.request(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends the session at logout and records it', async () => {
    const session = await h.loginAs('county');
    expect((await h.request(session, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await h.request(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(await auditActions(session.user.id)).toEqual(['auth.login', 'auth.logout']);
  });

  it('locks the account after five failures, even for the right password, then lets it in after the lock', async () => {
    const user = await h.createUser({ role: 'county' });
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await login(user.username, 'Bad-Password-9')).statusCode).toBe(401);
    const fifth = await login(user.username, 'Bad-Password-9');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toContain('锁定');
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(423);
    await h.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', user.id)
      .execute();
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(user.id)).toContain('auth.locked');
  });

  it('expires a session idle for longer than the timeout', async () => {
    const session = await h.loginAs('city');
    await h.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('user_id', '=', session.user.id)
      .execute();
    expect((await h.request(session, 'GET', '/api/projects')).statusCode).toBe(401);
    const left = await h.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', session.user.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('keeps sessions in the database so another server process can serve them', async () => {
    const session = await h.loginAs('city');
    const { buildApp } = await import('../../app.ts');
    const second = await buildApp({ services: h.services });
    const response = await second.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    await second.close();
  });
});

describe('passwords', () => {
  it('forces a change at next login after an administrator reset, and allows nothing else until then', async () => {
    const admin = await h.loginAs('admin');
    const user = await h.createUser({ role: 'county' });
    const reset = await h.request(admin, 'POST', `/api/users/${user.id}/reset-password`, {
      version: 1,
      password: 'Temp-Pass-2020',
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().mustChangePassword).toBe(true);
    const session = await h.login(user, 'Temp-Pass-2020');
    const blocked = await h.request(session, 'GET', '/api/projects');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await h.request(session, 'POST', '/api/auth/password', {
      currentPassword: 'Temp-Pass-2020',
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toContain('至少 10 位');
    const changed = await h.request(session, 'POST', '/api/auth/password', {
      currentPassword: 'Temp-Pass-2020',
      newPassword: 'My-Own-Pass-2021',
    });
    expect(changed.statusCode).toBe(200);
    expect((await h.request(session, 'GET', '/api/projects')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['user.reset_password', 'auth.login', 'auth.password_changed']),
    );
  });

  it('stores argon2id hashes, never the password', async () => {
    const user = await h.createUser({ role: 'city' });
    const row = await h.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('API tokens', () => {
  it('issues a scoped token shown once, stored hashed, usable as a bearer, and revocable', async () => {
    const admin = await h.loginAs('admin');
    const issued = await h.request(admin, 'POST', '/api/tokens', {
      name: '省平台对接',
      role: 'county',
      regionCode: '331121',
    });
    expect(issued.statusCode).toBe(201);
    const { id, secret } = issued.json();
    const stored = await h.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(secret);
    expect((await h.request(admin, 'GET', '/api/tokens')).body).not.toContain(secret);

    await h.buildProject({ region_code: '331121', name: '令牌可见项目' });
    await h.buildProject({ region_code: '331102', name: '令牌不可见项目' });
    const bearer = { authorization: `Bearer ${secret}` };
    const list = await h.app.inject({ method: 'GET', url: '/api/projects?pageSize=200', headers: bearer });
    expect(list.statusCode).toBe(200);
    const names = (list.json().items as { name: string; regionCode: string }[]).map((p) => p.regionCode);
    expect(new Set(names)).toEqual(new Set(['331121']));

    expect((await h.request(admin, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/projects', headers: bearer })).statusCode).toBe(
      401,
    );
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('marks the session cookie Secure and records the client address from X-Forwarded-For', async () => {
    const proxied = await createHarness({ trustProxy: true });
    try {
      const user = await proxied.createUser({ role: 'city' });
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.20.30.40' },
        payload: { username: user.username, password: TEST_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === 'beacon_session')).toMatchObject({
        secure: true,
        httpOnly: true,
      });
      const event = await proxied.db
        .selectFrom('audit_events')
        .select('ip')
        .where('object_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(event.ip).toBe('10.20.30.40');
    } finally {
      await proxied.close();
    }
  });
});

describe('rate limiting', () => {
  it('limits login attempts per client address with the shared error shape', async () => {
    const limited = await createHarness({ rateLimits: { login: 3, excel: 3 } });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'x', password: 'y' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error).toMatchObject({
        code: 'RATE_LIMITED',
        message: '请求过于频繁，请稍后再试',
      });
    } finally {
      await limited.close();
    }
  });
});
