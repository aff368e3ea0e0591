"""scikit-learn side of `npm run bench -- ml` (bench/ml.ts runs it; not used by tests).

Usage: bench_ml.py <path> <regParam> <tol>. Reads a JSON file {texts, labels, train} (train: 1 =
training row) and lakelab's HashingTF features of the same texts as raw little-endian CSR arrays
(<path>.indptr int32, .indices int32, .values float64; 2^18 columns), prints {"ready": true}, then
answers one JSON line per command line read from stdin, so that bench/ml.ts can alternate its own
trials with these in one run (each timed inside its own process):
  hashing: one HashingVectorizer.transform of all texts (whitespace tokens, lowercase,
    alternate_sign=False, norm=None, 2^18 features): {seconds};
  lbfgs100: LogisticRegression(C = 1/(n·regParam), lbfgs, max_iter=100) on the training rows'
    Spark-hashed features (the same features as lakelab): {seconds, objective, iterations}, the
    objective being Spark's (mean log-loss + regParam/2·‖w‖²);
  lbfgs: the same fit run to tol: {seconds, objective, iterations, heldOutAccuracy};
  quit: exits.
"""

import json
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
    indptr = np.fromfile(path + ".indptr", dtype="<i4")
    indices = np.fromfile(path + ".indices", dtype="<i4")
    values = np.fromfile(path + ".values", dtype="<f8")
    X = sp.csr_matrix((values, indices, indptr), shape=(len(texts), 2**18))
    Xtr, ytr = X[train], y[train]
    n = Xtr.shape[0]

    def fit(max_iter):
        clf = LogisticRegression(C=1.0 / (n * reg_param), solver="lbfgs", tol=tol, max_iter=max_iter)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stopping at max_iter is the point of lbfgs100
            clf.fit(Xtr, ytr)
        seconds = time.perf_counter() - start
        result = {
            "seconds": seconds,
            "objective": objective(Xtr, ytr, clf.coef_, clf.intercept_, reg_param),
            "iterations": int(clf.n_iter_[0]),
        }
        return clf, result

    def hashing():
        start = time.perf_counter()
        vectorizer.transform(texts)
        return {"seconds": time.perf_counter() - start}

    def lbfgs():
        clf, result = fit(10_000)
        held = ~train
        accuracy = float((clf.predict(X[held]) == y[held]).mean()) if held.any() else float("nan")
        return {**result, "heldOutAccuracy": accuracy}

    commands = {"hashing": hashing, "lbfgs100": lambda: fit(100)[1], "lbfgs": lbfgs}
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        print(json.dumps(commands[command]()), flush=True)


if __name__ == "__main__":
    main()
