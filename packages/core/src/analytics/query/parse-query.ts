import { RunlensError } from '../../errors.js';
import {
  AnalyticsQuerySchema,
  MetricSelectionSchema,
  OutlierExclusionSchema,
  RunSelectionSchema,
  type AnalyticsQuery,
} from './query-schema.js';

/** Options of {@link parseAnalyticsQuery}. */
export interface ParseAnalyticsQueryOptions {
  /**
   * Reject fields the format does not have (`group_by`, `metrics.0.reduction`) instead of dropping them. Default
   * `false`, as the HTTP API; a query written by hand in a file is read with `true`, so a typo is not silently ignored.
   */
  readonly rejectUnknownFields?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownIn(value: unknown, known: readonly string[], path: string): { path: string; known: readonly string[] }[] {
  if (!isRecord(value)) return [];
  return Object.keys(value).filter((k) => !known.includes(k)).map((k) => ({ path: `${path}${k}`, known }));
}

/** Every field of `input` the query format does not know, with the fields known where it stands. */
function unknownFields(input: unknown): { path: string; known: readonly string[] }[] {
  if (!isRecord(input)) return [];
  const items = (field: string, known: readonly string[]) => {
    const list = input[field];
    return Array.isArray(list) ? list.flatMap((item, i) => unknownIn(item, known, `${field}.${i}.`)) : [];
  };
  return [
    ...unknownIn(input, Object.keys(AnalyticsQuerySchema.shape), ''),
    ...unknownIn(input.runs, Object.keys(RunSelectionSchema.shape), 'runs.'),
    ...items('metrics', Object.keys(MetricSelectionSchema.shape)),
    ...items('excludeOutliers', Object.keys(OutlierExclusionSchema.shape)),
  ];
}

/**
 * Validates a query's JSON form and fills in defaults. Throws a VALIDATION RunlensError naming the first bad field,
 * e.g. `invalid analytics query: metrics.0.reduce: Invalid option: expected one of "last"|...`, or with
 * `rejectUnknownFields`, `invalid analytics query: unknown field group_by (fields: version, runs, ...)`.
 */
export function parseAnalyticsQuery(input: unknown, options: ParseAnalyticsQueryOptions = {}): AnalyticsQuery {
  const unknown = options.rejectUnknownFields ? unknownFields(input)[0] : undefined;
  if (unknown !== undefined) {
    throw new RunlensError('VALIDATION', `invalid analytics query: unknown field ${unknown.path} (fields: ${unknown.known.join(', ')})`, {
      field: unknown.path,
    });
  }
  const parsed = AnalyticsQuerySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new RunlensError('VALIDATION', `invalid analytics query: ${path ? `${path}: ` : ''}${issue.message}`, { field: path });
}
