#!/usr/bin/env python3
"""What the roster peers of `cluster-eval roster` share (benches/roster.sh).

The peers (benches/roster_polars.py, roster_duckdb.py, roster_pandas.py)
each read, validate and aggregate the roster with their own library. What
is not the heavy work lives here, once, so that they do the same work:

- the round: round.toml, the framework's roster settings and derived
  fields, the registry's cluster ids, the declared current figures, the
  roster's header mapped to roster columns (as the engine maps headers);
- exact ports of the engine's cell rules, applied by the peers to the
  DISTINCT values of a column (a flag column holds a handful, the cluster
  column one per cluster) or to the few codes off the fast path: the yes/no
  spellings of `roster::read::flag`, the plain id of `ids::normalise_id`,
  the GB 32100-2015 check of `roster::uscc::validate`;
- the declared-vs-derived comparison (`roster::stage::apply`), on the
  derived values a peer computed;
- the result file a peer writes, and `table`: the comparison of every
  peer's counts and derived values with the engine's outputs (to 1e-9) and
  the side-by-side table with ratios to cluster-eval.

    python3 benches/roster_peers.py table --engine-json F --engine-out DIR \
        --time-dir D --peer NAME=RESULT.json ...
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import resource
import sys
import time
import tomllib

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Rust's char::is_whitespace (Unicode White_Space); Python's isspace() also
# takes U+001C-U+001F, which Rust's trim keeps.
RUST_WS = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
           "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

# roster column id, Chinese name, English name, kind, aliases
# (framework::derive::BUILTIN_COLUMNS).
BUILTIN_COLUMNS = [
    ("uscc", "统一社会信用代码", "Unified social credit code", "text",
     ["credit_code", "信用代码", "社会信用代码", "code"]),
    ("name", "企业名称", "Enterprise name", "text", ["enterprise", "名称", "企业"]),
    ("cluster", "集群编号", "Cluster id", "text", ["cluster_id", "集群代码", "集群id"]),
    ("county", "所在区县", "County", "text", ["区县", "县区", "district"]),
    ("revenue", "营业收入", "Revenue", "number", ["营收", "主营业务收入"]),
    ("rd_spending", "研发投入", "R&D spending", "number",
     ["rd", "研发费用", "研发经费支出", "R&D经费支出"]),
    ("patents", "有效发明专利数", "Valid invention patents", "number",
     ["valid_patents", "有效发明专利"]),
    ("employees", "从业人员数", "Employees", "number", ["从业人员", "员工数", "staff"]),
    ("above_scale", "规上企业", "Above designated size", "flag",
     ["规模以上", "规模以上企业", "是否规上"]),
    ("high_tech", "国家高新技术企业", "National high-tech enterprise", "flag",
     ["高新技术企业", "高新企业"]),
    ("little_giant", "专精特新小巨人", "Little giant", "flag",
     ["小巨人", "专精特新“小巨人”"]),
    ("single_champion", "制造业单项冠军", "Single champion", "flag", ["单项冠军"]),
    ("listed", "上市企业", "Listed", "flag", ["上市", "是否上市"]),
]
REGISTRY_ID = ["cluster_id", "cluster", "集群编号", "集群代码", "集群id"]


class Refused(Exception):
    """The engine would refuse the round (a located error): the peer fails."""


# ------------------------------------------------------------ cell rules


def rust_trim(s: str) -> str:
    return s.strip(RUST_WS)


def half_width(s: str) -> str:
    """ingest::number::to_half_width."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e"
                   else " " if c == "\u3000" else c for c in s)


def normalise_id(raw: str) -> str:
    """ingest::ids::normalise_id: the plain form of a cluster id."""
    t = rust_trim(raw)
    odd = any("\uff01" <= c <= "\uff5e" or c in ZERO_WIDTH or (c in RUST_WS and c != " ")
              for c in t)
    if not odd:
        return t
    text = "".join(" " if c in RUST_WS else c
                   for c in half_width(t) if c not in ZERO_WIDTH)
    return rust_trim(text)


def flag_value(cell: str | None) -> bool | None:
    """roster::read::flag: True, False, or None for a cell that is not yes/no."""
    if cell is None:
        return False
    c = rust_trim(cell)
    if c == "":
        return False
    low = "".join(ch.lower() if ch.isascii() else ch for ch in c)
    if low in ("1", "1.0", "是", "y", "yes", "true", "t", "√", "✓", "✔", "有"):
        return True
    if low in ("0", "0.0", "否", "n", "no", "false", "f", "×", "✗", "无", "-", "—"):
        return False
    return None


