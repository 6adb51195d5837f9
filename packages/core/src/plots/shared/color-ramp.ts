/** Colours along a theme's sequential or diverging ramp, for marks that carry one colour each (lines, points). */

/** The stops of a ramp. Hex stops (`#rgb`, `#rrggbb`) are interpolated; any other CSS colour is used as it is. */
type Rgb = readonly [number, number, number];

function parseHex(colour: string): Rgb | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (m === null) return undefined;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The colour at `t` in [0, 1] along `scheme` (t = 0 the first stop, 1 the last), linearly interpolated in RGB
 * between hex stops; the nearest stop when a neighbour is not hex (a user theme may say `steelblue`). NaN gives the
 * first stop.
 *
 * @example rampColor(['#000000', '#ffffff'], 0.5) // '#808080'
 */
export function rampColor(scheme: readonly string[], t: number): string {
  const clamped = Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
  const pos = clamped * (scheme.length - 1);
  const i = Math.min(scheme.length - 2, Math.floor(pos));
  if (i < 0) return scheme[0]!;
  const f = pos - i;
  const a = parseHex(scheme[i]!);
  const b = parseHex(scheme[i + 1]!);
  if (a === undefined || b === undefined) return f < 0.5 ? scheme[i]! : scheme[i + 1]!;
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/**
 * `n` (≥ 2) colours spread evenly over the part [from, to] of `scheme`: a ramp that skips the palest stop (which
 * vanishes on the background for thin lines), or the same ramp reversed when `from > to`.
 *
 * @example sampleRamp(theme.sequential, 0.25, 1, 5)
 */
export function sampleRamp(scheme: readonly string[], from: number, to: number, n = 5): string[] {
  const count = Math.max(2, Math.floor(n));
  return Array.from({ length: count }, (_, k) => rampColor(scheme, from + ((to - from) * k) / (count - 1)));
}
