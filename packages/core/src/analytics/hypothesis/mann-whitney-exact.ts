/**
 * The exact null distribution of the Mann–Whitney U statistic without ties. Hand-written because no JavaScript
 * library provides it (neither @stdlib nor jstat has it); SciPy computes the same numbers with a memoised
 * recursion.
 *
 * Under the null hypothesis every interleaving of the two samples is equally likely, and the number of
 * interleavings with U = u is the coefficient of q^u in the Gaussian binomial coefficient
 *   [m + n choose m]_q = Π_{j=1..m} (1 − q^(n+j)) / (1 − q^j).
 * Building that product one factor at a time costs O(m · K) for the coefficients up to K, against O(m · n · K)
 * for the textbook recursion f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u).
 */

/** Above this many multiply-adds an exact p-value would take long enough to block a request. */
export const MANN_WHITNEY_EXACT_MAX_WORK = 1e8;

/** The multiply-adds {@link mannWhitneyUCdf} needs for samples of sizes n1 and n2. */
export function mannWhitneyExactWork(n1: number, n2: number): number {
  return Math.min(n1, n2) * ((n1 * n2) / 2 + 1);
}

/**
 * P(U ≤ k) for samples of sizes n1 and n2 without ties (k is floored to an integer).
 *
 * @example mannWhitneyUCdf(0, 3, 3) // 1 / 20: only one interleaving puts all of the first sample first
 */
export function mannWhitneyUCdf(k: number, n1: number, n2: number): number {
  const total = n1 * n2;
  const u = Math.floor(k);
  if (u < 0) return 0;
  if (u >= total) return 1;
  // U is symmetric about n1·n2 / 2, so only the lower half of the distribution is ever built.
  if (u > total / 2) return 1 - lowerTail(total - u - 1, n1, n2);
  return lowerTail(u, n1, n2);
}

function lowerTail(u: number, n1: number, n2: number): number {
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  // coefficients[i] ends as P(U = i); each factor is scaled by j / (n + j) so the coefficients stay probabilities
  // (the unscaled counts reach binom(m + n, m), which overflows doubles for samples of a few hundred).
  const coefficients = new Float64Array(u + 1);
  coefficients[0] = 1;
  for (let j = 1; j <= m; j++) {
    // Dividing by (1 − q^j) first keeps every intermediate coefficient non-negative.
    for (let i = j; i <= u; i++) coefficients[i]! += coefficients[i - j]!;
    const shift = n + j;
    for (let i = u; i >= shift; i--) coefficients[i]! -= coefficients[i - shift]!;
    const scale = j / (n + j);
    for (let i = 0; i <= u; i++) coefficients[i]! *= scale;
  }
  let sum = 0;
  for (let i = 0; i <= u; i++) sum += coefficients[i]!;
  return Math.min(1, sum);
}
