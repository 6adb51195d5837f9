"""SciPy reference values for runlens' hypothesis tests (packages/core/src/analytics/hypothesis).

Regenerate from the repository root with Debian's SciPy (the pyenv `python3` on PATH has none):

    /usr/bin/python3 scripts/scipy-reference/hypothesis.py

It rewrites packages/core/src/analytics/hypothesis/scipy-reference.json, which is committed; the vitest suite
`scipy-reference.test.ts` beside it compares every function with these values. The data sets come from numpy
Generators with fixed seeds, so running the script again gives the same file (for the same SciPy and numpy).

Conventions of the JSON:
- Non-finite numbers travel as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers), as
  everywhere in runlens.
- Inputs are stored as given to runlens, NaN included. SciPy is called on the NaN-free data (NaN dropped per sample,
  or per pair for correlations), because runlens drops NaN and reports how many; see `drop_nan` and `keep`.
- SciPy 1.10's Student-t quantile `t.ppf` (cephes `stdtri`) is accurate to only ~1e-8 relative (checked by
  quadrature of the density: `t.cdf(t.ppf(0.95, 30), 30) - 0.95` is 7.4e-10), while `t.cdf` is accurate to a few
  ulps. Confidence intervals here therefore use `t_quantile`, which polishes `t.ppf` with Newton steps on `t.cdf`.
- Where SciPy has no function (Cohen's d, Hedges' g, Cliff's delta, Holm, Welch's confidence interval in SciPy
  1.10), the value is computed here from the textbook formula, written out plainly and independently of the
  TypeScript code (Cliff's delta by counting all pairs, Holm by the statsmodels algorithm).
"""

import json
import math
import os
import sys
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats
from scipy.stats import contingency

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "..",
    "packages",
    "core",
    "src",
    "analytics",
    "hypothesis",
    "scipy-reference.json",
)

ALTERNATIVES = ["two-sided", "less", "greater"]


