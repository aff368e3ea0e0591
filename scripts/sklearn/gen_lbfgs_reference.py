"""Writes test/ml/optim/fixtures/sklearn-lbfgs-progress.json: scikit-learn's lbfgs objective after a
fixed number of iterations on the parity corpus (binomial, 2^12 hashed features, regParam 0.01,
C = 1/(n·regParam)), for lakelab's per-iteration progress test.

Run from the repository root with Debian's python (scikit-learn, scipy):
    /usr/bin/python3 scripts/sklearn/gen_lbfgs_reference.py
"""

import json
import os
import subprocess
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from gen_parity import EXPORT_JS, EVERY, MAX_CHARS, REG_PARAM, ROOT, hashing_tf, objective, spark_tokenize

OUT = os.path.join(ROOT, "test", "ml", "optim", "fixtures")
NUM_FEATURES = 4096


def main():
    rows = json.loads(subprocess.run(["node", "-e", EXPORT_JS, ROOT], check=True, capture_output=True).stdout)
    X = hashing_tf([spark_tokenize(r["text"]) for r in rows], NUM_FEATURES)
    y = np.array([1.0 if r["group"].startswith("spam") else 0.0 for r in rows])
    n = X.shape[0]
    points = []
    for max_iter in (5, 10, 20, 50):
        clf = LogisticRegression(C=1.0 / (n * REG_PARAM), solver="lbfgs", tol=1e-12, max_iter=max_iter)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stopping at max_iter is the point
            clf.fit(X, y)
        points.append(
            {
                "maxIter": max_iter,
                "iterations": int(clf.n_iter_[0]),
                "objective": objective(X, y, clf.coef_, clf.intercept_, REG_PARAM),
            }
        )
    out = {
        "generator": "sklearn.linear_model.LogisticRegression(solver='lbfgs'), scikit-learn " + sklearn.__version__,
        "every": EVERY,
        "maxChars": MAX_CHARS,
        "numFeatures": NUM_FEATURES,
        "regParam": REG_PARAM,
        "points": points,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "sklearn-lbfgs-progress.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
