import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';
import { HEADERS, databaseState, projectRow, upload, workbook } from './excel-fixtures.ts';
import type { ImportReport } from './schemas.ts';

let h: Harness;
let city: Session;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  city = await h.loginAs('city');
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());

const projectNamed = (name: string) =>
  h.db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();

describe('POST /api/projects/import — dry run', () => {
  it('reports every problem with its Excel row, column and value, and writes nothing', async () => {
    const file = await workbook([
      [...HEADERS],
      projectRow({ 项目名称: '干净的一行' }),
      projectRow({ 项目名称: null, '总投资(万元)': '十二万' }),
      projectRow({ 行业: '航天', 建设起止年限: '2026-2020', 计划开工时间: '明年' }),
      projectRow({ 所属名单: '市重点、不存在的名单', 项目阶段: '筹备', 是否高新技术产业: '也许' }),
      [],
      projectRow({ 项目代码: '2024-999999-47-01-000001', 经度: 500 }),
    ]);
    const before = await databaseState(h);
    const response = await upload(h, city, file, { dryRun: 'true' });
    expect(response.statusCode).toBe(200);
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ dryRun: true, committed: false, sheet: '项目', rows: 5, created: 1 });
    expect(report.errorRows).toBe(4);
    expect(report.errors).toEqual([
      { row: 3, column: '项目名称', value: '', reason: '不能为空' },
      { row: 3, column: '总投资(万元)', value: '十二万', reason: '不是有效的金额：十二万' },
      { row: 4, column: '建设起止年限', value: '2026-2020', reason: '格式应为 2020-2023' },
      { row: 4, column: '计划开工时间', value: '明年', reason: expect.stringContaining('日期格式不正确') },
      { row: 4, column: '行业', value: '航天', reason: '行业「航天」不存在' },
      { row: 5, column: '项目阶段', value: '筹备', reason: expect.stringContaining('应为 谋划、储备') },
      { row: 5, column: '所属名单', value: '市重点、不存在的名单', reason: '名单「不存在的名单」不存在' },
      { row: 5, column: '是否高新技术产业', value: '也许', reason: '应填写“是”或“否”' },
      {
        row: 7,
        column: '项目代码',
        value: '2024-999999-47-01-000001',
        reason: '项目代码中的行政区划 999999 不存在',
      },
      { row: 7, column: '经度', value: '500', reason: '应为 -180 至 180 之间的数字' },
    ]);
    expect(report.columns.slice(0, 3)).toEqual([
      { column: 1, header: '序号', field: null },
      { column: 2, header: '项目名称', field: 'name' },
      { column: 3, header: '项目代码', field: 'code' },
    ]);
    expect(await databaseState(h)).toEqual(before);
  });
});

