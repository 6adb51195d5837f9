/**
 * The runs view's state lives in the URL, so a view can be bookmarked and shared: `project`, `filter`, `sort`
 * (server-side, e.g. `-metrics.val/loss.min`), `c` (the columns, in order, repeated) and `group` (a column id).
 */
import { useMemo } from 'react';
import { useSearchParams } from 'wouter';

export interface RunsViewState {
  project: string;
  filter: string;
  sort: string;
  /** null until the user picks columns: the table then shows defaults chosen from the data. */
  columns: string[] | null;
  group: string;
}

export type RunsViewPatch = Partial<RunsViewState>;

export function useRunsViewState(): [RunsViewState, (patch: RunsViewPatch, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo<RunsViewState>(() => {
    const cols = params.getAll('c');
    return {
      project: params.get('project') ?? '',
      filter: params.get('filter') ?? '',
      sort: params.get('sort') ?? '',
      columns: cols.length ? cols : null,
      group: params.get('group') ?? '',
    };
  }, [params]);
  const update = (patch: RunsViewPatch, options: { replace?: boolean } = {}) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const k of ['project', 'filter', 'sort', 'group'] as const) {
          const v = patch[k];
          if (v === undefined) continue;
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (patch.columns !== undefined) {
          next.delete('c');
          for (const c of patch.columns ?? []) next.append('c', c);
        }
        return next;
      },
      { replace: options.replace ?? false },
    );
  };
  return [state, update];
}
