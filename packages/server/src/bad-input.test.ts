import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './test/harness.ts';

/**
 * Every route that takes a JSON body rejects wrong types, missing fields, over-long strings and
 * unknown fields with 400 and the shared error shape — never a 500, never a silent drop.
 */
let h: Harness;
let admin: Session;
let city: Session;
let projectId: string;
let userId: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.loginAs('admin');
  city = await h.loginAs('city');
  projectId = (await h.buildProject()).id;
  userId = (await h.createUser({ role: 'city' })).id;
});
afterAll(() => h.close());

const long = 'x'.repeat(5000);
type BodyRoute = {
  key: string;
  session: () => Session | null;
  url: () => string;
  method: 'POST' | 'PATCH';
  valid: () => Record<string, unknown>;
  required: string;
  text: string;
};

const ROUTES: BodyRoute[] = [
  {
    key: 'POST /api/auth/login',
    session: () => null,
    method: 'POST',
    url: () => '/api/auth/login',
    valid: () => ({ username: 'someone', password: 'x' }),
    required: 'username',
    text: 'username',
  },
  {
    key: 'POST /api/auth/password',
    session: () => city,
    method: 'POST',
    url: () => '/api/auth/password',
    valid: () => ({ currentPassword: 'a', newPassword: 'b' }),
    required: 'newPassword',
    text: 'currentPassword',
  },
  {
    key: 'POST /api/users',
    session: () => admin,
    method: 'POST',
    url: () => '/api/users',
    valid: () => ({
      username: 'new.user',
      displayName: '新用户',
      role: 'city',
      password: 'Strong-Pass-2020',
    }),
    required: 'role',
    text: 'displayName',
  },
  {
    key: 'PATCH /api/users/:id',
    session: () => admin,
    method: 'PATCH',
    url: () => `/api/users/${userId}`,
    valid: () => ({ version: 1, displayName: '改名' }),
    required: 'version',
    text: 'displayName',
  },
  {
    key: 'POST /api/users/:id/reset-password',
    session: () => admin,
    method: 'POST',
    url: () => `/api/users/${userId}/reset-password`,
    valid: () => ({ version: 1, password: 'Strong-Pass-2020' }),
    required: 'password',
    text: 'password',
  },
  {
    key: 'POST /api/tokens',
    session: () => admin,
    method: 'POST',
    url: () => '/api/tokens',
    valid: () => ({ name: '接口', role: 'city' }),
    required: 'name',
    text: 'name',
  },
  {
    key: 'POST /api/projects',
    session: () => city,
    method: 'POST',
    url: () => '/api/projects',
    valid: () => ({
      name: '新项目',
      ownerName: '某建设单位',
      regionCode: '331102',
      sectorCode: 'water',
      fundingSource: 'government',
      totalInvestment: '100',
      stage: 'planning',
    }),
    required: 'name',
    text: 'name',
  },
  {
    key: 'PATCH /api/projects/:id',
    session: () => city,
    method: 'PATCH',
    url: () => `/api/projects/${projectId}`,
    valid: () => ({ version: 1, name: '新名称' }),
    required: 'version',
    text: 'name',
  },
];

function send(route: BodyRoute, payload: unknown, extra: Partial<InjectOptions> = {}) {
  const session = route.session();
  return h.app.inject({
    method: route.method,
    url: route.url(),
    headers: {
      'content-type': 'application/json',
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    ...extra,
  });
}

function expectShape(response: Awaited<ReturnType<typeof send>>, status = 400) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expect(body).toEqual({
    error: expect.objectContaining({
      code: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  });
  return body.error as { code: string; message: string; details?: { field: string; reason: string }[] };
}

describe.each(ROUTES)('$key', (route) => {
  it('rejects a wrong type', async () => {
    const error = expectShape(await send(route, { ...route.valid(), [route.text]: 12345 }));
    expect(error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: `body.${route.text}` })]),
    );
  });

  it('rejects a missing field', async () => {
    const { [route.required]: _omitted, ...rest } = route.valid();
    const error = expectShape(await send(route, rest));
    expect(error.details).toEqual(
      expect.arrayContaining([{ field: `body.${route.required}`, reason: '必填' }]),
    );
  });

  it('rejects an over-long string', async () => {
    const error = expectShape(await send(route, { ...route.valid(), [route.text]: long }));
    expect(error.message).toContain('长度不能超过');
  });

  it('rejects an unknown field', async () => {
    const error = expectShape(await send(route, { ...route.valid(), isAdmin: true }));
    expect(error.details).toEqual(
      expect.arrayContaining([{ field: 'body.isAdmin', reason: '不允许的字段' }]),
    );
  });

  it('rejects malformed JSON and a non-object body', async () => {
    expectShape(await send(route, '{"name": '));
    expectShape(await send(route, '[1,2,3]'));
  });
});

describe('query and path input', () => {
  it('rejects a malformed id with 400, not 500', async () => {
    const response = await h.request(city, 'GET', '/api/projects/not-a-uuid');
    expectShape(response);
  });

  it('rejects an unknown filter, a bad sort and an oversized page', async () => {
    expectShape(await h.request(city, 'GET', '/api/projects?colour=red'));
    expectShape(await h.request(city, 'GET', '/api/projects?sort=password'));
    expectShape(await h.request(city, 'GET', '/api/projects?pageSize=100000'));
  });

  it('rejects money with more than four decimals or as a number', async () => {
    const route = ROUTES.find((r) => r.key === 'POST /api/projects')!;
    expectShape(await send(route, { ...route.valid(), totalInvestment: '1.23456' }));
    expectShape(await send(route, { ...route.valid(), totalInvestment: 100.5 }));
  });

  it('a body over the size limit is refused with 413', async () => {
    const route = ROUTES.find((r) => r.key === 'POST /api/projects')!;
    const error = expectShape(
      await send(route, { ...route.valid(), content: 'x'.repeat(2 * 1024 * 1024) }),
      413,
    );
    expect(error.message).toBe('请求内容过大');
  });
});
