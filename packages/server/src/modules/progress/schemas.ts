import { REPORT_STATES } from '@beacon/domain';
import { Type, type Static } from 'typebox';
import { MoneySchema } from '../projects/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Year = Type.Integer({ minimum: 1990, maximum: 2100 });
const Month = Type.Integer({ minimum: 1, maximum: 12 });
const Version = Type.Integer({ minimum: 1 });
const Percent = Type.String({
  pattern: '^(100(\\.0{1,2})?|\\d{1,2}(\\.\\d{1,2})?)$',
  description: '完成百分比 0–100',
});
export const ReportStateSchema = Type.Enum(REPORT_STATES);

export const ReportSchema = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  projectName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  year: Type.Integer(),
  month: Type.Integer(),
  revision: Type.Integer({ description: '版次；审核通过后更正产生新版次，旧版次保留可查' }),
  state: ReportStateSchema,
  completedAmount: Type.String({ description: '本月完成投资（万元）' }),
  cumulativeThisYear: Type.String({ description: '本年累计（万元），由各月已审核数与本月数推算' }),
  cumulativeSinceStart: Type.String({ description: '自开工累计（万元），由各月已审核数与本月数推算' }),
  physicalProgress: Nullable(Type.String()),
  percentComplete: Nullable(Type.String()),
  startedOn: Nullable(Type.String()),
  statsRegistered: Type.Boolean({ description: '统计入库' }),
  source: Type.Union([Type.Literal('form'), Type.Literal('history'), Type.Literal('sheet')], {
    description: 'form 表单填报；history 往年数据导入；sheet 月报汇总表上传',
  }),
  opensOn: Type.String({ description: '填报开始日期' }),
  dueOn: Type.String({ description: '截止日期' }),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  late: Nullable(Type.Boolean({ description: '逾期报送；未提交时为空' })),
  reviewedBy: Nullable(Type.String()),
  reviewerName: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  returnReason: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ReportDto = Static<typeof ReportSchema>;

export const YearTotalsSchema = Type.Object({
  year: Type.Integer(),
  monthly: Type.Array(Type.String(), {
    description: '1–12 月已审核完成投资（万元），取各月最新审核通过版次',
  }),
  acceptedThroughMonth: Type.Integer({ description: '已审核的最后月份，0 表示尚无' }),
  total: Type.String({ description: '本年已审核合计（万元）' }),
});

export const ProjectReportsQuery = Type.Object(
  { year: Type.Optional(Year) },
  { additionalProperties: false },
);
export const ProjectReportsReply = Type.Object({
  items: Type.Array(ReportSchema, { description: '按年、月、版次排列，含全部版次' }),
  years: Type.Array(YearTotalsSchema),
  sinceStart: Type.String({ description: '自开工累计已审核完成投资（万元）' }),
});

export const ProjectIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const PeriodParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), year: Year, month: Month },
  { additionalProperties: false },
);
export type PeriodParams = Static<typeof PeriodParams>;
export const ReportIdParams = ProjectIdParams;

export const SaveReportBody = Type.Object(
  {
    version: Type.Optional(Version),
    completedAmount: MoneySchema,
    physicalProgress: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    percentComplete: Type.Optional(Nullable(Percent)),
    startedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    statsRegistered: Type.Optional(Type.Boolean()),
    cumulativeThisYear: Type.Optional(MoneySchema),
    cumulativeSinceStart: Type.Optional(MoneySchema),
  },
  { additionalProperties: false },
);
export type SaveReportInput = Static<typeof SaveReportBody>;

export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });
export const OptionalVersionBody = Type.Object(
  { version: Type.Optional(Version) },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }), version: Type.Optional(Version) },
  { additionalProperties: false },
);

