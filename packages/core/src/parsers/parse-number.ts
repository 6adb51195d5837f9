/**
 * Reads one number token as printed by Python, NumPy, PyTorch or JavaScript, non-finite spellings included.
 */

/** Unambiguous (each digit can belong to one group only), so a failing megabyte token cannot backtrack. */
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

const NON_FINITE = new Map<string, number>([
  ['nan', Number.NaN],
  ['+nan', Number.NaN],
  ['-nan', Number.NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

/** No printed float needs more characters than this; longer tokens are not numbers we want. */
const MAX_TOKEN_LENGTH = 64;

/**
 * The value of a number token (`0.5`, `5e-05`, `3.93e+4`, `0.0000e+00`, `nan`, `NaN`, `-inf`, `Infinity`), or
 * undefined for anything else. Unlike `Number()`, the empty string, whitespace and hex are not numbers.
 *
 * @example
 * parseMetricNumber('nan') // NaN
 * parseMetricNumber('1e-05') // 0.00001
 * parseMetricNumber('0x10') // undefined
 */
export function parseMetricNumber(token: string): number | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  if (DECIMAL.test(token)) return Number(token);
  return NON_FINITE.get(token.toLowerCase());
}

/** A step read from a line: digits only, and small enough to be stored exactly. */
export function parseStep(digits: string): number | undefined {
  if (!/^\d{1,16}$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}
