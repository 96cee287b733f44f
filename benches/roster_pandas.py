#!/usr/bin/env python3
"""The roster work of `cluster-eval roster`, done with pandas, for comparison.

Reads a round's enterprises.csv (only the columns used), checks every
unified social credit code (GB 32100-2015, vectorised with NumPy), drops a
cluster's repeated listing of the same code, applies the framework's
duplicate policy to codes claimed by several clusters, and aggregates the
derived fields of the framework per cluster (count / sum / ratio /
weighted_count with `where` conditions). Prints the time of each step and
the peak RSS; with --check, compares every derived value with
cluster-eval's roster_derived.csv; with --engine-json, prints both tools
side by side with the ratio.

    python3 benches/roster_pandas.py ROUND [--check OUT/roster_derived.csv] [--engine-json FILE]
"""

import argparse
import json
import os
import re
import resource
import sys
import time
import tomllib

import numpy as np
import pandas as pd

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
COLUMNS = {  # roster column id -> header in the generated file
    "uscc": "统一社会信用代码", "name": "企业名称", "cluster": "集群编号",
    "revenue": "营业收入（万元）", "rd_spending": "研发投入（万元）",
    "patents": "有效发明专利数", "employees": "从业人员数",
    "above_scale": "规上企业", "high_tech": "国家高新技术企业",
    "little_giant": "专精特新小巨人", "single_champion": "制造业单项冠军", "listed": "上市企业",
}
FLAGS = {"above_scale", "high_tech", "little_giant", "single_champion", "listed"}
YES = {"是", "1", "Y", "y", "yes", "true", "True", "√"}


def valid_codes(codes: pd.Series) -> np.ndarray:
    """Boolean mask of codes that pass GB 32100-2015."""
    s = codes.fillna("").str.strip().str.upper()
    ok = (s.str.len() == 18).to_numpy()
    fixed = s.where(ok, "0" * 18).to_numpy().astype("S18")
    chars = np.frombuffer(fixed.tobytes(), dtype=np.uint8).reshape(-1, 18)
    lut = np.full(256, -1, dtype=np.int64)
    for i, ch in enumerate(ALPHABET):
        lut[ord(ch)] = i
    vals = lut[chars]
    ok &= (vals >= 0).all(axis=1)
    ok &= ((chars[:, 2:8] >= ord("0")) & (chars[:, 2:8] <= ord("9"))).all(axis=1)
    check = (31 - (vals[:, :17] * WEIGHTS).sum(axis=1) % 31) % 31
    ok &= check == vals[:, 17]
    return ok


