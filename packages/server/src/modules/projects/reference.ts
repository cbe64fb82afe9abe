import type { Kysely } from 'kysely';
import type { Tx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';

/** Configured reference data, loaded once per operation to validate and translate names. */
export type Reference = {
  regions: Map<string, string>;
  regionByName: Map<string, string>;
  sectors: Map<string, string>;
  sectorByName: Map<string, string>;
  lists: Map<string, string>;
  listByName: Map<string, string>;
  departments: Map<string, string>;
  departmentByName: Map<string, string>;
};

export async function loadReference(db: Kysely<DB> | Tx): Promise<Reference> {
  const [regions, sectors, lists, departments] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name']).execute(),
    db.selectFrom('sectors').select(['code', 'name']).execute(),
    db.selectFrom('named_lists').select(['code', 'name']).execute(),
    db.selectFrom('departments').select(['id as code', 'name']).execute(),
  ]);
  const pair = (rows: { code: string; name: string }[]) =>
    [new Map(rows.map((r) => [r.code, r.name])), new Map(rows.map((r) => [r.name, r.code]))] as const;
  const [regionMap, regionByName] = pair(regions);
  const [sectorMap, sectorByName] = pair(sectors);
  const [listMap, listByName] = pair(lists);
  const [departmentMap, departmentByName] = pair(departments);
  return {
    regions: regionMap,
    regionByName,
    sectors: sectorMap,
    sectorByName,
    lists: listMap,
    listByName,
    departments: departmentMap,
    departmentByName,
  };
}
