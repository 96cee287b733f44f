#!/usr/bin/env python3
"""The robustness analysis of `cluster-eval`, done with NumPy (and SALib for
the Sobol indices), as the speed reference of benches/robustness.rs.

Reads a case exported by the benchmark (target/bench-robustness/<case>/:
case.json with the model and the uncertain choices, fractions.bin with the
score fractions of every normalisation / imputation variant) and times the
same work as the Rust tool:

- mode "mc": R Monte Carlo replications of the uncertain choices; per
  cluster the median, 5th / 95th percentile and mean rank and the
  probability of being selected; the mean absolute rank shift;
- mode "sobol": SALib's Saltelli design (N (D + 2) runs), the mean
  absolute rank shift of every run, SALib's first-order and total indices
  with bootstrap confidence intervals.

The replications are evaluated in chunks of rows, each chunk with matrix
products (weights x fractions), one argsort per row for the ranks and
histograms for the statistics, so no Python loop runs per replication.

    python3 benches/robustness_numpy.py CASE_DIR [CASE_DIR ...]

prints one JSON line per case: case, mode, seconds (the timed work: all
after loading the inputs), runs, nominal_ok (the nominal choices reproduce
the official ranks; checked before timing) and a summary.
"""

import copy
import json
import math
import os
import sys
import time

import numpy as np

try:  # only the "sobol" mode needs SALib; imported here, outside the timing
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample
except ImportError:  # pragma: no cover
    sobol_analyze = sobol_sample = None

# Elements (rows x clusters) of one chunk's total matrix: 2 MB of float64,
# so that a chunk's temporaries (totals, order, ranks) stay in cache; larger
# chunks measured slower (1,000 clusters: ~0.5 s per 10,000 runs at 2^18,
# up to ~1 s at 2^20).
CHUNK_ELEMENTS = 1 << 18

# Salt of the weight-noise stream (the Rust tool xors its seed with "weigh").
WEIGHT_SALT = 0x7765_6967_6874


class Case:
    """A loaded case: the model, the variants' fractions, the choices."""

    def __init__(self, case_dir):
        with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
            c = json.load(f)
        self.name = os.path.basename(os.path.normpath(case_dir))
        self.spec = c
        self.mode = c["mode"]
        self.n = int(c["clusters"])
        self.m = int(c["indicators"])
        self.k = int(c["nodes"])
        self.total_points = float(c["total_points"])
        self.decimals = int(c["decimals"])
        self.floor = float(c["geometric_floor"])
        self.ind_parent = np.asarray(c["ind_parent"], dtype=np.intp)
        self.node_parent = np.asarray(c["node_parent"], dtype=np.intp)
        self.bottom_up = [int(x) for x in c["bottom_up"]]
        self.ind_points = np.asarray(c["ind_points"], dtype=np.float64)
        self.node_points = np.asarray(c["node_points"], dtype=np.float64)
        self.imp_options = int(c["imp_options"])
        self.factors = c["factors"]
        self.replications = int(c["replications"])
        self.sobol_base = int(c["sobol_base"])
        self.bootstrap = int(c["bootstrap"])
        self.seed = int(c["seed"])
        self.select = int(c["select"])
        self.nominal_ranks = np.asarray(c["nominal_ranks"], dtype=np.int64)
        v = int(c["variants"])
        raw = np.fromfile(os.path.join(case_dir, "fractions.bin"), dtype="<f8")
        # (variant, indicator, cluster): F[v] is the right operand of W @ F[v].
        self.fractions = raw.reshape(v, self.m, self.n)


# ----------------------------------------------------------------------------
# Ranking
# ----------------------------------------------------------------------------

