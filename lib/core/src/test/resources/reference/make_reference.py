#!/usr/bin/env python3
"""Generates Vigil's metric and drift reference fixtures, independently of the Java code under test.

Every expected value is computed here from its textbook or scikit-learn-documented definition with numpy/scipy
(scikit-learn itself is not available on the machine that produced these files). Where this script and the Java
engine could share a mistake, the script uses a different method:

  * ROC-AUC: the Mann-Whitney U statistic via scipy.stats.rankdata (average ranks for ties) when unweighted, the
    pairwise definition sum_{i pos, j neg} w_i w_j ([s_i > s_j] + 0.5 [s_i == s_j]) / (W_pos W_neg) when weighted.
    (Java sweeps thresholds and integrates the ROC curve by the trapezoid rule.)
  * average precision: scikit-learn's formula sum_n (R_n - R_{n-1}) P_n over distinct thresholds, each threshold's
    TP and FP counted directly with a mask (O(n * thresholds)), not by a cumulative sweep.
  * precision / recall / F1 / accuracy: counted directly from the label arrays with masks, not from a confusion matrix.
  * R^2: exact rational arithmetic (fractions.Fraction) on the rounded residuals, so the reference has no
    cancellation error; for a constant target it is exactly 0 (scikit-learn's force_finite rule).
  * weighted median (median absolute error with weights): 0.5 * (q(e) - q(-e)) with
    numpy.quantile(method="inverted_cdf", weights=...), i.e. the averaged inverted CDF.
  * KS: scipy.stats.ks_2samp(...).statistic.  PSI: numpy.histogram with -inf/+inf outer edges.
  * constant-predictor baselines: the constant predictions are materialised (majority class, class priors, mean,
    median) and scored with the same reference functions as the model.

Regenerate (from the repository root):  python3 lib/core/src/test/resources/reference/make_reference.py
It overwrites the *.json fixtures beside this script; the output is deterministic for a given numpy/scipy.
"""

import json
import math
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import scipy
import scipy.stats

OUT = Path(__file__).resolve().parent
EPS = float(np.finfo(np.float64).eps)  # scikit-learn's log-loss clip and MAPE floor for float64 input
PSI_EPSILON = 1e-4  # floor on bin proportions in PSI (Vigil's documented choice)


