"""Reference values for runlens' descriptive statistics and bootstrap intervals, from NumPy and SciPy.

Regenerate (Debian's python3-numpy and python3-scipy; the pyenv `python3` on PATH has no SciPy):

    /usr/bin/python3 scripts/scipy-reference/descriptive.py

It writes packages/core/src/analytics/descriptive/scipy-reference.json, which is committed and read by
describe.test.ts and bootstrap-ci.test.ts. Every data set is drawn from a NumPy Generator with a fixed seed, so the
output only changes when this script, NumPy or SciPy changes.

Three kinds of reference per data set:
- `numpy`: what NumPy / SciPy return (np.mean, np.median, np.std and np.var with ddof=1, np.percentile with its
  default 'linear' method, scipy.stats.sem, scipy.stats.t.interval).
- `exact`: mean, variance, std, SEM and t interval computed in exact rational arithmetic (fractions.Fraction, then
  decimal square roots) and rounded once to float64. NumPy's two-pass variance loses digits when the mean is huge
  next to the spread (1e15 + noise) and underflows for 1e-300-scale values; `numpy_moments_exact` says whether
  NumPy agreed with the exact values to 1e-12, so the tests know which reference to hold the moments to.
  The t quantile of the exact intervals is scipy.stats.t.ppf polished by Newton steps on the CDF written with
  scipy.special.betainc: SciPy 1.10's t.ppf (cdflib) is off by up to 5e-9 relative (e.g. df = 30, p = 0.95; checked
  against the closed-form CDF for even df in 50-digit decimals), the polished one by about 1e-16.
- `bootstrap`: SciPy's percentile and BCa interval arithmetic (np.percentile and scipy.stats._resampling's
  _bca_interval, the code behind scipy.stats.bootstrap) applied to the bootstrap distribution that runlens'
  seeded generator produces. scipy.stats.bootstrap draws its own random resamples, so its numbers cannot be
  compared; instead this script re-implements runlens' mulberry32 generator (packages/core/src/random/
  seeded-random.ts) bit for bit and feeds SciPy the same resamples. The data are integers (exact means) or use
  the median, so the statistic itself is computed identically in both languages.

JSON has no NaN or Infinity; they are written as the strings "NaN", "Infinity" and "-Infinity" (runlens' wire
convention).
"""

from __future__ import annotations

import json
import math
import warnings
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import scipy
import scipy.special
import scipy.stats
from scipy.stats._resampling import _bca_interval

OUT = Path(__file__).resolve().parents[2] / "packages/core/src/analytics/descriptive/scipy-reference.json"
PERCENTILES = [0, 2.5, 5, 10, 25, 33.3, 50, 75, 90, 95, 97.5, 99, 100]
CONFIDENCE_LEVELS = [0.9, 0.95, 0.99]


def encode(x):
    """Float (or list of floats) to JSON-safe values: NaN and infinities as strings."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return [encode(v) for v in x]
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def datasets():
    """(name, description, values) with fixed seeds; values may contain NaN."""
    with_nan = np.random.default_rng(6).normal(5, 1, 20)
    with_nan[[3, 11, 17]] = np.nan
    return [
        ("normal_50", "normal(10, 2), n = 50", np.random.default_rng(1).normal(10, 2, 50)),
        ("lognormal_40", "lognormal(0, 1), n = 40, skewed", np.random.default_rng(2).lognormal(0, 1, 40)),
        ("ties_30", "integers 0..4, n = 30, many ties", np.random.default_rng(3).integers(0, 5, 30).astype(float)),
        ("signed_ties_15", "integers -3..3, n = 15", np.random.default_rng(13).integers(-3, 4, 15).astype(float)),
        ("n1", "a single value", np.array([3.5])),
        ("n2", "normal(0, 1), n = 2", np.random.default_rng(4).normal(0, 1, 2)),
        ("n3", "normal(0, 1), n = 3", np.random.default_rng(5).normal(0, 1, 3)),
        ("all_equal_6", "0.1 six times: the mean is not exactly 0.1 in naive float sums", np.full(6, 0.1)),
        ("with_nan_20", "normal(5, 1), n = 20, three of them NaN", with_nan),
        ("scale_1e15", "1e15 + normal(0, 10), n = 30: huge mean next to a small spread",
         1e15 + np.random.default_rng(7).normal(0, 10, 30)),
        ("offset_1e16", "1e16 + even integer offsets (exactly representable), n = 12",
         1e16 + 2.0 * np.random.default_rng(9).integers(0, 8, 12)),
        ("scale_1e-15", "normal(3e-15, 1e-15), n = 25", np.random.default_rng(8).normal(3e-15, 1e-15, 25)),
        ("scale_1e-300", "normal(5, 1) * 1e-300, n = 20: squares underflow",
         np.random.default_rng(10).normal(5, 1, 20) * 1e-300),
        ("scale_1e300", "normal(5, 1) * 1e300, n = 20: squares overflow",
         np.random.default_rng(11).normal(5, 1, 20) * 1e300),
        ("heavy_tailed_t2", "Student t with 2 degrees of freedom, n = 60",
         np.random.default_rng(12).standard_t(2, 60)),
    ]


def decimal_sqrt(q: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return (Decimal(q.numerator) / Decimal(q.denominator)).sqrt()


def accurate_t_quantile(p: float, df: int) -> float:
    """Student t quantile for p > 0.5: SciPy's estimate, polished on the incomplete-beta form of the CDF."""
    x = float(scipy.stats.t.ppf(p, df))
    for _ in range(3):
        upper_tail = 0.5 * scipy.special.betainc(df / 2, 0.5, df / (df + x * x))
        x += (upper_tail - (1 - p)) / scipy.stats.t.pdf(x, df)
    return x


