-- Traffic-light warnings (亮灯预警) and the monthly close (每月通报晾晒): the rule set in force per
-- year (and optionally per region), and immutable monthly snapshots of every project's and region's
-- light with its explanation, from which the bulletin is rendered.

-- The thresholds are data (domain/warnings/rules.ts: WarningRuleSet without code and name). A row
-- with no region is the year's rule set; a region row overrides it for that region's projects.
create table warning_rule_sets (
  id uuid primary key default gen_random_uuid(),
  year integer not null check (year between 1990 and 2100),
  region_code text references regions (code),
  -- The shipped set the rules started from (lishui, yinchuan_2025, sanya_2022) or 'custom'.
  code text not null check (code ~ '^[a-z][a-z0-9_]{1,62}$'),
  name text not null check (length(name) between 1 and 100),
  rules jsonb not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint warning_rule_sets_key unique nulls not distinct (year, region_code)
);
create index warning_rule_sets_region_code_idx on warning_rule_sets (region_code);

-- One closing of a month. A later correction of a report never changes it; a reissue is a new
-- edition with a reason. `content` is the whole bulletin (headline figures, rankings, lists) as
-- canonical JSON, so closing the same data twice gives the same digest.
create table month_closes (
  id uuid primary key default gen_random_uuid(),
  year integer not null check (year between 1990 and 2100),
  month integer not null check (month between 1 and 12),
  edition integer not null default 1 check (edition >= 1),
  reason text,
  -- The date the lights were computed for (reports, milestones and starts as of that day).
  as_of date not null,
  rules jsonb not null,
  content jsonb not null,
  content_sha256 text not null,
  closed_by uuid references users (id),
  closed_by_name text not null,
  closed_at timestamptz not null default now(),
  document_number text,
  published_by uuid references users (id),
  published_by_name text,
  published_at timestamptz,
  constraint month_closes_edition_key unique (year, month, edition),
  constraint month_closes_reason_check check (edition = 1 or length(trim(reason)) > 0),
  constraint month_closes_published_check check ((published_at is null) = (published_by_name is null))
);
create index month_closes_closed_by_idx on month_closes (closed_by);
create index month_closes_published_by_idx on month_closes (published_by);

-- A closed month never changes; the only later write is publishing it, once.
create function month_closes_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'month_closes is immutable';
  end if;
  if old.published_at is not null
     or (to_jsonb(new) - array['document_number', 'published_by', 'published_by_name', 'published_at'])
        is distinct from
        (to_jsonb(old) - array['document_number', 'published_by', 'published_by_name', 'published_at']) then
    raise exception 'month_closes is immutable once closed; only publishing is allowed, once';
  end if;
  return new;
end $$;
create trigger month_closes_immutable before update or delete on month_closes
  for each row execute function month_closes_immutable();

create table project_lights (
  close_id uuid not null references month_closes (id),
  project_id uuid not null references projects (id),
  region_code text not null,
  light text not null check (light in ('green', 'yellow', 'red')),
  explanation text not null,
  -- [{ dimension, light, explanation }] from the domain engine.
  dimensions jsonb not null,
  -- The figures behind the light: cumulative, annual plan, completion and time progress …
  figures jsonb not null,
  primary key (close_id, project_id)
);
-- A project's light history month by month.
create index project_lights_project_id_idx on project_lights (project_id);
create index project_lights_close_light_idx on project_lights (close_id, light);

create table region_lights (
  close_id uuid not null references month_closes (id),
  region_code text not null references regions (code),
  light text not null check (light in ('green', 'yellow', 'red')),
  explanation text not null,
  indicators jsonb not null,
  primary key (close_id, region_code)
);
create index region_lights_region_code_idx on region_lights (region_code);

create function snapshot_rows_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger project_lights_append_only before update or delete on project_lights
  for each row execute function snapshot_rows_append_only();
create trigger region_lights_append_only before update or delete on region_lights
  for each row execute function snapshot_rows_append_only();
