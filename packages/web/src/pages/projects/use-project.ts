import { useCallback, useEffect, useState } from 'react';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { Project } from '../../api/types.ts';

type ProjectState = { project: Project | null; error: ApiError | null; loading: boolean };

/** Loads one project; `reload` fetches it again (after a conflict, for instance). */
export function useProject(id: string | undefined) {
  const [state, setState] = useState<ProjectState>({ project: null, error: null, loading: Boolean(id) });

  const load = useCallback(async () => {
    if (!id) return null;
    setState((current) => ({ ...current, loading: true }));
    try {
      const project = await unwrap(client.GET('/api/projects/{id}', { params: { path: { id } } }));
      setState({ project, error: null, loading: false });
      return project;
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(0, { code: 'CLIENT', message: String(error) });
      setState({ project: null, error: apiError, loading: false });
      return null;
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  return { ...state, reload: load };
}
