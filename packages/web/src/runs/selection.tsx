/**
 * Runs picked with the table's checkboxes, kept while the user moves between views (and across reloads of the
 * tab, in sessionStorage) for charting and comparing them.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const STORAGE_KEY = 'runlens.selection';

interface SelectionValue {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  /** Selects all of `ids` when any is unselected, else unselects them all. */
  toggleMany(ids: readonly string[]): void;
  clear(): void;
}

const SelectionContext = createContext<SelectionValue | null>(null);

function load(): Set<string> {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function SelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(load);
  const commit = useCallback((next: Set<string>) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    setSelected(next);
  }, []);
  const value = useMemo<SelectionValue>(
    () => ({
      selected,
      toggle(id) {
        const next = new Set(selected);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        commit(next);
      },
      toggleMany(ids) {
        const next = new Set(selected);
        const all = ids.every((id) => next.has(id));
        for (const id of ids) {
          if (all) next.delete(id);
          else next.add(id);
        }
        commit(next);
      },
      clear() {
        commit(new Set());
      },
    }),
    [selected, commit],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useSelection(): SelectionValue {
  const v = useContext(SelectionContext);
  if (!v) throw new Error('runlens: useSelection needs a <SelectionProvider>');
  return v;
}
