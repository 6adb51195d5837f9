/** Options and results of {@link analyzeFailures}. */
import type { ParamKind, ParamValue, RunStatus } from '../../domain/types.js';

/** Options of `analyzeFailures`. */
export interface AnalyzeFailuresOptions {
  /** Statuses that count as a failure. Default `['failed', 'crashed']`. */
  readonly failedStatuses?: readonly RunStatus[];
  /**
   * Statuses left out of the analysis altogether: a run still going has neither failed nor succeeded yet.
   * Default `['running']`. Every other status (`completed`, and `killed` unless listed above) counts as not failed.
   */
  readonly excludedStatuses?: readonly RunStatus[];
  /** Significance level applied to the Holm-adjusted p-values of the params. Default `0.05`. */
  readonly alpha?: number;
  /**
   * A param must be present in at least this many analysed runs to be tested, and association tests need at least
   * this many analysed runs in all. Default `4`.
   */
  readonly minRuns?: number;
}

/** Runs, failures among them, and their ratio (NaN for no runs). */
export interface FailureRate {
  readonly runs: number;
  readonly failed: number;
  readonly rate: number;
}

/** The failure rate of one project. */
export interface ProjectFailureRate extends FailureRate {
  readonly project: string;
}

/** The failure rate of one group (trial) of a project. */
export interface GroupFailureRate extends FailureRate {
  readonly project: string;
  readonly group: string;
}

/** The failure rate of the runs that have one value of a param. */
export interface ParamLevelFailureRate extends FailureRate {
  readonly value: ParamValue;
}

/**
 * The cut of a numeric param's sorted distinct values that best separates failed runs from the others. "Above" are
 * the runs on the high side of the cut, "below" those on the low side. With `op: '>='` the high side fails more
 * and holds exactly the runs with `param >= value`; with `op: '<='` the low side fails more and holds exactly the
 * runs with `param <= value`.
 */
export interface FailureThreshold {
  readonly op: '>=' | '<=';
  readonly value: number;
  readonly failedAbove: number;
  readonly totalAbove: number;
  readonly failedBelow: number;
  readonly totalBelow: number;
  /**
   * Two-sided Fisher exact p-value of the 2×2 table of this cut. It is the smallest over `candidates` cuts and is
   * not corrected for that search, so it reads optimistic; the param's `adjustedPValue` is the corrected evidence.
   */
  readonly pValue: number;
  /** How many cuts were scanned. */
  readonly candidates: number;
}

/** The test of association between a param and failure. */
export type FailureAssociationTest = 'fisher' | 'chi-square' | 'mann-whitney';

/** The effect size reported beside the test. */
export interface FailureEffect {
  /** Cramér's V for categorical params, the point-biserial r (failed = 1) for numeric ones. */
  readonly name: 'cramers-v' | 'point-biserial-r';
  readonly value: number;
}

/** How one param relates to failure. */
export interface ParamFailureAssociation {
  readonly param: string;
  /** `numeric` when every value is a finite number; strings, booleans, null and mixes are `categorical`. */
  readonly kind: ParamKind;
  /** Fisher exact for two levels, chi-square for more, Mann–Whitney U (failed vs not failed) for numeric params. */
  readonly test: FailureAssociationTest;
  /** Runs that have this param, and failures among them. */
  readonly runs: number;
  readonly failed: number;
  /** Odds ratio for Fisher, χ² for chi-square, U of the failed runs for Mann–Whitney. */
  readonly statistic: number;
  readonly pValue: number;
  /** Holm-adjusted across all tested params. */
  readonly adjustedPValue: number;
  /** `adjustedPValue < alpha`. */
  readonly significant: boolean;
  readonly effect: FailureEffect;
  /** Failure rate per value: categorical params, and numeric params with at most 6 distinct values. */
  readonly levels?: readonly ParamLevelFailureRate[];
  /** Numeric params only. */
  readonly threshold?: FailureThreshold;
}

/** Run durations of one failed status. */
export interface StatusDuration {
  readonly status: RunStatus;
  readonly count: number;
  readonly medianMs: number;
}

/** How long failed runs lived. NaN statistics when no failed run has a usable duration. */
export interface TimeToFailure {
  /** Failed runs with a usable duration. */
  readonly count: number;
  readonly medianMs: number;
  /** First and third quartiles (NumPy's linear method) and their difference. */
  readonly q1Ms: number;
  readonly q3Ms: number;
  readonly iqrMs: number;
  /** Median duration of the runs that did not fail, for comparison. */
  readonly succeededMedianMs: number;
  readonly byStatus: readonly StatusDuration[];
}

/** Crashes (lost heartbeats) on one host. */
export interface HostCrashes {
  readonly host: string;
  readonly runs: number;
  readonly crashed: number;
}

/** Runs whose heartbeat was lost (`crashed`). */
export interface HeartbeatLoss {
  readonly crashed: number;
  /** Median of heartbeat − start time over crashed runs: how long they lived before going silent. */
  readonly medianMsBeforeCrash: number;
  /** Hosts with at least one crash, most crashes first. */
  readonly byHost: readonly HostCrashes[];
}

/** What `analyzeFailures` reports. */
export interface FailureAnalysis {
  /** Runs analysed (excluded statuses left out). */
  readonly total: number;
  readonly failed: number;
  /** failed / total; NaN when no run was analysed. */
  readonly rate: number;
  /** Runs left out for their status (e.g. still running). */
  readonly excluded: number;
  /** Highest failure rate first. */
  readonly byProject: readonly ProjectFailureRate[];
  /** Highest failure rate first. */
  readonly byGroup: readonly GroupFailureRate[];
  /** Smallest adjusted p-value first. */
  readonly byParam: readonly ParamFailureAssociation[];
  readonly timeToFailure: TimeToFailure;
  readonly heartbeatLoss: HeartbeatLoss;
  /** Plain-language conclusions, the strongest evidence first. */
  readonly findings: readonly string[];
  readonly warnings: readonly string[];
}
