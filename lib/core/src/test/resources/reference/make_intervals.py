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
  * delta method on the confusion matrix (F1, macro/weighted precision/recall/F1, balanced accuracy): each metric is
    written as a function of the cell proportions pi (sklearn's conventions: averages over labels present in the true
    or predicted rows, 0 for a zero denominator); its Jacobian is taken numerically by the complex step
    (Im f(pi + i h e_tp) / h, exact to rounding; Java uses closed-form partial derivatives) and
    var = J (diag(pi) - pi pi^T) J^T / (n_eff - 1), the multinomial covariance. Interval
    expit(logit(f) +- z * SE / (f (1 - f))).
  * influence by the infinitesimal jackknife (multiclass one-vs-rest ROC-AUC, average precision, R^2): the metric is
    written as a function of the row weights w (ROC-AUC from the full pairwise comparison matrix of each class,
    average precision from the threshold-by-row indicator matrix, R^2 from weighted sums); each row's influence is
    U_i = W * d f / d w_i by the complex step, one evaluation per row (Java uses placement values, a two-pass sweep
    over the distinct scores, and closed-form influence functions), and var = (mean_w(U^2) - mean_w(U)^2) /
    (n_eff - 1). ROC-AUC and average precision: logit interval as above. R^2: the influence of log(1 - R^2) and the
    interval 1 - exp(log(1 - R^2) -+ z * SE).
  * order statistics (median absolute error): l = the largest rank with binom.cdf(l - 1, m, 1/2) <= (1 - level) / 2
    (scipy.stats.binom), m = floor(n_eff), bounds the l-th and (m - l + 1)-th smallest absolute errors, on the
    weighted CDF when weighted (smallest e with cumulative weight * m >= rank * W); unweighted also checked against
    scipy.stats.quantile_test(...).confidence_interval().

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


H = 1e-30  # complex step


def logit_interval(f, se):
    lo, hi = scipy.special.logit(f) + np.array([-1, 1]) * Z * se / (f * (1 - f))
    return float(scipy.special.expit(lo)), float(scipy.special.expit(hi))


def confusion_metrics(pi, present):
    """Every delta-method metric of the (possibly complex) cell proportions pi[true][predicted]."""
    c = pi.shape[0]
    support = pi.sum(axis=1)
    predicted = pi.sum(axis=0)
    tp = np.diagonal(pi)

    def ratio(num, den):
        return np.array([num[k] / den[k] if den[k].real > 0 else 0 * num[k] for k in range(c)])

    precision = ratio(tp, predicted)
    recall = ratio(tp, support)
    f1 = ratio(2 * tp, support + predicted)
    idx = [k for k in range(c) if present[k]]
    with_support = [k for k in range(c) if support[k].real > 0]
    out = {
        "BalancedAccuracy": sum(recall[k] for k in with_support) / len(with_support),
        "PrecisionMacro": sum(precision[k] for k in idx) / len(idx),
        "RecallMacro": sum(recall[k] for k in idx) / len(idx),
        "F1Macro": sum(f1[k] for k in idx) / len(idx),
    }
    ws = sum(support[k] for k in idx)
    for name, score in (("PrecisionWeighted", precision), ("RecallWeighted", recall), ("F1Weighted", f1)):
        out[name] = sum(support[k] * score[k] for k in idx) / ws
    if c == 2:
        out["F1Binary"] = f1[1]
    return out


def delta_intervals(y, yhat, w, c, expected):
    pi = np.zeros((c, c))
    np.add.at(pi, (y, yhat), w)
    pi = pi / w.sum()
    present = [(y == k).any() or (yhat == k).any() for k in range(c)]
    values = confusion_metrics(pi.astype(complex), present)
    cov = (np.diag(pi.ravel()) - np.outer(pi.ravel(), pi.ravel())) / (kish(w) - 1)
    out = {}
    for name, value in values.items():
        f = value.real
        assert abs(f - expected[name]) <= 1e-12, (name, f, expected[name])
        jac = np.zeros(c * c)
        for j in range(c * c):
            bumped = pi.astype(complex).ravel()
            bumped[j] += 1j * H
            jac[j] = confusion_metrics(bumped.reshape(c, c), present)[name].imag / H
        se = math.sqrt(jac @ cov @ jac)
        out[name] = entry(logit_interval(f, se), "delta_logit")
    return out


