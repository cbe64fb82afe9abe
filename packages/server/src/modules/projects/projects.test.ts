import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let city: Session;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());

const validProject = (overrides: Record<string, unknown> = {}) => ({
  code: '2020-331102-48-01-123456',
  name: '碧湖至大港头公路改建工程',
  ownerName: '莲都交通投资发展集团有限公司',
  regionCode: '331102',
  address: '莲都区碧湖镇',
  lng: 119.81,
  lat: 28.36,
  sectorCode: 'transport',
  fundingSource: 'government',
  highTech: false,
  totalInvestment: '123456.7800',
  content: '新建二级公路 12.3 公里',
  startYear: 2020,
  endYear: 2023,
  plannedStart: '2020-03-01',
  plannedCompletion: '2023-12-31',
  stage: 'preliminary',
  lists: ['city_key', 'head'],
  leadingOfficial: '王立新',
  officialInCharge: '吴伟民',
  responsibleDepartmentId: h.departments[1]!.id,
  serviceUnitIds: [h.departments[4]!.id],
  team: [
    { name: '王立新', duty: '领办领导' },
    { name: '李强', duty: '联络员', phone: '13800000000' },
  ],
  ...overrides,
});

describe('project registry', () => {
  it('creates a project with every field, exact money, and an audit event in the same transaction', async () => {
    const response = await h.request(county, 'POST', '/api/projects', validProject());
    expect(response.statusCode).toBe(201);
    const project = response.json();
    expect(project).toMatchObject({
      code: '2020-331102-48-01-123456',
      ownerName: '莲都交通投资发展集团有限公司',
      regionName: '莲都区',
      sectorName: '交通',
      totalInvestment: '123456.7800',
      stage: 'preliminary',
      lists: ['city_key', 'head'],
      responsibleDepartmentName: h.departments[1]!.name,
      version: 1,
    });
    const audit = await h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', project.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'project.create', actor_id: county.user.id });
    expect((audit[0]!.after as { name: string }).name).toBe('碧湖至大港头公路改建工程');
  });

  it('validates the unified project code: shape, division and uniqueness', async () => {
    const badShape = await h.request(
      county,
      'POST',
      '/api/projects',
      validProject({ code: '2020-331102-48-01-1234', name: '甲' + 'x' }),
    );
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json().error.details).toEqual([
      expect.objectContaining({ field: 'code', reason: expect.stringContaining('格式') }),
    ]);
    const badDivision = await h.request(
      county,
      'POST',
      '/api/projects',
      validProject({ code: '2020-339999-48-01-123456', name: '乙项目' }),
    );
    expect(badDivision.statusCode).toBe(400);
    expect(badDivision.json().error.message).toContain('行政区划 339999 不存在');
    const duplicate = await h.request(county, 'POST', '/api/projects', validProject({ name: '丙项目' }));
    expect(duplicate.statusCode).toBe(409);
    const noCode = await h.request(
      county,
      'POST',
      '/api/projects',
      validProject({ code: null, name: '谋划中的项目', stage: 'planning' }),
    );
    expect(noCode.statusCode).toBe(201);
  });

  it('keeps a county inside its region', async () => {
    const response = await h.request(
      county,
      'POST',
      '/api/projects',
      validProject({ code: null, regionCode: '331121', name: '越界项目' }),
    );
    expect(response.statusCode).toBe(403);
    const own = await h.buildProject({ region_code: '331102' });
    const move = await h.request(county, 'PATCH', `/api/projects/${own.id}`, {
      version: 1,
      regionCode: '331121',
    });
    expect(move.statusCode).toBe(403);
  });

  it('enforces the lifecycle transitions from the domain rules', async () => {
    const project = await h.buildProject({ stage: 'planning' });
    const jump = await h.request(city, 'PATCH', `/api/projects/${project.id}`, {
      version: 1,
      stage: 'completed',
    });
    expect(jump.statusCode).toBe(400);
    expect(jump.json().error.message).toContain('不能从「谋划」变为「竣工」');
    const step = await h.request(city, 'PATCH', `/api/projects/${project.id}`, {
      version: 1,
      stage: 'reserve',
    });
    expect(step.statusCode).toBe(200);
    expect(step.json()).toMatchObject({ stage: 'reserve', version: 2 });
  });

  it('records before and after of an edit', async () => {
    const project = await h.buildProject({ total_investment: '100.0000' });
    const response = await h.request(city, 'PATCH', `/api/projects/${project.id}`, {
      version: 1,
      totalInvestment: '250.5',
    });
    expect(response.json().totalInvestment).toBe('250.5000');
    const event = await h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_id', '=', project.id)
      .where('action', '=', 'project.update')
      .executeTakeFirstOrThrow();
    expect(event.before).toMatchObject({ totalInvestment: '100.0000', version: 1 });
    expect(event.after).toMatchObject({ totalInvestment: '250.5000', version: 2 });
  });
});

