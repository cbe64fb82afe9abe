import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let admin: Session;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.loginAs('admin');
});
afterAll(() => h.close());

describe('audit trail', () => {
  it('is searchable by actor, action, object and time', async () => {
    const clerk = await h.loginAs('county', { displayName: '莲都区审计测试员' });
    const project = await h.buildProject();
    await h.request(clerk, 'PATCH', `/api/projects/${project.id}`, { version: 1, address: '审计测试地址' });
    const search = async (query: string) => (await h.request(admin, 'GET', `/api/audit?${query}`)).json();

    const byActor = await search(`actor=${encodeURIComponent('审计测试员')}`);
    expect(byActor.items.map((e: { action: string }) => e.action)).toEqual(['project.update', 'auth.login']);
    const byObject = await search(`objectType=project&objectId=${project.id}`);
    expect(byObject.total).toBe(1);
    expect(byObject.items[0]).toMatchObject({
      actorName: '莲都区审计测试员',
      ip: '127.0.0.1',
      requestId: expect.any(String),
    });
    expect(byObject.items[0].after.address).toBe('审计测试地址');
    expect(
      (await search('action=auth.')).items.every((e: { action: string }) => e.action.startsWith('auth.')),
    ).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await search(`from=${encodeURIComponent(future)}`)).total).toBe(0);
  });

  it('is append-only in the database itself', async () => {
    await expect(sql`update audit_events set action = 'tampered'`.execute(h.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  it('never records a password or its hash', async () => {
    const user = await h.createUser({ role: 'city' });
    await h.request(admin, 'POST', `/api/users/${user.id}/reset-password`, {
      version: 1,
      password: 'Secret-Reset-2020',
    });
    await h.request(admin, 'POST', '/api/users', {
      username: 'audit.check',
      displayName: '审计检查',
      role: 'city',
      password: 'Secret-Create-2020',
    });
    const all = JSON.stringify(
      (await h.db.selectFrom('audit_events').selectAll().execute()).map((e) => [e.before, e.after]),
    );
    expect(all).not.toMatch(/Secret-|argon2/);
  });
});