def clean(x):
    """JSON-safe: NaN becomes null (Java reads null as NaN)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.floating, float)):
        return None if math.isnan(x) else float(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def write(name, doc):
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(clean(doc), indent=1, allow_nan=False) + "\n")
    print("wrote", path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


# ---------------------------------------------------------------------------------------------------------------
# Classification reference functions (y, yhat: int class indices; w: float weights)


def accuracy(y, yhat, w):
    return np.sum(w * (y == yhat)) / np.sum(w)


def per_class_prf(y, yhat, w, classes):
    precision, recall, f1, support = [], [], [], []
    for k in range(classes):
        tp = np.sum(w[(y == k) & (yhat == k)])
        predicted = np.sum(w[yhat == k])
        actual = np.sum(w[y == k])
        precision.append(tp / predicted if predicted > 0 else 0.0)
        recall.append(tp / actual if actual > 0 else 0.0)
        f1.append(2 * tp / (actual + predicted) if actual + predicted > 0 else 0.0)
        support.append(actual)
    return np.array(precision), np.array(recall), np.array(f1), np.array(support)


def averages(y, yhat, w, classes):
    p, r, f, s = per_class_prf(y, yhat, w, classes)
    present = np.array([np.any(y == k) or np.any(yhat == k) for k in range(classes)])
    out = {}
    for name, values in (("Precision", p), ("Recall", r), ("F1", f)):
        out[name + "Macro"] = float(np.mean(values[present]))
        weights = s[present]
        out[name + "Weighted"] = float(np.average(values[present], weights=weights)) if weights.sum() > 0 \
            else float(np.mean(values[present]))
        if classes == 2:
            out[name + "Binary"] = float(values[1])
    recalls = [r[k] for k in range(classes) if s[k] > 0]
    out["BalancedAccuracy"] = float(np.mean(recalls))
    out["Accuracy"] = float(accuracy(y, yhat, w))
    return out, (p, r, f, s)


def auc_mann_whitney(scores, positive, w):
    pos, neg = positive, ~positive
    if not pos.any() or not neg.any():
        return float("nan")
    if np.all(w == 1.0):
        ranks = scipy.stats.rankdata(scores)  # average ranks for ties
        n_pos, n_neg = pos.sum(), neg.sum()
        u = ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0
        return float(u / (n_pos * n_neg))
    sp, wp = scores[pos], w[pos]
    sn, wn = scores[neg], w[neg]
    greater = (sp[:, None] > sn[None, :]).astype(float)
    ties = (sp[:, None] == sn[None, :]).astype(float)
    total = np.sum(wp[:, None] * wn[None, :] * (greater + 0.5 * ties))
    denominator = wp.sum() * wn.sum()
    return float(total / denominator) if denominator > 0 else float("nan")


def average_precision(scores, positive, w):
    total_positive = np.sum(w[positive])
    if total_positive == 0:
        return 0.0  # scikit-learn: recall set to 1 everywhere, AP = 0 (with a warning)
    ap, previous_recall = 0.0, 0.0
    for t in np.unique(scores)[::-1]:  # distinct thresholds, highest first
        selected = scores >= t
        tp = np.sum(w[selected & positive])
        fp = np.sum(w[selected & ~positive])
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        recall = tp / total_positive
        ap += (recall - previous_recall) * precision
        previous_recall = recall
    return float(ap)


def log_loss(y, proba, w):
    p = np.clip(proba[np.arange(len(y)), y], EPS, 1 - EPS)
    return float(np.sum(w * -np.log(p)) / np.sum(w))


def brier(y, proba, w, binary):
    if binary:
        return float(np.sum(w * (proba[:, 1] - (y == 1)) ** 2) / np.sum(w))
    onehot = np.eye(proba.shape[1])[y]
    return float(np.sum(w * np.sum((proba - onehot) ** 2, axis=1)) / np.sum(w))


def ranking(y, proba, w, classes, binary):
    auc = [float("nan")] * classes
    ap = [float("nan")] * classes
    for k in ([1] if binary else range(classes)):
        auc[k] = auc_mann_whitney(proba[:, k], y == k, w)
        ap[k] = average_precision(proba[:, k], y == k, w)
    if binary:
        return auc, ap, auc[1], ap[1]
    all_present = all(np.any(y == k) for k in range(classes))
    macro_auc = float(np.mean(auc))  # NaN if any class is undefined (scikit-learn raises)
    macro_ap = float(np.mean(ap)) if all_present else float("nan")
    return auc, ap, macro_auc, macro_ap


def classification_metrics(y, yhat, proba, w, classes, binary):
    out, per_class = averages(y, yhat, w, classes)
    auc, ap, out["RocAuc"], out["AveragePrecision"] = ranking(y, proba, w, classes, binary)
    out["LogLoss"] = log_loss(y, proba, w)
    out["Brier"] = brier(y, proba, w, binary)
    return out, per_class, auc, ap


def classification_fixture(name, description, labels, y, yhat, proba, w):
    classes = len(labels)
    binary = classes == 2
    weights = np.ones(len(y)) if w is None else w
    expected, (p, r, f, s), auc, ap = classification_metrics(y, yhat, proba, weights, classes, binary)
    expected["RowsScored"] = len(y)
    class_weight = np.array([np.sum(weights[y == k]) for k in range(classes)])
    majority = int(np.argmax(class_weight))
    priors = class_weight / class_weight.sum()
    constant_proba = np.tile(priors, (len(y), 1))
    constant, _, _, _ = classification_metrics(y, np.full(len(y), majority), constant_proba, weights, classes,
                                               binary)
    confusion = np.zeros((classes, classes))
    np.add.at(confusion, (y, yhat), weights)
    write(name, {
        "name": name,
        "description": description,
        "task": "binary_classification" if binary else "multiclass_classification",
        "labels": labels,
        "actual": y, "predicted": yhat, "probabilities": proba,
        "weights": None if w is None else w,
        "expected": expected,
        "constant": constant,
        "perClass": {"precision": p, "recall": r, "f1": f, "support": s, "rocAuc": auc, "averagePrecision": ap},
        "confusion": confusion,
    })


# ---------------------------------------------------------------------------------------------------------------
# Regression reference functions


def weighted_median(values, w):
    if np.all(w == 1.0):
        return float(np.median(values))
    lower = np.quantile(values, 0.5, weights=w, method="inverted_cdf")
    upper = -np.quantile(-values, 0.5, weights=w, method="inverted_cdf")
    return float((lower + upper) / 2.0)


def r2_exact(y, yhat, w):
    if len(y) < 2:
        return float("nan")
    fy = [Fraction(v) for v in y]
    fw = [Fraction(v) for v in w]
    mean = sum(a * b for a, b in zip(fw, fy)) / sum(fw)
    residual = sum(fw[i] * Fraction(float(y[i] - yhat[i])) ** 2 for i in range(len(y)))
    total = sum(fw[i] * (fy[i] - mean) ** 2 for i in range(len(y)))
    if total == 0:
        return 1.0 if residual == 0 else 0.0
    return float(1 - residual / total)


def regression_metrics(y, yhat, w):
    error = np.abs(yhat - y)
    mse = float(np.average((y - yhat) ** 2, weights=w))
    return {
        "Mae": float(np.average(error, weights=w)),
        "Mse": mse,
        "Rmse": math.sqrt(mse),
        "R2": r2_exact(y, yhat, w),
        "Mape": float(np.average(error / np.maximum(np.abs(y), EPS), weights=w)),
        "MedianAe": weighted_median(error, w),
    }


def regression_fixture(name, description, y, yhat, w):
    weights = np.ones(len(y)) if w is None else w
    expected = regression_metrics(y, yhat, weights)
    expected["RowsScored"] = len(y)
    mean = float(sum(Fraction(a) * Fraction(b) for a, b in zip(weights, y)) / sum(Fraction(v) for v in weights))
    median = weighted_median(y, weights)
    by_mean = regression_metrics(y, np.full(len(y), mean), weights)
    by_median = regression_metrics(y, np.full(len(y), median), weights)
    constant = {"Mse": by_mean["Mse"], "Rmse": by_mean["Rmse"], "R2": by_mean["R2"],
                "Mae": by_median["Mae"], "Mape": by_median["Mape"], "MedianAe": by_median["MedianAe"]}
    write(name, {
        "name": name, "description": description, "task": "regression",
        "actual": y, "predicted": yhat, "weights": None if w is None else w,
        "expected": expected, "constant": constant,
    })


# ---------------------------------------------------------------------------------------------------------------
# Drift reference functions


def baseline_edges(values, bins):
    """Quantile edges as Vigil defines them: numpy 'linear' quantiles at k/bins, interior ones deduplicated; when the
    top interior edge is the maximum (a discrete feature), one more edge just above it, so values beyond anything seen
    in training get a bin of their own; outer edges the min and max, nudged outwards by one ulp when they coincide
    with an interior edge."""
    q = np.quantile(values, np.linspace(0.0, 1.0, bins + 1))
    interior = np.unique(q[1:-1])
    if interior[-1] >= values.max():
        interior = np.append(interior, np.nextafter(values.max(), np.inf))
    low = values.min() if values.min() < interior[0] else np.nextafter(interior[0], -np.inf)
    high = values.max() if values.max() > interior[-1] else np.nextafter(interior[-1], np.inf)
    return np.concatenate(([low], interior, [high]))


def bin_counts(values, edges):
    outer = np.concatenate(([-np.inf], edges[1:-1], [np.inf]))
    counts, _ = np.histogram(values, bins=outer)
    return counts


def psi(expected_counts, actual_counts):
    e = np.maximum(expected_counts / expected_counts.sum(), PSI_EPSILON)
    a = np.maximum(actual_counts / actual_counts.sum(), PSI_EPSILON)
    return float(np.sum((a - e) * np.log(a / e)))


def drift_fixture(rng):
    n_train, n_live, sample_size, bins = 2000, 800, 500, 10
    training = {
        "income": rng.lognormal(10.0, 0.6, n_train),
        "age": rng.integers(18, 81, n_train).astype(float),
        "flag": (rng.random(n_train) < 0.3).astype(float),
        "constant": np.full(n_train, 3.0),
        "prediction": 1.0 / (1.0 + np.exp(-rng.normal(0.0, 1.5, n_train))),
    }
    live = {
        "income": rng.lognormal(10.25, 0.7, n_live),
        "age": rng.integers(25, 90, n_live).astype(float),
        "flag": (rng.random(n_live) < 0.3).astype(float),
        "constant": np.where(rng.random(n_live) < 0.1, 4.0, 3.0),
        "prediction": 1.0 / (1.0 + np.exp(-rng.normal(0.4, 1.5, n_live))),
    }
    features = []
    for name, values in training.items():
        edges = baseline_edges(values, bins)
        counts = bin_counts(values, edges)
        sample = np.sort(rng.permutation(values)[:sample_size])
        live_counts = bin_counts(live[name], edges)
        features.append({
            "feature": name,
            "training": values, "live": live[name],
            "binEdges": edges, "binCounts": counts, "sample": sample,
            "liveBinCounts": live_counts,
            "psi": psi(counts, live_counts),
            "ks": float(scipy.stats.ks_2samp(sample, live[name]).statistic),
        })
    write("drift", {
        "name": "drift",
        "description": f"{n_train} training and {n_live} live values per feature; baseline of {bins} quantile bins "
                       f"and a {sample_size}-value uniform sample; PSI epsilon {PSI_EPSILON}",
        "bins": bins, "psiEpsilon": PSI_EPSILON, "features": features,
    })


# ---------------------------------------------------------------------------------------------------------------


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def main():
    rng = np.random.default_rng(20260101)

    # Binary, unweighted, scores on a 0.05 grid (many ties), including 0 and 1 to exercise log-loss clipping.
    n = 400
    y = (rng.random(n) < 0.4).astype(int)
    score = np.round(sigmoid(1.4 * (y - 0.4) * 2 + rng.normal(0, 1.2, n)) * 20) / 20
    score[np.flatnonzero(y == 1)[0]] = 0.0
    score[np.flatnonzero(y == 0)[0]] = 1.0
    proba = np.column_stack((1.0 - score, score))
    classification_fixture("binary_ties", "400 rows, positive rate ~0.4, scores on a 0.05 grid (ties), one positive "
                           "scored 0 and one negative scored 1, threshold 0.5", ["stay", "leave"], y,
                           (score >= 0.5).astype(int), proba, None)

    # Binary with sample weights (dyadic, so every weighted sum is exact in binary floating point), a few zeros.
    n = 300
    y = (rng.random(n) < 0.3).astype(int)
    score = np.round(sigmoid(2.0 * (y - 0.3) + rng.normal(0, 1.0, n)), 3)
    w = rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 3.0], size=n, p=[0.02, 0.2, 0.38, 0.2, 0.1, 0.1])
    classification_fixture("binary_weighted", "300 rows with dyadic sample weights (some 0), scores rounded to "
                           "0.001 (some ties), threshold 0.5", ["negative", "positive"], y,
                           (score >= 0.5).astype(int), np.column_stack((1.0 - score, score)), w)

    # Binary where the positive class never occurs: ROC-AUC undefined, AP 0, recall ill-defined.
    n = 50
    y = np.zeros(n, dtype=int)
    score = np.round(rng.random(n), 2)
    classification_fixture("binary_single_class", "50 rows, all negative: ROC-AUC undefined (NaN), average "
                           "precision 0, binary recall ill-defined (0)", ["ham", "spam"], y,
                           (score >= 0.5).astype(int), np.column_stack((1.0 - score, score)), None)

    # Multiclass, 4 classes; class 3 occurs but is never predicted (precision ill-defined -> 0).
    for name, weighted in (("multiclass", False), ("multiclass_weighted", True)):
        n = 500
        y = rng.choice(4, size=n, p=[0.35, 0.3, 0.25, 0.1])
        logits = 1.3 * np.eye(4)[y] + rng.normal(0, 1.0, (n, 4))
        logits[:, 3] = np.minimum(logits[:, 3], logits[:, :3].max(axis=1) - 0.05)
        proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        w = rng.choice([0.5, 1.0, 2.0, 4.0], size=n) if weighted else None
        classification_fixture(name, "500 rows, 4 classes (priors .35/.3/.25/.1), softmax probabilities, predicted "
                               "= argmax; class 'd' occurs but is never predicted"
                               + ("; dyadic sample weights" if weighted else ""),
                               ["a", "b", "c", "d"], y, proba.argmax(axis=1), proba, w)

    # Multiclass where one class never occurs in the true labels: one-vs-rest macro AUC and AP undefined.
    n = 60
    y = rng.choice(2, size=n)
    logits = rng.normal(0, 1.0, (n, 3)) + 1.5 * np.eye(3)[y]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    classification_fixture("multiclass_absent_class", "60 rows, 3 classes, class 'z' never occurs but is sometimes "
                           "predicted: macro ROC-AUC and AP undefined (NaN)", ["x", "y", "z"], y,
                           proba.argmax(axis=1), proba, None)

    # Regression with zeros in y_true (MAPE divides by eps there), even row count (median averages two values).
    n = 300
    y = rng.normal(5.0, 10.0, n)
    y[rng.choice(n, 15, replace=False)] = 0.0
    yhat = y + rng.normal(0.0, 2.0, n)
    regression_fixture("regression", "300 rows, 15 true values exactly 0 (MAPE uses eps = 2^-52 there), even row "
                       "count", y, yhat, None)

    n = 301
    y = rng.normal(-2.0, 4.0, n)
    y[:5] = 0.0
    yhat = y + rng.standard_t(3, n)
    w = rng.choice([0.25, 0.5, 1.0, 2.0, 3.0], size=n)
    regression_fixture("regression_weighted", "301 rows with dyadic sample weights, 5 true values exactly 0", y, yhat,
                       w)

    regression_fixture("regression_median_tie", "4 rows whose weights put the cumulative weight at exactly half on "
                       "a data point: the weighted median averages it with the next value",
                       np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.0, 5.0, 0.0]), np.array([1.0, 2.0, 1.0, 2.0]))

    regression_fixture("regression_constant_target", "7 rows whose true value is always 0.1: R^2's denominator is "
                       "exactly 0, so R^2 is 0 (1 for perfect predictions)",
                       np.full(7, 0.1), np.array([0.1, 0.2, 0.0, 0.1, 0.15, 0.05, 0.3]), None)

    drift_fixture(rng)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