def exact_moments(x: np.ndarray) -> dict:
    """Mean, variance (ddof=1), std, SEM and t intervals from exact rational arithmetic, rounded once."""
    n = len(x)
    fx = [Fraction(float(v)) for v in x]
    mean = sum(fx, Fraction(0)) / n
    if n < 2:
        nan = float("nan")
        return {"mean": float(mean), "variance": nan, "std": nan, "sem": nan,
                "ci": {str(c): [nan, nan] for c in CONFIDENCE_LEVELS}}
    var = sum(((v - mean) ** 2 for v in fx), Fraction(0)) / (n - 1)
    std = decimal_sqrt(var)
    sem = decimal_sqrt(var / n)
    ci = {}
    with localcontext() as ctx:
        ctx.prec = 60
        dmean = Decimal(mean.numerator) / Decimal(mean.denominator)
        for c in CONFIDENCE_LEVELS:
            half = Decimal(accurate_t_quantile((1 + c) / 2, n - 1)) * sem
            ci[str(c)] = [float(dmean - half), float(dmean + half)]
    # float(Fraction) rounds correctly, and overflows to OverflowError rather than inf
    try:
        variance = float(var)
    except OverflowError:
        variance = math.inf
    return {"mean": float(mean), "variance": variance, "std": float(std), "sem": float(sem), "ci": ci}


def numpy_stats(x: np.ndarray) -> dict:
    n = len(x)
    with warnings.catch_warnings():
        # n = 1 (ddof=1 divides by zero) and the 1e300 squares overflowing are reference cases, not accidents
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            mean = np.mean(x)
            sem = scipy.stats.sem(x)
            ci = {}
            for c in CONFIDENCE_LEVELS:
                low, high = scipy.stats.t.interval(c, n - 1, loc=mean, scale=sem) if n >= 2 else (np.nan, np.nan)
                ci[str(c)] = encode([low, high])
            return {
                "count": n,
                "mean": encode(mean),
                "median": encode(np.median(x)),
                "std": encode(np.std(x, ddof=1)),
                "variance": encode(np.var(x, ddof=1)),
                "min": encode(np.min(x)),
                "max": encode(np.max(x)),
                "percentiles": {repr_percentile(p): encode(v) for p, v in zip(PERCENTILES, np.percentile(x, PERCENTILES))},
                "sem": encode(sem),
                "ci": ci,
            }


def repr_percentile(p: float) -> str:
    """The key runlens uses for a percentile: JavaScript's String(p) (5 -> "5", 2.5 -> "2.5")."""
    return str(int(p)) if float(p).is_integer() else repr(float(p))


def rel_close(a: float, b: float, rel: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b))


