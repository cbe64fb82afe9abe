import { isoDate } from '@beacon/domain';
import { randomUUID } from 'node:crypto';
import type { RequestContext, Services } from '../context.ts';
import type { DB, NewProject } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { closeMonth } from '../modules/warnings/close.ts';
import { publishClose } from '../modules/warnings/service.ts';
import { demoCalendar, type DemoCalendar } from './demo-calendar.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { seedDemoProgress } from './demo-progress.ts';

/** Deterministic pseudo-random numbers (mulberry32), so every fresh demo is the same city. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, int };
}

type Place = { short: string; towns: string[]; lng: number; lat: number };

/** Towns and approximate centres of the seed city's counties, for believable names and map pins. */
const PLACES: Record<string, Place> = {
  '331102': { short: '莲都', towns: ['碧湖', '大港头', '老竹', '雅溪', '紫金'], lng: 119.92, lat: 28.45 },
  '331121': { short: '青田', towns: ['鹤城', '温溪', '船寮', '油竹', '海口'], lng: 120.29, lat: 28.14 },
  '331122': { short: '缙云', towns: ['壶镇', '新建', '五云', '东方', '舒洪'], lng: 120.09, lat: 28.66 },
  '331123': { short: '遂昌', towns: ['妙高', '云峰', '北界', '湖山', '石练'], lng: 119.27, lat: 28.59 },
  '331124': { short: '松阳', towns: ['西屏', '古市', '望松', '象溪', '新兴'], lng: 119.48, lat: 28.45 },
  '331125': { short: '云和', towns: ['浮云', '紧水滩', '崇头', '石塘', '元和'], lng: 119.57, lat: 28.12 },
  '331126': { short: '庆元', towns: ['松源', '屏都', '黄田', '竹口', '濛洲'], lng: 119.06, lat: 27.62 },
  '331127': { short: '景宁', towns: ['红星', '鹤溪', '沙湾', '渤海', '东坑'], lng: 119.64, lat: 27.97 },
  '331181': { short: '龙泉', towns: ['龙渊', '剑池', '八都', '查田', '小梅'], lng: 119.14, lat: 28.07 },
};
const ZONE_PLACE: Place = {
  short: '开发区',
  towns: ['南明山', '富岭', '水阁', '七百秧'],
  lng: 119.87,
  lat: 28.4,
};

const RIVERS = ['瓯江', '好溪', '松阴溪', '龙泉溪', '小溪', '宣平溪', '大溪'];
const BRANDS = [
  '瓯瑞',
  '丽德',
  '青锋',
  '绿谷',
  '云岭',
  '剑川',
  '菇源',
  '山哈',
  '百山',
  '瓯越',
  '处州',
  '栝苍',
  '南明',
  '仙都',
];
const PRODUCTS = [
  '半导体封装',
  '新能源汽车零部件',
  '医疗器械',
  '智能装备',
  '高端阀门',
  '生物医药',
  '精密轴承',
  '光电材料',
  '竹木制品',
  '合成革',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '吴', '徐', '周', '叶', '潘', '蓝', '雷', '朱', '郑'];
const GIVEN = [
  '建华',
  '立新',
  '海峰',
  '晓东',
  '丽萍',
  '志强',
  '国平',
  '伟民',
  '春燕',
  '永明',
  '卫东',
  '敏',
  '军',
  '静',
];

type SectorPlan = {
  code: string;
  industry: string;
  department: string;
  funding: readonly ('government' | 'soe' | 'private' | 'foreign' | 'ppp')[];
  names: ((p: Place, r: ReturnType<typeof random>) => string)[];
};

