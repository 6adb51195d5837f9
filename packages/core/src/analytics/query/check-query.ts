/**
 * What makes a metric selection contradict itself, which its fields alone do not show: a step only means something
 * for `reduce: 'at-step'`, and a run's summary value is one number, so it has nothing to reduce. MetricSelectionSchema
 * refines with it, so every way into the engine (the parser, the HTTP route's schema, the builder) refuses such a
 * selection instead of silently answering another question.
 */

/** The fields the check reads. */
interface SelectionFields {
  key: string;
  context: 'series' | 'summary';
  reduce: string;
  step?: number | undefined;
}

/** The first contradiction of a selection: the field to blame and why; undefined when there is none. */
export function metricSelectionProblem(m: SelectionFields): { field: 'reduce' | 'step'; message: string } | undefined {
  if (m.context === 'summary' && m.reduce !== 'last') {
    return { field: 'reduce', message: `metric ${m.key}: context summary takes the run's final value, so reduce ${m.reduce} does not apply (use context series to reduce the logged points)` };
  }
  if (m.reduce === 'at-step' && m.step === undefined) return { field: 'step', message: `metric ${m.key}: reduce at-step needs a step` };
  if (m.reduce !== 'at-step' && m.step !== undefined) {
    return { field: 'step', message: `metric ${m.key}: step ${m.step} applies only to reduce at-step (reduce is ${m.reduce})` };
  }
  return undefined;
}
