import {
  CONSTRUCTION_TYPES,
  DISTRIBUTION_KINDS,
  MILESTONE_STATUSES,
  PLAN_KINDS,
  PLAN_STATES,
} from '@beacon/domain';
import { Type, type Static } from 'typebox';
import { MoneySchema } from '../projects/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateSchema = Type.String({ format: 'date' });
const Year = Type.Integer({ minimum: 1990, maximum: 2100 });
const Uuid = Type.String({ format: 'uuid' });
const Version = Type.Integer({ minimum: 1 });

export const PlanKindSchema = Type.Enum(PLAN_KINDS);
export const PlanStateSchema = Type.Enum(PLAN_STATES);
const ConstructionTypeSchema = Type.Enum(CONSTRUCTION_TYPES, { description: 'new 新开工 / continuing 续建' });
const DistributionKindSchema = Type.Enum(DISTRIBUTION_KINDS);

export const PlanIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const PlanMemberParams = Type.Object({ id: Uuid, projectId: Uuid }, { additionalProperties: false });
export const ProjectYearParams = Type.Object({ id: Uuid, year: Year }, { additionalProperties: false });
export const MilestoneIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** A project's plan for one year, as the plan states it. */
const yearPlanValues = {
  plannedInvestment: Type.String({ description: '年度计划投资（万元）' }),
  constructionType: ConstructionTypeSchema,
  plannedStart: Nullable(Type.String()),
  plannedCompletion: Nullable(Type.String()),
  progressGoal: Nullable(Type.String({ description: '年度形象进度目标' })),
  distributionKind: DistributionKindSchema,
  distribution: Nullable(
    Type.Array(Type.String(), { description: '按月（12 个）或按季（4 个）分解的计划投资（万元）' }),
  ),
};
export const YearPlanValuesSchema = Type.Object(yearPlanValues);
export type YearPlanValues = Static<typeof YearPlanValuesSchema>;

export const YearPlanSchema = Type.Object({
  projectId: Type.String(),
  year: Type.Integer(),
  ...yearPlanValues,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type YearPlanDto = Static<typeof YearPlanSchema>;

const yearPlanEditable = {
  plannedInvestment: MoneySchema,
  constructionType: ConstructionTypeSchema,
  plannedStart: Type.Optional(Nullable(DateSchema)),
  plannedCompletion: Type.Optional(Nullable(DateSchema)),
  progressGoal: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  distributionKind: Type.Optional(DistributionKindSchema),
  distribution: Type.Optional(Nullable(Type.Array(MoneySchema, { maxItems: 12 }))),
};

export const PutYearPlanBody = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: '修改已有年度计划时必填，为读取时的 version' }),
    ),
    ...yearPlanEditable,
  },
  { additionalProperties: false },
);
export type PutYearPlanInput = Static<typeof PutYearPlanBody>;

export const PlanSchema = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  kind: PlanKindSchema,
  name: Type.String(),
  issuedOn: Nullable(Type.String()),
  state: PlanStateSchema,
  memberCount: Type.Integer({ description: '当前用户范围内的成员项目数' }),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PlanDto = Static<typeof PlanSchema>;

export const PlanMemberSchema = Type.Object({
  projectId: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  yearPlan: Nullable(YearPlanSchema),
});
export type PlanMemberDto = Static<typeof PlanMemberSchema>;

export const PlanDetailSchema = Type.Object({
  ...PlanSchema.properties,
  members: Type.Array(PlanMemberSchema, { description: '当前用户范围内的成员项目' }),
});
export type PlanDetailDto = Static<typeof PlanDetailSchema>;

export const PlanListQuery = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });
export const PlanListReply = Type.Object({ items: Type.Array(PlanSchema) });

export const CreatePlanBody = Type.Object(
  { year: Year, kind: PlanKindSchema, name: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CreatePlanInput = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = Type.Object(
  {
    version: Version,
    year: Type.Optional(Year),
    kind: Type.Optional(PlanKindSchema),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type UpdatePlanInput = Static<typeof UpdatePlanBody>;

export const IssuePlanBody = Type.Object(
  { version: Version, issuedOn: Type.Optional(DateSchema) },
  { additionalProperties: false },
);
export type IssuePlanInput = Static<typeof IssuePlanBody>;

export const AddMemberBody = Type.Object({ projectId: Uuid }, { additionalProperties: false });

export const AdjustmentBody = Type.Object(
  {
    projectId: Uuid,
    reason: Type.String({ minLength: 2, maxLength: 2000, description: '调整原因' }),
    changes: Type.Object(
      {
        plannedInvestment: Type.Optional(MoneySchema),
        constructionType: Type.Optional(ConstructionTypeSchema),
        plannedStart: Type.Optional(Nullable(DateSchema)),
        plannedCompletion: Type.Optional(Nullable(DateSchema)),
        progressGoal: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        distributionKind: Type.Optional(DistributionKindSchema),
        distribution: Type.Optional(Nullable(Type.Array(MoneySchema, { maxItems: 12 }))),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);
export type AdjustmentInput = Static<typeof AdjustmentBody>;

export const AdjustmentSchema = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  projectId: Type.String(),
  projectName: Type.String(),
  reason: Type.String(),
  before: Type.Union([YearPlanValuesSchema, Type.Null()], {
    description: '调整前（首次调整的调整前即下达时的计划）',
  }),
  after: YearPlanValuesSchema,
  actorId: Nullable(Type.String()),
  actorName: Type.String(),
  at: Type.String({ format: 'date-time' }),
});
export type AdjustmentDto = Static<typeof AdjustmentSchema>;
export const AdjustmentListReply = Type.Object({ items: Type.Array(AdjustmentSchema) });

export const MilestoneSchema = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  name: Type.String(),
  responsibleDepartmentId: Nullable(Type.String()),
  responsibleDepartmentName: Nullable(Type.String()),
  responsibleUnit: Nullable(Type.String()),
  plannedDate: Type.String(),
  actualDate: Nullable(Type.String()),
  status: Type.Enum(MILESTONE_STATUSES, { description: '由日期推算，不存储' }),
  sortOrder: Type.Integer(),
  version: Type.Integer(),
});
export type MilestoneDto = Static<typeof MilestoneSchema>;
export const MilestoneListReply = Type.Object({
  today: Type.String({ description: '推算状态所用的日期' }),
  items: Type.Array(MilestoneSchema),
});

const milestoneEditable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  responsibleDepartmentId: Type.Optional(Nullable(Uuid)),
  responsibleUnit: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  plannedDate: DateSchema,
  actualDate: Type.Optional(Nullable(DateSchema)),
  sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
};
export const CreateMilestoneBody = Type.Object(milestoneEditable, { additionalProperties: false });
export type CreateMilestoneInput = Static<typeof CreateMilestoneBody>;
export const UpdateMilestoneBody = Type.Object(
  { version: Version, ...Type.Partial(Type.Object(milestoneEditable)).properties },
  { additionalProperties: false },
);
export type UpdateMilestoneInput = Static<typeof UpdateMilestoneBody>;

export const ReverseScheduleBody = Type.Object(
  {
    deadline: DateSchema,
    templateCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type ReverseScheduleInput = Static<typeof ReverseScheduleBody>;
export const ReverseScheduleReply = Type.Object({
  templateCode: Type.String(),
  templateName: Type.String(),
  deadline: Type.String(),
  startBy: Type.String({ description: '第一个节点须开始办理的日期' }),
  steps: Type.Array(Type.Object({ name: Type.String(), days: Type.Integer(), plannedDate: Type.String() })),
});