def uscc_valid(code: str | None) -> str | None:
    """roster::uscc::validate: the normalised code (trimmed, ASCII upper case)
    when valid, else None. For the codes off a peer's fast path."""
    c = rust_trim(code or "")
    if len(c) != 18 or not c.isascii():
        return None
    c = c.upper()
    if any(ch not in VALUE for ch in c) or not c[2:8].isdigit():
        return None
    s = sum(VALUE[ch] * w for ch, w in zip(c, WEIGHTS))
    return c if ALPHABET[(31 - s % 31) % 31] == c[17] else None


def code_key(code: str) -> int:
    """A valid normalised code read as a base-36 integer, the key the
    polars peer compares codes by."""
    return int(code, 36)


# ------------------------------------------------------------ the round


def split_header_unit(h: str) -> str:
    """ingest::split_header_unit, the name part."""
    h = rust_trim(half_width(h.lstrip("\ufeff")))
    for o, c in (("(", ")"), ("[", "]")):
        if h.endswith(c) and o in h:
            name = rust_trim(h[:h.rfind(o)])
            if name:
                return name
    return h


def header_matches(header: str, names: list[str]) -> bool:
    """ingest::header_matches."""
    norm = lambda s: rust_trim(half_width(s)).lower()
    h = norm(split_header_unit(header))
    names = [norm(n) for n in names]
    if h in names:
        return True
    return any(p in names for p in re.split(r"[\s/|]", h) if p)


def parse_condition(text: str):
    """framework::derive::parse_condition: ("flag", col, value) or
    ("cmp", col, op, number)."""
    t = text.strip()
    for sym in (">=", "<=", "!=", "==", ">", "<"):
        if sym in t:
            col, v = t.split(sym, 1)
            return ("cmp", col.strip(), sym, float(v))
    if t.startswith("!"):
        return ("flag", t[1:].strip(), False)
    return ("flag", t, True)


