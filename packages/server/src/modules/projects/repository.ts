import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Scope, Tx } from '../../context.ts';
import type { DB, ProjectRow } from '../../db/schema.ts';
import type { ProjectDto, ProjectFilter } from './schemas.ts';

type Db = Kysely<DB> | Tx;
type ProjectEb = ExpressionBuilder<DB, 'projects'>;

/**
 * The caller's scope as a WHERE clause on `projects`. The list, the single-object read, the
 * update and the export all go through it, so what a user can list is exactly what they can open.
 */
export function inScope(scope: Scope) {
  return (eb: ProjectEb) => {
    switch (scope.kind) {
      case 'all':
        return eb.val(true);
      case 'region':
        return eb('projects.region_code', '=', scope.regionCode);
      case 'enterprise':
        return eb('projects.owner_id', '=', scope.enterpriseId);
      case 'leader':
        return eb.or([
          eb('projects.leading_official_user_id', '=', scope.userId),
          eb('projects.official_in_charge_user_id', '=', scope.userId),
        ]);
      case 'department':
        return eb.or([
          eb('projects.responsible_department_id', '=', scope.departmentId),
          eb.exists(
            eb
              .selectFrom('project_service_units as su')
              .select('su.project_id')
              .whereRef('su.project_id', '=', 'projects.id')
              .where('su.department_id', '=', scope.departmentId),
          ),
        ]);
    }
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

function applyFilter<O>(query: SelectQueryBuilder<DB, 'projects', O>, filter: ProjectFilter) {
  let q = query;
  if (filter.region) q = q.where('projects.region_code', '=', filter.region);
  if (filter.stage) q = q.where('projects.stage', '=', filter.stage);
  if (filter.sector) q = q.where('projects.sector_code', '=', filter.sector);
  if (filter.funding) q = q.where('projects.funding_source', '=', filter.funding);
  if (filter.highTech !== undefined) q = q.where('projects.high_tech', '=', filter.highTech);
  if (filter.list) {
    const list = filter.list;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('project_list_members as lm')
          .select('lm.project_id')
          .whereRef('lm.project_id', '=', 'projects.id')
          .where('lm.list_code', '=', list),
      ),
    );
  }
  if (filter.q) {
    const term = filter.q.trim();
    const like = `%${escapeLike(term)}%`;
    // A union of three trigram-indexed lookups: one OR across name, code and owner would make
    // PostgreSQL scan the whole registry.
    q = q.where((eb) => {
      const matches = eb
        .selectFrom('projects as by_name')
        .select('by_name.id')
        .where('by_name.name', 'ilike', like)
        .union(eb.selectFrom('projects as by_code').select('by_code.id').where('by_code.code', 'ilike', like))
        .union(
          eb
            .selectFrom('projects as by_owner')
            .innerJoin('enterprises as owner_match', 'owner_match.id', 'by_owner.owner_id')
            .select('by_owner.id')
            .where('owner_match.name', 'ilike', like),
        );
      // The planner overestimates trigram matches and answers `id IN (…)` with a scan of the whole
      // registry; `= ANY(ARRAY(…))` looks the few matches up by key. Under three characters no
      // trigram applies, the match set is large, and the planner's hash join is the right plan.
      return [...term].length >= 3
        ? eb('projects.id', '=', sql<string>`any(array(${matches}))`)
        : eb('projects.id', 'in', matches);
    });
  }
  return q;
}

const SORT_COLUMNS = {
  updatedAt: 'projects.updated_at',
  name: 'projects.name',
  code: 'projects.code',
  totalInvestment: 'projects.total_investment',
  plannedStart: 'projects.planned_start',
  region: 'projects.region_code',
  stage: 'projects.stage',
} as const;