const SECTOR_PLANS: SectorPlan[] = [
  {
    code: 'transport',
    industry: '48',
    department: '市交通运输局',
    funding: ['government', 'soe', 'soe', 'ppp'],
    names: [
      (p, r) => `${p.short}${r.pick(p.towns)}至${r.pick(p.towns)}公路改建工程`,
      (p) => `${p.short}综合客运枢纽工程`,
      (p, r) => `${r.pick(p.towns)}互通及连接线工程`,
      (p, r) => `国道G${r.int(200, 330)}${p.short}段改建工程`,
    ],
  },
  {
    code: 'water',
    industry: '76',
    department: '市水利局',
    funding: ['government', 'soe'],
    names: [
      (p, r) => `${r.pick(RIVERS)}${p.short}段综合治理工程`,
      (p, r) => `${p.short}${r.pick(p.towns)}水库除险加固工程`,
      (p) => `${p.short}城乡供水一体化工程`,
      (p, r) => `${r.pick(RIVERS)}${r.pick(p.towns)}堤防提升工程`,
    ],
  },
  {
    code: 'energy',
    industry: '44',
    department: '市发展改革委',
    funding: ['soe', 'private', 'soe'],
    names: [
      (p, r) => `${p.short}${r.pick(p.towns)}${r.int(2, 20) * 10}MW农光互补光伏电站`,
      (p) => `${p.short}抽水蓄能电站`,
      (p, r) => `${p.short}${r.pick(p.towns)}220千伏输变电工程`,
    ],
  },
  {
    code: 'industry',
    industry: '39',
    department: '市经济和信息化局',
    funding: ['private', 'private', 'private', 'foreign'],
    names: [
      (_p, r) => `年产${r.int(5, 200)}万套${r.pick(PRODUCTS)}生产线项目`,
      (_p, r) => `${r.pick(BRANDS)}${r.pick(PRODUCTS)}智能制造基地项目`,
      (p, r) => `${p.short}${r.pick(PRODUCTS)}产业园${r.pick(['一期', '二期', '三期'])}`,
    ],
  },
  {
    code: 'social',
    industry: '84',
    department: '市卫生健康委',
    funding: ['government'],
    names: [
      (p) => `${p.short}人民医院迁建工程`,
      (p, r) => `${p.short}第${r.pick(['二', '三', '四', '五'])}中学新建工程`,
      (p, r) => `${p.short}${r.pick(p.towns)}养老服务中心`,
      (p) => `${p.short}全民健身中心`,
      (p) => `${p.short}疾病预防控制中心业务用房`,
    ],
  },
  {
    code: 'urban',
    industry: '78',
    department: '市住房和城乡建设局',
    funding: ['government', 'soe', 'ppp'],
    names: [
      (p, r) => `${p.short}${r.pick(p.towns)}片区城市更新`,
      (p, r) => `${p.short}${r.pick(p.towns)}未来社区`,
      (p) => `${p.short}城区地下综合管廊工程`,
      (p) => `${p.short}污水处理厂提标改造工程`,
      (p, r) => `${p.short}${r.pick(p.towns)}老旧小区改造`,
    ],
  },
  {
    code: 'services',
    industry: '72',
    department: '市商务局',
    funding: ['private', 'soe', 'private'],
    names: [
      (p, r) => `${p.short}${r.pick(p.towns)}文旅综合体`,
      (p) => `${p.short}现代物流园区`,
      (p) => `${p.short}数字经济产业园`,
      (p, r) => `${r.pick(BRANDS)}康养度假区`,
    ],
  },
  {
    code: 'ecology',
    industry: '77',
    department: '市生态环境局',
    funding: ['government', 'soe'],
    names: [
      (p, r) => `${r.pick(RIVERS)}${p.short}段生态修复工程`,
      (p) => `${p.short}废弃矿山生态修复`,
      (p) => `${p.short}生活垃圾焚烧发电项目`,
    ],
  },
  {
    code: 'agriculture',
    industry: '01',
    department: '市农业农村局',
    funding: ['government', 'private'],
    names: [
      (p, r) => `${p.short}${r.pick(p.towns)}现代农业园区`,
      (p, r) => `${p.short}${r.pick(['香菇', '茶叶', '高山蔬菜', '油茶'])}全产业链项目`,
      (p, r) => `${p.short}${r.pick(p.towns)}乡村振兴示范带`,
    ],
  },
];

const LEADERS = ['王立新', '张建华', '陈海峰', '刘丽萍', '叶志强', '潘国平'];
const IN_CHARGE = ['吴伟民', '徐晓东', '周春燕', '郑永明'];

export type DemoAccount = { username: string; role: string; displayName: string };

export type DemoOptions = {
  projectCount?: number;
  /** The instant the demo city is built for; the whole calendar follows from it (tests fix it). */
  now?: Date;
};

/**
 * About 600 projects across the counties and the development zone, with one account per role
 * and one county account per region, living in the plan year of `now` (see `demoCalendar`): the
 * year's plans, two full years of accepted reports before it, the year's reports through last
 * month, and the year's months before last month closed and published. Runs only on an empty
 * registry. The same `now` always gives the same city.
 */