describe('POST /api/projects/import — commit', () => {
  it('writes nothing when one row is wrong, everything once it is fixed, and nothing new on a re-import', async () => {
    const rows = [1, 2, 3].map((n) =>
      projectRow({ 序号: n, 项目名称: `批量导入项目${n}`, 项目代码: `2024-331102-47-01-00000${n}` }),
    );
    const broken = await workbook([[...HEADERS], ...rows, projectRow({ 建设单位: null })]);
    const before = await databaseState(h);

    const rejected = await upload(h, city, broken, { dryRun: 'false' });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json()).toEqual({
      error: {
        code: 'VALIDATION',
        message: '导入失败：1 行有错误，未写入任何数据',
        details: [{ row: 5, column: '建设单位', value: '', reason: '不能为空' }],
        requestId: expect.any(String),
      },
    });
    expect(await databaseState(h)).toEqual(before);

    const fixed = await workbook([[...HEADERS], ...rows]);
    const committed = await upload(h, city, fixed, { dryRun: 'false' });
    expect(committed.statusCode).toBe(200);
    expect(committed.json()).toMatchObject({
      dryRun: false,
      committed: true,
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      errorRows: 0,
      errors: [],
    });
    const stored = await h.db
      .selectFrom('projects')
      .selectAll()
      .where('code', '=', '2024-331102-47-01-000001')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      name: '批量导入项目1',
      region_code: '331102',
      sector_code: 'transport',
      funding_source: 'government',
      stage: 'preliminary',
      total_investment: '12345.6700',
      start_year: 2024,
      end_year: 2026,
      planned_start: '2024-03-01',
      planned_completion: '2026-12-01',
      high_tech: false,
      lng: '119.922300',
      lat: '28.467600',
      leading_official: '张三',
      official_in_charge: '李四',
      version: 1,
    });
    const lists = await h.db
      .selectFrom('project_list_members')
      .select('list_code')
      .where('project_id', '=', stored.id)
      .orderBy('list_code')
      .execute();
    expect(lists.map((l) => l.list_code)).toEqual(['city_key', 'concentrated_start']);
    const units = await h.db
      .selectFrom('project_service_units')
      .innerJoin('departments', 'departments.id', 'project_service_units.department_id')
      .select('departments.name')
      .where('project_id', '=', stored.id)
      .execute();
    expect(units.map((u) => u.name).sort()).toEqual(['市发展改革委', '市自然资源和规划局'].sort());
    const events = await h.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('action', 'in', ['project.create', 'project.import'])
      .where('actor_id', '=', city.user.id)
      .execute();
    expect(events.filter((e) => e.action === 'project.create')).toHaveLength(3);
    expect(events.find((e) => e.action === 'project.import')?.after).toMatchObject({
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
    });

    const afterCommit = await databaseState(h);
    const again = await upload(h, city, fixed, { dryRun: 'false' });
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 3 });
    const afterAgain = await databaseState(h);
    expect(afterAgain.projects).toBe(afterCommit.projects);
    expect(afterAgain.audit).toBe(afterCommit.audit + 1); // only the project.import event
  });

  it('updates a matched project only where the sheet changed it, with version and before/after audit', async () => {
    const code = '2024-331102-47-01-000101';
    const first = await workbook([[...HEADERS], projectRow({ 项目名称: '待更新项目', 项目代码: code })]);
    expect((await upload(h, city, first, { dryRun: 'false' })).json()).toMatchObject({ created: 1 });

    const changed = await workbook([
      [...HEADERS],
      projectRow({ 项目名称: '待更新项目', 项目代码: code, '总投资(万元)': 20000, 项目阶段: '在建' }),
    ]);
    const dry = await upload(h, city, changed);
    expect(dry.json()).toMatchObject({ dryRun: true, committed: false, updated: 1, created: 0 });
    expect((await projectNamed('待更新项目'))?.version).toBe(1);

    const response = await upload(h, city, changed, { dryRun: 'false' });
    expect(response.json()).toMatchObject({ committed: true, updated: 1, created: 0, unchanged: 0 });
    const project = await projectNamed('待更新项目');
    expect(project).toMatchObject({ version: 2, total_investment: '20000.0000', stage: 'construction' });
    const event = await h.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('action', '=', 'project.update')
      .where('object_id', '=', project!.id)
      .executeTakeFirstOrThrow();
    expect(event.before).toMatchObject({ totalInvestment: '12345.6700', stage: 'preliminary', version: 1 });
    expect(event.after).toMatchObject({ totalInvestment: '20000.0000', stage: 'construction', version: 2 });
  });

  it('matches a project without a code by name and owner, and keeps what the sheet has no column for', async () => {
    const owner = await h.createEnterprise('按名称匹配建设单位');
    await h.buildProject({
      name: '按名称匹配项目',
      owner_id: owner,
      stage: 'reserve',
      leading_official: '王五',
      team: JSON.stringify([{ name: '赵六', duty: '联络员' }]),
    } as never);
    const file = await workbook([
      ['项目名称', '建设单位', '总投资(万元)'],
      ['按名称匹配项目', '按名称匹配建设单位', '888'],
    ]);
    const response = await upload(h, city, file, { dryRun: 'false' });
    expect(response.json()).toMatchObject({ committed: true, created: 0, updated: 1 });
    const project = await projectNamed('按名称匹配项目');
    expect(project).toMatchObject({
      total_investment: '888.0000',
      stage: 'reserve',
      leading_official: '王五',
      team: [{ name: '赵六', duty: '联络员' }],
      sector_code: 'transport',
    });
  });

  it('refuses a stage change the lifecycle does not allow', async () => {
    await h.buildProject({ name: '已竣工项目', code: '2024-331102-47-01-000201', stage: 'completed' });
    const file = await workbook([
      [...HEADERS],
      projectRow({ 项目名称: '已竣工项目', 项目代码: '2024-331102-47-01-000201', 项目阶段: '谋划' }),
    ]);
    const report = (await upload(h, city, file)).json<ImportReport>();
    expect(report.errors).toEqual([
      { row: 2, column: '项目阶段', value: '谋划', reason: '项目阶段不能从「竣工」变为「谋划」' },
    ]);
  });

  it('flags the same project twice in one sheet', async () => {
    const file = await workbook([
      [...HEADERS],
      projectRow({ 项目名称: '重复项目', 项目代码: '2024-331102-47-01-000301' }),
      projectRow({ 项目名称: '另一个名称', 项目代码: '2024-331102-47-01-000301' }),
      projectRow({ 项目名称: '重复项目', 项目代码: null }),
    ]);
    const report = (await upload(h, city, file)).json<ImportReport>();
    expect(report.errors).toEqual([
      { row: 3, column: '项目代码', value: '2024-331102-47-01-000301', reason: '与第 2 行是同一项目' },
      {
        row: 4,
        column: '项目名称',
        value: '重复项目',
        reason: '与第 2 行是同一项目（项目名称和建设单位相同）',
      },
    ]);
  });
});

