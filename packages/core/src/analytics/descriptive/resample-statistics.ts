import { createSeededRandom } from '../../random/seeded-random.js';

/**
 * The bootstrap distribution: `statistic` of each of `resamples` samples drawn with replacement from `sample`.
 * Resample b draws its n indices one after another from a single generator seeded with `seed`, so the sequence is
 * fixed by (sample, resamples, seed); scripts/scipy-reference/descriptive.py reproduces it bit for bit.
 * `statistic` gets one reused buffer.
 */
export function resampleStatistics(
  sample: Float64Array,
  statistic: (xs: Float64Array) => number,
  resamples: number,
  seed: number,
): Float64Array {
  const n = sample.length;
  const rng = createSeededRandom(seed);
  const buffer = new Float64Array(n);
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) buffer[i] = sample[rng.int(n)]!;
    out[b] = statistic(buffer);
  }
  return out;
}
