-- Monthly progress reports (月报, policy section 5): the reporting rules, the reports with their
-- revisions, and the per project-year summary of accepted amounts that indicators read.

-- Rules are data (convention 10): the due day per year, optionally per region; a row with no region
-- is the year's general rule. NULLS NOT DISTINCT makes the general row unique per year too, so
-- the start-up seeding can insert with ON CONFLICT DO NOTHING.
create table reporting_rules (
  id uuid primary key default gen_random_uuid(),
  year integer not null check (year between 1990 and 2100),
  region_code text references regions (code),
  -- A day past the end of a short month means its last day (see reportingWindow in the domain).
  due_day integer not null default 5 check (due_day between 1 and 31),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Leads with year, so it also serves the lookup of a year's rules.
  constraint reporting_rules_year_region_key unique nulls not distinct (year, region_code)
);
create index reporting_rules_region_code_idx on reporting_rules (region_code);

create table progress_reports (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  year integer not null check (year between 1990 and 2100),
  month integer not null check (month between 1 and 12),
  -- A correction after acceptance is a new revision; earlier revisions are never changed.
  revision integer not null default 1 check (revision >= 1),
  state text not null default 'draft' check (state in ('draft', 'submitted', 'accepted', 'returned')),
  -- 万元 with four decimals: exactly one yuan, as in projects.total_investment.
  completed_amount numeric(18, 4) not null check (completed_amount >= 0),
  physical_progress text,
  percent_complete numeric(5, 2) check (percent_complete between 0 and 100),
  started_on date,
  stats_registered boolean not null default false,
  -- 'history' rows were loaded by the city from earlier years' figures, not reported in a form.
  source text not null default 'form' check (source in ('form', 'history')),
  submitted_at timestamptz,
  -- Null until the revision is first submitted; then kept (see lateOnSubmit in the domain).
  late boolean,
  reviewed_by uuid references users (id),
  reviewed_at timestamptz,
  return_reason text,
  created_by uuid references users (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Also the index for the project_id foreign key and a project's history, which it leads.
  constraint progress_reports_revision_key unique (project_id, year, month, revision),
  constraint progress_reports_return_check check (state <> 'returned' or return_reason is not null)
);
-- The verification queue filters by period and state.
create index progress_reports_year_month_idx on progress_reports (year, month);
create index progress_reports_state_idx on progress_reports (state);
create index progress_reports_reviewed_by_idx on progress_reports (reviewed_by);
create index progress_reports_created_by_idx on progress_reports (created_by);

-- The accepted amounts of a project-year, maintained in the same transaction as each acceptance,
-- so an indicator table over 200 000 projects reads one row per project-year instead of millions
-- of report rows. monthly[m] is the amount of the latest accepted revision of month m, 0 when no
-- report of that month is accepted yet.
create table project_year_progress (
  project_id uuid not null references projects (id) on delete cascade,
  year integer not null check (year between 1990 and 2100),
  monthly numeric(18, 4)[] not null default array_fill(0::numeric(18, 4), array[12]),
  -- The latest month with an accepted report, 0 when none.
  accepted_through_month integer not null default 0 check (accepted_through_month between 0 and 12),
  updated_at timestamptz not null default now(),
  primary key (project_id, year),
  constraint project_year_progress_monthly_check check (cardinality(monthly) = 12)
);
create index project_year_progress_year_idx on project_year_progress (year);
