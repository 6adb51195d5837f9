/** The 2×2 table of failures inside a subset of runs against the rest. */
import type { ContingencyTable } from '../hypothesis/contingency-table.js';

/** [[failed, not failed] of the subset, [failed, not failed] of the rest]: the table Fisher's test takes. */
export function splitTable(failedIn: number, totalIn: number, failedOut: number, totalOut: number): ContingencyTable {
  return [
    [failedIn, totalIn - failedIn],
    [failedOut, totalOut - failedOut],
  ];
}
