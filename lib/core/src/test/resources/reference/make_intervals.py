#!/usr/bin/env python3
"""Generates the reference confidence intervals for Vigil's metrics (intervals.json), independently of the Java code.

Reads the inputs of the metric fixtures beside this script and computes, at level 0.95 (z from scipy.stats.norm.ppf):

  * Wilson score interval (accuracy, binary precision, binary recall): the root pair of the quadratic
    (p - pi)^2 = z^2 pi (1 - pi) / n solved with numpy.roots (Java uses the closed form); unweighted cases are also
    checked against scipy.stats.binomtest(k, n).proportion_ci(method="wilson"). Weighted rows: n is Kish's effective
    size (sum w)^2 / sum w^2 for accuracy, and the subset's row count times (effective size / rows) for precision
    (rows predicted positive) and recall (rows truly positive).
  * DeLong (binary ROC-AUC): placement values from the full pairwise comparison matrix (O(n1 n0); Java uses a
    two-pointer sweep over sorted scores), var = var_w(V10) / (n1_eff - 1) + var_w(V01) / (n0_eff - 1); unweighted
    cases are also checked against the midrank (scipy.stats.rankdata) form of Sun & Xu. The interval is
    expit(logit(A) +- z * SE / (A (1 - A))) with scipy.special.logit/expit; at A = 0 or 1, A +- z * SE clipped.
  * normal interval of a mean (log loss, Brier, MAE, MSE, MAPE): mean +- z * SE with SE^2 = weighted variance /
    (n_eff - 1); unweighted this is scipy.stats.sem (checked). Lower bound floored at 0. RMSE: square roots of the
    MSE bounds.

Regenerate (from the repository root):  python3 lib/core/src/test/resources/reference/make_intervals.py
"""

import json
import math
from pathlib import Path

import numpy as np
import scipy.special
import scipy.stats

OUT = Path(__file__).resolve().parent
EPS = float(np.finfo(np.float64).eps)
LEVEL = 0.95
Z = float(scipy.stats.norm.ppf(0.5 + LEVEL / 2))
FIXTURES = ["binary_ties", "binary_weighted", "multiclass", "multiclass_weighted", "regression",
            "regression_weighted"]


def kish(w):
    return w.sum() ** 2 / (w ** 2).sum()


def wilson(p, n):
    # (p - x)^2 = z^2 x (1 - x) / n  <=>  (1 + z^2/n) x^2 - (2p + z^2/n) x + p^2 = 0
    a = 1 + Z * Z / n
    b = -(2 * p + Z * Z / n)
    c = p * p
    roots = np.sort(np.real(np.roots([a, b, c])))
    return max(0.0, float(roots[0])), min(1.0, float(roots[1]))


def mean_interval(x, w, floor=0.0):
    m = np.average(x, weights=w)
    var = np.average((x - m) ** 2, weights=w)
    se = math.sqrt(var / (kish(w) - 1))
    if np.all(w == 1):
        assert abs(se - scipy.stats.sem(x)) <= 1e-12 * max(1.0, se), (se, scipy.stats.sem(x))
    return max(floor, m - Z * se), m + Z * se


def delong(pos, wp, neg, wn):
    greater = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = greater @ wn / wn.sum()
    v01 = wp @ greater / wp.sum()
    auc = np.average(v10, weights=wp)

    def var_mean(v, w):
        return np.average((v - np.average(v, weights=w)) ** 2, weights=w) / (kish(w) - 1)

    var = var_mean(v10, wp) + var_mean(v01, wn)
    if np.all(wp == 1) and np.all(wn == 1):
        m, n = len(pos), len(neg)
        allr = scipy.stats.rankdata(np.concatenate([pos, neg]))
        tx = allr[:m] - scipy.stats.rankdata(pos)
        ty = allr[m:] - scipy.stats.rankdata(neg)
        v10b = tx / n
        v01b = 1 - ty / m
        var_b = np.var(v10b, ddof=1) / m + np.var(v01b, ddof=1) / n
        assert abs(var - var_b) <= 1e-12, (var, var_b)
    se = math.sqrt(var)
    if 0 < auc < 1:
        lo, hi = scipy.special.logit(auc) + np.array([-1, 1]) * Z * se / (auc * (1 - auc))
        return float(scipy.special.expit(lo)), float(scipy.special.expit(hi))
    return max(0.0, auc - Z * se), min(1.0, auc + Z * se)


def entry(bounds, method):
    return {"lower": float(bounds[0]), "upper": float(bounds[1]), "method": method}


def classification(d):
    y = np.array(d["actual"])
    yhat = np.array(d["predicted"])
    p = np.array(d["probabilities"], dtype=float)
    w = np.ones(len(y)) if d["weights"] is None else np.array(d["weights"], dtype=float)
    n = len(y)
    neff = kish(w)
    out = {}
    acc = np.average(y == yhat, weights=w)
    out["Accuracy"] = entry(wilson(acc, neff), "wilson")
    if d["weights"] is None:
        ci = scipy.stats.binomtest(int((y == yhat).sum()), n).proportion_ci(LEVEL, method="wilson")
        assert abs(ci.low - out["Accuracy"]["lower"]) < 1e-12 and abs(ci.high - out["Accuracy"]["upper"]) < 1e-12
    rows_loss = -np.log(np.clip(p[np.arange(n), y], EPS, 1 - EPS))
    out["LogLoss"] = entry(mean_interval(rows_loss, w), "normal_mean")
    if d["task"] == "binary_classification":
        brier_rows = (p[:, 1] - (y == 1)) ** 2
        ratio = neff / n
        pred_pos = yhat == 1
        precision = np.average(y[pred_pos] == 1, weights=w[pred_pos])
        out["PrecisionBinary"] = entry(wilson(precision, pred_pos.sum() * ratio), "wilson")
        true_pos = y == 1
        recall = np.average(yhat[true_pos] == 1, weights=w[true_pos])
        out["RecallBinary"] = entry(wilson(recall, true_pos.sum() * ratio), "wilson")
        out["RocAuc"] = entry(delong(p[true_pos, 1], w[true_pos], p[~true_pos, 1], w[~true_pos]), "delong")
    else:
        onehot = np.eye(p.shape[1])[y]
        brier_rows = ((p - onehot) ** 2).sum(axis=1)
    out["Brier"] = entry(mean_interval(brier_rows, w), "normal_mean")
    return out


def regression(d):
    y = np.array(d["actual"], dtype=float)
    yhat = np.array(d["predicted"], dtype=float)
    w = np.ones(len(y)) if d["weights"] is None else np.array(d["weights"], dtype=float)
    e = np.abs(y - yhat)
    mse = mean_interval(e ** 2, w)
    return {
        "Mae": entry(mean_interval(e, w), "normal_mean"),
        "Mse": entry(mse, "normal_mean"),
        "Rmse": entry((math.sqrt(mse[0]), math.sqrt(mse[1])), "normal_mean_sqrt"),
        "Mape": entry(mean_interval(e / np.maximum(np.abs(y), EPS), w), "normal_mean"),
    }


def main():
    doc = {"level": LEVEL, "fixtures": {}}
    for name in FIXTURES:
        d = json.loads((OUT / f"{name}.json").read_text())
        doc["fixtures"][name] = regression(d) if d["task"] == "regression" else classification(d)
    (OUT / "intervals.json").write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print("wrote", OUT / "intervals.json")


if __name__ == "__main__":
    main()
