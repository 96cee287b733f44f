#!/usr/bin/env python3
"""The roster work of `cluster-eval roster`, done with Python polars.

- read: a lazy `scan_csv` of only the columns used, numbers typed Float64
  up front, everything else text (the engine's own read);
- validate: every cluster cell in the registry (none blank), every flag
  cell yes/no (the engine's spellings, classified on the distinct values),
  no negative, NaN or infinite number, every credit code checked
  (GB 32100-2015: 18 characters of the alphabet, digits in positions 3-8,
  the check character), vectorised: a code of 18 ASCII letters and digits
  is read as two base-36 integers whose digits give the character values;
  a code of another length goes through the exact port in roster_peers.py
  (a code with spaces around it can still be valid). A cluster's repeated
  listing of a code: the first row counts, the repeat is rejected; a code
  claimed by several clusters: the framework's duplicate policy;
- aggregate: one group-by per cluster of every derived field (count / sum
  / ratio / weighted count with its conditions), then the declared-vs-
  derived comparison (roster_peers.py).

    python3 benches/roster_polars.py ROUND --out RESULT.json
"""

import sys
import time

import polars as pl

from roster_peers import Refused, code_key, derived_values, peer_main, uscc_valid

ALNUM18 = r"^[0-9A-Za-z]{18}$"


