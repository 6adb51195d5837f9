/** Which settings differ between two configs, as dot keys: what `config.changed` reports after a reload. */
import type { RunlensConfig } from './config-schema.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Dot keys whose values differ (`cache.memoryMb`, `plugins`, `themes.poster`), sorted. Lists compare whole; each user
 * theme counts as one key, since a theme is used whole.
 */
export function changedConfigKeys(before: RunlensConfig, after: RunlensConfig): string[] {
  const changed: string[] = [];
  const walk = (a: unknown, b: unknown, key: string): void => {
    const themeEntry = key.startsWith('themes.');
    if (!themeEntry && isPlainObject(a) && isPlainObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], key ? `${key}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) changed.push(key);
  };
  walk(before, after, '');
  return changed.sort();
}
