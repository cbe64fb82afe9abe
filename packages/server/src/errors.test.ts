import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from './test/harness.ts';

let h: Harness;
let city: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
});
afterAll(() => h.close());

describe('database constraint races', () => {
  it('a unique violation the service could not foresee is a 409 in the shared shape, not a 500', async () => {
    const payload = (name: string) => ({
      code: '2020-331102-48-01-654321',
      name,
      ownerName: '并发测试建设单位',
      regionCode: '331102',
      sectorCode: 'transport',
      fundingSource: 'government',
      totalInvestment: '100',
      stage: 'preliminary',
    });
    const responses = await Promise.all([
      h.request(city, 'POST', '/api/projects', payload('并发登记甲')),
      h.request(city, 'POST', '/api/projects', payload('并发登记乙')),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const conflict = responses.find((r) => r.statusCode === 409)!;
    expect(conflict.json().error).toMatchObject({ code: 'CONFLICT', requestId: expect.any(String) });
    expect(conflict.body).not.toMatch(/duplicate key|projects_code_key/);
  });
});
