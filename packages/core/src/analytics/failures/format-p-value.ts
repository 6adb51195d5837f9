/** A p-value for a sentence: two significant digits, scientific notation below 1e-4 ("0.0045", "2.1e-6"). */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return 'NaN';
  if (p === 0) return '0';
  if (p >= 1e-4) return String(Number(p.toPrecision(2)));
  return p.toExponential(1).replace('.0e', 'e');
}