export const BulkAcceptBody = Type.Object(
  { ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const BulkAcceptReply = Type.Object({ accepted: Type.Integer(), items: Type.Array(ReportSchema) });

export const ReportListQuery = Type.Object(
  {
    year: Type.Optional(Year),
    month: Type.Optional(Month),
    state: Type.Optional(ReportStateSchema),
    region: Type.Optional(Type.String({ maxLength: 16 })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export type ReportListQuery = Static<typeof ReportListQuery>;
export const ReportListReply = Type.Object({ items: Type.Array(ReportSchema), total: Type.Integer() });

export const HistoryBody = Type.Array(
  Type.Object(
    { projectId: Type.String({ format: 'uuid' }), year: Year, month: Month, amount: MoneySchema },
    { additionalProperties: false },
  ),
  // Within the 1 MB body limit; a larger history is loaded in several calls.
  { minItems: 1, maxItems: 5000 },
);
export type HistoryInput = Static<typeof HistoryBody>;
export const HistoryReply = Type.Object({
  created: Type.Integer(),
  unchanged: Type.Integer({ description: '已有相同的已审核数据，未重复写入' }),
});

export const MonthlySheetQuery = Type.Object(
  { year: Year, month: Month, region: Type.Optional(Type.String({ maxLength: 16 })) },
  { additionalProperties: false },
);
export type MonthlySheetQuery = Static<typeof MonthlySheetQuery>;
export const MonthlySheetUploadQuery = Type.Object(
  {
    year: Year,
    month: Month,
    dryRun: Type.Boolean({ default: false, description: 'true 只校验并返回将发生的变化，不写入' }),
  },
  { additionalProperties: false },
);
export const MonthlySheetSummary = Type.Object({
  dryRun: Type.Boolean(),
  committed: Type.Boolean({ description: '已写入；试导入时为 false' }),
  year: Type.Integer(),
  month: Type.Integer(),
  sheet: Type.String({ description: '读取的工作表名称' }),
  rows: Type.Integer({ description: '读取的数据行数（不含跳过的行）' }),
  skipped: Type.Integer({ description: '本月数据均未填写、未导入的行数' }),
  created: Type.Integer({ description: '新增：该月首次有审核通过的数据' }),
  changed: Type.Integer({ description: '更正：该月已审核的数据不同，生成新版次' }),
  unchanged: Type.Integer({ description: '与已审核数据相同，未写入' }),
  started: Type.Integer({ description: '据开工日期登记实际开工或转为在建的项目数' }),
});
export type MonthlySheetSummary = Static<typeof MonthlySheetSummary>;

export const PhotoIdParams = ProjectIdParams;
export const PhotoSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  fileName: Type.String(),
  contentType: Type.Union([
    Type.Literal('image/jpeg'),
    Type.Literal('image/png'),
    Type.Literal('image/webp'),
  ]),
  size: Type.Integer({ description: '字节数' }),
  sha256: Type.String(),
  uploadedBy: Nullable(Type.String()),
  uploaderName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: '照片内容地址' }),
});
export type PhotoDto = Static<typeof PhotoSchema>;
export const PhotoListReply = Type.Object({ items: Type.Array(PhotoSchema) });

export const RuleSchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  regionCode: Nullable(Type.String({ description: '为空表示全市通用规则' })),
  regionName: Nullable(Type.String()),
  dueDay: Type.Integer({ description: '次月截止日；超过当月天数按月末' }),
  timeProgressMode: Type.Union([Type.Literal('month'), Type.Literal('days')], {
    description: '序时进度：month 按月（月数/12），days 按天（已过天数/全年天数）',
  }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type RuleDto = Static<typeof RuleSchema>;
export const RuleListQuery = Type.Object({ year: Year }, { additionalProperties: false });
export const RuleListReply = Type.Object({
  year: Type.Integer(),
  items: Type.Array(RuleSchema, { description: '全市通用规则在前，其后为各地区规则' }),
});
export const RuleBody = Type.Object(
  {
    year: Year,
    regionCode: Type.Optional(Nullable(Type.String({ minLength: 6, maxLength: 16 }))),
    dueDay: Type.Integer({ minimum: 1, maximum: 31 }),
    timeProgressMode: Type.Union([Type.Literal('month'), Type.Literal('days')]),
  },
  { additionalProperties: false },
);
export type RuleInput = Static<typeof RuleBody>;
