import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let admin: Session;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.loginAs('admin');
});
afterAll(() => h.close());

describe('user administration', () => {
  it('creates users with the scope their role needs, and a password they must change', async () => {
    const created = await h.request(admin, 'POST', '/api/users', {
      username: 'qingtian.clerk',
      displayName: '青田县项目专员',
      role: 'county',
      regionCode: '331121',
      password: 'Initial-Pass-2020',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      role: 'county',
      regionCode: '331121',
      mustChangePassword: true,
      version: 1,
    });

    const noRegion = await h.request(admin, 'POST', '/api/users', {
      username: 'no.region',
      displayName: '缺地区',
      role: 'county',
      password: 'Initial-Pass-2020',
    });
    expect(noRegion.statusCode).toBe(400);
    expect(noRegion.json().error.details).toEqual([
      { field: 'regionCode', reason: '县级用户必须指定所属地区' },
    ]);

    const weak = await h.request(admin, 'POST', '/api/users', {
      username: 'weak.one',
      displayName: '弱密码',
      role: 'city',
      password: 'password123',
    });
    expect(weak.statusCode).toBe(400);

    const duplicate = await h.request(admin, 'POST', '/api/users', {
      username: 'QINGTIAN.CLERK',
      displayName: '重名',
      role: 'city',
      password: 'Initial-Pass-2020',
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('changing a role or disabling a user ends their sessions; stale edits get 409', async () => {
    const session = await h.loginAs('county');
    const update = await h.request(admin, 'PATCH', `/api/users/${session.user.id}`, {
      version: 1,
      role: 'city',
    });
    expect(update.statusCode).toBe(200);
    expect(update.json()).toMatchObject({ role: 'city', regionCode: null, version: 2 });
    expect((await h.request(session, 'GET', '/api/auth/me')).statusCode).toBe(401);

    const stale = await h.request(admin, 'PATCH', `/api/users/${session.user.id}`, {
      version: 1,
      disabled: true,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.current).toMatchObject({ version: 2, disabled: false });
  });

  it('an administrator cannot lock themselves out', async () => {
    const response = await h.request(admin, 'PATCH', `/api/users/${admin.user.id}`, {
      version: 1,
      disabled: true,
    });
    expect(response.statusCode).toBe(400);
  });

  it('unlocks a locked account', async () => {
    const user = await h.createUser({ role: 'city' });
    await h.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 600_000) })
      .where('id', '=', user.id)
      .execute();
    const listed = await h.request(admin, 'GET', `/api/users?q=${user.username}`);
    expect(listed.json().items[0].lockedUntil).not.toBeNull();
    const unlocked = await h.request(admin, 'PATCH', `/api/users/${user.id}`, { version: 1, unlock: true });
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await h.login(user)).user.id).toBe(user.id);
  });
});
