import { RunlensError } from '../../errors.js';
import { AnalyticsQuerySchema, type AnalyticsQuery } from './query-schema.js';

/**
 * Validates a query's JSON form and fills in defaults. Throws a VALIDATION RunlensError naming the first bad field,
 * e.g. `invalid analytics query: metrics.0.reduce: Invalid option: expected one of "last"|...`.
 */
export function parseAnalyticsQuery(input: unknown): AnalyticsQuery {
  const parsed = AnalyticsQuerySchema.safeParse(input);
  if (parsed.success) {
    const metric = parsed.data.metrics.find((m) => m.reduce === 'at-step' && m.step === undefined);
    if (metric) throw new RunlensError('VALIDATION', `metric ${metric.key}: reduce at-step needs a step`, { field: 'step' });
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new RunlensError('VALIDATION', `invalid analytics query: ${path ? `${path}: ` : ''}${issue.message}`, { field: path });
}
