#!/usr/bin/env python3
"""Independent reference implementation of the cluster-eval scoring method.

Written from the specification in README.md ("Input formats", "The indicator
file", "Scoring rules", "Missing values", "Ranking, ties and grades") only,
without reading the Rust sources.  Python 3.11 standard library only.

Usage:
    python3 score_reference.py ROUND_DIR OUT_CSV [--exclude ID,ID...]

--exclude leaves clusters out of the cohort (those that failed an
eligibility gate of the round's process; the gates themselves are not
re-implemented here).

OUT_CSV has the header
    cluster_id,rank,total,<node ids in framework order>,
    <indicator ids in framework order>,grade
with every number written by repr(float) (full precision), one row per
cluster, rows sorted by cluster_id.

Readings chosen where the specification leaves room (the most literal one):
  * An imputed value (zero, cohort_mean/median, group_mean) is a value: the
    cluster joins the cohort for the transforms' percentiles and for the
    cohort-relative rules (minmax, zscore, rank). Only no_points leaves it out.
  * cohort_mean/median and group_mean are taken over the submitted (not
    imputed) values; group_mean uses the indicator's `group`, else the
    framework's, and falls back to the cohort mean.
  * Indicator value: current-year field value; weighted_count = sum of
    multiplier x current value (missing if any term is missing); growth = CAGR
    in percent (missing if baseline or current is missing or baseline <= 0);
    target = current value, with the target taken separately (a missing or
    zero target scores 0); per = value / current value of the per-field
    (missing if that is missing or 0).
  * Bands are tried best first by threshold (at_least descending, at_most
    ascending), inclusive; no band met -> `below` (default 0).
  * value:<indicator> in the tie-break chain is the value after imputation and
    before transforms, negated for lower-is-better; a missing value ranks last.
  * Subtotals and the total are math.fsum of the points of the indicators
    below them. A sum node under a mean node would have its children's
    points rescaled by effective/declared points.
  * A trailing '%' in a cell means the value is in %, whatever the unit
    column says. No-data tokens are compared case-insensitively. Empty cells
    in wide form are not entries (they cannot be duplicates).
  * Rounding to `decimals` uses Python's round().
"""

from __future__ import annotations

import csv
import math
import os
import re
import statistics
import sys
import tomllib

# --------------------------------------------------------------------------
# Cell values

NO_DATA = {"", "—", "-", "--", "N/A", "NA", "/", "无"}

# Full-width ASCII block U+FF01..U+FF5E -> ASCII, ideographic space -> space,
# U+2212 minus sign -> '-'.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0x2212] = ord("-")

_NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")


class InputError(Exception):
    pass


def parse_cell(raw: str, where: str):
    """Return (value or None, has_percent_sign)."""
    s = (raw or "").strip()
    if s in NO_DATA or s.upper() in NO_DATA:
        return None, False
    s = s.translate(_FULLWIDTH).strip()
    if s in NO_DATA or s.upper() in NO_DATA:
        return None, False
    pct = False
    if s.endswith("%"):
        pct = True
        s = s[:-1].strip()
    if not _NUMBER_RE.match(s):
        raise InputError(f"{where}: unreadable number {raw!r}")
    return float(s.replace(",", "")), pct


# --------------------------------------------------------------------------
# Units: factor relative to a family base, as exact integers so that a
# conversion is a single multiplication or division by an integer.

UNIT_FAMILIES = [
    {"元": 1, "千元": 10**3, "万元": 10**4, "百万元": 10**6, "亿元": 10**8},
    {"美元": 1, "万美元": 10**4, "亿美元": 10**8},
    {"‰": 1, "%": 10, "ratio": 1000, "比例": 1000, "小数": 1000},
    {"元/人": 1, "万元/人": 10**4},
    {u: 1 for u in ("家", "个", "项", "件", "人", "次", "台", "套", "名", "座", "所")},
]