export async function seedDemo(
  services: Services,
  password: string,
  options: DemoOptions = {},
): Promise<DemoAccount[]> {
  const { db } = services;
  const projectCount = options.projectCount ?? 600;
  const calendar = demoCalendar(options.now);
  const existing = await db.selectFrom('projects').select('id').limit(1).executeTakeFirst();
  if (existing) return [];
  const r = random(20200220);
  // Dates of the plan year come from a generator of their own, so the names, sizes and sectors
  // of the projects are the same whatever day the city is built on.
  const timeline = random(20200223);
  const { year: Y } = calendar;
  const passwordHash = await hashPassword(password);
  const accounts: DemoAccount[] = [];

  await db.transaction().execute(async (trx) => {
    const regions = await trx
      .selectFrom('regions')
      .selectAll()
      .where('parent_code', 'is not', null)
      .orderBy('sort_order')
      .execute();
    const departments = new Map(
      (await trx.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.name, d.id]),
    );
    const addUser = async (values: {
      username: string;
      display_name: string;
      role: DB['users']['role'];
      region_code?: string;
      department_id?: string;
      enterprise_id?: string;
    }) => {
      const user = await trx
        .insertInto('users')
        .values({ password_hash: passwordHash, ...values })
        .onConflict((oc) => oc.expression(trx.fn('lower', ['username'])).doNothing())
        .returning('id')
        .executeTakeFirst();
      accounts.push({ username: values.username, role: values.role, displayName: values.display_name });
      return user?.id;
    };

    await addUser({ username: 'city', display_name: '市投资项目指挥部', role: 'city' });
    await addUser({
      username: 'department',
      display_name: '市交通运输局项目科',
      role: 'department',
      department_id: departments.get('市交通运输局')!,
    });
    const leaderIds = new Map<string, string>();
    for (const [index, name] of LEADERS.entries()) {
      const id = await addUser({
        username: index === 0 ? 'leader' : `leader-${index + 1}`,
        display_name: name,
        role: 'leader',
      });
      if (id) leaderIds.set(name, id);
    }
    for (const region of regions) {
      await addUser({
        username: `county-${region.code}`,
        display_name: `${region.name}发改局`,
        role: 'county',
        region_code: region.code,
      });
    }

    const usedCodes = new Set<string>();
    const enterprises = new Map<string, string>();
    const enterprise = async (name: string, regionCode: string) => {
      const known = enterprises.get(name);
      if (known) return known;
      const row = await trx
        .insertInto('enterprises')
        .values({ name, region_code: regionCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      enterprises.set(name, row.id);
      return row.id;
    };

    // A generator of its own, so marking newly planned projects never shifts the projects' sequence.
    const planner = random(20200222);
    const projects: NewProject[] = [];
    const memberships: { index: number; lists: string[]; units: string[] }[] = [];
    const names = new Set<string>();
    for (let i = 0; i < projectCount; i++) {
      const region = regions[i % regions.length]!;
      const place = PLACES[region.code] ?? ZONE_PLACE;
      const plan = r.pick(SECTOR_PLANS);
      let name = r.pick(plan.names)(place, r);
      if (names.has(name)) name = `${name}（${['二', '三', '四', '五', '六'][r.int(0, 4)]}期）`;
      if (names.has(name)) continue;
      names.add(name);
      const funding = r.pick(plan.funding);
      const ownerName =
        funding === 'private' || funding === 'foreign'
          ? `浙江${r.pick(BRANDS)}${r.pick(['科技', '实业', '智能装备', '新材料', '文旅'])}有限公司`
          : plan.code === 'transport'
            ? `${place.short}交通投资发展集团有限公司`
            : plan.code === 'water'
              ? `${place.short}水利发展有限公司`
              : plan.code === 'social'
                ? `${place.short}社会事业发展有限公司`
                : `${place.short}城市建设投资集团有限公司`;
      // A long tail: most projects are 0.3–5 亿元, a few pass 10 亿元.
      const wan = Math.round(3000 * Math.exp(r.next() * r.next() * 6.5) * 100) / 100;
      const roll = r.next();
      let stage: NewProject['stage'] =
        roll < 0.1
          ? 'planning'
          : roll < 0.25
            ? 'reserve'
            : roll < 0.45
              ? 'preliminary'
              : roll < 0.88
                ? 'construction'
                : roll < 0.96
                  ? 'completed'
                  : 'suspended';
      const drawnStart = stage === 'planning' || stage === 'reserve' ? r.int(Y + 1, Y + 2) : r.int(Y - 3, Y);
      const drawnLength = r.int(1, 4);
      const drawnMonth = r.int(1, 12);
      const drawnDelay = r.int(0, 2);
      const drawnDay = r.int(1, 28);
      const dates = demoDates(
        calendar,
        timeline,
        stage,
        drawnStart,
        drawnLength,
        drawnMonth,
        drawnDelay,
        drawnDay,
      );
      stage = dates.stage;
      const { startYear, endYear, plannedStart, actualStart } = dates;
      let code: string | null = null;
      if (stage !== 'planning') {
        do {
          const division = region.kind === 'zone' ? '331102' : region.code;
          // A code is given when the project enters the reserve, never in a year still to come.
          code = `${Math.min(startYear - r.int(0, 1), Y)}-${division}-${plan.industry}-${funding === 'private' || funding === 'foreign' ? '03' : '01'}-${String(r.int(100000, 999999))}`;
        } while (usedCodes.has(code));
        usedCodes.add(code);
      }
      // Most projects still being planned, reserved or prepared entered the reserve this year or
      // last (新谋划), so the count of newly planned projects of 10亿 and more has figures.
      const plannedYear =
        (stage === 'planning' || stage === 'reserve' || stage === 'preliminary') && planner.next() < 0.6
          ? Y - (planner.next() < 0.5 ? 0 : 1)
          : null;
      const leader = r.pick(LEADERS);
      const lists = (
        [
          ['city_key', 0.3],
          ['head', 0.06],
          ['concentrated_start', 0.08],
          ['new_key', 0.1],
          ['six_hundred_billion', 0.05],
          ['four_plus_one', 0.04],
        ] as const
      )
        .filter(([, p]) => r.next() < p)
        .map(([listCode]) => listCode);
      projects.push({
        code,
        name,
        owner_id: await enterprise(ownerName, region.code),
        region_code: region.code,
        address: `${region.name}${r.pick(place.towns)}${r.pick(['镇', '街道', '乡'])}`,
        lng: (place.lng + (r.next() - 0.5) * 0.16).toFixed(6),
        lat: (place.lat + (r.next() - 0.5) * 0.16).toFixed(6),
        sector_code: plan.code,
        funding_source: funding,
        high_tech: plan.code === 'industry' && r.next() < 0.6,
        total_investment: wan.toFixed(2),
        content: `项目总用地约${r.int(20, 600)}亩，总建筑面积约${r.int(1, 40)}万平方米，主要建设${name.replace(/项目|工程/g, '')}及配套设施。`,
        start_year: startYear,
        end_year: endYear,
        planned_start: plannedStart,
        planned_completion: `${endYear}-12-31`,
        actual_start: actualStart,
        planned_year: plannedYear,
        actual_completion: completion(calendar, stage, endYear, r.int(1, 12)),
        stage,
        leading_official: leader,
        leading_official_user_id: leaderIds.get(leader) ?? null,
        official_in_charge: r.pick(IN_CHARGE),
        official_in_charge_user_id: null,
        responsible_department_id: departments.get(plan.department) ?? null,
        team: JSON.stringify([
          { name: leader, duty: '领办领导' },
          {
            name: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
            duty: '项目专班负责人',
            phone: `13${r.int(100000000, 999999999)}`,
          },
          {
            name: `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
            duty: '联络员',
            phone: `15${r.int(100000000, 999999999)}`,
          },
        ]),
      });
      const serviceUnits = ['市自然资源和规划局', '市生态环境局'].filter(() => r.next() < 0.3);
      memberships.push({
        index: projects.length - 1,
        lists,
        units: serviceUnits.map((unit) => departments.get(unit)!).filter(Boolean),
      });
    }

    const ids: string[] = [];
    for (let start = 0; start < projects.length; start += 200) {
      const rows = await trx
        .insertInto('projects')
        .values(projects.slice(start, start + 200))
        .returning('id')
        .execute();
      ids.push(...rows.map((row) => row.id));
    }
    const listRows = memberships.flatMap((m) =>
      m.lists.map((list_code) => ({ project_id: ids[m.index]!, list_code })),
    );
    const unitRows = memberships.flatMap((m) =>
      m.units.map((department_id) => ({ project_id: ids[m.index]!, department_id })),
    );
    if (listRows.length) await trx.insertInto('project_list_members').values(listRows).execute();
    if (unitRows.length) await trx.insertInto('project_service_units').values(unitRows).execute();

    // One owner account for the enterprise with the most projects, so the owner view is not empty.
    const [topOwner] = await trx
      .selectFrom('projects')
      .innerJoin('enterprises', 'enterprises.id', 'projects.owner_id')
      .select(['enterprises.id', 'enterprises.name'])
      .groupBy(['enterprises.id', 'enterprises.name'])
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('enterprises.name')
      .limit(1)
      .execute();
    if (topOwner)
      await addUser({
        username: 'owner',
        display_name: topOwner.name,
        role: 'owner',
        enterprise_id: topOwner.id,
      });
    // Generators of their own, so the plans never shift the projects' random sequence. The
    // reports come first: each year plan is sized from the year's reports, so the completion rates
    // sit around time progress the way a real city's do.
    const expected = await seedDemoProgress(trx, random(20200222), calendar);
    await seedDemoPlans(trx, random(20200221), calendar, expected);
  });
  // Each close runs in a transaction of its own (repeatable read), after the city is committed.
  await closeDemoMonths(services, calendar);
  return accounts;
}

type Rng = ReturnType<typeof random>;

/**
 * A project's years and dates relative to the plan year Y, keeping the stage coherent: a project
 * under construction (or completed, suspended) started before today; one in preliminary work is
 * new in Y with a planned start from March to November, and those due to start by the open
 * month have mostly started (they are under construction now); planning and reserve projects
 * start after Y.
 */
function demoDates(
  calendar: DemoCalendar,
  timeline: Rng,
  drawnStage: NewProject['stage'],
  drawnStart: number,
  length: number,
  drawnMonth: number,
  delay: number,
  day: number,
) {
  const { year: Y, openMonth: M } = calendar;
  let stage = drawnStage;
  let startYear = drawnStart;
  let month = drawnMonth;
  let actual: { year: number; month: number } | null = null;
  if (stage === 'preliminary') {
    startYear = Y;
    month = timeline.int(3, 11);
    // Due to start by the open month: seven in ten have started, some a month late.
    if (month <= M && timeline.next() < 0.7) {
      stage = 'construction';
      actual = { year: Y, month: Math.min(M, month + (timeline.next() < 0.3 ? 1 : 0)) };
    }
  } else if (stage === 'construction' || stage === 'completed' || stage === 'suspended') {
    // A completed project finished by last year; one started this year started by the open month.
    if (stage === 'completed') startYear = Math.min(startYear, Y - 1);
    if (startYear === Y) month = 1 + ((month - 1) % M);
    actual = { year: startYear, month: Math.min(startYear === Y ? M : 12, month + delay) };
  }
  let endYear = startYear + length;
  if (stage === 'construction') endYear = Math.max(endYear, Y);
  if (stage === 'completed') endYear = Math.min(endYear, Y);
  return {
    stage,
    startYear,
    endYear,
    plannedStart: isoDate(startYear, month, 1),
    actualStart: actual ? isoDate(actual.year, actual.month, day) : null,
  };
}

/** A completed project's completion date, never after the open month. */
function completion(calendar: DemoCalendar, stage: NewProject['stage'], endYear: number, month: number) {
  if (stage !== 'completed') return null;
  const last = endYear === calendar.year ? Math.min(month, calendar.openMonth) : month;
  return isoDate(endYear, last, 28);
}

/** The seed closes and publishes as the city command's office, under its own name. */
const seedContext = (): RequestContext => ({
  actor: { userId: null, tokenId: null, name: '演示数据初始化', role: 'city', scope: { kind: 'all' } },
  ip: '127.0.0.1',
  requestId: `seed-demo-${randomUUID()}`,
});

/**
 * Closes and publishes January to the month before the open month, each on its default closing
 * date, so the bulletins, the 晾晒 and the dashboard have months to show. The document numbers
 * follow the city office's style, e.g. 丽投办〔2026〕3号 for March.
 */
async function closeDemoMonths(services: Services, calendar: DemoCalendar) {
  const city = await services.db
    .selectFrom('regions')
    .select('name')
    .where('parent_code', 'is', null)
    .orderBy('sort_order')
    .executeTakeFirst();
  const prefix = `${(city?.name ?? '丽水市').slice(0, 1)}投办`;
  const ctx = seedContext();
  for (let month = 1; month < calendar.openMonth; month++) {
    const close = await closeMonth(services, ctx, { year: calendar.year, month });
    await publishClose(services, ctx, close.id, `${prefix}〔${calendar.year}〕${month}号`);
  }
}