def check_codes(df: pl.DataFrame) -> pl.DataFrame:
    """Adds valid and key to a frame of codes (uscc) of 18 bytes: key, the
    base-36 value of the code (upper or lower case alike), computed from
    its first 12 and last 6 characters read as integers; valid, the GB
    32100-2015 check on the character values, the base-36 digits of those
    integers. Each stage is materialised, so no part is computed twice."""
    c = pl.col("uscc")
    df = df.with_columns(c.str.contains(ALNUM18).fill_null(False).alias("alnum"),
                         c.str.slice(0, 12).str.to_integer(base=36, strict=False).alias("hi"),
                         c.str.slice(12, 6).str.to_integer(base=36, strict=False).alias("lo"))
    d36 = [(pl.col("hi") // 36 ** (11 - k)) % 36 for k in range(12)]
    d36 += [(pl.col("lo") // 36 ** (17 - k)) % 36 for k in range(12, 18)]
    df = df.with_columns([d.cast(pl.Int16).alias(f"d{k}") for k, d in enumerate(d36)])
    d = [pl.col(f"d{k}") for k in range(18)]
    # Base-36 value -> value in the 31-character alphabet (I, O, S, V, Z,
    # that is 18, 24, 28, 31, 35, are not in it).
    v = [x - (x > 18).cast(pl.Int16) - (x > 24).cast(pl.Int16) - (x > 28).cast(pl.Int16)
         - (x > 31).cast(pl.Int16) for x in d]
    letters_ok = pl.all_horizontal([~x.is_in([18, 24, 28, 31, 35]) for x in d])
    division_ok = pl.all_horizontal([d[k] < 10 for k in range(2, 8)])
    weighted = pl.sum_horizontal([v[k] * pow(3, k, 31) for k in range(17)])
    check_ok = (31 - weighted % 31) % 31 == v[17]
    valid = (pl.col("alnum") & letters_ok & division_ok & check_ok).fill_null(False)
    key = pl.col("hi").cast(pl.Int128) * 36 ** 6 + pl.col("lo")
    return df.with_columns(valid.alias("valid"), key.alias("key")).drop(
        "alnum", "hi", "lo", *[f"d{k}" for k in range(18)])


def condition(cond) -> pl.Expr:
    if cond[0] == "flag":
        return pl.col(cond[1]) if cond[2] else ~pl.col(cond[1])
    _, column, op, v = cond
    x = pl.col(column)
    e = {">=": x >= v, "<=": x <= v, ">": x > v, "<": x < v, "==": x == v, "!=": x != v}[op]
    return e.fill_null(False)  # a blank number meets no condition


def sum_where(value: pl.Expr, where) -> pl.Expr:
    if not where:
        return value.sum()
    cond = pl.all_horizontal([condition(c) for c in where])
    return pl.when(cond).then(value).otherwise(0.0).sum()


def aggregations(d) -> list[pl.Expr]:
    num = lambda c: pl.col(c).fill_null(0.0)
    i, w = d["id"], d["where"]
    if d["derive"] == "count":
        return [sum_where(pl.lit(1.0), w).alias(i)]
    if d["derive"] == "sum":
        return [sum_where(num(d["of"]), w).alias(i)]
    if d["derive"] == "ratio":
        return [sum_where(num(d["numerator"]), w).alias(i + "__num"),
                sum_where(num(d["denominator"]), w).alias(i + "__den")]
    weighted = pl.sum_horizontal([pl.col(c).cast(pl.Float64) * x for c, x in d["weights"]])
    return [sum_where(weighted, w).alias(i)]


def work(rnd, t):
    n_clusters = len(rnd.clusters)
    # ---- read
    t0 = time.perf_counter()
    h = rnd.headers
    lf = pl.scan_csv(rnd.roster, infer_schema=False,
                     schema_overrides={h[c]: pl.Float64 for c in rnd.numbers})
    try:
        df = lf.select([pl.col(h[c]).alias(c) for c in rnd.used]).collect()
    except pl.exceptions.PolarsError as e:
        raise Refused(f"the roster cannot be read as typed (a number that is not one?): {e}") from e
    t1 = time.perf_counter()
    t["read_s"] = t1 - t0

    # ---- validate
    rows = df.height
    cmap = rnd.cluster_map(df["cluster"].unique().to_list())
    fixes = [pl.col("cluster").replace_strict(cmap, return_dtype=pl.UInt32).alias("ci")]
    for c in rnd.flags:
        fmap = rnd.flag_map(c, df[c].unique().to_list())
        fixes.append(pl.col(c).replace_strict(fmap, return_dtype=pl.Boolean, default=False))
    checks = [pl.col("uscc").str.len_bytes().ne(18).fill_null(True).sum().alias("off")]
    for c in rnd.numbers:
        checks += [(pl.col(c) < 0).sum().alias(c + "__neg"), (~pl.col(c).is_finite()).sum().alias(c + "__nf")]
    counts = df.select(checks).row(0, named=True)
    for c in rnd.numbers:
        rnd.number_problems(c, counts[c + "__neg"], counts[c + "__nf"])
    df = check_codes(df.with_columns(fixes))
    if counts["off"]:
        # Codes of another length than 18 bytes: the exact check, row by row.
        off = df.with_row_index("k").filter(pl.col("uscc").str.len_bytes().ne(18).fill_null(True))
        ks, ok, keys = [], [], []
        for k, raw in off.select("k", "uscc").iter_rows():
            code = uscc_valid(raw)
            ks.append(k)
            ok.append(code is not None)
            keys.append(code_key(code) if code else None)
        df = df.with_columns(df["valid"].scatter(ks, ok), df["key"].scatter(ks, keys))
    listed = df.group_by("ci").len()
    invalid = df.filter(~pl.col("valid")).group_by("ci").len()
    ok = df.filter(pl.col("valid")).drop("uscc", "name", "cluster", "valid").with_row_index("k")
    # Repeats and shared codes by sorting the keys (stable: in row order
    # within a code and cluster, so a cluster's first listing comes first).
    key, kc = pl.col("key"), pl.col("kc")
    s = ok.select("k", "key", "ci", (key * n_clusters + pl.col("ci")).alias("kc")).sort("kc", maintain_order=True)
    s = s.with_columns((kc == kc.shift(1)).fill_null(False).alias("repeat"))
    repeats = s.filter(pl.col("repeat"))
    s = s.filter(~pl.col("repeat"))
    shared = s.filter((key == key.shift(1)).fill_null(False) | (key == key.shift(-1)).fill_null(False))
    duplicates = shared["key"].n_unique()
    drop = pl.concat([repeats["k"], shared["k"]]) if rnd.policy == "none" else repeats["k"]
    kept = ok.filter(~pl.col("k").is_in(drop.implode())).drop("k", "key")
    repeats = repeats.group_by("ci").len()
    if rnd.policy == "fail" and duplicates:
        raise Refused(f"{duplicates} enterprises claimed by several clusters; the policy is fail")
    counted = kept.group_by("ci").len()

    def per_cluster(frame):
        out = [0] * n_clusters
        for i, n in frame.iter_rows():
            out[i] += n
        return out

    rejected_rows = [a + b for a, b in zip(per_cluster(invalid), per_cluster(repeats))]
    t2 = time.perf_counter()
    t["validate_s"] = t2 - t1

    # ---- aggregate
    aggs = [e for d in rnd.fields for e in aggregations(d)]
    res = kept.lazy().group_by("ci").agg(aggs).collect()
    values = {}
    for r in res.iter_rows(named=True):
        derived_values(rnd, r, values)
    t["aggregate_s"] = time.perf_counter() - t2
    counts = dict(rows=rows, rejected=sum(rejected_rows), duplicates=duplicates)
    clusters = dict(listed=per_cluster(listed), counted=per_cluster(counted), rejected_rows=rejected_rows)
    return counts, clusters, values


if __name__ == "__main__":
    sys.exit(peer_main("polars", pl.__version__, work))
