#!/usr/bin/env python3
"""The roster work of `cluster-eval roster`, done with pandas and NumPy.

- read: `read_csv` (C parser) of only the columns used, numbers float64,
  everything else text;
- validate: every cluster cell in the registry (none blank), every flag
  cell yes/no (the engine's spellings, classified on the distinct values),
  no negative, NaN or infinite number, every credit code checked once
  (GB 32100-2015, vectorised with NumPy on the codes of 18 ASCII letters
  and digits; a code of another length goes through the exact port in
  roster_peers.py, a code with spaces around it can still be valid). A
  cluster's repeated listing of a code: the first row counts, the repeat is
  rejected; a code claimed by several clusters: the framework's duplicate
  policy;
- aggregate: a group-by per cluster of every derived field (count / sum /
  ratio / weighted count with its conditions), then the declared-vs-
  derived comparison (roster_peers.py).

    python3 benches/roster_pandas.py ROUND --out RESULT.json
"""

import sys
import time

import numpy as np
import pandas as pd

from roster_peers import ALPHABET, WEIGHTS, Refused, peer_main, uscc_valid

LUT = np.full(256, -1, dtype=np.int16)
for _i, _ch in enumerate(ALPHABET):
    LUT[ord(_ch)] = LUT[ord(_ch.lower())] = _i
W = np.array(WEIGHTS, dtype=np.int32)


def check_codes(codes: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(valid, the code in upper case) for every row."""
    s = codes.fillna("")
    fast = s.str.fullmatch(r"[0-9A-Za-z]{18}").to_numpy(dtype=bool)
    fixed = s.where(fast, "0" * 18).to_numpy().astype("S18")
    chars = np.frombuffer(fixed.tobytes(), dtype=np.uint8).reshape(-1, 18)
    vals = LUT[chars]
    ok = fast & (vals >= 0).all(axis=1)
    ok &= ((chars[:, 2:8] >= ord("0")) & (chars[:, 2:8] <= ord("9"))).all(axis=1)
    ok &= (31 - (vals[:, :17] * W).sum(axis=1) % 31) % 31 == vals[:, 17]
    upper = s.str.upper()
    # Codes of another length than 18 bytes: the exact check, row by row.
    off = np.flatnonzero(s.str.len().to_numpy() != 18)
    for k in off:
        code = uscc_valid(codes.iat[k] if not pd.isna(codes.iat[k]) else None)
        ok[k] = code is not None
        if code:
            upper.iat[k] = code
    return ok, upper


def condition(df: pd.DataFrame, cond) -> pd.Series:
    if cond[0] == "flag":
        return df[cond[1]] if cond[2] else ~df[cond[1]]
    _, column, op, v = cond
    x = df[column]
    e = {">=": x >= v, "<=": x <= v, ">": x > v, "<": x < v, "==": x == v, "!=": x != v}[op]
    return e & x.notna()  # a blank number meets no condition


def work(rnd, t):
    n_clusters = len(rnd.clusters)
    # ---- read
    t0 = time.perf_counter()
    h = rnd.headers
    # Only a blank cell is missing ("NA", "null", "NaN" are what they say:
    # not yes/no, not a code, not a finite number).
    try:
        df = pd.read_csv(rnd.roster, usecols=[h[c] for c in rnd.used], engine="c",
                         keep_default_na=False, na_values={h[c]: [""] for c in rnd.used},
                         dtype={h[c]: "float64" if c in rnd.numbers
                                else "category" if c in rnd.flags or c == "cluster" else "string"
                                for c in rnd.used})
    except ValueError as e:
        raise Refused(f"a number column holds a cell that is not a number ({e})") from e
    df = df.rename(columns={h[c]: c for c in rnd.used})
    t1 = time.perf_counter()
    t["read_s"] = t1 - t0

    # ---- validate
    rows = len(df)
    cmap = rnd.cluster_map([None if pd.isna(v) else v for v in df["cluster"].unique()])
    df["ci"] = df["cluster"].map(cmap).astype("int64")  # categorical: maps the categories
    for c in rnd.flags:
        distinct = [None if pd.isna(v) else v for v in df[c].unique()]
        fmap = rnd.flag_map(c, distinct)
        df[c] = df[c].map({k: v for k, v in fmap.items() if k is not None}).fillna(False).astype(bool)
    for c in rnd.numbers:
        x = df[c].to_numpy()
        rnd.number_problems(c, int((x < 0).sum()), int((~np.isfinite(x) & ~np.isnan(x)).sum()))
    valid, upper = check_codes(df["uscc"])
    listed = np.bincount(df["ci"], minlength=n_clusters)
    invalid = np.bincount(df.loc[~valid, "ci"], minlength=n_clusters)
    ok = df[valid].assign(uscc=upper[valid])
    # Only the codes listed more than once (few) can be repeats or shared.
    multi = ok.loc[ok["uscc"].duplicated(keep=False), ["uscc", "ci"]]
    repeat = multi.duplicated(["uscc", "ci"], keep="first")
    repeats = np.bincount(multi.loc[repeat, "ci"], minlength=n_clusters)
    firsts = multi[~repeat]
    shared = firsts["uscc"].duplicated(keep=False)
    duplicates = int(firsts.loc[shared, "uscc"].nunique())
    drop = multi.index[repeat]
    if rnd.policy == "none":
        drop = drop.append(firsts.index[shared])
    elif rnd.policy == "fail" and duplicates:
        raise Refused(f"{duplicates} enterprises claimed by several clusters; the policy is fail")
    kept = ok.drop(index=drop)
    counted = np.bincount(kept["ci"], minlength=n_clusters)
    rejected_rows = invalid + repeats
    t2 = time.perf_counter()
    t["validate_s"] = t2 - t1

    # ---- aggregate
    g = kept["ci"]
    out = {}
    for d in rnd.fields:
        mask = pd.Series(True, index=kept.index)
        for c in d["where"]:
            mask &= condition(kept, c)
        num = lambda c: kept[c].fillna(0.0).where(mask, 0.0)
        if d["derive"] == "count":
            out[d["id"]] = mask.astype(float).groupby(g).sum()
        elif d["derive"] == "sum":
            out[d["id"]] = num(d["of"]).groupby(g).sum()
        elif d["derive"] == "ratio":
            out[d["id"] + "__num"] = num(d["numerator"]).groupby(g).sum()
            out[d["id"] + "__den"] = num(d["denominator"]).groupby(g).sum()
        else:
            w = sum(kept[c].astype(float) * x for c, x in d["weights"])
            out[d["id"]] = w.where(mask, 0.0).groupby(g).sum()
    res = pd.DataFrame(out)
    values = {}
    for ci, r in res.iterrows():
        for d in rnd.fields:
            if d["derive"] == "ratio":
                num, den = r[d["id"] + "__num"], r[d["id"] + "__den"]
                if den != 0:
                    values[(int(ci), d["id"])] = float(num / den)
            else:
                values[(int(ci), d["id"])] = float(r[d["id"]])
    t["aggregate_s"] = time.perf_counter() - t2
    counts = dict(rows=rows, rejected=int(rejected_rows.sum()), duplicates=duplicates)
    clusters = dict(listed=listed.tolist(), counted=counted.tolist(), rejected_rows=rejected_rows.tolist())
    return counts, clusters, values


if __name__ == "__main__":
    sys.exit(peer_main("pandas", pd.__version__, work))
