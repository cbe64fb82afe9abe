-- Foundation: regions, organisations, people, sessions, the project registry and the audit trail.

create table regions (
  code text primary key,
  name text not null,
  parent_code text references regions (code),
  kind text not null check (kind in ('city', 'county', 'zone')),
  sort_order integer not null default 0
);
create index regions_parent_code_idx on regions (parent_code);

create table departments (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  sort_order integer not null default 0
);

create table enterprises (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  region_code text references regions (code),
  created_at timestamptz not null default now()
);
create index enterprises_region_code_idx on enterprises (region_code);

create table sectors (
  code text primary key,
  name text not null unique,
  sort_order integer not null default 0
);

create table named_lists (
  code text primary key,
  name text not null unique,
  sort_order integer not null default 0
);

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'city', 'county', 'department', 'owner', 'leader')),
  region_code text references regions (code),
  department_id uuid references departments (id),
  enterprise_id uuid references enterprises (id),
  must_change_password boolean not null default false,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A scoped role without its scope would see nothing or, worse, everything.
  constraint users_scope_check check (
    (role <> 'county' or region_code is not null)
    and (role <> 'department' or department_id is not null)
    and (role <> 'owner' or enterprise_id is not null)
  )
);
create unique index users_username_key on users (lower(username));
create index users_region_code_idx on users (region_code);
create index users_department_id_idx on users (department_id);
create index users_enterprise_id_idx on users (enterprise_id);
create index users_role_idx on users (role);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index sessions_user_id_idx on sessions (user_id);
create index sessions_last_seen_at_idx on sessions (last_seen_at);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  token_hash text not null unique,
  role text not null check (role in ('city', 'county', 'department', 'owner', 'leader')),
  region_code text references regions (code),
  department_id uuid references departments (id),
  enterprise_id uuid references enterprises (id),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_tokens_scope_check check (
    (role <> 'county' or region_code is not null)
    and (role <> 'department' or department_id is not null)
    and (role <> 'owner' or enterprise_id is not null)
  )
);
create index api_tokens_region_code_idx on api_tokens (region_code);
create index api_tokens_department_id_idx on api_tokens (department_id);
create index api_tokens_enterprise_id_idx on api_tokens (enterprise_id);
create index api_tokens_created_by_idx on api_tokens (created_by);

create table projects (
  id uuid primary key default gen_random_uuid(),
  code text unique,
  name text not null,
  owner_id uuid not null references enterprises (id),
  region_code text not null references regions (code),
  address text,
  lng numeric(9, 6) check (lng between -180 and 180),
  lat numeric(8, 6) check (lat between -90 and 90),
  sector_code text not null references sectors (code),
  funding_source text not null check (funding_source in ('government', 'soe', 'private', 'foreign', 'ppp')),
  high_tech boolean not null default false,
  -- 万元 with four decimals: exactly one yuan.
  total_investment numeric(18, 4) not null check (total_investment >= 0),
  content text,
  start_year integer,
  end_year integer,
  planned_start date,
  planned_completion date,
  actual_start date,
  actual_completion date,
  stage text not null check (stage in ('planning', 'reserve', 'preliminary', 'construction', 'completed', 'suspended')),
  leading_official text,
  leading_official_user_id uuid references users (id),
  official_in_charge text,
  official_in_charge_user_id uuid references users (id),
  responsible_department_id uuid references departments (id),
  team jsonb not null default '[]'::jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_years_check check (start_year is null or end_year is null or end_year >= start_year)
);
-- Re-importing a sheet finds a project without a code by its name and owner.
create unique index projects_name_owner_key on projects (name, owner_id) where code is null;
create index projects_owner_id_idx on projects (owner_id);
create index projects_region_code_idx on projects (region_code);
create index projects_sector_code_idx on projects (sector_code);
create index projects_stage_idx on projects (stage);
create index projects_funding_source_idx on projects (funding_source);
create index projects_responsible_department_id_idx on projects (responsible_department_id);
create index projects_leading_official_user_id_idx on projects (leading_official_user_id);
create index projects_official_in_charge_user_id_idx on projects (official_in_charge_user_id);
create index projects_updated_at_idx on projects (updated_at);

create table project_list_members (
  project_id uuid not null references projects (id) on delete cascade,
  list_code text not null references named_lists (code),
  primary key (project_id, list_code)
);
create index project_list_members_list_code_idx on project_list_members (list_code);

create table project_service_units (
  project_id uuid not null references projects (id) on delete cascade,
  department_id uuid not null references departments (id),
  primary key (project_id, department_id)
);
create index project_service_units_department_id_idx on project_service_units (department_id);

create table audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_name text,
  ip text,
  action text not null,
  object_type text,
  object_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_events_at_idx on audit_events (at);
create index audit_events_actor_id_idx on audit_events (actor_id);
create index audit_events_object_idx on audit_events (object_type, object_id);
create index audit_events_action_idx on audit_events (action);

-- The audit trail is append-only, whatever the application does.
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();
