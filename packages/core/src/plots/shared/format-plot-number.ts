/** Numbers as plot text (tick labels, heatmap cells, AUC in a legend): short, with a true minus sign. */

/** U+2212: a real minus sign, as wide as a plus and set like one in every font runlens embeds (DejaVu). */
const MINUS = '\u2212';

function withMinus(s: string): string {
  return s.replace(/-/g, MINUS);
}

/**
 * `value` with at most `digits` significant digits and no trailing zeros: 0.000123 → "0.000123", 1234567 →
 * "1.23e+6" (digits 3), -0.5 → "−0.5". NaN and ±Infinity read "NaN", "∞", "−∞".
 *
 * @example formatPlotNumber(0.30000000000000004) // "0.3"
 */
export function formatPlotNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '\u221e' : `${MINUS}\u221e`;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 10 ** digits || abs < 1e-4 ? value.toExponential(digits - 1).replace(/\.?0+e/, 'e') : String(Number(value.toPrecision(digits)));
  return withMinus(text);
}

/** `value` with exactly `decimals` decimals (heatmap cells: "0.93", "−0.07"); NaN reads "n/a". */
export function formatPlotFixed(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'n/a' : formatPlotNumber(value);
  const text = value.toFixed(decimals);
  // -0.00 is a rounding artefact, not a negative value
  return Number(text) === 0 ? (0).toFixed(decimals) : withMinus(text);
}
