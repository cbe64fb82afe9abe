import { Type, type Static } from 'typebox';
import { IndicatorTableSchema } from '../indicators/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Year = Type.Integer({ minimum: 1990, maximum: 2100 });
const Month = Type.Integer({ minimum: 1, maximum: 12 });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Light = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const Decimal = Type.String({ pattern: '^\\d{1,6}(\\.\\d{1,2})?$', description: '非负数（百分点或百分比）' });
const Count = Type.Integer({ minimum: 0, maximum: 120 });

const Bound = Type.Object(
  { op: Type.Union([Type.Literal('>'), Type.Literal('>=')]), value: Decimal },
  { additionalProperties: false },
);

export const RulesSchema = Type.Object(
  {
    project: Type.Object(
      {
        investmentProgress: Type.Optional(
          Type.Object(
            { basis: Type.Union([Type.Literal('points'), Type.Literal('share')]), yellow: Bound, red: Bound },
            {
              additionalProperties: false,
              description: '投资进度：points 按落后序时进度的百分点，share 按落后序时计划的比例',
            },
          ),
        ),
        startOfWork: Type.Optional(
          Type.Object(
            { yellowFromMonthsLate: Count, redFromMonthsLate: Count },
            { additionalProperties: false, description: '开工：超过计划开工月的月数（0 为计划开工当月）' },
          ),
        ),
        milestones: Type.Optional(
          Type.Object(
            { redAfterDaysOverdue: Type.Integer({ minimum: 0, maximum: 3650 }) },
            { additionalProperties: false, description: '节点：逾期即黄灯，逾期超过天数为红灯' },
          ),
        ),
        reporting: Type.Optional(
          Type.Object(
            { yellowFromMissedMonths: Count, redFromMissedMonths: Count },
            { additionalProperties: false, description: '月报：连续逾期未报月数' },
          ),
        ),
        statsRegister: Type.Optional(
          Type.Object(
            { yellowFromMonths: Count, redFromMonths: Count },
            { additionalProperties: false, description: '统计入库：开工后未入库的整月数' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    combination: Type.Union([
      Type.Object({ kind: Type.Literal('worst') }, { additionalProperties: false }),
      Type.Object(
        { kind: Type.Literal('escalate'), yellowsForRed: Type.Integer({ minimum: 2, maximum: 5 }) },
        { additionalProperties: false },
      ),
    ]),
    region: Type.Object(
      { redFromConsecutiveMisses: Type.Integer({ minimum: 1, maximum: 12 }) },
      { additionalProperties: false, description: '地区：指标未达标为黄灯，连续未达标月数达到即红灯' },
    ),
  },
  { additionalProperties: false },
);

const RuleSetSchema = Type.Object({
  id: Nullable(Type.String()),
  year: Type.Integer(),
  regionCode: Nullable(Type.String()),
  code: Type.String(),
  name: Type.String(),
  rules: RulesSchema,
  version: Nullable(Type.Integer()),
});

export const RuleSetQuery = Type.Object({ year: Year }, { additionalProperties: false });
export const RuleSetListReply = Type.Object({
  year: Type.Integer(),
  ruleSets: Type.Array(RuleSetSchema),
  shipped: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), basis: Type.String(), rules: RulesSchema }),
    { description: '预置规则集：丽水默认、银川 2025、三亚 2022' },
  ),
});
export const PutRuleSetBody = Type.Object(
  {
    year: Year,
    regionCode: Nullable(Type.String({ pattern: '^\\d{6,8}$' })),
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$', description: '预置规则集代码，或 custom' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    rules: Type.Optional(RulesSchema),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export { RuleSetSchema };

const LightCounts = Type.Object({ green: Type.Integer(), yellow: Type.Integer(), red: Type.Integer() });
const GroupFigures = {
  projects: Type.Integer(),
  totalInvestment: Type.String({ description: '总投资（万元）' }),
  annualPlan: Type.String({ description: '年度计划投资（万元）' }),
  cumulative: Type.String({ description: '本年累计完成投资（万元）' }),
  lastYearCumulative: Type.String({ description: '上年同期累计（万元）' }),
  growthPct: Nullable(Type.String()),
  completionPct: Nullable(Type.String()),
  gapPts: Nullable(Type.String({ description: '完成率减序时进度（百分点），负数为落后' })),
  plannedStarts: Type.Integer({ description: '计划开工项目数（截至本月）' }),
  starts: Type.Integer({ description: '其中已开工' }),
  startRatePct: Nullable(Type.String()),
  lights: LightCounts,
};
const ProjectLine = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  responsibleUnit: Nullable(Type.String()),
  leadingOfficial: Nullable(Type.String()),
  explanation: Type.String(),
});
export const BulletinContentSchema = Type.Object({
  year: Type.Integer(),
  month: Type.Integer(),
  asOf: Type.String(),
  timeProgressPct: Type.String(),
  headline: Type.Object(GroupFigures),
  indicators: Nullable(IndicatorTableSchema),
  regions: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      ...GroupFigures,
      rank: Nullable(Type.Integer()),
      previousRank: Nullable(Type.Integer()),
      rankChange: Nullable(
        Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('same'), Type.Literal('new')]),
      ),
      light: Nullable(Light),
      explanation: Nullable(Type.String()),
    }),
  ),
  redProjects: Type.Array(ProjectLine),
  additions: Type.Array(ProjectLine),
  removals: Type.Array(ProjectLine),
  lists: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...GroupFigures })),
});

