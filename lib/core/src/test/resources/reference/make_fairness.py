#!/usr/bin/env python3
"""Generates the reference fairness metrics and intervals (fairness.json), independently of the Java code.

Each case is a table of rows (group, true class, positive-class probability, weight) of a binary model whose
decision threshold is 0.5, a privileged group and a minimum of rows per group. For every other group with at least
the minimum rows (when the privileged group has them too), at level 0.95 (z = scipy.stats.norm.ppf(0.975)):

  * rates, with boolean masks over the arrays: positive-prediction rate sum(w [yhat = 1]) / sum(w), true-positive
    rate sum(w [yhat = 1, y = 1]) / sum(w [y = 1]); effective sizes by Kish, (sum w)^2 / sum w^2 (the row count when
    unweighted), over the group's rows and over its true positives;
  * Wilson limits of each rate: unweighted cases with scipy.stats.binomtest(k, n).proportion_ci(method="wilson"),
    weighted ones as the roots of (p - x)^2 = z^2 x (1 - x) / n_eff found with numpy.roots (the Java code uses the
    closed form); the two are checked against each other on the unweighted cases;
  * demographic parity difference and equal opportunity difference: the group's rate minus the privileged group's,
    with Newcombe's hybrid score interval (Newcombe 1998, method 10) from the Wilson limits;
  * disparate impact ratio: positive-prediction rate over the privileged group's, Katz's log interval
    exp(ln(p1 / p2) +- z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)) with x = p n_eff; when a group has no positive prediction
    0.5 is added to each group's successes and failures (x + 0.5, n + 1) for the interval, and a ratio of 0 keeps 0
    as its lower bound.

Regenerate (from the repository root):  python3 lib/core/src/test/resources/reference/make_fairness.py
"""

import json
import math
from pathlib import Path

import numpy as np
import scipy.stats

OUT = Path(__file__).resolve().parent
LEVEL = 0.95
Z = float(scipy.stats.norm.ppf(0.5 + LEVEL / 2))


def wilson_roots(p, n):
    a = 1 + Z * Z / n
    b = -(2 * p + Z * Z / n)
    c = p * p
    roots = np.sort(np.real(np.roots([a, b, c])))
    return max(0.0, float(roots[0])), min(1.0, float(roots[1]))


def wilson(successes, n, p, weighted):
    if not weighted:
        ci = scipy.stats.binomtest(int(successes), int(n)).proportion_ci(confidence_level=LEVEL, method="wilson")
        lo, hi = wilson_roots(p, n)
        assert abs(lo - ci.low) < 1e-12 and abs(hi - ci.high) < 1e-12, (lo, ci.low, hi, ci.high)
        return float(ci.low), float(ci.high)
    return wilson_roots(p, n)


def kish(w):
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0


def rates(y, yhat, w, weighted):
    pos = y == 1
    ppr = float((w * (yhat == 1)).sum() / w.sum())
    n_all = kish(w) if weighted else float(len(w))
    tpr = float((w * ((yhat == 1) & pos)).sum() / w[pos].sum()) if pos.any() else math.nan
    n_pos = kish(w[pos]) if weighted else float(pos.sum())
    return dict(rows=int(len(w)), ppr=ppr, n_all=n_all, tpr=tpr, n_pos=n_pos,
                k_all=int((yhat == 1).sum()), k_pos=int(((yhat == 1) & pos).sum()))


def newcombe(p1, l1, u1, p2, l2, u2):
    d = p1 - p2
    return d, max(-1.0, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)), \
        min(1.0, d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def katz(p1, n1, p2, n2):
    if p2 <= 0:
        return math.nan, math.nan, math.nan
    x1, x2, m1, m2 = p1 * n1, p2 * n2, n1, n2
    if x1 <= 0 or x2 <= 0:
        x1, x2, m1, m2 = x1 + 0.5, x2 + 0.5, m1 + 1, m2 + 1
    se = math.sqrt(max(0.0, 1 / x1 - 1 / m1 + 1 / x2 - 1 / m2))
    centre = math.log((x1 / m1) / (x2 / m2))
    lower = 0.0 if p1 == 0 else math.exp(centre - Z * se)
    return p1 / p2, lower, math.exp(centre + Z * se)


def case(name, rng, sizes, base, weighted, privileged="a", minimum=100, missing=15):
    rows = []
    for group, n in sizes.items():
        for _ in range(n):
            y = int(rng.random() < 0.45)
            shift = base[group]
            p = float(np.clip(rng.normal(0.5 + (0.25 if y else -0.25) + shift, 0.2), 0.0, 1.0))
            w = float(rng.uniform(0.2, 3.0)) if weighted else 1.0
            rows.append([group, y, p, w])
    for _ in range(missing):
        rows.append([None, int(rng.random() < 0.5), float(rng.random()), 1.0])
    g = np.array([r[0] if r[0] is not None else "" for r in rows])
    y = np.array([r[1] for r in rows])
    p = np.array([r[2] for r in rows])
    w = np.array([r[3] for r in rows])
    yhat = (p >= 0.5).astype(int)
    priv_mask = g == privileged
    priv = rates(y[priv_mask], yhat[priv_mask], w[priv_mask], weighted)
    groups = {}
    for group in sizes:
        if group == privileged:
            continue
        mask = g == group
        r = rates(y[mask], yhat[mask], w[mask], weighted)
        if r["rows"] < minimum or priv["rows"] < minimum:
            groups[group] = dict(rows=r["rows"], judged=False)
            continue
        pl, pu = wilson(r["k_all"], r["n_all"], r["ppr"], weighted)
        ql, qu = wilson(priv["k_all"], priv["n_all"], priv["ppr"], weighted)
        dpd = newcombe(r["ppr"], pl, pu, priv["ppr"], ql, qu)
        tl, tu = wilson(r["k_pos"], r["n_pos"], r["tpr"], weighted)
        sl, su = wilson(priv["k_pos"], priv["n_pos"], priv["tpr"], weighted)
        eod = newcombe(r["tpr"], tl, tu, priv["tpr"], sl, su)
        di = katz(r["ppr"], r["n_all"], priv["ppr"], priv["n_all"])
        groups[group] = dict(rows=r["rows"], judged=True, positiveRate=r["ppr"], truePositiveRate=r["tpr"],
                             demographicParityDifference=list(dpd), equalOpportunityDifference=list(eod),
                             disparateImpactRatio=list(di))
    return dict(name=name, privileged=privileged, minimumRows=minimum, weighted=weighted, rows=rows,
                rowsWithoutGroup=missing, expected=groups)


def main():
    rng = np.random.default_rng(20261202)
    cases = [
        case("unweighted", rng, {"a": 400, "b": 300, "c": 150, "d": 60},
             {"a": 0.05, "b": -0.08, "c": 0.0, "d": 0.0}, False),
        case("weighted", rng, {"a": 500, "b": 350, "c": 200}, {"a": 0.05, "b": -0.1, "c": 0.02}, True),
        # group c is never predicted positive: a ratio of 0, the Haldane-Anscombe correction for its interval
        case("no_positive_predictions", rng, {"a": 300, "c": 120}, {"a": 0.0, "c": -2.0}, False),
    ]
    (OUT / "fairness.json").write_text(json.dumps(dict(level=LEVEL, cases=cases), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