export async function listProjects(
  db: Db,
  scope: Scope,
  filter: ProjectFilter,
  page: { sort: string; page: number; pageSize: number },
) {
  const base = applyFilter(db.selectFrom('projects').where(inScope(scope)), filter);
  const descending = page.sort.startsWith('-');
  const column = SORT_COLUMNS[page.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS];
  const [ids, summary] = await Promise.all([
    base
      .select('projects.id')
      .orderBy(column, (ob) => (descending ? ob.desc().nullsLast() : ob.asc().nullsLast()))
      .orderBy('projects.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    base
      .select([
        sql<string>`count(*)`.as('count'),
        sql<string>`coalesce(sum(projects.total_investment), 0)`.as('investment'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const items = await loadProjects(
    db,
    ids.map((row) => row.id),
  );
  return { items, total: Number(summary.count), totalInvestment: summary.investment };
}

/**
 * Every project in scope matching the filter, for the Excel export (bounded by the caller). Without
 * a sort the sheet reads like the county lists it replaces: by region, then name.
 */
export async function listAllProjectIds(
  db: Db,
  scope: Scope,
  filter: ProjectFilter,
  limit: number,
  sort?: string,
) {
  let query = applyFilter(db.selectFrom('projects').where(inScope(scope)), filter).select('projects.id');
  if (sort) {
    const descending = sort.startsWith('-');
    const column = SORT_COLUMNS[sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS];
    query = query.orderBy(column, (ob) => (descending ? ob.desc().nullsLast() : ob.asc().nullsLast()));
  }
  const rows = await query
    .orderBy('projects.region_code')
    .orderBy('projects.name')
    .orderBy('projects.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

// PostgreSQL binds at most 65 535 parameters per statement.
const MATCH_CHUNK = 1000;

/**
 * Projects holding any of these codes, in or out of the caller's scope: deliberately unscoped
 * (convention 3) because an import must know a code is taken before it creates a duplicate. The
 * caller checks scope before it reads or changes a match, and never shows an out-of-scope one.
 */
export async function unsafeFindProjectsByCode(db: Db, codes: string[]) {
  const found: { id: string; code: string | null }[] = [];
  for (let at = 0; at < codes.length; at += MATCH_CHUNK) {
    found.push(
      ...(await db
        .selectFrom('projects')
        .select(['id', 'code'])
        .where('code', 'in', codes.slice(at, at + MATCH_CHUNK))
        .execute()),
    );
  }
  return found;
}

/** Projects with any of these names and their owners' names; unscoped for the same reason. */
export async function unsafeFindProjectsByName(db: Db, names: string[]) {
  const found: { id: string; code: string | null; name: string; ownerName: string }[] = [];
  for (let at = 0; at < names.length; at += MATCH_CHUNK) {
    found.push(
      ...(await db
        .selectFrom('projects')
        .innerJoin('enterprises', 'enterprises.id', 'projects.owner_id')
        .select(['projects.id', 'projects.code', 'projects.name', 'enterprises.name as ownerName'])
        .where('projects.name', 'in', names.slice(at, at + MATCH_CHUNK))
        .execute()),
    );
  }
  return found;
}

export async function findProject(db: Db, scope: Scope, id: string): Promise<ProjectDto | undefined> {
  const visible = await db
    .selectFrom('projects')
    .select('id')
    .where('id', '=', id)
    .where(inScope(scope))
    .executeTakeFirst();
  if (!visible) return undefined;
  const [project] = await loadProjects(db, [id]);
  return project;
}

/** Locks the row for the rest of the transaction; out of scope reads as absent. */
export async function lockProject(trx: Tx, scope: Scope, id: string): Promise<ProjectRow | undefined> {
  return trx
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** Loads full DTOs in the order of `ids`, with names, lists and service units in three queries. */
export async function loadProjects(db: Db, ids: string[]): Promise<ProjectDto[]> {
  if (ids.length === 0) return [];
  const [rows, lists, units] = await Promise.all([
    db
      .selectFrom('projects')
      .innerJoin('enterprises', 'enterprises.id', 'projects.owner_id')
      .innerJoin('regions', 'regions.code', 'projects.region_code')
      .innerJoin('sectors', 'sectors.code', 'projects.sector_code')
      .leftJoin('departments', 'departments.id', 'projects.responsible_department_id')
      .selectAll('projects')
      .select([
        'enterprises.name as owner_name',
        'regions.name as region_name',
        'sectors.name as sector_name',
        'departments.name as department_name',
      ])
      .where('projects.id', 'in', ids)
      .execute(),
    db
      .selectFrom('project_list_members')
      .selectAll()
      .where('project_id', 'in', ids)
      .orderBy('list_code')
      .execute(),
    db.selectFrom('project_service_units').selectAll().where('project_id', 'in', ids).execute(),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        code: row.code,
        name: row.name,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
        regionCode: row.region_code,
        regionName: row.region_name,
        address: row.address,
        lng: row.lng,
        lat: row.lat,
        sectorCode: row.sector_code,
        sectorName: row.sector_name,
        fundingSource: row.funding_source,
        highTech: row.high_tech,
        totalInvestment: row.total_investment,
        content: row.content,
        startYear: row.start_year,
        endYear: row.end_year,
        plannedYear: row.planned_year,
        plannedStart: row.planned_start,
        plannedCompletion: row.planned_completion,
        actualStart: row.actual_start,
        actualCompletion: row.actual_completion,
        stage: row.stage,
        lists: lists.filter((item) => item.project_id === id).map((item) => item.list_code),
        leadingOfficial: row.leading_official,
        officialInCharge: row.official_in_charge,
        responsibleDepartmentId: row.responsible_department_id,
        responsibleDepartmentName: row.department_name,
        serviceUnitIds: units.filter((item) => item.project_id === id).map((item) => item.department_id),
        team: row.team,
        version: row.version,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      },
    ];
  });
}

/** A new project has no memberships yet, so `isNew` skips the delete. */
export async function replaceLists(trx: Tx, projectId: string, lists: string[], { isNew = false } = {}) {
  if (!isNew) await trx.deleteFrom('project_list_members').where('project_id', '=', projectId).execute();
  if (lists.length > 0) {
    await trx
      .insertInto('project_list_members')
      .values(lists.map((list_code) => ({ project_id: projectId, list_code })))
      .execute();
  }
}

export async function replaceServiceUnits(
  trx: Tx,
  projectId: string,
  departmentIds: string[],
  { isNew = false } = {},
) {
  if (!isNew) await trx.deleteFrom('project_service_units').where('project_id', '=', projectId).execute();
  if (departmentIds.length > 0) {
    await trx
      .insertInto('project_service_units')
      .values(departmentIds.map((department_id) => ({ project_id: projectId, department_id })))
      .execute();
  }
}

/** Finds the enterprise by its exact registered name, registering it on first use. */
export async function ensureEnterprise(trx: Tx, name: string, regionCode: string): Promise<string> {
  const existing = await trx
    .selectFrom('enterprises')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await trx
    .insertInto('enterprises')
    .values({ name, region_code: regionCode })
    .onConflict((oc) => oc.column('name').doUpdateSet({ name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** Links an official's name to the leader account of the same name, so "my projects" works. */
export async function leaderUserId(trx: Tx, name: string | null | undefined): Promise<string | null> {
  if (!name) return null;
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'leader')
    .where('display_name', '=', name)
    .executeTakeFirst();
  return user?.id ?? null;
}