export const CloseBody = Type.Object(
  {
    year: Year,
    month: Month,
    asOf: Type.Optional(IsoDate),
    reason: Type.Optional(Type.String({ maxLength: 500, description: '重新发布（同月再次关账）时必填' })),
  },
  { additionalProperties: false },
);
export const CloseSummarySchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  month: Type.Integer(),
  edition: Type.Integer({ description: '版次；重新发布为新版次，旧版次不变' }),
  reason: Nullable(Type.String()),
  asOf: Type.String({ description: '亮灯计算基准日' }),
  contentSha256: Type.String(),
  projects: Type.Integer(),
  lights: LightCounts,
  closedAt: Type.String({ format: 'date-time' }),
});
export const CloseListQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });
export const CloseMetaSchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  month: Type.Integer(),
  edition: Type.Integer(),
  reason: Nullable(Type.String()),
  asOf: Type.String(),
  contentSha256: Type.String(),
  closedByName: Type.String(),
  closedAt: Type.String({ format: 'date-time' }),
  documentNumber: Nullable(Type.String()),
  publishedByName: Nullable(Type.String()),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const CloseListReply = Type.Object({ items: Type.Array(CloseMetaSchema) });
export const CloseDetailReply = Type.Object({ close: CloseMetaSchema, content: BulletinContentSchema });
export const CloseIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PublishBody = Type.Object(
  { documentNumber: Type.String({ minLength: 1, maxLength: 60, description: '文号，如 丽投办〔2020〕3号' }) },
  { additionalProperties: false },
);

export const ProjectLightHistoryReply = Type.Object({
  items: Type.Array(
    Type.Object({
      closeId: Type.String(),
      year: Type.Integer(),
      month: Type.Integer(),
      edition: Type.Integer(),
      light: Light,
      explanation: Type.String(),
      dimensions: Type.Array(
        Type.Object({ dimension: Type.String(), light: Light, explanation: Type.String() }),
      ),
    }),
  ),
});

export type BulletinContentDto = Static<typeof BulletinContentSchema>;

export const RankingsQuery = Type.Object({ year: Year }, { additionalProperties: false });
export const RankingsReply = Type.Object({
  year: Type.Integer(),
  months: Type.Array(
    Type.Object({
      month: Type.Integer(),
      closeId: Type.String(),
      edition: Type.Integer(),
      published: Type.Boolean(),
      regions: Type.Array(
        Type.Object({
          code: Type.String(),
          name: Type.String(),
          rank: Nullable(Type.Integer()),
          rankChange: Nullable(
            Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('same'), Type.Literal('new')]),
          ),
          completionPct: Nullable(Type.String()),
          gapPts: Nullable(Type.String()),
          growthPct: Nullable(Type.String()),
          lights: LightCounts,
          light: Nullable(Light),
        }),
      ),
    }),
  ),
});