def competition_ranks(totals, decimals):
    """1-based competition ranks of every row of `totals` (higher is better,
    ties share the best rank), after rounding to `decimals` decimals; the
    same as scipy.stats.rankdata(-row, method="min") row by row."""
    x = np.round(totals, decimals)
    rows, n = x.shape
    order = np.argsort(-x, axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    # Position of the first member of each run of equal values: positions
    # where the value changes, carried forward over the run.
    start = np.zeros((rows, n), dtype=np.int64)
    if n > 1:
        change = xs[:, 1:] != xs[:, :-1]
        start[:, 1:] = np.where(change, np.arange(1, n), 0)
    np.maximum.accumulate(start, axis=1, out=start)
    ranks = np.empty((rows, n), dtype=np.int64)
    np.put_along_axis(ranks, order, start + 1, axis=1)
    return ranks


# ----------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------

def pick(u, length):
    """Option index of factor values u in [0, 1): min(floor(u L), L - 1)."""
    return np.minimum((u * length).astype(np.intp), length - 1)


class Model:
    """Everything a replication reads, resolved once: the hierarchy as
    matrices, the nominal shares, the log fractions, the factor layout."""

    def __init__(self, case):
        self.case = case
        n, m, k = case.n, case.m, case.k
        self.n, self.m, self.k = n, m, k
        self.total_points = case.total_points
        self.decimals = case.decimals
        self.ind_parent = case.ind_parent
        self.node_parent = case.node_parent
        self.fractions = case.fractions
        # ln(max(f, floor)) for geometric aggregation (non-finite -> 0, as the
        # tool does).
        finite = np.where(np.isfinite(case.fractions), case.fractions, 0.0)
        self.log_fractions = np.log(np.maximum(finite, case.floor))

        # One-hot parent matrices: raw_ind @ p_ind + raw_node @ p_node sums
        # the children's shares of every node.
        self.p_ind = np.zeros((m, k))
        self.p_ind[np.arange(m), self.ind_parent] = 1.0
        self.p_node = np.zeros((k, k))
        kids = np.flatnonzero(self.node_parent >= 0)
        self.p_node[kids, self.node_parent[kids]] = 1.0

        # Nominal share of each child in its node (0 under a node of 0 points).
        def share(points, parent_points):
            return np.divide(points, parent_points,
                             out=np.zeros_like(points), where=parent_points > 0)

        self.base_ind = share(case.ind_points, case.node_points[self.ind_parent])
        self.base_node = np.zeros(k)
        self.base_node[kids] = share(case.node_points[kids],
                                     case.node_points[self.node_parent[kids]])

        # Nodes by depth below the root (the top-down pass goes level by level).
        depth = np.zeros(k, dtype=np.intp)
        for node in reversed(case.bottom_up):  # parents before children
            if self.node_parent[node] >= 0:
                depth[node] = depth[self.node_parent[node]] + 1
        self.levels = [np.flatnonzero(depth == d) for d in range(1, depth.max() + 1)]

        # below[j, c] = 1 when indicator j lies under node c: the number of
        # alive indicators under every node is alive_ind @ below.
        self.below = np.zeros((m, k))
        for j in range(m):
            node = self.ind_parent[j]
            while node >= 0:
                self.below[j, node] = 1.0
                node = self.node_parent[node]

        # The uncertain choices: which column of u drives which choice (a
        # later factor of the same kind overrides an earlier one).
        self.dims = len(case.factors)
        self.col = {}
        self.norm_len = self.imp_len = 1
        self.agg_geometric = np.array([False])
        self.excl_options = np.array([-1], dtype=np.intp)
        self.noise = None  # (range, normal) of the weights factor
        for d, f in enumerate(case.factors):
            kind = f["choice"]
            if kind == "weights":
                self.noise = (float(f["range"]), bool(f.get("normal", False)))
                self.col["weights"] = d
                if self.noise[0] <= 0.0:
                    self.noise = None
                    del self.col["weights"]
            elif kind == "normalisation":
                self.col[kind], self.norm_len = d, len(f["options"])
            elif kind == "imputation":
                self.col[kind], self.imp_len = d, len(f["options"])
            elif kind == "aggregation":
                self.col[kind] = d
                self.agg_geometric = np.array([o == "geometric" for o in f["options"]])
            elif kind == "exclusion":
                self.col[kind] = d
                self.excl_options = np.array(
                    [-1 if o is None else int(o) for o in f["options"]], dtype=np.intp)
            else:
                raise ValueError(f"unknown choice {kind!r}")

        # Without weight noise the weights only depend on the exclusion
        # option: one row per option (the nominal points for "none").
        if self.noise is None:
            opts = self.excl_options
            table = self.weights(np.ones((len(opts), k + m)), opts)
            table[opts < 0] = case.ind_points
            self.excl_weights = table

    # -- weights --------------------------------------------------------------

    def weights(self, mult, excluded):
        """Effective indicator points of every row: `mult` (rows, k + m) are
        the multipliers of the nodes' then the indicators' shares (column 0,
        the root, unused), `excluded` (rows,) the left-out indicator or -1."""
        rows = len(excluded)
        m = self.m
        mult = np.maximum(mult, 0.0)
        alive_ind = np.arange(m) != excluded[:, None]
        # A node is alive while an indicator below it is (all are without an
        # exclusion, even a node with no indicator at all).
        alive_node = (alive_ind @ self.below > 0) | (excluded < 0)[:, None]
        raw_node = self.base_node * mult[:, : self.k] * alive_node
        raw_ind = self.base_ind * mult[:, self.k:] * alive_ind
        # Renormalise the shares within every node.
        total = raw_ind @ self.p_ind + raw_node @ self.p_node
        t_ind = total[:, self.ind_parent]
        share_ind = np.divide(raw_ind, t_ind, out=np.zeros_like(raw_ind), where=t_ind > 0)
        # Effective points top down, one level of the hierarchy at a time.
        eff = np.empty((rows, self.k))
        eff[:, 0] = self.total_points
        for level in self.levels:
            parent = self.node_parent[level]
            t = total[:, parent]
            s = np.divide(raw_node[:, level], t, out=np.zeros_like(t), where=t > 0)
            eff[:, level] = eff[:, parent] * s
        return eff[:, self.ind_parent] * share_ind

    # -- one chunk of runs ------------------------------------------------------

    def ranks(self, u, mult=None):
        """Ranks (rows, n) of the runs at factor values `u` (rows, D);
        `mult` holds the weight multipliers of every row when the weights
        are uncertain."""
        rows = u.shape[0]

        def column(kind, length):
            d = self.col.get(kind)
            return np.zeros(rows, dtype=np.intp) if d is None else pick(u[:, d], length)

        variant = column("normalisation", self.norm_len) * self.imp_len \
            + column("imputation", self.imp_len)
        geometric = self.agg_geometric[column("aggregation", len(self.agg_geometric))]
        excl_idx = column("exclusion", len(self.excl_options))
        if self.noise is None:
            w = self.excl_weights[excl_idx]
        else:
            w = self.weights(mult, self.excl_options[excl_idx])

        # One matrix product per (variant, aggregation) group of rows.
        totals = np.empty((rows, self.n))
        group = variant * 2 + geometric
        for g in np.unique(group):
            sel = np.flatnonzero(group == g)
            v, geo = divmod(int(g), 2)
            if geo:
                # T exp(sum_j (w_j / T) ln max(f_ij, floor))
                logs = (w[sel] / self.total_points) @ self.log_fractions[v]
                totals[sel] = self.total_points * np.exp(logs)
            else:
                totals[sel] = w[sel] @ self.fractions[v]
        return competition_ranks(totals, self.decimals)

    def multipliers(self, rng, rows):
        """Weight multipliers of `rows` runs from `rng`."""
        r, normal = self.noise
        shape = (rows, self.k + self.m)
        if normal:
            return 1.0 + r * rng.standard_normal(shape)
        return 1.0 + r * (2.0 * rng.random(shape) - 1.0)

    def chunk_rows(self):
        return max(1, CHUNK_ELEMENTS // max(self.n, self.m + self.k))


# ----------------------------------------------------------------------------
# The analyses
# ----------------------------------------------------------------------------

def nominal_check(case):
    """The nominal choices (variant 0, arithmetic, nominal points) give the
    official ranks."""
    totals = case.ind_points @ case.fractions[0]
    ranks = competition_ranks(totals[None, :], case.decimals)[0]
    return bool(np.array_equal(ranks, case.nominal_ranks))


def smallest_rank_reaching(cum, total, q):
    """Smallest rank whose cumulative count reaches the share q (per row of
    the cumulative histogram `cum`, column r = rank r): the 'inverted_cdf'
    quantile."""
    need = max(math.ceil(q * total), 1)
    return np.argmax(cum >= need, axis=1)


def monte_carlo(case):
    model = Model(case)
    n, R = model.n, case.replications
    # The factor values of every replication, from the case seed; the
    # weight multipliers from their own stream (they are what the weights
    # factor's value selects), drawn chunk by chunk, so the result does not
    # depend on the chunk size.
    u = np.random.default_rng(case.seed).random((R, model.dims))
    wrng = np.random.default_rng([case.seed, WEIGHT_SALT])

    hist = np.zeros(n * (n + 1), dtype=np.int64)  # cluster-major, column = rank
    rank_sum = np.zeros(n, dtype=np.int64)
    shift_sum = 0  # sum of |rank - nominal rank| over runs and clusters (exact)
    offsets = np.arange(n) * (n + 1)
    step = model.chunk_rows()
    for lo in range(0, R, step):
        uc = u[lo:lo + step]
        mult = None if model.noise is None else model.multipliers(wrng, len(uc))
        ranks = model.ranks(uc, mult)
        hist += np.bincount((ranks + offsets).ravel(), minlength=hist.size)
        rank_sum += ranks.sum(axis=0)
        shift_sum += int(np.abs(ranks - case.nominal_ranks).sum())

    R = max(R, 1)  # no replications: zeros rather than a division by zero
    cum = np.cumsum(hist.reshape(n, n + 1), axis=1)
    select = min(case.select, n)
    stats = {
        "median_rank": smallest_rank_reaching(cum, R, 0.5),
        "p05_rank": smallest_rank_reaching(cum, R, 0.05),
        "p95_rank": smallest_rank_reaching(cum, R, 0.95),
        "mean_rank": rank_sum / R,
        "p_selected": cum[:, select] / R,
    }
    first = int(np.argmin(case.nominal_ranks))  # the (first) nominal leader
    summary = {
        # mean over runs of the mean over clusters (every run has n clusters)
        "mean_rank_shift": shift_sum / (R * n),
        "p_selected_first": float(stats["p_selected"][first]),
    }
    return case.replications, summary, stats


def sobol(case):
    if sobol_sample is None:
        raise RuntimeError("the sobol mode needs SALib (pip install SALib)")
    model = Model(case)
    d = model.dims
    problem = {
        "num_vars": d,
        "names": [f"x{i}_{f['choice']}" for i, f in enumerate(case.factors)],
        "bounds": [[0.0, 1.0]] * d,
    }
    x = sobol_sample.sample(problem, case.sobol_base, calc_second_order=False,
                            seed=case.seed)
    # The weights factor's value selects the multipliers: every distinct
    # value (A's and B's, each repeated in the A_B^(i) rows) gets one draw.
    table = inverse = None
    if model.noise is not None:
        values, inverse = np.unique(x[:, model.col["weights"]], return_inverse=True)
        table = model.multipliers(np.random.default_rng([case.seed, WEIGHT_SALT]),
                                  len(values))
    y = np.empty(len(x))
    step = model.chunk_rows()
    for lo in range(0, len(x), step):
        hi = min(lo + step, len(x))
        mult = None if table is None else table[inverse[lo:hi]]
        ranks = model.ranks(x[lo:hi], mult)
        y[lo:hi] = np.abs(ranks - case.nominal_ranks).mean(axis=1)
    si = sobol_analyze.analyze(problem, y, calc_second_order=False,
                               num_resamples=case.bootstrap, seed=case.seed)
    summary = {"S1": list(si["S1"]), "ST": list(si["ST"])}
    return len(y), summary, si


def finite(v):
    """JSON-safe: NaN / inf (e.g. indices of a constant output) -> null."""
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [finite(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return float(v) if math.isfinite(v) else None
    return v


def run(case_dir):
    case = Case(case_dir)
    nominal_ok = nominal_check(case)
    analysis = {"mc": monte_carlo, "sobol": sobol}.get(case.mode)
    if analysis is None:
        raise ValueError(f"{case_dir}: unknown mode {case.mode!r}")
    # Warm-up on a small version of the case (first calls into BLAS, page
    # faults), as the Rust benchmark does before its timed run.
    warm = copy.copy(case)
    warm.replications = min(100, case.replications)
    warm.sobol_base = min(16, case.sobol_base)
    analysis(warm)
    t0 = time.perf_counter()
    runs, summary, _ = analysis(case)
    seconds = time.perf_counter() - t0
    return {"case": case.name, "mode": case.mode, "seconds": seconds, "runs": runs,
            "nominal_ok": nominal_ok, "summary": finite(summary)}


def main(argv):
    if len(argv) < 2:
        print("usage: robustness_numpy.py CASE_DIR [CASE_DIR ...]", file=sys.stderr)
        return 2
    for case_dir in argv[1:]:
        print(json.dumps(run(case_dir)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
