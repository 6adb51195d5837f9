/** Plain-language conclusions of a failure analysis. */
import type { ParamValue } from '../../domain/types.js';
import { fisherExactTest } from '../hypothesis/fisher-exact.js';
import { formatNumber } from '../outliers/format-number.js';
import { formatDuration } from './format-duration.js';
import { pValueText } from './format-p-value.js';
import { splitTable } from './split-table.js';
import type {
  GroupFailureRate,
  HeartbeatLoss,
  ParamFailureAssociation,
  ParamLevelFailureRate,
  TimeToFailure,
} from './types.js';

/** What the findings are written from. */
export interface FindingsInput {
  readonly total: number;
  readonly failed: number;
  readonly alpha: number;
  /** Sorted, smallest adjusted p-value first. */
  readonly byParam: readonly ParamFailureAssociation[];
  readonly byGroup: readonly GroupFailureRate[];
  readonly timeToFailure: TimeToFailure;
  readonly heartbeatLoss: HeartbeatLoss;
}

/** Groups named one by one in the findings; the rest are counted. */
const MAX_GROUP_FINDINGS = 3;

/**
 * The findings, strongest evidence first:
 * 1. one sentence per significant param (adjusted p < alpha), smallest adjusted p first: the subset of runs that
 *    fails most — the best threshold of a numeric param, the most failing value of a categorical one — against the
 *    rest, with the Fisher exact p-value of that 2×2 table, e.g.
 *    "lr ≥ 10: 3 of 3 runs failed, against 0 of 9 otherwise (p = 0.0045, Fisher exact)";
 *    or, when none is significant, a sentence saying so;
 * 2. groups (of at least 2 runs) where every run failed: the failure repeats across seeds;
 * 3. time to failure, and lost heartbeats;
 * 4. the overall failure count.
 */
export function failureFindings(input: FindingsInput): string[] {
  const { total, failed } = input;
  if (total === 0) return [];
  if (failed === 0) return [`none of the ${total} runs failed`];
  const findings: string[] = [];

  const significant = input.byParam.filter((a) => a.significant);
  for (const association of significant) findings.push(paramFinding(association));
  if (significant.length === 0 && failed < total) findings.push(noAssociationFinding(input));

  const doomed = input.byGroup.filter((g) => g.runs >= 2 && g.failed === g.runs);
  for (const g of doomed.slice(0, MAX_GROUP_FINDINGS)) {
    findings.push(`every run of group ${g.group} (project ${g.project}) failed: ${g.failed} of ${g.runs}`);
  }
  if (doomed.length > MAX_GROUP_FINDINGS) {
    findings.push(`${doomed.length - MAX_GROUP_FINDINGS} more groups failed in every run`);
  }

  const ttf = input.timeToFailure;
  if (ttf.count > 0) {
    const spread = ttf.count >= 4 ? ` (IQR ${formatDuration(ttf.q1Ms)} to ${formatDuration(ttf.q3Ms)})` : '';
    const against = Number.isNaN(ttf.succeededMedianMs)
      ? ''
      : `, against ${formatDuration(ttf.succeededMedianMs)} for the runs that did not fail`;
    findings.push(`failed runs stopped after a median of ${formatDuration(ttf.medianMs)}${spread}${against}`);
  }

  const hb = input.heartbeatLoss;
  if (hb.crashed > 0) {
    const runs = hb.crashed === 1 ? '1 run' : `${hb.crashed} runs`;
    const lived = hb.medianMsBeforeCrash;
    const after = Number.isNaN(lived) ? '' : ` after a median of ${formatDuration(lived)}`;
    const top = hb.byHost[0];
    const host = hb.crashed >= 2 && top !== undefined && top.crashed === hb.crashed ? `, all on host ${top.host}` : '';
    findings.push(`${runs} lost the heartbeat (crashed)${after}${host}`);
  }

  findings.push(`${failed} of ${total} runs failed (${formatNumber((100 * failed) / total, 3)}%)`);
  return findings;
}

function paramFinding(a: ParamFailureAssociation): string {
  if (a.threshold !== undefined) {
    const t = a.threshold;
    const high = t.op === '>=';
    const [failedIn, totalIn, failedOut, totalOut] = high
      ? [t.failedAbove, t.totalAbove, t.failedBelow, t.totalBelow]
      : [t.failedBelow, t.totalBelow, t.failedAbove, t.totalAbove];
    const subset = `${a.param} ${high ? '≥' : '≤'} ${formatNumber(t.value)}`;
    return splitSentence(subset, failedIn, totalIn, failedOut, totalOut, t.pValue);
  }
  const worst = worstLevel(a.levels ?? []);
  if (worst === undefined) return `${a.param} is associated with failure (${pValueText(a.pValue)})`;
  const failedOut = a.failed - worst.failed;
  const totalOut = a.runs - worst.runs;
  const { pValue } = fisherExactTest(splitTable(worst.failed, worst.runs, failedOut, totalOut));
  return splitSentence(`${a.param} = ${valueText(worst.value)}`, worst.failed, worst.runs, failedOut, totalOut, pValue);
}

function splitSentence(
  subset: string,
  failedIn: number,
  totalIn: number,
  failedOut: number,
  totalOut: number,
  pValue: number,
): string {
  const runs = totalIn === 1 ? 'run' : 'runs';
  return (
    `${subset}: ${failedIn} of ${totalIn} ${runs} failed, against ${failedOut} of ${totalOut} otherwise ` +
    `(${pValueText(pValue)}, Fisher exact)`
  );
}

/** The value that fails most often; ties go to the one with more runs, then to the first. */
function worstLevel(levels: readonly ParamLevelFailureRate[]): ParamLevelFailureRate | undefined {
  let worst: ParamLevelFailureRate | undefined;
  for (const level of levels) {
    if (worst === undefined || level.rate > worst.rate || (level.rate === worst.rate && level.runs > worst.runs)) {
      worst = level;
    }
  }
  return worst;
}

function noAssociationFinding(input: FindingsInput): string {
  const tested = input.byParam.filter((a) => !Number.isNaN(a.adjustedPValue));
  const closest = tested[0];
  if (closest === undefined) return 'no param could be tested for an association with failure';
  return (
    `no param is significantly associated with failure at alpha = ${formatNumber(input.alpha)} ` +
    `(closest: ${closest.param}, Holm-adjusted ${pValueText(closest.adjustedPValue)})`
  );
}

function valueText(value: ParamValue): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value === '' ? '""' : value;
  return String(value);
}