def condition(df: pd.DataFrame, cond: str) -> pd.Series:
    m = re.fullmatch(r"\s*(\w+)\s*(>=|<=|!=|==|>|<)\s*(\S+)\s*", cond)
    if m:
        col, op, v = df[m.group(1)], m.group(2), float(m.group(3))
        return {">=": col >= v, "<=": col <= v, ">": col > v, "<": col < v,
                "==": col == v, "!=": (col != v) & col.notna()}[op]
    if cond.startswith("!"):
        return ~df[cond[1:].strip()]
    return df[cond.strip()]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("round")
    ap.add_argument("--check")
    ap.add_argument("--engine-json")
    a = ap.parse_args()
    with open(os.path.join(a.round, "round.toml"), "rb") as f:
        rnd = tomllib.load(f)
    with open(os.path.join(a.round, rnd["round"]["framework"]), "rb") as f:
        fw = tomllib.load(f)
    derived = [f for f in fw["field"] if f.get("source") == "roster"]
    policy = fw.get("roster", {}).get("duplicates", "both")
    used = {"uscc", "name", "cluster"}
    for f in derived:
        used.update(re.findall(r"[A-Za-z_]\w*", " ".join(f.get("where", []))))
        used.update(x for x in (f.get("of"), f.get("numerator"), f.get("denominator")) if x)
        used.update(f.get("weights", {}).keys())
    used &= set(COLUMNS)
    path = os.path.join(a.round, rnd["inputs"]["enterprises"])

    t0 = time.perf_counter()
    df = pd.read_csv(
        path, usecols=[COLUMNS[c] for c in used],
        dtype={COLUMNS[c]: "string" if c in FLAGS | {"uscc", "name", "cluster"} else "float64" for c in used},
        engine="c",
    )
    df.columns = [next(k for k, v in COLUMNS.items() if v == c) for c in df.columns]
    t1 = time.perf_counter()
    for c in used & FLAGS:
        df[c] = df[c].isin(YES)
    rejected = int((~valid_codes(df["uscc"])).sum())
    df = df[valid_codes(df["uscc"])]
    df["uscc"] = df["uscc"].str.strip().str.upper()
    before = len(df)
    df = df.drop_duplicates(["uscc", "cluster"], keep="first")
    rejected += before - len(df)  # a cluster listing a code twice: the repeat is rejected
    claims = df.groupby("uscc")["cluster"].transform("nunique")
    duplicates = int(df.loc[claims > 1, "uscc"].nunique())
    if policy == "none":
        df = df[claims == 1]
    elif policy == "fail" and duplicates:
        print("an enterprise is claimed by two clusters", file=sys.stderr)
        return 1
    t2 = time.perf_counter()
    out = {}
    g = df.groupby("cluster", sort=True)
    for f in derived:
        mask = pd.Series(True, index=df.index)
        for c in f.get("where", []):
            mask &= condition(df, c).fillna(False)
        factor = float(f.get("factor", 1.0))
        d = f["derive"]
        if d == "count":
            v = mask.groupby(df["cluster"]).sum().astype(float)
        elif d == "sum":
            v = df[f["of"]].where(mask, 0.0).groupby(df["cluster"]).sum()
        elif d == "ratio":
            num = df[f["numerator"]].where(mask, 0.0).groupby(df["cluster"]).sum()
            den = df[f["denominator"]].where(mask, 0.0).groupby(df["cluster"]).sum()
            v = (num / den).where(den != 0)
        else:
            w = sum(df[k].astype(float) * float(x) for k, x in f["weights"].items())
            v = w.where(mask, 0.0).groupby(df["cluster"]).sum()
        out[f["id"]] = v * factor
    result = pd.DataFrame(out)
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    del g
    mine = {"read_s": t1 - t0, "validate_s": t2 - t1, "aggregate_s": t3 - t2,
            "total_s": t3 - t0, "peak_rss_mib": rss, "rows": None,
            "rejected": rejected, "duplicates": duplicates}
    print(f"pandas {pd.__version__}: read {t1 - t0:.3f} s, validate {t2 - t1:.3f} s, "
          f"aggregate {t3 - t2:.3f} s, total {t3 - t0:.3f} s, peak RSS {rss:.0f} MiB, "
          f"{rejected} rows rejected, {duplicates} shared enterprises")
    status = 0
    if a.check:
        eng = pd.read_csv(a.check, dtype={"cluster_id": "string"})
        worst = 0.0
        for _, r in eng.iterrows():
            p = result.at[r["cluster_id"], r["field"]]
            worst = max(worst, abs(p - r["derived"]) / max(1.0, abs(p)))
        n = int(result.notna().sum().sum())
        print(f"check: {len(eng)} derived values from cluster-eval, {n} from pandas, "
              f"largest relative difference {worst:.2e}")
        if len(eng) != n or worst > 1e-9:
            print("check FAILED", file=sys.stderr)
            status = 1
    if a.engine_json:
        with open(a.engine_json) as f:
            e = json.load(f)
        print()
        print(f"{'step':<28}{'cluster-eval':>14}{'pandas':>12}{'pandas / cluster-eval':>24}")
        for key, label in [("read_s", "read (s)"), ("validate_s", "validate (s)"),
                           ("aggregate_s", "aggregate (s)"), ("total_s", "total (s)"),
                           ("peak_rss_mib", "peak RSS (MiB)")]:
            x, y = e[key], mine[key]
            print(f"{label:<28}{x:>14.3f}{y:>12.3f}{y / x if x else float('nan'):>24.1f}")
        print(f"{'rejected rows / shared':<28}{e['rejected']:>8} / {e['duplicates']:<5}{rejected:>6} / {duplicates}")
    return status


if __name__ == "__main__":
    sys.exit(main())
