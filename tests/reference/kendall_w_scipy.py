#!/usr/bin/env python3
"""Kendall's W for the panel of tests/process/panels.rs, computed with SciPy.

W = 12 S / (m^2 (n^3 - n) - m sum T) with average ranks for ties
(scipy.stats.rankdata) and T = sum (t^3 - t) per reviewer; the p-value is
scipy.stats.chi2.sf(m (n - 1) W, n - 1). Prints JSON: the scores (the test
builds its reviews from them), W, chi2, p and the peers' versions. The
output is committed as tests/reference/kendall_w_expected.json:

    python3 tests/reference/kendall_w_scipy.py > tests/reference/kendall_w_expected.json
"""

import json
from importlib.metadata import version

import numpy as np
from scipy.stats import chi2, rankdata

# Rows: reviewers P1..P4; columns: clusters A..F (ties within P1 and P3).
SCORES = [
    [80, 72, 91, 65, 72, 88],
    [78, 70, 85, 60, 75, 90],
    [82, 82, 95, 70, 68, 86],
    [75, 71, 89, 66, 73, 79],
]


def main():
    x = np.array(SCORES, dtype=float)
    m, n = x.shape
    ranks = np.vstack([rankdata(r) for r in x])
    r = ranks.sum(axis=0)
    s = ((r - r.mean()) ** 2).sum()
    t = 0.0
    for row in x:
        _, counts = np.unique(row, return_counts=True)
        t += (counts ** 3 - counts).sum()
    w = 12 * s / (m ** 2 * (n ** 3 - n) - m * t)
    stat = m * (n - 1) * w
    out = {
        "peers": {p: version(p) for p in ("scipy", "numpy")},
        "scores": SCORES,
        "W": float(w),
        "chi2": float(stat),
        "df": n - 1,
        "p": float(chi2.sf(stat, n - 1)),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
