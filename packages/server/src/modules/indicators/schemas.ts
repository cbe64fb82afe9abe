import { FUNDING_SOURCES, PROJECT_STAGES } from '@beacon/domain';
import { Type, type Static } from 'typebox';
import { FundingSchema, MoneySchema, StageSchema } from '../projects/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Year = Type.Integer({ minimum: 1990, maximum: 2100 });
const Month = Type.Integer({ minimum: 1, maximum: 12 });
const Version = Type.Integer({ minimum: 1 });
const MEASURES = ['sum_completed', 'count_projects', 'count_started', 'count_planned'] as const;
const TARGET_LEVELS = ['any', 'city', 'each_region'] as const;
export const MeasureSchema = Type.Enum(MEASURES, {
  description:
    'sum_completed 完成投资合计；count_projects 项目数；count_started 开工项目数；count_planned 新谋划项目数',
});
const TargetLevelSchema = Type.Enum(TARGET_LEVELS, {
  description: '不分地区的目标适用于：any 全市及各地区；city 仅全市合计；each_region 每个地区各自',
});
const IndicatorCode = Type.String({
  pattern: '^[a-z][a-z0-9_]{1,62}$',
  description: '指标代码（小写字母开头）',
});

export const TargetValueSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('growth'),
      pct: Type.String({ pattern: '^-?\\d{1,6}(\\.\\d{1,4})?$', description: '同比增长目标（%）' }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('amount'), wan: MoneySchema }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('count'),
      count: Type.Integer({ minimum: 0, maximum: 1_000_000, description: '项目个数' }),
    },
    { additionalProperties: false },
  ),
]);

// --- the table -------------------------------------------------------------------------------

export const TableQuery = Type.Object({ year: Year, month: Month }, { additionalProperties: false });
export type TableQuery = Static<typeof TableQuery>;

export const IndicatorTableSchema = Type.Object({
  year: Type.Integer(),
  month: Type.Integer({ description: '报告月份：累计 1 月至该月' }),
  timeProgressMode: Type.Union([Type.Literal('month'), Type.Literal('days')]),
  timeProgressPct: Type.String({ description: '全市序时进度（%），一位小数' }),
  indicators: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      measure: MeasureSchema,
      unit: Type.Union([Type.Literal('wan'), Type.Literal('count')]),
    }),
  ),
  regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: '调用者权限范围内的地区，按地区顺序',
  }),
  rows: Type.Array(
    Type.Object({
      indicator: Type.String(),
      region: Nullable(Type.String({ description: '为空表示全市合计行（各地区之和）' })),
      cumulative: Nullable(Type.String({ description: '本年累计完成投资（万元）' })),
      lastYearCumulative: Nullable(Type.String({ description: '上年同期累计（万元）' })),
      growthPct: Nullable(Type.String({ description: '同比增长（%），上年同期为零时为空' })),
      annualPlan: Nullable(Type.String({ description: '年度计划投资（万元）' })),
      completionPct: Nullable(Type.String({ description: '年度计划完成率（%）' })),
      timeProgressPct: Nullable(Type.String({ description: '该地区序时进度（%）' })),
      gapPts: Nullable(Type.String({ description: '完成率与序时进度之差（百分点），负数为落后' })),
      count: Nullable(Type.Integer({ description: '计数指标的项目个数' })),
      target: Nullable(TargetValueSchema),
      targetMet: Nullable(Type.Boolean()),
    }),
  ),
});

// --- drill-down ------------------------------------------------------------------------------

export const CodeParams = Type.Object({ code: IndicatorCode }, { additionalProperties: false });