def enc(x):
    """Encodes a number (or nested list) for JSON, with non-finite values as strings."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in x]
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def t_quantile(p, df):
    """stats.t.ppf polished by Newton steps on the accurate stats.t.cdf (see the module docstring)."""
    q = stats.t.ppf(p, df)
    for _ in range(3):
        q -= (stats.t.cdf(q, df) - p) / stats.t.pdf(q, df)
    return q


def drop_nan(v):
    v = np.asarray(v, dtype=float)
    return v[~np.isnan(v)]


# ---------------------------------------------------------------------------------------------------------------
# Two-sample data sets: Welch's t-test, Mann-Whitney U, effect sizes.
# ---------------------------------------------------------------------------------------------------------------


def two_sample_sets():
    sets = []

    def add(name, a, b):
        sets.append({"name": name, "a": [float(v) for v in a], "b": [float(v) for v in b]})

    rng = np.random.default_rng(1001)
    add("normal shifted, unequal spread", rng.normal(0.0, 1.0, 20), rng.normal(0.8, 1.5, 25))
    rng = np.random.default_rng(1002)
    add("normal small shift", rng.normal(10.0, 2.0, 12), rng.normal(10.4, 2.0, 15))
    rng = np.random.default_rng(1003)
    add("normal large shift (tiny p)", rng.normal(0.0, 1.0, 30), rng.normal(3.0, 1.0, 30))
    rng = np.random.default_rng(1004)
    add("integer ties", rng.integers(0, 5, 15), rng.integers(1, 6, 18))
    rng = np.random.default_rng(1005)
    add("n = 2 each", rng.normal(0.0, 1.0, 2), rng.normal(1.0, 1.0, 2))
    rng = np.random.default_rng(1006)
    add("n = 3 each", rng.normal(0.0, 1.0, 3), rng.normal(2.0, 1.0, 3))
    rng = np.random.default_rng(1007)
    add("n = 2 against n = 3", rng.normal(0.0, 1.0, 2), rng.normal(0.5, 1.0, 3))
    rng = np.random.default_rng(1008)
    add("small exact, no ties", rng.normal(0.0, 1.0, 5), rng.normal(1.0, 1.0, 7))
    rng = np.random.default_rng(1009)
    add("one small one large (exact by auto)", rng.normal(0.5, 1.0, 4), rng.normal(0.0, 1.0, 40))
    rng = np.random.default_rng(1010)
    add("one sample constant", [2.5] * 6, rng.normal(3.0, 0.5, 8))
    rng = np.random.default_rng(1011)
    add("huge magnitudes (1e12)", 1e12 * rng.normal(1.0, 0.05, 14), 1e12 * rng.normal(1.03, 0.05, 16))
    rng = np.random.default_rng(1012)
    add("tiny magnitudes (1e-12)", 1e-12 * rng.normal(1.0, 0.2, 11), 1e-12 * rng.normal(1.3, 0.2, 9))
    rng = np.random.default_rng(1013)
    a = rng.normal(0.0, 1.0, 16)
    b = rng.normal(0.7, 1.0, 13)
    a[[2, 9]] = np.nan
    b[5] = np.nan
    add("NaN-containing (dropped before SciPy)", a, b)
    rng = np.random.default_rng(1014)
    a = rng.normal(5.0, 1.0, 10)
    add("identical samples", a, a.copy())
    add("ties within and across, small (exact forced gives truncated U)", [1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 7])
    rng = np.random.default_rng(1016)
    add("larger exact (30 x 30)", rng.normal(0.0, 1.0, 30), rng.normal(0.6, 1.0, 30))
    rng = np.random.default_rng(1017)
    add("complete separation, n = 8", rng.normal(0.0, 1.0, 8), rng.normal(0.0, 1.0, 8) + 100.0)
    return sets


def welch_reference(a, b, alternative, level=0.95):
    res = stats.ttest_ind(a, b, equal_var=False, alternative=alternative)
    n1, n2 = len(a), len(b)
    v1, v2 = np.var(a, ddof=1), np.var(b, ddof=1)
    se = math.sqrt(v1 / n1 + v2 / n2)
    df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
    diff = float(np.mean(a) - np.mean(b))
    # SciPy 1.10's ttest_ind has no confidence_interval(); this is what SciPy >= 1.11 returns for it.
    if alternative == "two-sided":
        q = t_quantile(0.5 + level / 2, df)
        ci = [diff - q * se, diff + q * se]
    elif alternative == "less":
        ci = [-math.inf, diff + t_quantile(level, df) * se]
    else:
        ci = [diff - t_quantile(level, df) * se, math.inf]
    return {
        "alternative": alternative,
        "statistic": enc(res.statistic),
        "pValue": enc(res.pvalue),
        "df": enc(df),
        "meanDifference": enc(diff),
        "ci": enc(ci),
    }


def mwu_reference(a, b):
    out = []
    for method in ["auto", "exact", "asymptotic"]:
        for alternative in ALTERNATIVES:
            for continuity in [True, False]:
                if method == "exact" and not continuity:
                    continue  # continuity only affects the normal approximation
                res = stats.mannwhitneyu(a, b, use_continuity=continuity, alternative=alternative, method=method)
                out.append(
                    {
                        "method": method,
                        "alternative": alternative,
                        "useContinuity": continuity,
                        "statistic": enc(res.statistic),
                        "pValue": enc(res.pvalue),
                    }
                )
    return out


def hedges_j_exact(df):
    """J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)), from exact integer factorials.

    exp(gammaln - gammaln) would lose |gammaln| * eps (1e-11 relative at df = 10000). With k = df // 2, the
    half-integer gamma values are Gamma(k + 1/2) = (2k)! sqrt(pi) / (4^k k!), so the ratio is a rational number
    times sqrt(pi)^(+-1), computed exactly and rounded once.
    """
    k = df // 2
    f = math.factorial
    if df % 2 == 0:  # Gamma(k) / Gamma(k - 1/2) = 4^(k-1) (k-1)!^2 / ((2k-2)! sqrt(pi))
        ratio = float(Fraction(4 ** (k - 1) * f(k - 1) ** 2, f(2 * k - 2))) / math.sqrt(math.pi)
    else:  # Gamma(k + 1/2) / Gamma(k) = (2k)! sqrt(pi) / (4^k k! (k-1)!)
        ratio = float(Fraction(f(2 * k), 4**k * f(k) * f(k - 1))) * math.sqrt(math.pi)
    return ratio / math.sqrt(df / 2)


def effect_reference(a, b):
    n1, n2 = len(a), len(b)
    df = n1 + n2 - 2
    s_pooled = math.sqrt(((n1 - 1) * np.var(a, ddof=1) + (n2 - 1) * np.var(b, ddof=1)) / df)
    d = (np.mean(a) - np.mean(b)) / s_pooled if s_pooled > 0 else math.nan
    j = hedges_j_exact(df) if df >= 2 else math.nan
    greater = sum(1 for x in a for y in b if x > y)
    less = sum(1 for x in a for y in b if x < y)
    delta = (greater - less) / (n1 * n2)
    return {
        "cohensD": enc(d),
        "hedgesCorrection": enc(j),
        "hedgesG": enc(d * j),
        "hedgesCorrectionApprox": enc(1 - 3 / (4 * df - 1)),
        "cliffsDelta": enc(delta),
    }


def two_sample_reference():
    cases = []
    for s in two_sample_sets():
        # SciPy's default nan_policy would propagate NaN; runlens drops it, so SciPy sees the NaN-free samples.
        a, b = drop_nan(s["a"]), drop_nan(s["b"])
        case = {"name": s["name"], "a": enc(s["a"]), "b": enc(s["b"])}
        case["welch"] = [welch_reference(a, b, alt) for alt in ALTERNATIVES] if min(len(a), len(b)) >= 2 else []
        # A constant sample against a varied one is fine for Welch; both constant is not (runlens says NaN).
        if np.var(a) == 0 and np.var(b) == 0:
            case["welch"] = []
        case["mannWhitney"] = mwu_reference(a, b)
        case["effectSizes"] = effect_reference(a, b)
        cases.append(case)
    return cases


def hedges_reference():
    return [
        {"df": df, "exact": enc(hedges_j_exact(df)), "approx": enc(1 - 3 / (4 * df - 1))}
        for df in [2, 3, 4, 5, 8, 10, 18, 30, 57, 100, 1000, 10000]
    ]


# ---------------------------------------------------------------------------------------------------------------
# Mean with a t confidence interval (used by the ranking in compareGroups).
# ---------------------------------------------------------------------------------------------------------------


def mean_ci_reference():
    out = []
    rng = np.random.default_rng(2001)
    samples = [
        ("n = 2", rng.normal(1.0, 1.0, 2)),
        ("n = 3", rng.normal(1.0, 1.0, 3)),
        ("n = 25", rng.normal(-4.0, 3.0, 25)),
        ("huge", 1e12 * rng.normal(1.0, 0.01, 10)),
        ("tiny", 1e-12 * rng.normal(1.0, 0.3, 10)),
    ]
    for name, x in samples:
        for level in [0.95, 0.9]:
            # stats.t.interval(level, n - 1, loc=mean, scale=sem), with the polished quantile.
            sem = stats.sem(x)
            half = t_quantile(0.5 + level / 2, len(x) - 1) * sem
            lo, hi = np.mean(x) - half, np.mean(x) + half
            out.append(
                {
                    "name": name,
                    "values": enc(x),
                    "level": level,
                    "mean": enc(np.mean(x)),
                    "ci": enc([lo, hi]),
                }
            )
    return out


# ---------------------------------------------------------------------------------------------------------------
# Multiple comparisons: Holm and Bonferroni.
# ---------------------------------------------------------------------------------------------------------------


def holm(p):
    """statsmodels.stats.multitest.multipletests(method='holm'), written out (statsmodels is not installed)."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    raw = p[order] * np.arange(m, 0, -1)
    adjusted_sorted = np.minimum(np.maximum.accumulate(raw), 1.0)
    out = np.empty(m)
    out[order] = adjusted_sorted
    return out