class Round:
    """A round folder as the roster stage sees it."""

    def __init__(self, folder: str):
        self.folder = folder
        with open(os.path.join(folder, "round.toml"), "rb") as f:
            rnd = tomllib.load(f)
        with open(os.path.join(folder, rnd["round"]["framework"]), "rb") as f:
            fw = tomllib.load(f)
        self.current_year = rnd["round"].get("current_year")
        inputs = rnd["inputs"]
        if inputs.get("rosters"):
            raise SystemExit("the peers read one roster file with a cluster column ([inputs] enterprises)")
        enterprises = inputs["enterprises"]
        if not isinstance(enterprises, str):
            raise SystemExit("the peers read one roster file ([inputs] enterprises = \"FILE.csv\")")
        self.roster = os.path.join(folder, enterprises)
        roster = fw.get("roster", {})
        self.policy = roster.get("duplicates", "both")
        tolerance = roster.get("tolerance", 0.05)
        prefer = roster.get("prefer", "roster")
        columns = [dict(id=i, zh=zh, en=en, kind=k, aliases=a) for i, zh, en, k, a in BUILTIN_COLUMNS]
        for c in roster.get("column", []):
            columns.append(dict(id=c["id"], zh=c.get("name_zh", c["id"]), en=c.get("name_en", c["id"]),
                                kind=c["kind"], aliases=c.get("aliases", [])))
        self.kind = {c["id"]: c["kind"] for c in columns}
        # Derived fields, in framework order (the engine's field index order).
        self.fields = []
        for f in fw.get("field", []):
            if f.get("source") != "roster":
                continue
            d = dict(id=f["id"], derive=f["derive"], factor=float(f.get("factor", 1.0)),
                     tolerance=float(f.get("tolerance", tolerance)), prefer=f.get("prefer", prefer),
                     where=[parse_condition(c) for c in f.get("where", [])],
                     of=f.get("of"), numerator=f.get("numerator"), denominator=f.get("denominator"),
                     weights=list(f.get("weights", {}).items()), unit=f.get("unit", ""))
            self.fields.append(d)
        # The columns used: the audit columns, then every column a derived field reads.
        used = ["uscc", "name", "cluster"]
        for d in self.fields:
            cols = [c[1] for c in d["where"]]
            cols += [x for x in (d["of"], d["numerator"], d["denominator"]) if x]
            cols += [w[0] for w in d["weights"]]
            used += [c for c in cols if c not in used]
        self.used = used
        # The roster's header, mapped as the engine maps it.
        with open(self.roster, encoding="utf-8-sig", newline="") as f:
            self.header = next(csv.reader(f))
        self.headers = {}
        for h in self.header:
            for c in columns:
                if header_matches(h, [c["id"], c["zh"], c["en"], *c["aliases"]]):
                    if c["id"] in self.headers:
                        raise SystemExit(f"two columns read as roster column {c['id']}")
                    self.headers[c["id"]] = h
                    break
        missing = [c for c in used if c not in self.headers]
        if missing:
            raise SystemExit(f"the roster has no column {', '.join(missing)}")
        self.numbers = [c for c in used if self.kind[c] == "number"]
        self.flags = [c for c in used if self.kind[c] == "flag"]
        self.texts = [c for c in used if self.kind[c] == "text"]
        self._registry(os.path.join(folder, inputs["clusters"]))
        subs = inputs.get("submissions", [])
        self._declared([subs] if isinstance(subs, str) else subs)

    def _registry(self, path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        col = next(i for i, h in enumerate(rows[0]) if header_matches(h, REGISTRY_ID))
        self.clusters = [normalise_id(r[col]) for r in rows[1:] if any(x.strip() for x in r)]
        self.index = {}
        for i, c in enumerate(self.clusters):
            self.index.setdefault(c, i)

    def _declared(self, files):
        """Declared current figures of the derived fields (long form:
        cluster_id, indicator, period, value, unit)."""
        units = {d["id"]: d["unit"] for d in self.fields}
        self.declared = {}
        for name in files:
            with open(os.path.join(self.folder, name), encoding="utf-8-sig", newline="") as f:
                rows = csv.DictReader(f)
                need = {"cluster_id", "indicator", "period", "value"}
                if not need <= set(rows.fieldnames or []):
                    raise SystemExit(f"{name}: the peers read long-form submissions ({', '.join(sorted(need))})")
                for r in rows:
                    if r["indicator"] not in units:
                        continue
                    if r["period"].strip() not in (str(self.current_year), "current"):
                        continue
                    if r.get("unit", units[r["indicator"]]).strip() not in ("", units[r["indicator"]]):
                        raise SystemExit(f"{name}: unit {r['unit']!r} of {r['indicator']}: the peers do not convert units")
                    v = r["value"].strip()
                    if v:
                        self.declared[(self.index[normalise_id(r["cluster_id"])], r["indicator"])] = float(v)

    # -------------------------------------------------------- checks

    def cluster_map(self, distinct) -> dict:
        """Each distinct cluster cell -> registry index. A blank or unknown
        cell is an error of the engine: raises Refused."""
        out, blank, unknown = {}, 0, []
        for raw in distinct:
            cid = normalise_id(raw or "")
            if cid == "":
                blank += 1
            elif cid not in self.index:
                unknown.append(raw)
            else:
                out[raw] = self.index[cid]
        problems = (["blank cells"] if blank else []) + ([f"{len(unknown)} unknown id(s), e.g. {unknown[:5]}"]
                                                          if unknown else [])
        if problems:
            raise Refused(f"cluster column: {'; '.join(problems)}")
        return out

    @staticmethod
    def flag_map(column: str, distinct) -> dict:
        """Each distinct flag cell -> True / False; a cell that is not
        yes/no is an error of the engine: raises Refused."""
        out = {v: flag_value(v) for v in distinct}
        bad = [v for v, b in out.items() if b is None]
        if bad:
            raise Refused(f"flag column {column}: {len(bad)} value(s) not yes/no, e.g. {bad[:5]}")
        return out

    @staticmethod
    def number_problems(column: str, negative: int, not_finite: int):
        if negative or not_finite:
            raise Refused(f"number column {column}: {negative} negative, {not_finite} NaN or infinite")

    def compare(self, derived: dict, listed: list[int]) -> int:
        """roster::stage::apply: how many (cluster, field) pairs have a
        declared figure beyond the tolerance of the derived one."""
        beyond = 0
        for d in self.fields:
            for i in range(len(self.clusters)):
                declared = self.declared.get((i, d["id"]))
                if listed[i] > 0:
                    v = derived.get((self.clusters[i], d["id"]))
                    if v is None and d["derive"] != "ratio":
                        v = 0.0
                else:
                    v = None
                if declared is None or v is None:
                    continue
                rel = (0.0 if v == 0.0 else math.inf) if declared == 0.0 else abs((v - declared) / declared)
                beyond += not rel <= d["tolerance"] + 1e-12
        return beyond


# ------------------------------------------------------------ results


def derived_values(rnd: "Round", r: dict, values: dict) -> None:
    """One aggregated row (cluster index `ci`, one column per derived
    field, a ratio as `__num` / `__den`) into values[(ci, field)]; a ratio
    over a zero denominator is left out (missing), as the engine does."""
    for d in rnd.fields:
        if d["derive"] == "ratio":
            num, den = r[d["id"] + "__num"], r[d["id"] + "__den"]
            if den != 0:
                values[(r["ci"], d["id"])] = num / den
        else:
            values[(r["ci"], d["id"])] = r[d["id"]]


def round9(x: float) -> float:
    """aggregate::round9 (f64::round: halves away from zero)."""
    s = x * 1e9
    if not math.isfinite(s):
        return x
    r = math.copysign(math.floor(abs(s) + 0.5), s) / 1e9
    return 0.0 if r == 0.0 else r


def finish(rnd: Round, tool: str, version: str, out: str, t: dict, counts: dict, per_cluster: dict,
           values: dict) -> None:
    """Write a peer's result. `values`: (cluster index, field id) -> value
    before the factor, for the clusters with a counted enterprise (ratios
    only where the denominator is not 0). Applies the factor, refuses a
    value that is not finite, compares with the declared figures."""
    derived = {}
    for (i, f), v in values.items():
        d = next(x for x in rnd.fields if x["id"] == f)
        v = v * d["factor"]
        if not math.isfinite(v):
            raise Refused(f"field {f} of cluster {rnd.clusters[i]}: {v}, not a finite number")
        derived[(rnd.clusters[i], f)] = round9(v)
    counts["mismatches"] = rnd.compare(derived, per_cluster["listed"])
    t["total_s"] = time.perf_counter() - t["start"]
    del t["start"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    result = dict(tool=tool, version=version, **t, peak_rss_mib=rss, **counts,
                  clusters=rnd.clusters, **per_cluster,
                  derived=[[c, f, v] for (c, f), v in sorted(derived.items())])
    with open(out, "w") as f:
        json.dump(result, f)
    print(f"{tool} {version}: read {t['read_s']:.3f} s, validate {t['validate_s']:.3f} s, "
          f"aggregate {t['aggregate_s']:.3f} s, total {t['total_s']:.3f} s, peak RSS {rss:.0f} MiB; "
          f"{counts['rows']} rows, {counts['rejected']} rejected, {counts['duplicates']} shared, "
          f"{counts['mismatches']} beyond tolerance")


def peer_main(tool: str, version: str, work) -> int:
    """The command line of a peer: ROUND --out RESULT.json. `work(rnd, t)`
    does the roster work, filling the timings in `t`, and returns (counts,
    per_cluster, values) for `finish`."""
    ap = argparse.ArgumentParser(description=f"The roster work of cluster-eval, done with {tool}.")
    ap.add_argument("round")
    ap.add_argument("--out", required=True, help="where the result (JSON) goes")
    a = ap.parse_args()
    t = {"start": time.perf_counter()}
    try:
        rnd = Round(a.round)
        counts, per_cluster, values = work(rnd, t)
        finish(rnd, tool, version, a.out, t, counts, per_cluster, values)
    except Refused as e:
        print(f"{tool}: the engine would refuse this round: {e}", file=sys.stderr)
        return 1
    return 0


# ------------------------------------------------------------ the table


def read_engine(json_path: str, out_dir: str) -> dict:
    with open(json_path) as f:
        e = json.load(f)
    e["tool"], e["version"] = "cluster-eval", e.get("version", "")
    with open(os.path.join(out_dir, "roster_derived.csv"), encoding="utf-8-sig", newline="") as f:
        e["derived"] = [[r["cluster_id"], r["field"], float(r["derived"])] for r in csv.DictReader(f)]
    with open(os.path.join(out_dir, "roster_clusters.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    e["clusters"] = [r["cluster_id"] for r in rows]
    for k, col in (("listed", "listed"), ("counted", "counted"), ("rejected_rows", "rejected")):
        e[k] = [int(float(r[col])) for r in rows]
    return e


def check(engine: dict, peer: dict) -> list[str]:
    """Every difference between a peer's counts and values and the engine's."""
    bad = []
    for k in ("rows", "rejected", "duplicates", "mismatches"):
        if engine[k] != peer[k]:
            bad.append(f"{k}: cluster-eval {engine[k]}, {peer['tool']} {peer[k]}")
    mine = dict(zip(peer["clusters"], zip(peer["listed"], peer["counted"], peer["rejected_rows"])))
    for i, c in enumerate(engine["clusters"]):
        theirs = (engine["listed"][i], engine["counted"][i], engine["rejected_rows"][i])
        if mine.get(c) != theirs:
            bad.append(f"cluster {c} (listed, counted, rejected): cluster-eval {theirs}, {peer['tool']} {mine.get(c)}")
    e = {(c, f): v for c, f, v in engine["derived"]}
    p = {(c, f): v for c, f, v in peer["derived"]}
    for k in sorted(set(e) ^ set(p)):
        bad.append(f"derived {k}: only in {'cluster-eval' if k in e else peer['tool']}")
    worst = 0.0
    for k in set(e) & set(p):
        diff = abs(e[k] - p[k]) / max(1.0, abs(e[k]))
        worst = max(worst, diff)
        if diff > 1e-9:
            bad.append(f"derived {k}: cluster-eval {e[k]!r}, {peer['tool']} {p[k]!r}")
    peer["worst"] = worst
    return bad


def time_v(path: str) -> dict:
    """Wall time and maximum RSS from a `/usr/bin/time -v` log."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Maximum resident set size"):
                out["rss_mib"] = int(line.rsplit(":", 1)[1]) / 1024.0
            elif line.startswith("Elapsed (wall clock) time"):
                parts = [float(x) for x in line.rsplit(" ", 1)[1].split(":")]
                out["wall_s"] = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
    return out


def table_main(argv) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine-json", required=True)
    ap.add_argument("--engine-out", required=True)
    ap.add_argument("--time-dir", required=True, help="NAME.time: /usr/bin/time -v logs")
    ap.add_argument("--engine-version", default="")
    ap.add_argument("--peer", action="append", default=[],
                    help="NAME=RESULT.json (NAME.time in --time-dir)")
    a = ap.parse_args(argv)
    engine = read_engine(a.engine_json, a.engine_out)
    engine["version"] = a.engine_version
    tools = [("cluster-eval", engine)]
    failed = []
    for spec in a.peer:
        name, path = spec.split("=", 1)
        with open(path) as f:
            peer = json.load(f)
        problems = check(engine, peer)
        n = len(peer["derived"])
        print(f"{peer['tool']} {peer['version']}: {n} derived values, largest relative difference "
              f"to cluster-eval {peer['worst']:.1e}; rows {peer['rows']}, rejected {peer['rejected']}, "
              f"shared {peer['duplicates']}, beyond tolerance {peer['mismatches']}: "
              f"{'AGREE' if not problems else 'DISAGREE'}")
        for p in problems[:20]:
            print(f"    {p}")
        if problems:
            failed.append(peer["tool"])
        tools.append((name, peer))
    for name, r in tools:
        tv = os.path.join(a.time_dir, f"{name}.time")
        r.update(time_v(tv) if os.path.exists(tv) else {})
    print(f"\ncluster-eval: {engine['rows']} rows, {len(engine['clusters'])} clusters, "
          f"{len(engine['derived'])} derived values, {engine['rejected']} rows rejected, "
          f"{engine['duplicates']} enterprises shared, {engine['mismatches']} declared beyond tolerance\n")
    rows = [("read (s)", "read_s", 2), ("validate (s)", "validate_s", 2), ("aggregate (s)", "aggregate_s", 2),
            ("total (s)", "total_s", 2), ("process wall (s)", "wall_s", 2), ("peak RSS (MiB)", "rss_mib", 0)]
    names = [f"{r['tool']} {r['version']}".strip() for _, r in tools]
    w = max(14, *(len(n) + 2 for n in names))
    print(f"{'':<18}" + "".join(f"{n:>{w}}" for n in names))
    for label, key, dec in rows:
        line = f"{label:<18}"
        base = engine.get(key)
        for i, (_, r) in enumerate(tools):
            x = r.get(key)
            cell = "–" if x is None else f"{x:.{dec}f}"
            if i and x is not None and base:
                cell += f" ({x / base:.1f}x)"
            line += f"{cell:>{w}}"
        print(line)
    print("(x: the peer's figure / cluster-eval's; total: from reading round.toml to the compared "
          "figures, in the process; process wall and peak RSS: /usr/bin/time -v of the whole process)")
    cpu = ""
    with open("/proc/cpuinfo") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), platform.machine())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, {cpu}; load average {os.getloadavg()[0]:.1f}; "
          f"Python {platform.python_version()}")
    if failed:
        print(f"\nFAILED: {', '.join(failed)} disagree(s) with cluster-eval", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "table":
        sys.exit(table_main(sys.argv[2:]))
    print(__doc__)
    sys.exit(2)
