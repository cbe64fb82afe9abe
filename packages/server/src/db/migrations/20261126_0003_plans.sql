-- Annual plans (四大计划 and any a city adds), per-project year plans, plan adjustments, milestones
-- and the reverse-scheduling templates (policy section 5).

create table plans (
  id uuid primary key default gen_random_uuid(),
  year integer not null check (year between 1990 and 2100),
  kind text not null check (kind in ('government_investment', 'key_construction', 'major_preliminary', 'policy_handling', 'other')),
  name text not null,
  issued_on date,
  state text not null default 'draft' check (state in ('draft', 'issued')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The unique index leads with year, so it also serves the list's year filter.
  constraint plans_year_name_key unique (year, name),
  -- An issued plan has an issue date and a draft has none.
  constraint plans_issued_check check ((state = 'issued') = (issued_on is not null))
);
create index plans_kind_idx on plans (kind);
create index plans_state_idx on plans (state);

create table plan_members (
  plan_id uuid not null references plans (id) on delete cascade,
  project_id uuid not null references projects (id) on delete cascade,
  primary key (plan_id, project_id)
);
create index plan_members_project_id_idx on plan_members (project_id);

create table project_year_plans (
  project_id uuid not null references projects (id) on delete cascade,
  year integer not null check (year between 1990 and 2100),
  -- 万元 with four decimals: exactly one yuan, as in projects.total_investment.
  planned_investment numeric(18, 4) not null check (planned_investment >= 0),
  construction_type text not null check (construction_type in ('new', 'continuing')),
  planned_start date,
  planned_completion date,
  progress_goal text,
  distribution_kind text not null default 'none' check (distribution_kind in ('none', 'monthly', 'quarterly')),
  -- The exact sum is checked in the domain (bigint); the database guards the shape.
  distribution numeric(18, 4)[],
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, year),
  constraint project_year_plans_distribution_check check (
    (distribution_kind = 'none' and distribution is null)
    or (distribution_kind = 'monthly' and cardinality(distribution) = 12)
    or (distribution_kind = 'quarterly' and cardinality(distribution) = 4)
  ),
  constraint project_year_plans_dates_check check (
    planned_start is null or planned_completion is null or planned_completion >= planned_start
  )
);
create index project_year_plans_year_idx on project_year_plans (year);

-- 计划调整: the only way an issued plan changes. Each row keeps the values before and after, so
-- the plan as issued stays visible. Append-only like audit_events.
create table plan_adjustments (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  project_id uuid not null references projects (id),
  reason text not null check (length(btrim(reason)) > 0),
  before jsonb not null,
  after jsonb not null,
  actor_id uuid references users (id),
  actor_name text not null,
  at timestamptz not null default now()
);
create index plan_adjustments_plan_id_idx on plan_adjustments (plan_id, at);
create index plan_adjustments_project_id_idx on plan_adjustments (project_id);
create index plan_adjustments_actor_id_idx on plan_adjustments (actor_id);

create function plan_adjustments_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'plan_adjustments is append-only';
end;
$$;
create trigger plan_adjustments_no_update before update or delete on plan_adjustments
  for each row execute function plan_adjustments_append_only();

-- Standard step sequences for reverse scheduling, per sector or general (sector_code null).
create table milestone_templates (
  code text primary key,
  sector_code text references sectors (code),
  name text not null,
  steps jsonb not null check (jsonb_typeof(steps) = 'array')
);
create index milestone_templates_sector_code_idx on milestone_templates (sector_code);

create table milestones (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  name text not null,
  responsible_department_id uuid references departments (id),
  responsible_unit text,
  planned_date date not null,
  actual_date date,
  sort_order integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index milestones_project_id_idx on milestones (project_id, sort_order);
create index milestones_responsible_department_id_idx on milestones (responsible_department_id);
create index milestones_planned_date_idx on milestones (planned_date) where actual_date is null;
