/**
 * The run (or group) under the pointer, shared by every chart on the page: hovering a line or a legend row dims
 * every other series in all charts, so one run can be followed across panels.
 */
import { useSyncExternalStore } from 'react';

let current: string | null = null;
const listeners = new Set<() => void>();

export function setHighlight(id: string | null): void {
  if (id === current) return;
  current = id;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useHighlight(): string | null {
  return useSyncExternalStore(subscribe, () => current);
}
