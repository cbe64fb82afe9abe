import { FUNDING_SOURCES, PROJECT_STAGES } from '@beacon/domain';
import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
export const StageSchema = Type.Enum(PROJECT_STAGES);
export const FundingSchema = Type.Enum(FUNDING_SOURCES);
/** 万元 with at most four decimals (one yuan), as a string so no float ever touches it. */
export const MoneySchema = Type.String({
  pattern: '^\\d{1,14}(\\.\\d{1,4})?$',
  description: '金额（万元），十进制字符串',
});
const DateSchema = Type.String({ format: 'date' });
const Year = Type.Integer({ minimum: 1990, maximum: 2100 });

export const TeamMemberSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    duty: Type.String({ maxLength: 64 }),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);

export const ProjectSchema = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String(),
  ownerId: Type.String(),
  ownerName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Nullable(Type.String()),
  lng: Nullable(Type.String()),
  lat: Nullable(Type.String()),
  sectorCode: Type.String(),
  sectorName: Type.String(),
  fundingSource: FundingSchema,
  highTech: Type.Boolean(),
  totalInvestment: Type.String({ description: '总投资（万元）' }),
  content: Nullable(Type.String()),
  startYear: Nullable(Type.Integer()),
  endYear: Nullable(Type.Integer()),
  plannedYear: Nullable(Type.Integer({ description: '谋划年份（新谋划项目入库的年份）' })),
  plannedStart: Nullable(Type.String()),
  plannedCompletion: Nullable(Type.String()),
  actualStart: Nullable(Type.String()),
  actualCompletion: Nullable(Type.String()),
  stage: StageSchema,
  lists: Type.Array(Type.String()),
  leadingOfficial: Nullable(Type.String()),
  officialInCharge: Nullable(Type.String()),
  responsibleDepartmentId: Nullable(Type.String()),
  responsibleDepartmentName: Nullable(Type.String()),
  serviceUnitIds: Type.Array(Type.String()),
  team: Type.Array(TeamMemberSchema),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ProjectDto = Static<typeof ProjectSchema>;

export const PROJECT_SORTS = [
  'updatedAt',
  'name',
  'code',
  'totalInvestment',
  'plannedStart',
  'region',
  'stage',
] as const;

const filterProperties = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  region: Type.Optional(Type.String({ maxLength: 16 })),
  stage: Type.Optional(StageSchema),
  sector: Type.Optional(Type.String({ maxLength: 32 })),
  list: Type.Optional(Type.String({ maxLength: 32 })),
  funding: Type.Optional(FundingSchema),
  highTech: Type.Optional(Type.Boolean()),
};
const SORT_PATTERN = `^-?(${PROJECT_SORTS.join('|')})$`;

export const ProjectListQuery = Type.Object(
  {
    ...filterProperties,
    sort: Type.String({ pattern: SORT_PATTERN, default: '-updatedAt' }),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);
export type ProjectListQuery = Static<typeof ProjectListQuery>;
export type ProjectFilter = Omit<ProjectListQuery, 'sort' | 'page' | 'pageSize'>;

/** The list's filters and sort, without paging: the export is what the list shows, every page. */
export const ProjectExportQuery = Type.Object(
  {
    ...filterProperties,
    sort: Type.Optional(Type.String({ pattern: SORT_PATTERN, description: '缺省按地区、项目名称排序' })),
  },
  { additionalProperties: false },
);
export type ProjectExportQuery = Static<typeof ProjectExportQuery>;

export const ProjectListReply = Type.Object({
  items: Type.Array(ProjectSchema),
  total: Type.Integer(),
  totalInvestment: Type.String({ description: '筛选结果总投资（万元）' }),
});

const editable = {
  code: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  ownerName: Type.String({ minLength: 2, maxLength: 200 }),
  regionCode: Type.String({ minLength: 6, maxLength: 16 }),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  sectorCode: Type.String({ minLength: 1, maxLength: 32 }),
  fundingSource: FundingSchema,
  highTech: Type.Optional(Type.Boolean()),
  totalInvestment: MoneySchema,
  content: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  startYear: Type.Optional(Nullable(Year)),
  endYear: Type.Optional(Nullable(Year)),
  plannedYear: Type.Optional(Nullable(Year)),
  plannedStart: Type.Optional(Nullable(DateSchema)),
  plannedCompletion: Type.Optional(Nullable(DateSchema)),
  actualStart: Type.Optional(Nullable(DateSchema)),
  actualCompletion: Type.Optional(Nullable(DateSchema)),
  stage: StageSchema,
  lists: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20 })),
  leadingOfficial: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  officialInCharge: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  responsibleDepartmentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  serviceUnitIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20 })),
  team: Type.Optional(Type.Array(TeamMemberSchema, { maxItems: 50 })),
};

export const CreateProjectBody = Type.Object(editable, { additionalProperties: false });
export type CreateProjectInput = Static<typeof CreateProjectBody>;

export const UpdateProjectBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), ...Type.Partial(Type.Object(editable)).properties },
  { additionalProperties: false },
);
export type UpdateProjectInput = Static<typeof UpdateProjectBody>;

export const ProjectIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Boolean({ default: true }),
    /** JSON object: header text → field name (or null to ignore the column). */
    mapping: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);

export const ImportError = Type.Object({
  row: Type.Integer({ description: 'Excel 行号（从 1 开始，与表格中看到的一致）' }),
  column: Type.String({ description: '列标题' }),
  value: Type.String(),
  reason: Type.String(),
});
export type ImportError = Static<typeof ImportError>;

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  committed: Type.Boolean(),
  sheet: Type.String(),
  rows: Type.Integer({ description: '数据行数（不含表头以上的行、空行和合计行）' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  columns: Type.Array(
    Type.Object({
      column: Type.Integer({ description: 'Excel 列号（A 列为 1）' }),
      header: Type.String(),
      field: Nullable(Type.String()),
    }),
  ),
  errorRows: Type.Integer({ description: '有错误的行数' }),
  errors: Type.Array(ImportError, { description: '逐条错误，最多列出前 1000 条' }),
});
export type ImportReport = Static<typeof ImportReport>;