def jackknife_se(f, w):
    """SE of f(w) from the infinitesimal jackknife: U_i = W d f / d w_i by complex step."""
    big = w.sum()
    u = np.empty(len(w))
    for i in range(len(w)):
        bumped = w.astype(complex)
        bumped[i] += 1j * H
        u[i] = big * f(bumped).imag / H
    mean = np.average(u, weights=w)
    return math.sqrt((np.average(u * u, weights=w) - mean * mean) / (kish(w) - 1))


def roc_auc_ovr(y, p, w):
    """Macro one-vs-rest ROC-AUC as a function of the row weights, from each class's pairwise comparison matrix."""
    c = p.shape[1]
    total = 0
    for k in range(c):
        pos, neg = y == k, y != k
        s_pos, s_neg = p[pos, k], p[~pos, k]
        greater = (s_pos[:, None] > s_neg[None, :]) + 0.5 * (s_pos[:, None] == s_neg[None, :])
        total = total + (w[pos] @ greater @ w[neg]) / (w[pos].sum() * w[neg].sum())
    return total / c


def average_precision(scores, positive, w):
    """Step-wise average precision as a function of the row weights: rows with score >= t predicted positive."""
    thresholds = np.unique(scores)[::-1]
    at_or_above = (scores[None, :] >= thresholds[:, None]).astype(float)
    tp = at_or_above @ (w * positive)
    predicted = at_or_above @ w
    gained = np.diff(np.concatenate([[0], tp]))
    precision = np.array([tp[t] / predicted[t] if predicted[t].real > 0 else 0 * tp[t]
                          for t in range(len(thresholds))])
    return (gained * precision).sum() / (w * positive).sum()


def ranking_intervals(y, p, w, binary, expected):
    out = {}
    if binary:
        ap = lambda ww: average_precision(p[:, 1], (y == 1).astype(float), ww)
    else:
        c = p.shape[1]
        ap = lambda ww: sum(average_precision(p[:, k], (y == k).astype(float), ww) for k in range(c)) / c
        auc = roc_auc_ovr(y, p, w.astype(complex)).real
        assert abs(auc - expected["RocAuc"]) <= 1e-12, (auc, expected["RocAuc"])
        out["RocAuc"] = entry(logit_interval(auc, jackknife_se(lambda ww: roc_auc_ovr(y, p, ww), w)),
                              "delong_one_vs_rest")
    value = ap(w.astype(complex)).real
    assert abs(value - expected["AveragePrecision"]) <= 1e-12, (value, expected["AveragePrecision"])
    out["AveragePrecision"] = entry(logit_interval(value, jackknife_se(ap, w)), "influence_logit")
    return out


def r2_interval(y, yhat, w, expected):
    def log_unexplained(ww):
        big = ww.sum()
        mean = (ww * y).sum() / big
        return np.log((ww * (y - yhat) ** 2).sum() / big) - np.log((ww * (y - mean) ** 2).sum() / big)

    r2 = 1 - math.exp(log_unexplained(w.astype(complex)).real)
    assert abs(r2 - expected["R2"]) <= 1e-12, (r2, expected["R2"])
    se = jackknife_se(log_unexplained, w)
    centre = math.log(1 - r2)
    return entry((1 - math.exp(centre + Z * se), 1 - math.exp(centre - Z * se)), "delta_log_unexplained")


def median_interval(e, w, unweighted):
    m = int(math.floor(kish(w) + 0.0))
    tail = (1 - LEVEL) / 2
    rank = 0
    while scipy.stats.binom.cdf(rank, m, 0.5) <= tail:  # cdf(l - 1) <= tail for l = rank + 1
        rank += 1
    order = np.lexsort((w, e))
    e, w = e[order], w[order]
    cum = np.cumsum(w)
    total = w.sum()

    def kth(k):
        return float(e[np.argmax(cum * m >= k * total)])

    lower, upper = kth(rank), kth(m - rank + 1)
    if unweighted:
        ci = scipy.stats.quantile_test(e, q=np.median(e), p=0.5).confidence_interval(LEVEL)
        assert (ci.low, ci.high) == (lower, upper), (ci, lower, upper)
    return entry((lower, upper), "order_statistic")


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
    out.update(delta_intervals(y, yhat, w, p.shape[1], d["expected"]))
    out.update(ranking_intervals(y, p, w, d["task"] == "binary_classification", d["expected"]))
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
        "R2": r2_interval(y, yhat, w, d["expected"]),
        "MedianAe": median_interval(e, w, d["weights"] is None),
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
