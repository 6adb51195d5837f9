import type { RunSelection } from './query-schema.js';

/**
 * The run selection of a query as one filter-language expression, so the store compiles all of it (projects,
 * groups, statuses and the user's filter) to SQL instead of the engine filtering loaded runs.
 * Undefined when the selection selects every run.
 *
 * @example
 * composeRunFilter({ status: ['completed'], filter: 'params.lr < 5' }) // '(params.lr < 5) and status in ["completed"]'
 */
export function composeRunFilter(selection: RunSelection): string | undefined {
  const parts: string[] = [];
  if (selection.filter !== undefined && selection.filter.trim() !== '') parts.push(`(${selection.filter})`);
  const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (selection.projects?.length) parts.push(`project in ${list(selection.projects)}`);
  if (selection.groups?.length) parts.push(`group in ${list(selection.groups)}`);
  if (selection.status?.length) parts.push(`status in ${list(selection.status)}`);
  return parts.length > 0 ? parts.join(' and ') : undefined;
}