describe('POST /api/projects/import — sheets as counties keep them', () => {
  it('finds the header under a title row, converts 亿元 exactly and reads 建设起止年限', async () => {
    const file = await workbook(
      [
        ['2024 年莲都区重点项目表'],
        ['填报单位：莲都区发改局', null, null, '单位：亿元'],
        ['项目名称', '项目单位', '县(市、区)', '总投资\n（亿元）', '行业', '投资主体', '建设年限'],
        ['亿元换算项目', '亿元换算建设单位', '莲都区', 1.2345, '交通', '国企', '2020年～2023年'],
        ['亿元文本项目', '亿元换算建设单位', '莲都区', '0.00005', '水利', '民营', 2025],
        ['合 计', null, null, 1.23455],
      ],
      (sheet) => sheet.mergeCells('A1:G1'),
    );
    const response = await upload(h, city, file, { dryRun: 'false' });
    expect(response.statusCode).toBe(200);
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ rows: 2, created: 2, errors: [] });
    expect(report.columns.map((c) => c.field)).toEqual([
      'name',
      'owner',
      'region',
      'totalInvestmentYi',
      'sector',
      'funding',
      'period',
    ]);
    expect(await projectNamed('亿元换算项目')).toMatchObject({
      total_investment: '12345.0000',
      funding_source: 'soe',
      start_year: 2020,
      end_year: 2023,
      // A sheet without a stage column lists projects still being planned.
      stage: 'planning',
    });
    expect(await projectNamed('亿元文本项目')).toMatchObject({
      total_investment: '0.5000',
      funding_source: 'private',
      start_year: 2025,
      end_year: 2025,
    });
  });

  it('reads 谋划年份 as a year, with or without 年, and refuses anything else', async () => {
    const rows = [
      ['项目名称', '建设单位', '所在地', '总投资(万元)', '行业', '资金来源', '谋划年份'],
      ['谋划年份数字项目', '谋划年份建设单位', '莲都区', 150000, '水利', '政府', 2025],
      ['谋划年份文本项目', '谋划年份建设单位', '莲都区', 150000, '水利', '政府', '2024年'],
      ['谋划年份空白项目', '谋划年份建设单位', '莲都区', 150000, '水利', '政府', null],
    ];
    const response = await upload(h, city, await workbook(rows), { dryRun: 'false' });
    expect(response.json<ImportReport>()).toMatchObject({ created: 3, errors: [] });
    expect(await projectNamed('谋划年份数字项目')).toMatchObject({ planned_year: 2025 });
    expect(await projectNamed('谋划年份文本项目')).toMatchObject({ planned_year: 2024 });
    expect(await projectNamed('谋划年份空白项目')).toMatchObject({ planned_year: null });
    const wrong = await upload(
      h,
      city,
      await workbook([
        rows[0]!,
        ['谋划年份错误项目', '谋划年份建设单位', '莲都区', 100, '水利', '政府', '去年'],
      ]),
      { dryRun: 'true' },
    );
    expect(wrong.json<ImportReport>().errors).toEqual([
      { row: 2, column: '谋划年份', value: '去年', reason: '应为 1990 至 2100 之间的年份' },
    ]);
  });

  it('takes 万元 over 亿元 when a sheet has both, and 亿元 where 万元 is blank', async () => {
    const file = await workbook([
      ['项目名称', '建设单位', '所在地', '总投资(万元)', '总投资(亿元)', '行业', '资金来源'],
      ['两种单位项目甲', '两种单位建设单位', '莲都区', 100, 9, '交通', '政府'],
      ['两种单位项目乙', '两种单位建设单位', '莲都区', null, 2.5, '交通', '政府'],
      ['两种单位项目丙', '两种单位建设单位', '莲都区', null, '两亿', '交通', '政府'],
    ]);
    const report = (await upload(h, city, file, { dryRun: 'false' })).json();
    expect(report.error.details).toEqual([
      { row: 4, column: '总投资(亿元)', value: '两亿', reason: '不是有效的金额：两亿' },
    ]);
    const fixed = await workbook([
      ['项目名称', '建设单位', '所在地', '总投资(万元)', '总投资(亿元)', '行业', '资金来源'],
      ['两种单位项目甲', '两种单位建设单位', '莲都区', 100, 9, '交通', '政府'],
      ['两种单位项目乙', '两种单位建设单位', '莲都区', null, 2.5, '交通', '政府'],
    ]);
    expect((await upload(h, city, fixed, { dryRun: 'false' })).json()).toMatchObject({ created: 2 });
    expect(await projectNamed('两种单位项目甲')).toMatchObject({ total_investment: '100.0000' });
    expect(await projectNamed('两种单位项目乙')).toMatchObject({ total_investment: '25000.0000' });
  });

  it('lets the user map a header nobody recognises, and ignore one that is recognised', async () => {
    const file = await workbook([
      ['项目', '建设单位', '所在地', '总投资', '行业', '资金来源', '备注', '项目阶段'],
      ['手工映射项目', '手工映射建设单位', '莲都区', 100, '交通', '政府', '—', '不是阶段'],
    ]);
    const unmapped = (await upload(h, city, file)).json<ImportReport>();
    expect(unmapped.errors.map((e) => e.column)).toEqual(['项目阶段', '项目名称']);

    const mapping = JSON.stringify({ 项目: 'name', 项目阶段: null, 备注: null });
    const response = await upload(h, city, file, { dryRun: 'false', mapping });
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ committed: true, created: 1, errors: [] });
    expect(report.columns[0]).toEqual({ column: 1, header: '项目', field: 'name' });
    expect(report.columns[7]).toEqual({ column: 8, header: '项目阶段', field: null });
    expect(await projectNamed('手工映射项目')).toMatchObject({ stage: 'planning' });
  });

  it('rejects a mapping that is not JSON or names an unknown field', async () => {
    const file = await workbook([[...HEADERS], projectRow()]);
    const notJson = await upload(h, city, file, { mapping: '{项目' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('VALIDATION');
    const unknown = await upload(h, city, file, { mapping: JSON.stringify({ 项目: 'budget' }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([
      { field: 'mapping.项目', value: 'budget', reason: '不是可导入的字段' },
    ]);
  });

  it('reads rich text, hyperlinks and numbers, and reports formulas as row errors', async () => {
    const file = await workbook([[...HEADERS], projectRow(), projectRow()], (sheet) => {
      sheet.getCell('B2').value = { richText: [{ text: '富文本' }, { text: '项目', font: { bold: true } }] };
      sheet.getCell('D2').value = { text: '超链接建设单位', hyperlink: 'https://example.com' };
      sheet.getCell('F3').value = { formula: 'A3*10000', result: 20000 };
      sheet.getCell('N3').value = { formula: 'CONCAT("市","重点")', result: '市重点' };
    });
    const report = (await upload(h, city, file)).json<ImportReport>();
    expect(report.created).toBe(1);
    expect(report.errors).toEqual([
      { row: 3, column: '总投资(万元)', value: '=A3*10000', reason: '单元格包含公式，请粘贴为数值' },
      { row: 3, column: '所属名单', value: '=CONCAT("市","重点")', reason: '单元格包含公式，请粘贴为数值' },
    ]);
    const committed = await upload(
      h,
      city,
      await workbook([[...HEADERS], projectRow()], (sheet) => {
        sheet.getCell('B2').value = { richText: [{ text: '富文本' }, { text: '项目' }] };
        sheet.getCell('D2').value = { text: '超链接建设单位', hyperlink: 'https://example.com' };
      }),
      { dryRun: 'false' },
    );
    expect(committed.json()).toMatchObject({ created: 1 });
    const owner = await h.db
      .selectFrom('projects')
      .innerJoin('enterprises', 'enterprises.id', 'projects.owner_id')
      .select('enterprises.name')
      .where('projects.name', '=', '富文本项目')
      .executeTakeFirstOrThrow();
    expect(owner.name).toBe('超链接建设单位');
  });

  it('names the missing columns a new project needs', async () => {
    const file = await workbook([
      ['项目名称', '建设单位', '项目阶段'],
      ['缺列项目', '缺列建设单位', '谋划'],
    ]);
    const report = (await upload(h, city, file)).json<ImportReport>();
    expect(report.errors).toEqual([
      { row: 2, column: '所在地', value: '', reason: '缺少「所在地」列，无法新建项目' },
      { row: 2, column: '总投资(万元)', value: '', reason: '缺少「总投资(万元)」列，无法新建项目' },
      { row: 2, column: '行业', value: '', reason: '缺少「行业」列，无法新建项目' },
      { row: 2, column: '资金来源', value: '', reason: '缺少「资金来源」列，无法新建项目' },
    ]);
  });
});

describe('POST /api/projects/import — county scope', () => {
  it('defaults a county’s rows to its own region and refuses rows of another region', async () => {
    const file = await workbook([
      ['项目名称', '建设单位', '所在地', '总投资(万元)', '行业', '资金来源'],
      ['县级本地项目', '县级建设单位', null, 500, '交通', '政府'],
      ['县级外地项目', '县级建设单位', '青田县', 500, '交通', '政府'],
    ]);
    const report = (await upload(h, county, file)).json<ImportReport>();
    expect(report.created).toBe(1);
    expect(report.errors).toEqual([
      { row: 3, column: '所在地', value: '青田县', reason: '只能导入本地区的项目' },
    ]);
    const committed = await upload(
      h,
      county,
      await workbook([
        ['项目名称', '建设单位', '总投资(万元)', '行业', '资金来源'],
        ['县级本地项目', '县级建设单位', 500, '交通', '政府'],
      ]),
      { dryRun: 'false' },
    );
    expect(committed.json()).toMatchObject({ created: 1 });
    expect(await projectNamed('县级本地项目')).toMatchObject({ region_code: '331102' });
  });

  it('cannot update another county’s project by its code, and learns nothing about it', async () => {
    const code = '2024-331121-47-01-000401';
    const other = await h.buildProject({
      name: '青田县保密项目',
      code,
      region_code: '331121',
      total_investment: '7777.0000',
    });
    const file = await workbook([
      [...HEADERS],
      projectRow({ 项目名称: '冒名项目', 项目代码: code, 所在地: '莲都区', '总投资(万元)': 1 }),
    ]);
    const response = await upload(h, county, file, { dryRun: 'false' });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.details).toEqual([
      { row: 2, column: '项目代码', value: code, reason: '该项目已登记在您的权限范围之外，不能通过导入修改' },
    ]);
    expect(JSON.stringify(body)).not.toContain('青田县保密项目');
    expect(JSON.stringify(body)).not.toContain('7777');
    const after = await h.db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: '青田县保密项目', total_investment: '7777.0000', version: 1 });
  });

  it('is only for the roles that register projects', async () => {
    const file = await workbook([[...HEADERS], projectRow()]);
    for (const role of ['admin', 'department', 'owner', 'leader'] as const) {
      const response = await upload(h, await h.loginAs(role), file);
      expect(response.statusCode, role).toBe(403);
    }
    const anonymous = await h.app.inject({ method: 'POST', url: '/api/projects/import' });
    expect(anonymous.statusCode).toBe(401);
  });
});
