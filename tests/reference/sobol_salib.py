"""Sobol indices by SALib on outputs computed by cluster-eval's design.

    python3 tests/reference/sobol_salib.py Y_FILE D

Y_FILE holds one model output per line, in SALib's layout for
calc_second_order=False (for each base row j: A_j, A_B^(1)_j ... A_B^(D)_j,
B_j). Prints JSON {"S1": [...], "S1_conf": [...], "ST": [...],
"ST_conf": [...]} from SALib.analyze.sobol.analyze. SALib's first-order
estimator is Saltelli et al. (2010) on outputs it centres and scales; its
total estimator is Jansen's, as cluster-eval's.
"""

import json
import sys

import numpy as np
from SALib.analyze import sobol


def main():
    y = np.loadtxt(sys.argv[1])
    d = int(sys.argv[2])
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0, 1]] * d}
    si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=200, seed=1)
    print(json.dumps({k: list(map(float, si[k])) for k in ("S1", "S1_conf", "ST", "ST_conf")}))


if __name__ == "__main__":
    main()
