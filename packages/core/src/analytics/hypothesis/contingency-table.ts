/** Checking a contingency table of counts and computing its margins and expected frequencies. */
import { RunlensError } from '../../errors.js';

/** A table of counts: rows of equal length, non-negative finite numbers. */
export type ContingencyTable = readonly (readonly number[])[];

/** Margins and expected counts under independence of a checked table. */
export interface TableMargins {
  readonly rows: number;
  readonly columns: number;
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  readonly total: number;
  /** rowTotal · columnTotal / total for each cell (NaN everywhere when the table is empty). */
  readonly expected: readonly (readonly number[])[];
}

/**
 * Checks `table` and computes its margins. A ragged table, a negative, fractional (when `integers`) or non-finite
 * count throws: these are programmer errors in building the table, not properties of the data.
 */
export function tableMargins(table: ContingencyTable, integers = false): TableMargins {
  const rows = table.length;
  const columns = rows === 0 ? 0 : table[0]!.length;
  const rowTotals = new Array<number>(rows).fill(0);
  const columnTotals = new Array<number>(columns).fill(0);
  table.forEach((row, r) => {
    if (row.length !== columns) {
      throw new RunlensError('VALIDATION', `ragged table: row ${r} has ${row.length} cells, row 0 has ${columns}`);
    }
    row.forEach((count, c) => {
      if (!Number.isFinite(count) || count < 0 || (integers && !Number.isInteger(count))) {
        const kind = integers ? 'a non-negative integer' : 'a non-negative finite number';
        throw new RunlensError('VALIDATION', `invalid count at row ${r}, column ${c}: ${count} (expected ${kind})`);
      }
      rowTotals[r]! += count;
      columnTotals[c]! += count;
    });
  });
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const expected = rowTotals.map((rt) => columnTotals.map((ct) => (total > 0 ? (rt * ct) / total : Number.NaN)));
  return { rows, columns, rowTotals, columnTotals, total, expected };
}

/** A warning naming the empty rows and columns of a table, or undefined when there are none. */
export function emptyMarginsWarning(margins: TableMargins): string | undefined {
  const emptyRows = margins.rowTotals.flatMap((t, i) => (t === 0 ? [i] : []));
  const emptyColumns = margins.columnTotals.flatMap((t, i) => (t === 0 ? [i] : []));
  if (emptyRows.length === 0 && emptyColumns.length === 0) return undefined;
  const parts: string[] = [];
  if (emptyRows.length > 0) parts.push(`row${emptyRows.length > 1 ? 's' : ''} ${emptyRows.join(', ')}`);
  if (emptyColumns.length > 0) parts.push(`column${emptyColumns.length > 1 ? 's' : ''} ${emptyColumns.join(', ')}`);
  return `the table has no observations in ${parts.join(' and ')} (0-based)`;
}
