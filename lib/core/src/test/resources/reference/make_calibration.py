#!/usr/bin/env python3
"""Generates the reference expected calibration error and reliability diagram (calibration.json), independently of
the Java code.

Binning (Vigil's definition): 15 equal-width bins of a confidence c in [0, 1], bin = min(floor(15 c), 14).
Binary: c = the predicted probability of the positive class, outcome = [y = 1]. Multiclass: c = the top-label
confidence (probability of the predicted class, the argmax), outcome = [y = predicted].

The Java code keeps exact sums per bin and takes ECE = sum_b |sum w c - sum w o| / W. This script instead groups
the rows with np.bincount and averages: ECE = sum_b (W_b / W) * |mean_w(c)_b - mean_w(o)_b|, the textbook form
(Guo et al. 2017, with sample weights), and checks it against a plain Python loop over rows.

Regenerate (from the repository root):  python3 lib/core/src/test/resources/reference/make_calibration.py
"""

import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent
BINS = 15


def reference(conf, outcome, w):
    b = np.minimum(np.floor(conf * BINS).astype(int), BINS - 1)
    rows = np.bincount(b, minlength=BINS)
    wb = np.bincount(b, weights=w, minlength=BINS)
    cb = np.bincount(b, weights=w * conf, minlength=BINS)
    ob = np.bincount(b, weights=w * outcome, minlength=BINS)
    nz = wb > 0
    mean_c = np.where(nz, cb / np.where(nz, wb, 1), np.nan)
    freq = np.where(nz, ob / np.where(nz, wb, 1), np.nan)
    ece = float(np.sum(wb[nz] / w.sum() * np.abs(mean_c[nz] - freq[nz])))
    # A second, loop-based computation of the same definition.
    groups = {}
    for ci, oi, wi in zip(conf.tolist(), outcome.tolist(), w.tolist()):
        k = min(int(ci * BINS), BINS - 1)
        g = groups.setdefault(k, [0.0, 0.0, 0.0])
        g[0] += wi
        g[1] += wi * ci
        g[2] += wi * oi
    total = sum(g[0] for g in groups.values())
    loop = sum(abs(g[1] - g[2]) / total for g in groups.values() if g[0] > 0)
    assert abs(loop - ece) < 1e-12, (loop, ece)
    bins = [{"bin": int(k), "rows": int(rows[k]), "meanConfidence": float(mean_c[k]),
             "observedFrequency": float(freq[k])} for k in range(BINS) if rows[k] > 0]
    return ece, bins


def binary_case(rng, n, weighted):
    p = rng.beta(2, 2, n)
    p[:6] = [0.0, 1.0, 0.2, 0.4, 14 / 15, 1 / 15]
    y = (rng.random(n) < np.clip(p * 0.8 + 0.1, 0, 1)).astype(int)
    w = rng.integers(0, 5, n) / 4.0 if weighted else np.ones(n)
    predicted = (p >= 0.5).astype(int)
    ece, bins = reference(p, (y == 1).astype(float), w)
    return {"task": "BINARY_CLASSIFICATION", "labels": ["no", "yes"],
            "probabilities": [[1 - float(v), float(v)] for v in p], "actual": y.tolist(),
            "predicted": predicted.tolist(), "weights": w.tolist(), "ece": ece, "bins": bins}


def multiclass_case(rng, n):
    logits = rng.normal(0, 1.5, (n, 4))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(4, p=row) for row in probs])
    predicted = probs.argmax(axis=1)
    conf = probs[np.arange(n), predicted]
    ece, bins = reference(conf, (y == predicted).astype(float), np.ones(n))
    return {"task": "MULTICLASS_CLASSIFICATION", "labels": ["a", "b", "c", "d"],
            "probabilities": probs.tolist(), "actual": y.tolist(), "predicted": predicted.tolist(),
            "weights": [1.0] * n, "ece": ece, "bins": bins}


def main():
    rng = np.random.default_rng(20261202)
    cases = {"binary": binary_case(rng, 400, False), "binary_weighted": binary_case(rng, 300, True),
             "multiclass": multiclass_case(rng, 500)}
    (OUT / "calibration.json").write_text(json.dumps(cases, indent=1) + "\n")


if __name__ == "__main__":
    main()
