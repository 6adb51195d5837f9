import { P_UNDERFLOW } from '@runlens/core';
import { formatNumber } from '../cli/format.js';

/** A p-value for a table cell: `formatNumber`, except that one that underflowed to 0 reads `< 1e-300`. */
export function formatP(p: number): string {
  return p === 0 ? P_UNDERFLOW : formatNumber(p);
}