def convert(value: float, unit: str, target: str, where: str) -> float:
    unit = (unit or "").strip()
    if unit == "" or unit == target:
        return value
    for fam in UNIT_FAMILIES:
        if unit in fam and target in fam:
            fu, ft = fam[unit], fam[target]
            if fu == ft:
                return value
            if fu < ft:
                return value / (ft // fu)  # e.g. 万元 -> 亿元: / 10000
            return value * (fu // ft)
    raise InputError(f"{where}: unit {unit!r} cannot be converted to {target!r}")


# --------------------------------------------------------------------------
# CSV reading


def read_csv(path: str):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    rows = list(csv.reader(text.splitlines()))
    return rows


def header_matches(cell: str, names) -> bool:
    cell = cell.strip()
    if cell in names:
        return True
    return any(tok in names for tok in cell.split())


def find_col(header, names, required=True, what=""):
    for i, h in enumerate(header):
        if header_matches(h, names):
            return i
    if required:
        raise InputError(f"missing required column {what or names}")
    return None


# --------------------------------------------------------------------------
# Framework


class Framework:
    def __init__(self, path: str):
        with open(path, "rb") as fh:
            t = tomllib.load(fh)
        fw = t["framework"]
        self.total_points = float(fw.get("total_points", 100))
        self.aggregation = fw.get("aggregation", "sum")
        self.missing = fw.get("missing", "no_points")
        self.group = fw.get("group")
        rk = t.get("ranking", {})
        self.tie_break = list(rk.get("tie_break", []))
        self.decimals = int(rk.get("decimals", 6))
        self.grades = sorted(t.get("grade", []), key=lambda g: -float(g["min"]))
        self.fields = {f["id"]: f for f in t.get("field", [])}
        self.roster = t.get("roster", {})
        self.field_by_name = {}
        for f in t.get("field", []):
            self.field_by_name[f["id"]] = f["id"]
            self.field_by_name[f["name_zh"]] = f["id"]
        self.nodes = list(t.get("node", []))
        self.indicators = list(t.get("indicator", []))
        self.node_by_id = {n["id"]: n for n in self.nodes}
        self.ind_by_id = {i["id"]: i for i in self.indicators}
        self._effective_points()

    def children(self, parent_id):
        """Children (nodes then indicators, framework order) of parent_id;
        parent_id None means the implicit root `total`."""
        out = []
        for n in self.nodes:
            if n.get("parent") == parent_id:
                out.append(("node", n))
        for i in self.indicators:
            if i.get("parent") == parent_id:
                out.append(("ind", i))
        return out

    def _effective_points(self):
        self.eff = {}  # id -> effective points
        self.node_ids_below = {}  # node id -> list of indicator ids below

        def walk(pid, declared, effective, aggregation):
            kids = self.children(pid)
            if aggregation == "mean":
                wsum = sum(float(k.get("weight", 1)) for _, k in kids)
                shares = [effective * float(k.get("weight", 1)) / wsum for _, k in kids]
            else:  # sum: children's points, rescaled if the node itself was rescaled
                shares = []
                for _, k in kids:
                    p = float(k["points"])
                    shares.append(p if effective == declared else p * effective / declared)
            below = []
            for (kind, k), share in zip(kids, shares):
                self.eff[k["id"]] = share
                if kind == "ind":
                    below.append(k["id"])
                else:
                    sub = walk(k["id"], float(k.get("points", share)), share,
                               k.get("aggregation", "sum"))
                    self.node_ids_below[k["id"]] = sub
                    below.extend(sub)
            return below

        walk(None, self.total_points, self.total_points, self.aggregation)


# --------------------------------------------------------------------------
# Round


class Round:
    def __init__(self, round_dir: str):
        self.dir = round_dir
        with open(os.path.join(round_dir, "round.toml"), "rb") as fh:
            t = tomllib.load(fh)
        r = t["round"]
        self.baseline_year = int(r["baseline_year"])
        self.current_year = int(r["current_year"])
        self.target_year = int(r["target_year"])
        self.fw = Framework(os.path.join(round_dir, r["framework"]))
        inputs = t["inputs"]
        self.clusters = {}  # id -> registry row dict
        self._read_registry(self._path(inputs["clusters"]))
        self.values = {}  # (cluster, field, period) -> float (in field unit)
        for sub in inputs["submissions"]:
            self._read_submission(self._path(sub))
        self.roster = None
        ent = inputs.get("enterprises")
        if ent:
            files = ent if isinstance(ent, list) else [ent]
            self.roster = derive_from_roster(self, [self._path(f) for f in files])

    def _path(self, spec):
        if isinstance(spec, dict):
            spec = spec["file"]
        if not spec.lower().endswith(".csv"):
            raise InputError(f"{spec}: only CSV is supported by the reference script")
        return os.path.join(self.dir, spec)

    def _read_registry(self, path):
        rows = read_csv(path)
        header = rows[0]
        aliases = {
            "cluster_id": {"cluster_id", "集群编号", "集群代码"},
            "name_zh": {"name_zh", "集群名称", "名称"},
            "name_en": {"name_en", "英文名称"},
            "city": {"city", "城市", "所在城市", "设区市"},
            "track": {"track", "sector", "赛道", "产业领域"},
            "promotion_org": {"promotion_org", "促进组织", "集群发展促进组织"},
        }
        colmap = {}
        for i, h in enumerate(header):
            key = h.strip()
            for canon, names in aliases.items():
                if header_matches(h, names):
                    key = canon
                    break
            colmap[i] = key
        if "cluster_id" not in colmap.values():
            raise InputError(f"{path}: no cluster_id column")
        for row in rows[1:]:
            if not row or all(c.strip() == "" for c in row):
                continue
            if row[0].lstrip().startswith("#"):
                continue
            rec = {colmap[i]: (row[i].strip() if i < len(row) else "") for i in colmap}
            cid = rec["cluster_id"]
            if cid in self.clusters:
                raise InputError(f"{path}: duplicate cluster {cid}")
            self.clusters[cid] = rec

    def _period(self, s):
        s = s.strip().translate(_FULLWIDTH)
        table = {
            str(self.baseline_year): "baseline", "baseline": "baseline", "基期": "baseline",
            str(self.current_year): "current", "current": "current", "当期": "current",
            str(self.target_year): "target", "target": "target", "目标": "target",
        }
        return table.get(s)  # None: a year that is not one of the round's

    def _store(self, cid, fid, period, value, where):
        if cid not in self.clusters:
            raise InputError(f"{where}: unknown cluster {cid!r}")
        key = (cid, fid, period)
        if key in self.values:
            raise InputError(f"{where}: duplicate entry {key}")
        self.values[key] = value  # None = no data

    def _read_submission(self, path):
        rows = read_csv(path)
        header = rows[0]
        c_cluster = find_col(header, {"cluster_id", "集群编号", "集群代码"}, what="cluster_id")
        c_period = find_col(header, {"period", "年份"}, what="period")
        c_ind = find_col(header, {"indicator", "指标"}, required=False)
        c_val = find_col(header, {"value", "数值"}, required=False)
        fname = os.path.basename(path)
        if c_ind is not None and c_val is not None:
            c_unit = find_col(header, {"unit", "单位"}, required=False)
            for rn, row in enumerate(rows[1:], start=2):
                if not row or all(c.strip() == "" for c in row):
                    continue
                if row[0].lstrip().startswith("#"):
                    continue
                where = f"{fname}:{rn}"
                period = self._period(row[c_period])
                if period is None:
                    continue  # rejected: year not of the round
                name = row[c_ind].strip()
                fid = self.fw.field_by_name.get(name)
                if fid is None:
                    raise InputError(f"{where}: unknown indicator {name!r}")
                field = self.fw.fields[fid]
                v, pct = parse_cell(row[c_val], where)
                unit = row[c_unit].strip() if c_unit is not None and c_unit < len(row) else ""
                if v is not None:
                    if pct:
                        unit = "%"
                    v = convert(v, unit, field["unit"], where)
                self._store(row[c_cluster].strip(), fid, period, v, where)
        else:
            cols = {}  # column index -> (field id, unit in header)
            for i, h in enumerate(header):
                if i in (c_cluster, c_period):
                    continue
                h = h.strip()
                fid = self.fw.field_by_name.get(h)
                unit = ""
                if fid is None:
                    m = re.match(r"^(.*?)\s*[（(\[【]([^（）()\[\]【】]*)[）)\]】]\s*$", h)
                    if m:
                        fid = self.fw.field_by_name.get(m.group(1).strip())
                        unit = m.group(2).strip()
                if fid is None:
                    raise InputError(f"{fname}: unknown column {h!r}")
                cols[i] = (fid, unit)
            for rn, row in enumerate(rows[1:], start=2):
                if not row or all(c.strip() == "" for c in row):
                    continue
                if row[0].lstrip().startswith("#"):
                    continue
                period = self._period(row[c_period])
                if period is None:
                    continue
                cid = row[c_cluster].strip()
                for i, (fid, unit) in cols.items():
                    where = f"{fname}:{rn}:{header[i]}"
                    cell = row[i] if i < len(row) else ""
                    v, pct = parse_cell(cell, where)
                    if v is None:
                        # an empty cell is simply "no data"; do not create
                        # duplicate-entry conflicts for it
                        continue
                    u = "%" if pct else unit
                    v = convert(v, u, self.fw.fields[fid]["unit"], where)
                    self._store(cid, fid, period, v, where)

    def get(self, cid, fid, period="current"):
        return self.values.get((cid, fid, period))


# --------------------------------------------------------------------------
# Enterprise rosters (README "Enterprise rosters")

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_ok(code: str) -> bool:
    """GB 32100-2015: 18 characters of the alphabet, division digits,
    check = 31 - sum(value_i * 3^(i-1) mod 31) mod 31 (31 -> 0)."""
    code = code.strip().upper()
    if len(code) != 18 or any(ch not in USCC_ALPHABET for ch in code):
        return False
    if not code[2:8].isdigit():
        return False
    total = sum(USCC_ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(code[:17]))
    return USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


ROSTER_ALIASES = {
    "uscc": {"uscc", "统一社会信用代码", "credit_code"},
    "name": {"name", "企业名称"},
    "cluster": {"cluster", "cluster_id", "集群编号"},
    "revenue": {"revenue", "营业收入"},
    "rd_spending": {"rd_spending", "研发投入"},
    "patents": {"patents", "有效发明专利数"},
    "employees": {"employees", "从业人员数"},
    "above_scale": {"above_scale", "规上企业"},
    "high_tech": {"high_tech", "国家高新技术企业"},
    "little_giant": {"little_giant", "专精特新小巨人"},
    "single_champion": {"single_champion", "制造业单项冠军"},
    "listed": {"listed", "上市企业"},
}
YES = {"1", "是", "y", "yes", "true", "√"}


def _cond(cond: str):
    m = re.fullmatch(r"\s*(\w+)\s*(>=|<=|!=|==|>|<)\s*(\S+)\s*", cond)
    if m:
        col, op, v = m.group(1), m.group(2), float(m.group(3))
        ops = {">=": lambda x: x >= v, "<=": lambda x: x <= v, ">": lambda x: x > v,
               "<": lambda x: x < v, "==": lambda x: x == v, "!=": lambda x: x != v}
        return lambda e: e[col] is not None and ops[op](e[col])
    if cond.startswith("!"):
        col = cond[1:].strip()
        return lambda e: not e[col]
    return lambda e: bool(e[cond.strip()])


def derive_from_roster(rnd, paths):
    """Derived current values per (cluster, field), applied to rnd.values
    by the framework's [roster] policy. Returns the derived dict."""
    rcfg = rnd.fw.roster
    ents = []
    for path in paths:
        rows = read_csv(path)
        header = rows[0]
        cols = {}
        for i, h in enumerate(header):
            # "营业收入（万元）" / "revenue [万元]": the unit in brackets is dropped
            h = re.sub(r"\s*[（(\[].*[）)\]]\s*$", "", h.strip())
            for canon, names in ROSTER_ALIASES.items():
                if header_matches(h, names):
                    cols[canon] = i
        for row in rows[1:]:
            get = lambda k: row[cols[k]].strip() if k in cols and cols[k] < len(row) else ""
            e = {"uscc": get("uscc").upper(), "cluster": get("cluster")}
            for k in ("revenue", "rd_spending", "patents", "employees"):
                v = get(k).replace(",", "")
                e[k] = float(v) if v not in NO_DATA else None
            for k in ("above_scale", "high_tech", "little_giant", "single_champion", "listed"):
                e[k] = get(k).lower() in YES
            ents.append(e)
    ents = [e for e in ents if uscc_ok(e["uscc"])]
    # a cluster listing the same code twice: the first row counts
    seen, kept = set(), []
    for e in ents:
        key = (e["uscc"], e["cluster"])
        if key not in seen:
            seen.add(key)
            kept.append(e)
    claims = {}
    for e in kept:
        claims.setdefault(e["uscc"], set()).add(e["cluster"])
    policy = rcfg.get("duplicates", "both")
    if policy == "none":
        kept = [e for e in kept if len(claims[e["uscc"]]) == 1]
    elif policy == "fail" and any(len(v) > 1 for v in claims.values()):
        raise InputError("an enterprise is claimed by two clusters")
    listed = {e["cluster"] for e in ents}
    derived = {}
    for fid, f in rnd.fw.fields.items():
        if f.get("source") != "roster":
            continue
        conds = [_cond(c) for c in f.get("where", [])]
        factor = float(f.get("factor", 1.0))
        for cid in rnd.clusters:
            if cid not in listed:
                continue
            rows = [e for e in kept if e["cluster"] == cid and all(c(e) for c in conds)]
            d = f["derive"]
            if d == "count":
                v = float(len(rows))
            elif d == "sum":
                v = math.fsum(e[f["of"]] or 0.0 for e in rows)
            elif d == "ratio":
                den = math.fsum(e[f["denominator"]] or 0.0 for e in rows)
                num = math.fsum(e[f["numerator"]] or 0.0 for e in rows)
                v = num / den if den != 0 else None
            elif d == "weighted_count":
                v = math.fsum(float(w) for e in rows for k, w in f["weights"].items() if e[k])
            else:
                raise InputError(f"unknown derive {d!r}")
            if v is not None:
                v = v * factor
            derived[(cid, fid)] = v
            prefer = f.get("prefer", rcfg.get("prefer", "roster"))
            declared = rnd.values.get((cid, fid, "current"))
            if v is not None and (prefer == "roster" or declared is None):
                rnd.values[(cid, fid, "current")] = v
    return derived


# --------------------------------------------------------------------------
# Scoring


def percentile_inc(values, p):
    """Linear interpolation percentile (Excel PERCENTILE.INC, NumPy linear)."""
    v = sorted(values)
    n = len(v)
    if n == 1:
        return v[0]
    h = (n - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def clamp01(x):
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def band_fraction(x, ind, direction, eff_points):
    bands = list(ind.get("bands", []))
    if direction == "lower":
        bands.sort(key=lambda b: float(b["at_most"]))
        met = [b for b in bands if x <= float(b["at_most"])]
    else:
        bands.sort(key=lambda b: -float(b["at_least"]))
        met = [b for b in bands if x >= float(b["at_least"])]
    if met:
        b = met[0]
        if "fraction" in b:
            return float(b["fraction"])
        return float(b["points"]) / float(ind.get("points", eff_points))
    return float(ind.get("below", 0.0))


def scale_fraction(rule, xs, cid, ind, direction):
    """Cohort-relative rules. xs: {cluster: transformed value} (the cohort)."""
    x = xs[cid]
    vals = list(xs.values())
    if rule == "minmax":
        lo, hi = min(vals), max(vals)
        if hi == lo:
            return 1.0
        return (x - lo) / (hi - lo) if direction != "lower" else (hi - x) / (hi - lo)
    if rule == "zscore":
        n = len(vals)
        mean = statistics.fmean(vals)
        sd = statistics.stdev(vals) if n > 1 else 0.0
        z = 0.0 if sd == 0 else (x - mean) / sd
        if direction == "lower":
            z = -z
        if ind.get("z_transform", "normal_cdf") == "linear":
            zc = float(ind.get("z_clip", 3))
            return clamp01(0.5 + z / (2 * zc))
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
    if rule == "rank":
        n = len(vals)
        if n == 1:
            return 1.0
        others = [v for c, v in xs.items() if c != cid]
        worse = sum(1 for v in others if (v < x if direction != "lower" else v > x))
        equal = sum(1 for v in others if v == x)
        return (worse + 0.5 * equal) / (n - 1)
    raise InputError(f"unknown scale rule {rule!r}")


def score(rnd: Round):
    fw = rnd.fw
    cids = sorted(rnd.clusters)
    years = rnd.current_year - rnd.baseline_year
    points = {c: {} for c in cids}
    ind_value = {c: {} for c in cids}  # indicator value before transforms (after imputation)
    trace = {c: {} for c in cids}

    for ind in fw.indicators:
        iid = ind["id"]
        rule = ind["rule"]
        direction = ind.get("direction", "higher")
        field = ind.get("field", iid)
        eff = fw.eff[iid]

        # 1. the indicator value (current year unless the rule needs more)
        raw = {}
        targets = {}
        for c in cids:
            v = None
            if rule == "weighted_count":
                parts = [(float(m), rnd.get(c, t)) for t, m in ind["terms"].items()]
                if all(p is not None for _, p in parts):
                    v = sum(m * p for m, p in parts)
            elif rule == "growth":
                b, cur = rnd.get(c, field, "baseline"), rnd.get(c, field, "current")
                if b is not None and cur is not None and b > 0 and cur >= 0:
                    v = ((cur / b) ** (1.0 / years) - 1.0) * 100.0
            else:
                v = rnd.get(c, field, "current")
            if v is not None and "per" in ind:
                d = rnd.get(c, ind["per"], "current")
                v = v / d if d not in (None, 0) else None
            if rule == "target":
                tv = float(ind["target"]) if "target" in ind else rnd.get(c, field, "target")
                targets[c] = tv
            if rule == "progress":
                # README "progress": r = p / e x 100 with p = (cur - b) / (t - b),
                # e = elapsed share; a target met at baseline: p = 1 if still met else 0.
                b, t = rnd.get(c, field, "baseline"), rnd.get(c, field, "target")
                if v is None or b is None or t is None:
                    v = None
                else:
                    e = (rnd.current_year - rnd.baseline_year) / (rnd.target_year - rnd.baseline_year)
                    sgn = -1.0 if direction == "lower" else 1.0
                    if sgn * (t - b) <= 0:
                        pr = 1.0 if sgn * (v - t) >= 0 else 0.0
                    else:
                        pr = (v - b) / (t - b)
                    v = pr / e * 100.0
            raw[c] = v

        # 2. missing values
        policy = ind.get("missing", fw.missing)
        present = {c: v for c, v in raw.items() if v is not None}
        vals = {}
        for c in cids:
            if raw[c] is not None:
                vals[c] = raw[c]
                continue
            if policy == "no_points" or not present and policy != "zero":
                trace[c][iid] = "missing: no points"
                continue
            if policy == "zero":
                vals[c] = 0.0
            elif policy == "cohort_mean":
                vals[c] = statistics.fmean(present.values())
            elif policy == "cohort_median":
                vals[c] = statistics.median(present.values())
            elif policy == "group_mean":
                gcol = ind.get("group", fw.group)
                g = rnd.clusters[c].get(gcol)
                members = [v for k, v in present.items() if rnd.clusters[k].get(gcol) == g]
                vals[c] = statistics.fmean(members) if members else statistics.fmean(present.values())
            elif policy == "fail":
                raise InputError(f"{c}: {iid} is missing and its policy is fail")
            else:
                raise InputError(f"unknown missing policy {policy!r}")
            trace[c][iid] = f"imputed {policy}: {vals[c]!r}"
        for c in cids:
            ind_value[c][iid] = vals.get(c)

        # 3. transforms, in order, over the cohort (clusters with a value)
        for tr in ind.get("transforms", []):
            if tr == "log1p":
                for c, v in vals.items():
                    if v <= -1:
                        raise InputError(f"{c}: {iid} log1p of {v}")
                    vals[c] = math.log1p(v)
            else:
                m = re.fullmatch(r"(cap|floor)_p(\d+)", tr)
                if not m:
                    raise InputError(f"unknown transform {tr!r}")
                if not vals:
                    continue
                q = percentile_inc(list(vals.values()), int(m.group(2)) / 100.0)
                for c, v in vals.items():
                    if m.group(1) == "cap" and v > q:
                        vals[c] = q
                    elif m.group(1) == "floor" and v < q:
                        vals[c] = q

        # 4. rule -> fraction -> points
        for c in cids:
            if c not in vals:
                points[c][iid] = 0.0
                continue
            x = vals[c]
            if rule in ("minmax", "zscore", "rank"):
                f = scale_fraction(rule, vals, c, ind, direction)
            elif rule == "weighted_count":
                f = scale_fraction(ind.get("scale", "minmax"), vals, c, ind, direction)
            elif rule == "goalpost":
                lo, hi = float(ind["lo"]), float(ind["hi"])
                f = clamp01((x - lo) / (hi - lo) if direction != "lower" else (hi - x) / (hi - lo))
            elif rule == "target":
                t = targets[c]
                if t is None or t == 0 or (direction == "lower" and x == 0):
                    points[c][iid] = 0.0
                    trace[c][iid] = "target missing: no points"
                    continue
                a = x / t if direction != "lower" else t / x
                fl = float(ind.get("floor", 0.6))
                fu = float(ind.get("full", 1.0))
                af = float(ind.get("at_floor", 0.0))
                if a >= fu:
                    f = 1.0
                elif a < fl:
                    f = 0.0
                else:
                    f = af + (1.0 - af) * (a - fl) / (fu - fl)
                trace[c][iid] = f"achievement {a!r}"
            elif rule == "progress":
                r = x / 100.0
                fl = float(ind.get("floor", 0.6))
                fu = float(ind.get("full", 1.0))
                af = float(ind.get("at_floor", 0.0))
                f = 1.0 if r >= fu else 0.0 if r < fl else af + (1.0 - af) * (r - fl) / (fu - fl)
            elif rule in ("growth", "bands"):
                f = band_fraction(x, ind, direction, eff)
            elif rule == "expert":
                f = clamp01(x / float(ind["max"]))
            else:
                raise InputError(f"unknown rule {rule!r}")
            points[c][iid] = f * eff

    # subtotals and total: sums of the points earned below them
    subtotals = {c: {} for c in cids}
    totals = {}
    for c in cids:
        for n in fw.nodes:
            subtotals[c][n["id"]] = math.fsum(points[c][i] for i in fw.node_ids_below[n["id"]])
        totals[c] = math.fsum(points[c][i["id"]] for i in fw.indicators)

    # ranking
    d = fw.decimals

    def key(c):
        k = [round(totals[c], d)]
        for tb in fw.tie_break:
            if tb.startswith("value:"):
                iid = tb[len("value:"):]
                v = ind_value[c][iid]
                if v is None:
                    k.append(-math.inf)
                else:
                    v = round(v, d)
                    k.append(-v if fw.ind_by_id[iid].get("direction", "higher") == "lower" else v)
            elif tb in fw.node_by_id:
                k.append(round(subtotals[c][tb], d))
            else:
                k.append(round(points[c][tb], d))
        return tuple(k)

    keys = {c: key(c) for c in cids}
    ranks = {c: 1 + sum(1 for o in cids if keys[o] > keys[c]) for c in cids}
    grades = {}
    for c in cids:
        rt = round(totals[c], d)
        grades[c] = next((g["id"] for g in fw.grades if rt >= float(g["min"])), "")
    return dict(cids=cids, points=points, subtotals=subtotals, totals=totals,
                ranks=ranks, grades=grades, keys=keys, values=ind_value, trace=trace)


def main(argv):
    exclude = set()
    if len(argv) == 5 and argv[3] == "--exclude":
        exclude = {x.strip() for x in argv[4].split(",") if x.strip()}
    elif len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    rnd = Round(argv[1])
    # Clusters that failed an eligibility gate are not part of the cohort.
    for c in exclude:
        rnd.clusters.pop(c)
    rnd.values = {k: v for k, v in rnd.values.items() if k[0] not in exclude}
    res = score(rnd)
    fw = rnd.fw
    node_ids = [n["id"] for n in fw.nodes]
    ind_ids = [i["id"] for i in fw.indicators]
    with open(argv[2], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["cluster_id", "rank", "total", *node_ids, *ind_ids, "grade"])
        for c in res["cids"]:
            w.writerow([c, res["ranks"][c], repr(res["totals"][c]),
                        *(repr(res["subtotals"][c][n]) for n in node_ids),
                        *(repr(res["points"][c][i]) for i in ind_ids),
                        res["grades"][c]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