def multiple_reference():
    rng = np.random.default_rng(3001)
    vectors = [
        ("uniform", rng.uniform(0, 1, 8)),
        ("small p-values", rng.uniform(0, 0.05, 6)),
        ("ties", [0.01, 0.04, 0.01, 0.03, 0.04, 0.2]),
        ("monotone correction needed", [0.01, 0.02, 0.021, 0.5, 0.0101]),
        ("clipped at 1", [0.3, 0.6, 0.9, 0.45]),
        ("single", [0.02]),
        ("empty", []),
        ("tiny values", [1e-300, 1e-20, 3e-5, 0.04]),
    ]
    out = []
    for name, p in vectors:
        p = np.asarray(p, dtype=float)
        out.append(
            {
                "name": name,
                "pValues": enc(p),
                "holm": enc(holm(p)),
                "bonferroni": enc(np.minimum(p * len(p), 1.0)),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------------------------
# Contingency tables.
# ---------------------------------------------------------------------------------------------------------------


def contingency_reference():
    rng = np.random.default_rng(4001)
    tables = [
        ("2x2 moderate", [[12, 5], [7, 15]]),
        ("2x2 SciPy docs example", [[8, 2], [1, 5]]),
        ("2x2 symmetric small", [[3, 1], [1, 3]]),
        ("2x2 zero cell", [[0, 5], [6, 2]]),
        ("2x2 perfectly separated", [[4, 0], [0, 4]]),
        ("2x2 large counts", [[120, 80], [90, 110]]),
        ("2x2 very skewed (tiny p)", [[150, 3], [2, 160]]),
        ("2x2 independent", [[10, 20], [20, 40]]),
        ("2x2 single observation off-mode", [[1, 9], [11, 3]]),
        ("2x3", [[10, 4, 7], [3, 12, 9]]),
        ("3x4 random", rng.integers(2, 30, (3, 4)).tolist()),
        ("3x4 with a zero cell and small counts", [[0, 3, 1, 4], [2, 5, 0, 1], [6, 1, 2, 3]]),
        ("1x3 (one row)", [[4, 5, 6]]),
        # p far below 1e-16: 1 - CDF would read 0 here; the upper incomplete gamma keeps it
        ("2x3 strongly associated (tiny p)", [[60, 2, 1], [1, 55, 3]]),
        ("3x3 strongly associated (p ~ 1e-200)", [[200, 2, 1], [3, 180, 4], [2, 5, 190]]),
    ]
    out = []
    for name, t in tables:
        arr = np.asarray(t)
        case = {"name": name, "table": t}
        chi = {}
        for correction in [True, False]:
            res = stats.chi2_contingency(arr, correction=correction)
            chi["corrected" if correction else "uncorrected"] = {
                "statistic": enc(res[0]),
                "pValue": enc(res[1]),
                "df": int(res[2]),
                "expected": enc(res[3]),
            }
        case["chiSquare"] = chi
        if min(arr.shape) >= 2:
            case["cramersV"] = enc(contingency.association(arr, method="cramer"))
        if arr.shape == (2, 2):
            fisher = []
            for alternative in ALTERNATIVES:
                res = stats.fisher_exact(arr, alternative=alternative)
                fisher.append({"alternative": alternative, "oddsRatio": enc(res[0]), "pValue": enc(res[1])})
            case["fisher"] = fisher
        out.append(case)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Correlation.
# ---------------------------------------------------------------------------------------------------------------


def correlation_reference():
    sets = []
    rng = np.random.default_rng(5001)
    x = rng.normal(0, 1, 30)
    sets.append(("correlated normal", x, 0.6 * x + rng.normal(0, 0.8, 30)))
    rng = np.random.default_rng(5002)
    x = rng.normal(0, 1, 25)
    sets.append(("negative, strong (tiny p)", x, -2 * x + rng.normal(0, 0.1, 25)))
    rng = np.random.default_rng(5003)
    sets.append(("integer ties", rng.integers(0, 4, 20).astype(float), rng.integers(0, 3, 20).astype(float)))
    rng = np.random.default_rng(5004)
    sets.append(("n = 3", rng.normal(0, 1, 3), rng.normal(0, 1, 3)))
    rng = np.random.default_rng(5005)
    x = rng.uniform(0.1, 3, 12)
    sets.append(("monotone nonlinear", x, np.exp(x)))
    rng = np.random.default_rng(5006)
    sets.append(("independent", rng.normal(0, 1, 40), rng.normal(0, 1, 40)))
    rng = np.random.default_rng(5007)
    x = rng.normal(0, 1, 18)
    y = 0.5 * x + rng.normal(0, 1, 18)
    x[3] = np.nan
    y[[7, 11]] = np.nan
    sets.append(("NaN-containing (pairs dropped before SciPy)", x, y))
    rng = np.random.default_rng(5008)
    x = rng.normal(1, 0.1, 15)
    sets.append(("huge and tiny magnitudes", 1e12 * x, 1e-12 * (x + rng.normal(0, 0.1, 15))))
    out = []
    for name, x, y in sets:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        keep = ~(np.isnan(x) | np.isnan(y))
        xs, ys = x[keep], y[keep]
        case = {"name": name, "x": enc(x), "y": enc(y), "pearson": [], "spearman": []}
        for alternative in ALTERNATIVES:
            r = stats.pearsonr(xs, ys, alternative=alternative)
            case["pearson"].append({"alternative": alternative, "r": enc(r.statistic), "pValue": enc(r.pvalue)})
            s = stats.spearmanr(xs, ys, alternative=alternative)
            case["spearman"].append({"alternative": alternative, "rho": enc(s.statistic), "pValue": enc(s.pvalue)})
        out.append(case)
    return out


def point_biserial_reference():
    out = []
    rng = np.random.default_rng(6001)
    failed = rng.integers(0, 2, 30)
    values = rng.normal(0, 1, 30) + 0.9 * failed
    out.append(("failure indicator against a numeric param", failed, values))
    rng = np.random.default_rng(6002)
    failed = np.array([0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0])
    values = rng.integers(1, 4, 12).astype(float)
    out.append(("ties in the numeric variable", failed, values))
    rng = np.random.default_rng(6003)
    failed = np.array([1, 0, 0, 1, 0, 0, 0, 1, 1, 0])
    values = rng.normal(0, 1, 10)
    values[4] = np.nan
    out.append(("NaN-containing (pairs dropped before SciPy)", failed, values))
    cases = []
    for name, flag, values in out:
        flag = np.asarray(flag, dtype=float)
        values = np.asarray(values, dtype=float)
        keep = ~np.isnan(values)
        res = stats.pointbiserialr(flag[keep], values[keep])
        cases.append(
            {
                "name": name,
                "binary": [int(v) for v in flag],
                "values": enc(values),
                "r": enc(res[0]),
                "pValue": enc(res[1]),
            }
        )
    return cases


def main():
    data = {
        "generator": "scripts/scipy-reference/hypothesis.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "twoSample": two_sample_reference(),
        "hedgesCorrection": hedges_reference(),
        "meanConfidenceInterval": mean_ci_reference(),
        "multipleComparisons": multiple_reference(),
        "contingency": contingency_reference(),
        "correlation": correlation_reference(),
        "pointBiserial": point_biserial_reference(),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        # allow_nan=False proves enc() caught every non-finite number.
        json.dump(data, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
