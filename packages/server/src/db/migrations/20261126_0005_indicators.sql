-- Indicators and targets (policy sections 1, 3 and 5) as data, and the rollup the indicator table
-- reads so that all regions' figures for a month come from a few thousand rows, not 200 000
-- projects or millions of reports.

-- The year a project entered the reserve as newly planned (新谋划), for the count of new projects
-- of 10亿 and more per county. Null for projects carried over from before the platform.
alter table projects add column planned_year integer check (planned_year between 1990 and 2100);
create index projects_planned_year_idx on projects (planned_year) where planned_year is not null;

-- 序时进度 is month/12 by default; a year or region may count elapsed days instead.
alter table reporting_rules
  add column time_progress_mode text not null default 'month' check (time_progress_mode in ('month', 'days'));

-- An indicator is a filter over project attributes plus a measure. Empty arrays and nulls do not
-- restrict (the domain's IndicatorFilter reads them the same way).
create table indicators (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{1,62}$'),
  name text not null check (length(name) between 1 and 100),
  measure text not null check (measure in ('sum_completed', 'count_projects', 'count_started', 'count_planned')),
  target_level text not null default 'any' check (target_level in ('any', 'city', 'each_region')),
  sectors text[] not null default '{}',
  funding_sources text[] not null default '{}',
  high_tech boolean,
  lists text[] not null default '{}',
  stages text[] not null default '{}',
  min_total_investment numeric(18, 4) check (min_total_investment >= 0),
  window_from_month integer check (window_from_month between 1 and 12),
  window_to_month integer check (window_to_month between 1 and 12),
  sort_order integer not null default 0,
  -- Retired indicators keep their targets and history but leave the table.
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint indicators_window_check check (
    (window_from_month is null) = (window_to_month is null) and
    (window_from_month is null or window_from_month <= window_to_month)
  )
);

-- A row with no region is the default at the indicator's target level (see resolveTarget).
create table indicator_targets (
  id uuid primary key default gen_random_uuid(),
  indicator_code text not null references indicators (code) on update cascade on delete cascade,
  region_code text references regions (code),
  year integer not null check (year between 1990 and 2100),
  kind text not null check (kind in ('growth', 'amount', 'count')),
  -- growth in percent, amount in 万元, count as a whole number.
  value numeric(18, 4) not null check (kind <> 'count' or (value >= 0 and value = trunc(value))),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint indicator_targets_key unique nulls not distinct (indicator_code, year, region_code)
);
create index indicator_targets_region_code_idx on indicator_targets (region_code);

-- Each project-year summary row carries the attributes a sum indicator may filter on, kept equal
-- to the project's by the trigger below, so the rollup can be maintained from the summary rows
-- alone (including a cascaded delete, when the project row is already gone), and the annual plan
-- amount, so plan and completion of a region come from the same rows.
alter table project_year_progress
  add column region_code text,
  add column sector_code text,
  add column funding_source text,
  add column high_tech boolean,
  add column stage text,
  add column planned numeric(18, 4) not null default 0;

update project_year_progress y
   set region_code = p.region_code, sector_code = p.sector_code, funding_source = p.funding_source,
       high_tech = p.high_tech, stage = p.stage
  from projects p
 where p.id = y.project_id;

insert into project_year_progress (project_id, year, planned, region_code, sector_code, funding_source, high_tech, stage)
select yp.project_id, yp.year, yp.planned_investment, p.region_code, p.sector_code, p.funding_source, p.high_tech, p.stage
  from project_year_plans yp
  join projects p on p.id = yp.project_id
on conflict (project_id, year) do update set planned = excluded.planned;

alter table project_year_progress
  alter column region_code set not null,
  alter column sector_code set not null,
  alter column funding_source set not null,
  alter column high_tech set not null,
  alter column stage set not null;

-- The sums of the summary rows per year and attribute cell. monthly[m] is the accepted amount of
-- month m, planned the annual plan of the cell's projects.
create table investment_rollup (
  year integer not null,
  region_code text not null,
  sector_code text not null,
  funding_source text not null,
  high_tech boolean not null,
  stage text not null,
  monthly numeric(18, 4)[] not null default array_fill(0::numeric(18, 4), array[12]),
  planned numeric(18, 4) not null default 0,
  primary key (year, region_code, sector_code, funding_source, high_tech, stage)
);

create function project_year_progress_fill_attributes() returns trigger language plpgsql as $$
begin
  select p.region_code, p.sector_code, p.funding_source, p.high_tech, p.stage
    into new.region_code, new.sector_code, new.funding_source, new.high_tech, new.stage
    from projects p
   where p.id = new.project_id;
  return new;
end $$;

create trigger project_year_progress_fill_attributes
  before insert on project_year_progress
  for each row execute function project_year_progress_fill_attributes();

-- Adds the difference between a statement's new and old summary rows to the rollup: one upsert per
-- touched cell, however many summary rows the statement changed (a monthly batch of 10 000
-- acceptances is one statement). The source query names the statement's transition tables.
create function investment_rollup_track() returns trigger language plpgsql as $$
declare
  source text := case tg_op
    when 'INSERT' then 'select *, 1 as sign from new_rows'
    when 'DELETE' then 'select *, -1 as sign from old_rows'
    else 'select *, 1 as sign from new_rows union all select *, -1 as sign from old_rows'
  end;
begin
  execute format($sql$
    insert into investment_rollup as r
      (year, region_code, sector_code, funding_source, high_tech, stage, monthly, planned)
    select year, region_code, sector_code, funding_source, high_tech, stage,
           array[%s]::numeric(18, 4)[],
           sum(sign * planned)
      from (%s) d
     group by year, region_code, sector_code, funding_source, high_tech, stage
    on conflict (year, region_code, sector_code, funding_source, high_tech, stage) do update
       set monthly = array[%s]::numeric(18, 4)[],
           planned = r.planned + excluded.planned
  $sql$,
    'sum(sign * monthly[1]), sum(sign * monthly[2]), sum(sign * monthly[3]), sum(sign * monthly[4]), sum(sign * monthly[5]), sum(sign * monthly[6]), sum(sign * monthly[7]), sum(sign * monthly[8]), sum(sign * monthly[9]), sum(sign * monthly[10]), sum(sign * monthly[11]), sum(sign * monthly[12])',
    source,
    'r.monthly[1] + excluded.monthly[1], r.monthly[2] + excluded.monthly[2], r.monthly[3] + excluded.monthly[3], r.monthly[4] + excluded.monthly[4], r.monthly[5] + excluded.monthly[5], r.monthly[6] + excluded.monthly[6], r.monthly[7] + excluded.monthly[7], r.monthly[8] + excluded.monthly[8], r.monthly[9] + excluded.monthly[9], r.monthly[10] + excluded.monthly[10], r.monthly[11] + excluded.monthly[11], r.monthly[12] + excluded.monthly[12]');
  return null;
end $$;

create trigger investment_rollup_insert after insert on project_year_progress
  referencing new table as new_rows for each statement execute function investment_rollup_track();
create trigger investment_rollup_update after update on project_year_progress
  referencing old table as old_rows new table as new_rows for each statement execute function investment_rollup_track();
create trigger investment_rollup_delete after delete on project_year_progress
  referencing old table as old_rows for each statement execute function investment_rollup_track();

-- The rows migrated above predate the triggers.
insert into investment_rollup (year, region_code, sector_code, funding_source, high_tech, stage, monthly, planned)
select year, region_code, sector_code, funding_source, high_tech, stage,
       array[sum(monthly[1]), sum(monthly[2]), sum(monthly[3]), sum(monthly[4]), sum(monthly[5]), sum(monthly[6]), sum(monthly[7]), sum(monthly[8]), sum(monthly[9]), sum(monthly[10]), sum(monthly[11]), sum(monthly[12])]::numeric(18, 4)[],
       sum(planned)
  from project_year_progress
 group by year, region_code, sector_code, funding_source, high_tech, stage;

-- A project whose attributes change moves its summary rows, and so their amounts, to its new cell.
create function project_year_progress_follow_project() returns trigger language plpgsql as $$
begin
  update project_year_progress
     set region_code = new.region_code, sector_code = new.sector_code, funding_source = new.funding_source,
         high_tech = new.high_tech, stage = new.stage
   where project_id = new.id;
  return null;
end $$;

create trigger project_year_progress_follow_project
  after update of region_code, sector_code, funding_source, high_tech, stage on projects
  for each row
  when (
    (old.region_code, old.sector_code, old.funding_source, old.high_tech, old.stage) is distinct from
    (new.region_code, new.sector_code, new.funding_source, new.high_tech, new.stage)
  )
  execute function project_year_progress_follow_project();

-- The annual plan amount follows project_year_plans.
create function project_year_progress_follow_plan() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    update project_year_progress set planned = 0 where project_id = old.project_id and year = old.year;
    return null;
  end if;
  insert into project_year_progress (project_id, year, planned)
  values (new.project_id, new.year, new.planned_investment)
  on conflict (project_id, year) do update set planned = excluded.planned
   where project_year_progress.planned is distinct from excluded.planned;
  return null;
end $$;

create trigger project_year_progress_follow_plan
  after insert or update of planned_investment or delete on project_year_plans
  for each row execute function project_year_progress_follow_plan();
