/** A p-value for a sentence: two significant digits, scientific notation below 1e-4 ("0.0045", "2.1e-6"). */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return 'NaN';
  if (p === 0) return '0';
  if (p >= 1e-4) return String(Number(p.toPrecision(2)));
  return p.toExponential(1).replace('.0e', 'e');
}

/**
 * How a p-value that underflowed to exactly 0 (tests over tens of thousands of runs) is written: it is below the
 * smallest double the tests reach, not zero.
 */
export const P_UNDERFLOW = '< 1e-300';

/**
 * "p = 0.0045" for a sentence, or "p < 1e-300" for a p-value that underflowed. `format` writes the number (default
 * {@link formatPValue}); `compact` drops the spaces ("p=0.0045"), as figure labels do.
 *
 * @example pValueText(1 / 220) // 'p = 0.0045'
 * @example pValueText(0, { compact: true }) // 'p<1e-300'
 */
export function pValueText(p: number, options: { format?: (p: number) => string; compact?: boolean } = {}): string {
  const text = p === 0 ? `p ${P_UNDERFLOW}` : `p = ${(options.format ?? formatPValue)(p)}`;
  return options.compact ? text.replace(/ /g, '') : text;
}
