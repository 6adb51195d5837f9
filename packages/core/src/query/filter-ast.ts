/**
 * AST of the run filter language (DESIGN.md "Filter language"), e.g.
 * `params.lr > 1e-3 and status == "completed" and metrics.val_loss.min < 2.1 and tags contains "baseline"`.
 * Produced by `parseFilter`, evaluated in memory by `evaluateFilter`, compiled to parameterised SQL by the stores.
 */

export const METRIC_AGGREGATES = ['last', 'first', 'min', 'max', 'count', 'nan_count', 'first_step', 'last_step'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

export const RUN_ATTRIBUTES = [
  'id',
  'name',
  'project',
  'group',
  'status',
  'notes',
  'host',
  'command',
  'git_commit',
  'start_time',
  'end_time',
  'heartbeat',
  'exit_code',
  'duration',
  'tags',
] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

export type FieldRef =
  | { kind: 'param'; key: string }
  | { kind: 'metric'; key: string; agg: MetricAggregate }
  | { kind: 'summary'; key: string }
  | { kind: 'attr'; name: RunAttribute };

export type Literal = number | string | boolean | null;

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Every node carries `pos`: the 0-based column in the source where it starts, for error messages. */
export type FilterNode =
  | { type: 'and'; left: FilterNode; right: FilterNode; pos: number }
  | { type: 'or'; left: FilterNode; right: FilterNode; pos: number }
  | { type: 'not'; expr: FilterNode; pos: number }
  | { type: 'compare'; field: FieldRef; op: CompareOp; value: Literal; pos: number }
  /** `name ~ "^gpt"` (negate: `!~`): JavaScript regular expression, matched anywhere unless anchored. */
  | { type: 'match'; field: FieldRef; pattern: string; negate: boolean; pos: number }
  /** `tags contains "x"` (membership) or `notes contains "x"` (substring, case-sensitive). */
  | { type: 'contains'; field: FieldRef; value: string; negate: boolean; pos: number }
  | { type: 'in'; field: FieldRef; values: Literal[]; negate: boolean; pos: number }
  /** `params.lr exists` / `metrics.val_loss exists` (no aggregate needed). */
  | { type: 'exists'; field: FieldRef; negate: boolean; pos: number };

/** One sort key: `-metrics.val_loss.min` → `{field: {kind:'metric', key:'val_loss', agg:'min'}, desc: true}`. */
export interface SortField {
  field: FieldRef;
  desc: boolean;
}
