/**
 * A small seeded pseudo-random generator, for everything that must repeat exactly: the demo's weight initialisation
 * and minibatches, seeded bootstrap resampling, jitter in plots, and randomised tests. `Math.random` cannot be seeded.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
}

/**
 * mulberry32: 32 bits of state, passes the usual statistical batteries well enough for initialising weights and
 * shuffling, and is exactly reproducible because it only uses 32-bit integer arithmetic.
 *
 * @example
 * const rng = createSeededRandom(42);
 * const w = rng.normal() * 0.1;
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  // Box-Muller yields normals in pairs; keeping the second halves the calls to log/sqrt/cos.
  let spareNormal: number | undefined;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}