describe('optimistic locking', () => {
  it('two concurrent edits with the same version: one wins, the other gets 409 with the current values', async () => {
    const project = await h.buildProject({ address: '原地址' });
    const other = await h.loginAs('county', { regionCode: '331102' });
    const [a, b] = await Promise.all([
      h.request(county, 'PATCH', `/api/projects/${project.id}`, { version: 1, address: '甲改的地址' }),
      h.request(other, 'PATCH', `/api/projects/${project.id}`, { version: 1, content: '乙改的内容' }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? a : b;
    expect(loser.json().error).toMatchObject({ code: 'VERSION_CONFLICT', current: { version: 2 } });
    expect(loser.json().error.current).toEqual(winner.json());
    const stored = await h.db
      .selectFrom('projects')
      .select(['address', 'content', 'version'])
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(stored.version).toBe(2);
    // The winner's change is kept and the loser's is not silently applied on top of it.
    const aWon = a.statusCode === 200;
    expect(stored.address).toBe(aWon ? '甲改的地址' : '原地址');
    expect(stored.content).toBe(aWon ? null : '乙改的内容');
  });
});

describe('project list', () => {
  let fresh: Harness;
  let viewer: Session;
  beforeAll(async () => {
    fresh = await createHarness();
    viewer = await fresh.loginAs('city');
    const owner = await fresh.createEnterprise('瓯江水利发展有限公司');
    await fresh.buildProject({
      name: '瓯江治理一期',
      region_code: '331102',
      sector_code: 'water',
      stage: 'construction',
      total_investment: '0.1000',
      owner_id: owner,
      lists: ['city_key'],
    });
    await fresh.buildProject({
      name: '瓯江治理二期',
      region_code: '331121',
      sector_code: 'water',
      stage: 'preliminary',
      total_investment: '0.2000',
      owner_id: owner,
    });
    await fresh.buildProject({
      name: '青田侨乡进口商品城',
      region_code: '331121',
      sector_code: 'services',
      stage: 'construction',
      funding_source: 'private',
      total_investment: '300000.0000',
      code: '2020-331121-72-03-000001',
    });
    for (let i = 0; i < 30; i++)
      await fresh.buildProject({
        name: `松阳茶园${i}`,
        region_code: '331124',
        sector_code: 'agriculture',
        total_investment: '0.1000',
      });
  });
  afterAll(() => fresh.close());

  const list = async (query: string) => (await fresh.request(viewer, 'GET', `/api/projects?${query}`)).json();

  it('filters by region, stage, sector, list, funding and text on name, code and owner', async () => {
    expect((await list('region=331121')).total).toBe(2);
    expect(
      (await list('stage=construction&sector=water')).items.map((p: { name: string }) => p.name),
    ).toEqual(['瓯江治理一期']);
    expect((await list('list=city_key')).total).toBe(1);
    expect((await list('funding=private')).items[0].name).toBe('青田侨乡进口商品城');
    expect((await list(`q=${encodeURIComponent('瓯江水利')}`)).total).toBe(2);
    expect((await list('q=331121-72')).total).toBe(1);
    expect((await list(`q=${encodeURIComponent('青田')}`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent('100%_')}`)).total).toBe(0);
  });

  it('sums the filtered set exactly, with no float drift', async () => {
    const result = await list('sector=agriculture&pageSize=5');
    expect(result.total).toBe(30);
    expect(result.items).toHaveLength(5);
    expect(result.totalInvestment).toBe('3.0000');
    expect((await list('sector=water')).totalInvestment).toBe('0.3000');
  });

  it('sorts and pages', async () => {
    const first = await list('sort=-totalInvestment&pageSize=1');
    expect(first.items[0].name).toBe('青田侨乡进口商品城');
    const pageA = await list('sector=agriculture&sort=name&pageSize=10&page=1');
    const pageB = await list('sector=agriculture&sort=name&pageSize=10&page=2');
    const names = [...pageA.items, ...pageB.items].map((p: { name: string }) => p.name);
    expect(new Set(names).size).toBe(20);
    expect(names.slice(0, 10)).toEqual([...names.slice(0, 10)].sort());
  });
});
