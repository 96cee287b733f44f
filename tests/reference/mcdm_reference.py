"""Reference weights, TOPSIS closeness and rank correlations from peer tools.

pymcdm (PyPI, 1.4) computes entropy and CRITIC weights, AHP weights and
consistency, and TOPSIS closeness; SciPy computes Spearman's rho and
Kendall's tau-b. The matrices are fixed below. The output (JSON on stdout, with the
peers' versions under "peers") is committed as
tests/reference/mcdm_expected.json:

    python3 tests/reference/mcdm_reference.py > tests/reference/mcdm_expected.json

tests/mcdm.rs compares cluster-eval with these numbers: when pymcdm and SciPy
are installed (CI installs them) it re-runs this script and checks the
committed file is what the tools print; otherwise it uses the committed file
and says so.

Notes on the peers' conventions:
- pymcdm's entropy sets the entropy of a column holding a zero to 0 (maximum
  weight); cluster-eval uses 0 * ln 0 = 0. The matrices here are strictly
  positive, where the two agree.
- pymcdm's AHP consistency ratio divides by the random index of Tummala and
  Ling (0.5799, 0.8921, ...); cluster-eval uses Saaty's (0.58, 0.90, ...).
  The consistency index CI = CR * RI is compared.
"""

import json
from importlib.metadata import version

import numpy as np
from pymcdm.methods import TOPSIS
from pymcdm.weights import critic_weights, entropy_weights
from pymcdm.weights.subjective import AHP
from scipy.stats import kendalltau, spearmanr

MATRICES = {
    # 6 alternatives x 4 criteria, all positive.
    "small": [
        [250, 16, 12, 5],
        [200, 16, 8, 3],
        [300, 32, 16, 4],
        [275, 32, 8, 4],
        [225, 16, 16, 2],
        [260, 24, 10, 5],
    ],
    # 10 x 5 with correlated and anti-correlated columns.
    "correlated": [
        [1.2, 40, 0.30, 7, 55],
        [3.4, 35, 0.10, 6, 61],
        [2.2, 50, 0.25, 9, 47],
        [4.8, 20, 0.05, 4, 70],
        [0.9, 60, 0.40, 8, 42],
        [2.9, 45, 0.15, 5, 58],
        [3.7, 30, 0.20, 3, 66],
        [1.5, 55, 0.35, 9, 50],
        [4.1, 25, 0.12, 6, 64],
        [2.6, 38, 0.22, 7, 53],
    ],
}

AHP_MATRICES = {
    # Saaty-style judgements on 3, 4 and 5 items.
    "three": [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]],
    "four": [[1, 2, 4, 3], [1 / 2, 1, 3, 2], [1 / 4, 1 / 3, 1, 1 / 2], [1 / 3, 1 / 2, 2, 1]],
    "five": [
        [1, 3, 5, 7, 9],
        [1 / 3, 1, 3, 5, 7],
        [1 / 5, 1 / 3, 1, 3, 5],
        [1 / 7, 1 / 5, 1 / 3, 1, 3],
        [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1],
    ],
}

RANKINGS = {
    "a": [1, 2, 3, 4, 5, 6, 7, 8],
    "b": [2, 1, 3, 5, 4, 6, 8, 7],
    "c": [1, 3, 3, 4, 6, 6, 7, 2],
}


def main():
    out = {
        "peers": {p: version(p) for p in ("pymcdm", "scipy", "numpy")},
        "weights": {},
        "topsis": {},
        "ahp": {},
        "correlations": [],
    }
    for name, rows in MATRICES.items():
        m = np.array(rows, dtype=float)
        ent = entropy_weights(m)
        cri = critic_weights(m)
        # TOPSIS with min-max normalisation (pymcdm's default), all criteria
        # benefit, weighted by the entropy weights.
        types = np.ones(m.shape[1])
        closeness = TOPSIS()(m, ent, types)
        out["weights"][name] = {
            "matrix": rows,
            "entropy": ent.tolist(),
            "critic": cri.tolist(),
        }
        out["topsis"][name] = {"weights": ent.tolist(), "closeness": closeness.tolist()}
    ri_tummala_ling = AHP.RI_M
    for name, rows in AHP_MATRICES.items():
        ahp = AHP(matrix=np.array(rows, dtype=float))
        w = ahp()
        n = len(rows)
        ci = ahp.get_cr() * ri_tummala_ling[n - 1]
        out["ahp"][name] = {"matrix": rows, "weights": list(map(float, w)), "ci": float(ci)}
    names = list(RANKINGS)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            x, y = RANKINGS[a], RANKINGS[b]
            out["correlations"].append(
                {
                    "a": x,
                    "b": y,
                    "spearman": float(spearmanr(x, y).statistic),
                    "kendall": float(kendalltau(x, y).statistic),
                }
            )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
