#!/usr/bin/env python3
"""Kendall's W for the panel used in tests/process.rs, computed with SciPy.

W = 12 S / (m^2 (n^3 - n) - m sum T) with average ranks for ties
(scipy.stats.rankdata) and T = sum (t^3 - t) per reviewer; the p-value is
scipy.stats.chi2.sf(m (n - 1) W, n - 1). Output (SciPy 1.17.1):

    W = 0.9039855072463768
    chi2 = 18.079710144927535
    p = 0.002848146871074079

Run: python3 tests/reference/kendall_w_scipy.py   (needs scipy)
"""

import numpy as np
from scipy.stats import chi2, rankdata

# Rows: reviewers P1..P4; columns: clusters A..F (the scores of tests/process.rs).
SCORES = np.array([
    [80, 72, 91, 65, 72, 88],
    [78, 70, 85, 60, 75, 90],
    [82, 82, 95, 70, 68, 86],
    [75, 71, 89, 66, 73, 79],
], dtype=float)

m, n = SCORES.shape
ranks = np.vstack([rankdata(r) for r in SCORES])
R = ranks.sum(axis=0)
S = ((R - R.mean()) ** 2).sum()
T = 0.0
for r in SCORES:
    _, counts = np.unique(r, return_counts=True)
    T += (counts ** 3 - counts).sum()
W = 12 * S / (m ** 2 * (n ** 3 - n) - m * T)
stat = m * (n - 1) * W
print("W =", repr(float(W)))
print("chi2 =", repr(float(stat)))
print("p =", repr(float(chi2.sf(stat, n - 1))))
