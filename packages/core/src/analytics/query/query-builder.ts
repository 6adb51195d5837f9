/** The fluent, chainable form of an analytics query. Each call returns a new builder; `toJSON()` gives the JSON form. */
import type { RunStatus } from '../../domain/types.js';
import type { AnalyticsResult } from './analytics-result.js';
import { parseAnalyticsQuery } from './parse-query.js';
import type {
  AggregateFunction,
  AnalyticsQuery,
  AnalyticsQueryInput,
  MetricReduction,
  OutlierExclusion,
} from './query-schema.js';

/** Options of {@link AnalyticsQueryBuilder.metric}. */
export interface MetricOptions {
  /** `'series'` (default) reduces the logged points; `'summary'` takes the run's final value. */
  readonly context?: 'series' | 'summary';
  /** Default `'last'`. */
  readonly reduce?: MetricReduction;
  /** Step of `reduce: 'at-step'`. */
  readonly step?: number;
}

/** Options of {@link AnalyticsQueryBuilder.runs}. */
export interface RunsOptions {
  readonly project?: string;
  readonly status?: RunStatus | readonly RunStatus[];
  readonly filter?: string;
}

/**
 * An immutable query under construction.
 *
 * @example
 * const query = analytics()
 *   .runs({ project: 'sweep', status: 'completed', filter: 'params.lr < 5' })
 *   .metric('val/loss', { reduce: 'min' })
 *   .groupBy('params.lr')
 *   .excludeOutliers('val/loss', 'iqr', 1.5)
 *   .toJSON();
 */
export class AnalyticsQueryBuilder {
  constructor(private readonly input: AnalyticsQueryInput = {}) {}

  private with(patch: Partial<AnalyticsQueryInput>): AnalyticsQueryBuilder {
    return new AnalyticsQueryBuilder({ ...this.input, ...patch });
  }

  /** Only runs of these projects (adds to earlier calls). */
  projects(...names: string[]): AnalyticsQueryBuilder {
    const runs = this.input.runs ?? {};
    return this.with({ runs: { ...runs, projects: [...(runs.projects ?? []), ...names] } });
  }

  /** Only runs of these groups (trials). */
  groups(...names: string[]): AnalyticsQueryBuilder {
    const runs = this.input.runs ?? {};
    return this.with({ runs: { ...runs, groups: [...(runs.groups ?? []), ...names] } });
  }

  /** Project, status(es) and a filter-language expression; a later call replaces the filter. */
  runs(options: RunsOptions): AnalyticsQueryBuilder {
    const runs = this.input.runs ?? {};
    const status = options.status === undefined ? runs.status : typeof options.status === 'string' ? [options.status] : [...options.status];
    return this.with({
      runs: {
        ...runs,
        ...(options.project !== undefined ? { projects: [...(runs.projects ?? []), options.project] } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(options.filter !== undefined ? { filter: options.filter } : {}),
      },
    });
  }

  /** One metric column. */
  metric(key: string, options: MetricOptions = {}): AnalyticsQueryBuilder {
    return this.metrics([key], options);
  }

  /** Several metric columns reduced the same way. */
  metrics(keys: readonly string[], options: MetricOptions = {}): AnalyticsQueryBuilder {
    const added = keys.map((key) => ({ key, ...options }));
    return this.with({ metrics: [...(this.input.metrics ?? []), ...added] });
  }

  /** Drops runs whose `metric` is an outlier by `method` (default iqr, k 1.5). */
  excludeOutliers(metric: string, method: OutlierExclusion['method'] = 'iqr', threshold?: number): AnalyticsQueryBuilder {
    const rule = { metric, method, ...(threshold !== undefined ? { threshold } : {}) };
    return this.with({ excludeOutliers: [...(this.input.excludeOutliers ?? []), rule] });
  }

  /** `'group'` (default), `'project'`, or a param: `'params.<key>'` or its bare name (`'lr'`). */
  groupBy(field: string): AnalyticsQueryBuilder {
    return this.with({ groupBy: field });
  }

  /** Statistics of the aggregated table. Default count, mean, std, ci. */
  aggregate(functions: readonly AggregateFunction[]): AnalyticsQueryBuilder {
    return this.with({ aggregate: [...functions] });
  }

  /** Level of the mean's confidence interval. Default 0.95. */
  confidence(level: number): AnalyticsQueryBuilder {
    return this.with({ confidence: level });
  }

  /** The validated JSON form, defaults filled in. Throws a VALIDATION RunlensError for a bad query. */
  toJSON(): AnalyticsQuery {
    return parseAnalyticsQuery(this.input);
  }

  /** Validates the query and runs it on `engine`. */
  execute(engine: AnalyticsEngine): Promise<AnalyticsResult> {
    return engine.execute(this.toJSON());
  }
}

/** Whatever runs a query: the server's engine over a store, or a client posting to /api/v1/analytics/query. */
export interface AnalyticsEngine {
  execute(query: AnalyticsQuery): Promise<AnalyticsResult>;
}

/** Starts a query. See {@link AnalyticsQueryBuilder}. */
export function analytics(): AnalyticsQueryBuilder {
  return new AnalyticsQueryBuilder();
}
