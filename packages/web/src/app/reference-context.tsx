import { Alert } from 'antd';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { client, unwrap } from '../api/client.ts';
import type { Reference, Region } from '../api/types.ts';
import { PageSpinner } from './router.tsx';

export type ReferenceData = Reference & {
  regions: Region[];
  /** Counties and zones, without the city itself: what a project can belong to. */
  projectRegions: Region[];
  regionName: (code: string | null | undefined) => string;
  listName: (code: string) => string;
  departmentName: (id: string | null | undefined) => string;
};

const ReferenceContext = createContext<ReferenceData | null>(null);

/** Regions, sectors, lists and departments: loaded once per session, used by every page. */
export function ReferenceProvider({ children }: { children: ReactNode }) {
  const [data, setData] = useState<{ regions: Region[]; reference: Reference } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    Promise.all([unwrap(client.GET('/api/regions')), unwrap(client.GET('/api/reference'))])
      .then(([regions, reference]) => active && setData({ regions, reference }))
      .catch(
        (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
      );
    return () => {
      active = false;
    };
  }, []);

  const value = useMemo<ReferenceData | null>(() => {
    if (!data) return null;
    const regionNames = new Map(data.regions.map((region) => [region.code, region.name]));
    const listNames = new Map(data.reference.lists.map((list) => [list.code, list.name]));
    const departmentNames = new Map(data.reference.departments.map((d) => [d.id, d.name]));
    return {
      ...data.reference,
      regions: data.regions,
      projectRegions: data.regions.filter((region) => region.kind !== 'city'),
      regionName: (code) => (code ? (regionNames.get(code) ?? code) : '—'),
      listName: (code) => listNames.get(code) ?? code,
      departmentName: (id) => (id ? (departmentNames.get(id) ?? id) : '—'),
    };
  }, [data]);

  if (error) return <Alert type="error" showIcon title={error} style={{ margin: 24 }} />;
  if (!value) return <PageSpinner />;
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceData {
  const value = useContext(ReferenceContext);
  if (!value) throw new Error('useReference outside ReferenceProvider');
  return value;
}