const drillProperties = {
  year: Year,
  month: Month,
  region: Type.Optional(
    Type.String({ minLength: 1, maxLength: 16, description: '缺省为权限范围内全部地区' }),
  ),
};
export const DrillQuery = Type.Object(
  {
    ...drillProperties,
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export type DrillQuery = Static<typeof DrillQuery>;
export const DrillExportQuery = Type.Object(drillProperties, { additionalProperties: false });
export type DrillExportQuery = Static<typeof DrillExportQuery>;

export const DrillProjectSchema = Type.Object({
  id: Type.String({ description: '项目 ID；月报明细见 GET /api/projects/{id}/reports' }),
  code: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  sectorCode: Type.String(),
  fundingSource: FundingSchema,
  highTech: Type.Boolean(),
  stage: StageSchema,
  totalInvestment: Type.String({ description: '总投资（万元）' }),
  actualStart: Nullable(Type.String()),
  plannedYear: Nullable(Type.Integer()),
  cumulative: Type.String({ description: '本年 1 月至报告月累计完成投资（万元）' }),
  lastYearCumulative: Type.String({ description: '上年同期累计（万元）' }),
  annualPlan: Type.String({ description: '年度计划投资（万元）' }),
});
export type DrillProjectDto = Static<typeof DrillProjectSchema>;

export const DrillReply = Type.Object({
  indicator: Type.Object({ code: Type.String(), name: Type.String(), measure: MeasureSchema }),
  items: Type.Array(DrillProjectSchema),
  total: Type.Integer({ description: '项目个数（计数指标即表中数字）' }),
  cumulative: Type.String({ description: '全部项目（不分页）本年累计之和（万元），与表中数字一致' }),
  lastYearCumulative: Type.String(),
  annualPlan: Type.String(),
});

// --- administration --------------------------------------------------------------------------

export const IndicatorSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  measure: MeasureSchema,
  targetLevel: TargetLevelSchema,
  filter: Type.Object({
    sectors: Type.Array(Type.String()),
    fundingSources: Type.Array(FundingSchema),
    highTech: Nullable(Type.Boolean()),
    lists: Type.Array(Type.String()),
    stages: Type.Array(StageSchema),
    minTotalInvestment: Nullable(Type.String({ description: '总投资下限（万元，含）' })),
  }),
  window: Nullable(
    Type.Object(
      { fromMonth: Type.Integer(), toMonth: Type.Integer() },
      { description: '开工计数的月份范围' },
    ),
  ),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type IndicatorDto = Static<typeof IndicatorSchema>;
export const IndicatorListReply = Type.Object({ items: Type.Array(IndicatorSchema) });

const filterBody = Type.Object(
  {
    sectors: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 50 })),
    fundingSources: Type.Optional(
      Type.Array(Type.Enum(FUNDING_SOURCES), { maxItems: FUNDING_SOURCES.length }),
    ),
    highTech: Type.Optional(Nullable(Type.Boolean())),
    lists: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 50 })),
    stages: Type.Optional(Type.Array(Type.Enum(PROJECT_STAGES), { maxItems: PROJECT_STAGES.length })),
    minTotalInvestment: Type.Optional(Nullable(MoneySchema)),
  },
  { additionalProperties: false },
);
const editable = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  measure: MeasureSchema,
  targetLevel: Type.Optional(TargetLevelSchema),
  filter: Type.Optional(filterBody),
  window: Type.Optional(
    Nullable(Type.Object({ fromMonth: Month, toMonth: Month }, { additionalProperties: false })),
  ),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
};
export const CreateIndicatorBody = Type.Object(
  { code: IndicatorCode, ...editable },
  { additionalProperties: false },
);
export type CreateIndicatorInput = Static<typeof CreateIndicatorBody>;
export const UpdateIndicatorBody = Type.Object(
  {
    version: Version,
    ...Type.Partial(Type.Object(editable)).properties,
    active: Type.Optional(Type.Boolean({ description: '重新启用已停用的指标' })),
  },
  {
    additionalProperties: false,
    minProperties: 2,
    description: '只修改给出的字段；给出 filter 时以其整体替换原筛选条件（未列出的条件不再限制）',
  },
);
export type UpdateIndicatorInput = Static<typeof UpdateIndicatorBody>;
export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });

export const TargetSchema = Type.Object({
  id: Type.String(),
  indicator: Type.String(),
  region: Nullable(Type.String({ description: '为空表示按指标的目标层级适用的默认目标' })),
  regionName: Nullable(Type.String()),
  year: Type.Integer(),
  value: TargetValueSchema,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type TargetDto = Static<typeof TargetSchema>;
export const TargetListQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });
export const TargetListReply = Type.Object({ items: Type.Array(TargetSchema) });
export const PutTargetBody = Type.Object(
  {
    year: Year,
    region: Nullable(Type.String({ minLength: 1, maxLength: 16 })),
    value: TargetValueSchema,
    version: Type.Optional(Type.Integer({ minimum: 1, description: '修改已有目标时必填' })),
  },
  { additionalProperties: false },
);
export type PutTargetInput = Static<typeof PutTargetBody>;
export const TargetParams = Type.Object(
  { code: IndicatorCode, id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
