"""Sobol indices by SALib on outputs computed by cluster-eval's design.

    python3 tests/reference/sobol_salib.py Y_FILE D

Y_FILE holds one model output per line, in SALib's layout for
calc_second_order=False (for each base row j: A_j, A_B^(1)_j ... A_B^(D)_j,
B_j). Prints JSON {"S1": [...], "S1_conf": [...], "ST": [...],
"ST_conf": [...], "y_sha256": ..., "peers": {...}} from
SALib.analyze.sobol.analyze; y_sha256 is the SHA-256 of Y_FILE, so a
committed output names the outputs it was computed from. SALib's
first-order estimator is Saltelli et al. (2010) on outputs it centres and
scales; its total estimator is Jansen's, as cluster-eval's.

The output for the Ishigami function on cluster-eval's design (base 2048,
3 factors, seed 11) is committed as tests/reference/sobol_salib_expected.json.
To regenerate it (after a deliberate change of the design), run the test
`sobol_indices_agree_with_salib_on_the_same_design`: when the committed
digest no longer matches it writes the outputs to
target/reference/sobol_ishigami_y.txt; then

    python3 tests/reference/sobol_salib.py target/reference/sobol_ishigami_y.txt 3 \
        > tests/reference/sobol_salib_expected.json
"""

import hashlib
import json
import sys
from importlib.metadata import version

import numpy as np
from SALib.analyze import sobol


def main():
    with open(sys.argv[1], "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    y = np.loadtxt(sys.argv[1])
    d = int(sys.argv[2])
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0, 1]] * d}
    si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=200, seed=1)
    out = {k: list(map(float, si[k])) for k in ("S1", "S1_conf", "ST", "ST_conf")}
    out["y_sha256"] = digest
    out["peers"] = {p: version(p) for p in ("SALib", "numpy")}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