def describe_entry(name: str, description: str, values: np.ndarray) -> dict:
    finite = values[~np.isnan(values)]
    exact = exact_moments(finite)
    ref = numpy_stats(finite)
    numpy_exact = all(
        rel_close(decode(ref[key]), exact[key], 1e-12) for key in ("mean", "variance", "std")
    )
    return {
        "name": name,
        "description": description,
        "values": encode(values),
        "nan_count": int(np.isnan(values).sum()),
        "numpy": ref,
        "exact": {
            "mean": encode(exact["mean"]),
            "variance": encode(exact["variance"]),
            "std": encode(exact["std"]),
            "sem": encode(exact["sem"]),
            "ci": {k: encode(v) for k, v in exact["ci"].items()},
        },
        "numpy_moments_exact": numpy_exact,
    }


def decode(v):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(v, v) if isinstance(v, str) else v


class Mulberry32:
    """Bit-for-bit port of createSeededRandom in packages/core/src/random/seeded-random.ts."""

    def __init__(self, seed: int):
        self.state = seed & 0xFFFFFFFF

    @staticmethod
    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def next(self) -> float:
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = self.imul(t ^ (t >> 15), t | 1)
        t ^= (t + self.imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def int(self, n: int) -> int:
        return math.floor(self.next() * n)


def bootstrap_distribution(x: np.ndarray, statistic, resamples: int, seed: int) -> np.ndarray:
    """The resample statistics in runlens' order: resample b draws its n indices one after another."""
    rng = Mulberry32(seed)
    n = len(x)
    out = np.empty(resamples)
    for b in range(resamples):
        idx = [rng.int(n) for _ in range(n)]
        out[b] = statistic(x[idx])
    return out


STATISTICS = {"mean": np.mean, "median": np.median}


def bootstrap_entry(name, description, values, statistic, resamples, seed, confidence):
    fn = STATISTICS[statistic]
    theta_hat_b = bootstrap_distribution(values, fn, resamples, seed)
    alpha = (1 - confidence) / 2
    pct_low = np.percentile(theta_hat_b, alpha * 100)
    pct_high = np.percentile(theta_hat_b, (1 - alpha) * 100)
    alpha_1, alpha_2, a_hat = _bca_interval((values,), lambda s, axis: fn(s, axis=axis), axis=-1, alpha=alpha,
                                            theta_hat_b=theta_hat_b, batch=None)
    alpha_1, alpha_2, a_hat = float(np.squeeze(alpha_1)), float(np.squeeze(alpha_2)), float(np.squeeze(a_hat))
    theta_hat = fn(values)
    score = ((theta_hat_b < theta_hat).sum() + (theta_hat_b <= theta_hat).sum()) / (2 * resamples)
    return {
        "name": name,
        "description": description,
        "values": encode(values),
        "statistic": statistic,
        "resamples": resamples,
        "seed": seed,
        "confidence": confidence,
        "estimate": encode(theta_hat),
        # a few resample statistics, to pin the generator port before comparing intervals
        "first_resample_statistics": encode(theta_hat_b[:5]),
        "percentile": encode([pct_low, pct_high]),
        "bca": encode([np.percentile(theta_hat_b, alpha_1 * 100), np.percentile(theta_hat_b, alpha_2 * 100)]),
        "bca_z0": encode(scipy.special.ndtri(score)),
        "bca_acceleration": encode(a_hat),
    }


def bootstrap_cases():
    return [
        bootstrap_entry("int_mean_25", "integers 0..19, n = 25, statistic mean (exact sums)",
                        np.random.default_rng(20).integers(0, 20, 25).astype(float), "mean", 2000, 7, 0.95),
        bootstrap_entry("lognormal_median_31", "lognormal(0, 1), n = 31, statistic median",
                        np.random.default_rng(21).lognormal(0, 1, 31), "median", 2000, 11, 0.95),
        bootstrap_entry("dyadic_mean_40", "normal(10, 3) rounded to multiples of 1/64 (exact sums), n = 40, mean",
                        np.round(np.random.default_rng(23).normal(10, 3, 40) * 64) / 64, "mean", 4000, 5, 0.95),
        bootstrap_entry("skewed_int_mean_12", "geometric(0.3), n = 12, statistic mean, 90 %",
                        np.random.default_rng(22).geometric(0.3, 12).astype(float), "mean", 1000, 3, 0.9),
    ]


def main():
    out = {
        "generated_by": "scripts/scipy-reference/descriptive.py",
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "percentiles": PERCENTILES,
        "confidence_levels": CONFIDENCE_LEVELS,
        "describe": [describe_entry(*d) for d in datasets()],
        "bootstrap": bootstrap_cases(),
    }
    OUT.write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
