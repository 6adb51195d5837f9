/**
 * Checks a query's fields against each other, which the schema alone does not: a step only means something for
 * `reduce: 'at-step'`, and a run's summary value is one number, so it has nothing to reduce. Shared by
 * `parseAnalyticsQuery` and `executeOnRuns`, so a query that reaches the engine without the parser (the HTTP route
 * validates with the bare schema) is held to the same rules instead of silently answering another question.
 */
import { RunlensError } from '../../errors.js';
import type { MetricSelection } from './query-schema.js';

/** Throws a VALIDATION RunlensError naming the metric and the field for the first selection that contradicts itself. */
export function checkMetricSelections(metrics: readonly MetricSelection[]): void {
  metrics.forEach((m, i) => {
    const fail = (field: string, message: string) => {
      throw new RunlensError('VALIDATION', `metric ${m.key}: ${message}`, { field: `metrics.${i}.${field}`, metric: m.key });
    };
    if (m.context === 'summary' && m.reduce !== 'last') {
      fail('reduce', `context summary takes the run's final value, so reduce ${m.reduce} does not apply (use context series to reduce the logged points)`);
    }
    if (m.reduce === 'at-step' && m.step === undefined) fail('step', 'reduce at-step needs a step');
    if (m.reduce !== 'at-step' && m.step !== undefined) {
      fail('step', `step ${m.step} applies only to reduce at-step (reduce is ${m.reduce})`);
    }
  });
}
