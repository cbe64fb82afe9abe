import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Numeric columns come back from the driver as exact decimal strings. */
type Numeric = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** DATE columns are read as ISO `YYYY-MM-DD` strings (see the type parser in database.ts). */
type DateOnly = ColumnType<string, string, string>;

export type TeamMember = { name: string; duty: string; phone?: string };

export type RegionTable = {
  code: string;
  name: string;
  parent_code: string | null;
  kind: 'city' | 'county' | 'zone';
  sort_order: Generated<number>;
};

export type DepartmentTable = { id: Generated<string>; name: string; sort_order: Generated<number> };
export type EnterpriseTable = {
  id: Generated<string>;
  name: string;
  region_code: string | null;
  created_at: Generated<Date>;
};
export type SectorTable = { code: string; name: string; sort_order: Generated<number> };
export type NamedListTable = { code: string; name: string; sort_order: Generated<number> };

export type UserTable = {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: 'admin' | 'city' | 'county' | 'department' | 'owner' | 'leader';
  region_code: string | null;
  department_id: string | null;
  enterprise_id: string | null;
  must_change_password: Generated<boolean>;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type SessionTable = {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
};

export type ApiTokenTable = {
  id: Generated<string>;
  name: string;
  token_hash: string;
  role: 'city' | 'county' | 'department' | 'owner' | 'leader';
  region_code: string | null;
  department_id: string | null;
  enterprise_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export type ProjectTable = {
  id: Generated<string>;
  code: string | null;
  name: string;
  owner_id: string;
  region_code: string;
  address: string | null;
  lng: Numeric | null;
  lat: Numeric | null;
  sector_code: string;
  funding_source: 'government' | 'soe' | 'private' | 'foreign' | 'ppp';
  high_tech: Generated<boolean>;
  total_investment: Numeric;
  content: string | null;
  start_year: number | null;
  end_year: number | null;
  planned_start: DateOnly | null;
  planned_completion: DateOnly | null;
  actual_start: DateOnly | null;
  /** Year the project was newly planned (新谋划); see migration 0005. */
  planned_year: number | null;
  actual_completion: DateOnly | null;
  stage: 'planning' | 'reserve' | 'preliminary' | 'construction' | 'completed' | 'suspended';
  leading_official: string | null;
  leading_official_user_id: string | null;
  official_in_charge: string | null;
  official_in_charge_user_id: string | null;
  responsible_department_id: string | null;
  team: ColumnType<TeamMember[], string, string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ProjectListMemberTable = { project_id: string; list_code: string };
export type ProjectServiceUnitTable = { project_id: string; department_id: string };

export type AuditEventTable = {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: string | null;
};

export type DB = {
  regions: RegionTable;
  departments: DepartmentTable;
  enterprises: EnterpriseTable;
  sectors: SectorTable;
  named_lists: NamedListTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  projects: ProjectTable;
  project_list_members: ProjectListMemberTable;
  project_service_units: ProjectServiceUnitTable;
  audit_events: AuditEventTable;
  plans: PlanTable;
  plan_members: PlanMemberTable;
  project_year_plans: ProjectYearPlanTable;
  plan_adjustments: PlanAdjustmentTable;
  milestone_templates: MilestoneTemplateTable;
  milestones: MilestoneTable;
  reporting_rules: ReportingRuleTable;
  progress_reports: ProgressReportTable;
  project_year_progress: ProjectYearProgressTable;
  indicators: IndicatorTable;
  indicator_targets: IndicatorTargetTable;
  investment_rollup: InvestmentRollupTable;
  warning_rule_sets: WarningRuleSetTable;
  month_closes: MonthCloseTable;
  project_lights: ProjectLightTable;
  region_lights: RegionLightTable;
  report_photos: ReportPhotoTable;
};

export type ProjectRow = Selectable<ProjectTable>;
export type NewProject = Insertable<ProjectTable>;
export type ProjectUpdate = Updateable<ProjectTable>;
export type UserRow = Selectable<UserTable>;

export type ReportingRuleTable = {
  id: Generated<string>;
  year: number;
  region_code: string | null;
  due_day: Generated<number>;
  time_progress_mode: Generated<'month' | 'days'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ProgressReportTable = {
  id: Generated<string>;
  project_id: string;
  year: number;
  month: number;
  revision: Generated<number>;
  state: Generated<'draft' | 'submitted' | 'accepted' | 'returned'>;
  completed_amount: Numeric;
  physical_progress: string | null;
  percent_complete: Numeric | null;
  started_on: DateOnly | null;
  stats_registered: Generated<boolean>;
  source: Generated<'form' | 'history' | 'sheet'>;
  submitted_at: Date | null;
  late: boolean | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  return_reason: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type ProgressReportRow = Selectable<ProgressReportTable>;

export type ProjectYearProgressTable = {
  project_id: string;
  year: number;
  /** numeric[]: node-postgres parses it into floats, so reads cast to text[] (progress repository). */
  monthly: ColumnType<string[], string[] | undefined, string[]>;
  accepted_through_month: Generated<number>;
  /** The project's attributes and annual plan, kept in step by triggers (migration 0005); never written directly. */
  region_code: Generated<string>;
  sector_code: Generated<string>;
  funding_source: Generated<string>;
  high_tech: Generated<boolean>;
  stage: Generated<string>;
  planned: Generated<Numeric>;
  updated_at: Generated<Date>;
};

export type IndicatorTable = {
  code: string;
  name: string;
  measure: 'sum_completed' | 'count_projects' | 'count_started' | 'count_planned';
  target_level: Generated<'any' | 'city' | 'each_region'>;
  sectors: Generated<string[]>;
  funding_sources: Generated<string[]>;
  high_tech: boolean | null;
  lists: Generated<string[]>;
  stages: Generated<string[]>;
  min_total_investment: Numeric | null;
  window_from_month: number | null;
  window_to_month: number | null;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type IndicatorTargetTable = {
  id: Generated<string>;
  indicator_code: string;
  region_code: string | null;
  year: number;
  kind: 'growth' | 'amount' | 'count';
  value: Numeric;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

/** Maintained only by the triggers of migration 0005; read by the indicator table. */
export type InvestmentRollupTable = {
  year: number;
  region_code: string;
  sector_code: string;
  funding_source: string;
  high_tech: boolean;
  /** numeric[]: read as text[] like project_year_progress.monthly. */
  monthly: ColumnType<string[], never, never>;
  planned: ColumnType<Numeric, never, never>;
};

export type PlanTable = {
  id: Generated<string>;
  year: number;
  kind: 'government_investment' | 'key_construction' | 'major_preliminary' | 'policy_handling' | 'other';
  name: string;
  issued_on: DateOnly | null;
  state: Generated<'draft' | 'issued'>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type PlanMemberTable = { plan_id: string; project_id: string };

export type ProjectYearPlanTable = {
  project_id: string;
  year: number;
  planned_investment: Numeric;
  construction_type: 'new' | 'continuing';
  planned_start: DateOnly | null;
  planned_completion: DateOnly | null;
  progress_goal: string | null;
  distribution_kind: Generated<'none' | 'monthly' | 'quarterly'>;
  /**
   * numeric[]: node-postgres parses it into floats, so reads must cast to text[] (see the plans
   * repository); writes pass decimal strings.
   */
  distribution: ColumnType<string[] | null, string[] | null, string[] | null>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type PlanAdjustmentTable = {
  id: Generated<string>;
  plan_id: string;
  project_id: string;
  reason: string;
  before: ColumnType<unknown, string, never>;
  after: ColumnType<unknown, string, never>;
  actor_id: string | null;
  actor_name: string;
  at: Generated<Date>;
};

export type MilestoneStepJson = { name: string; days: number };
export type MilestoneTemplateTable = {
  code: string;
  sector_code: string | null;
  name: string;
  steps: ColumnType<MilestoneStepJson[], string, string>;
};

export type MilestoneTable = {
  id: Generated<string>;
  project_id: string;
  name: string;
  responsible_department_id: string | null;
  responsible_unit: string | null;
  planned_date: DateOnly;
  actual_date: DateOnly | null;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

/** Site photos of a monthly report (migration 0006). */
export type ReportPhotoTable = {
  id: Generated<string>;
  report_id: string;
  file_name: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  /** bytea: a Buffer from node-postgres, a Uint8Array from PGlite. */
  data: ColumnType<Uint8Array, Uint8Array, never>;
  sha256: string;
  uploaded_by: string | null;
  created_at: Generated<Date>;
};

export type WarningRuleSetTable = {
  id: Generated<string>;
  year: number;
  region_code: string | null;
  code: string;
  name: string;
  /** domain WarningRuleSet without code, name and basis: { project, combination, region }. */
  rules: ColumnType<unknown, string, string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

/** Immutable once written except for publishing (trigger in migration 0007). */
export type MonthCloseTable = {
  id: Generated<string>;
  year: number;
  month: number;
  edition: Generated<number>;
  reason: string | null;
  as_of: DateOnly;
  rules: ColumnType<unknown, string, never>;
  content: ColumnType<unknown, string, never>;
  /** The headline figures and each region's light counts, for the dashboard (migration 0011). */
  summary: ColumnType<unknown, string, never>;
  content_sha256: string;
  closed_by: string | null;
  closed_by_name: string;
  closed_at: Generated<Date>;
  document_number: string | null;
  published_by: string | null;
  published_by_name: string | null;
  published_at: Date | null;
};

export type ProjectLightTable = {
  close_id: string;
  project_id: string;
  region_code: string;
  light: 'green' | 'yellow' | 'red';
  explanation: string;
  dimensions: ColumnType<unknown, string, never>;
  figures: ColumnType<unknown, string, never>;
};

export type RegionLightTable = {
  close_id: string;
  region_code: string;
  light: 'green' | 'yellow' | 'red';
  explanation: string;
  indicators: ColumnType<unknown, string, never>;
};
