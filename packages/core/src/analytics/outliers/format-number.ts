/** A number for a message: 6 significant digits, no trailing zeros ("4.2", "0.000123457", "1.5e+21"). */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/**
 * `a` and `b` formatted with as few digits as still tell them apart, at least 6, so that a message never reads
 * "value 4.2 is above the fence 4.2".
 */
export function formatApart(a: number, b: number): [string, string] {
  for (let digits = 6; digits < 17; digits++) {
    const pair: [string, string] = [formatNumber(a, digits), formatNumber(b, digits)];
    if (pair[0] !== pair[1] || a === b) return pair;
  }
  return [String(a), String(b)];
}
