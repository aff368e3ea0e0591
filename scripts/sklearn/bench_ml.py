"""scikit-learn side of `npm run bench -- ml` (bench/ml.ts runs it; not used by tests).

Reads a JSON file {texts, labels, train} (train: 1 = training row) and lakelab's HashingTF features
of the same texts as raw little-endian CSR arrays (<path>.indptr int32, .indices int32, .values
float64; 2^18 columns), and prints one JSON object:
  hashingVectorizerSeconds: median of 3 HashingVectorizer.transform runs (whitespace tokens,
    lowercase, alternate_sign=False, norm=None, 2^18 features), timed inside python;
  lbfgs: LogisticRegression(C = 1/(n·regParam), lbfgs) on the Spark-hashed features of the training
    rows (same features as lakelab: Spark tokenization + murmurhash3_32 seed 42), its fit time,
    final objective (mean log-loss + regParam/2·‖w‖²), iterations and held-out accuracy.
"""

import json
import statistics
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

from gen_parity import objective


def main():
    path, reg_param, tol = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    texts = data["texts"]
    y = np.array(data["labels"], dtype=float)
    train = np.array(data["train"], dtype=bool)

    vectorizer = HashingVectorizer(
        token_pattern=r"[^ \t\n\x0b\x0c\r]+", lowercase=True, alternate_sign=False, norm=None, n_features=2**18
    )
    times = []
    for _ in range(3):
        start = time.perf_counter()
        vectorizer.transform(texts)
        times.append(time.perf_counter() - start)

    indptr = np.fromfile(path + ".indptr", dtype="<i4")
    indices = np.fromfile(path + ".indices", dtype="<i4")
    values = np.fromfile(path + ".values", dtype="<f8")
    X = sp.csr_matrix((values, indices, indptr), shape=(len(texts), 2**18))
    Xtr, ytr = X[train], y[train]
    n = Xtr.shape[0]
    clf = LogisticRegression(C=1.0 / (n * reg_param), solver="lbfgs", tol=tol, max_iter=10_000)
    start = time.perf_counter()
    clf.fit(Xtr, ytr)
    fit_seconds = time.perf_counter() - start
    times100 = []
    for _ in range(3):
        clf100 = LogisticRegression(C=1.0 / (n * reg_param), solver="lbfgs", tol=tol, max_iter=100)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stopping at max_iter is the point here
            clf100.fit(Xtr, ytr)
        times100.append(time.perf_counter() - start)
    held = ~train
    accuracy = float((clf.predict(X[held]) == y[held]).mean()) if held.any() else float("nan")
    print(
        json.dumps(
            {
                "hashingVectorizerSeconds": statistics.median(times),
                "lbfgs": {
                    "seconds": fit_seconds,
                    "objective": objective(Xtr, ytr, clf.coef_, clf.intercept_, reg_param),
                    "iterations": int(clf.n_iter_[0]),
                    "heldOutAccuracy": accuracy,
                },
                "lbfgs100": {
                    "seconds": statistics.median(times100),
                    "objective": objective(Xtr, ytr, clf100.coef_, clf100.intercept_, reg_param),
                    "iterations": int(clf100.n_iter_[0]),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
