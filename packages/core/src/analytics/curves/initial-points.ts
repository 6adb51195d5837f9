/** How many first values set a curve's initial level. */

/** At most this many: one odd first value must not set the level, nor may a warm-up drag it on. */
export const MAX_INITIAL_POINTS = 5;

/**
 * The median of this many first good values is a curve's initial level: a twentieth of its `n` points, rounded,
 * between 1 and {@link MAX_INITIAL_POINTS}. A coarse curve (21 evaluations) starts from its first value, since
 * five of its points would already span a quarter of training.
 */
export function initialPointCount(n: number): number {
  return Math.min(MAX_INITIAL_POINTS, Math.max(1, Math.round(n / 20)));
}
