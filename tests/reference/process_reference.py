#!/usr/bin/env python3
"""Independent reference for the competition process (gates, panels,
stages, shortlist, quota and the tie-break chain).

Written from README.md ("The evaluation process") and the round's
[process] section, without reading the Rust sources; Python 3.11 standard
library only. The indicator totals and subtotals come from
score_reference.py (the independent scoring reference beside this file).

Usage:
    python3 process_reference.py ROUND_DIR OUT_CSV

OUT_CSV: one row per registered cluster, sorted by cluster_id:
    cluster_id,status,stage_reached,rank,<stage>_panel,<stage>_score ...,
    final_score,tied
Panel and stage scores are written with `decimals` places; `rank` is the
rank in the last stage the cluster took part in (blank for a gate failure).

Readings chosen where the README leaves room (the most literal one):
  * A panel score is aggregated from the unrounded reviewer scores (sum of
    their criterion scores), standardised (when on) from the unrounded
    aggregates, then rounded to `decimals`. Stage scores are the stage
    formula over the indicator total (unrounded) and the rounded panel and
    earlier stage scores, then rounded. Rounding is Python's round().
  * The stage's clusters, for the pooled and track statistics of the
    standardisation, are the clusters that reached the stage.
  * A stage is ranked by its score, then by the keys of the tie-break chain
    that exist at that stage (`panel:` / `stage:` keys of later stages are
    skipped); framework keys are compared rounded to the framework's
    ranking decimals, process keys (panel and stage scores) as rounded.
  * The quota takes clusters rank by rank; a group of tied clusters that
    does not fit in the places left while some places remain is
    tied_at_quota. No caps are implemented (the sample has none).
"""

from __future__ import annotations

import csv
import math
import os
import statistics
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_reference as ref  # noqa: E402


def column(header, names, what):
    return ref.find_col(header, names, what=what)


def same_city(a: str, b: str) -> bool:
    def norm(s):
        s = s.strip()
        return s[:-1] if s.endswith("市") else s

    return norm(a) != "" and norm(a) == norm(b)


# --------------------------------------------------------------------------
# Gates


def gate_passes(rnd, process_gate, cid):
    """(passed, value found) for one gate and one cluster."""
    op = process_gate["op"]
    want = process_gate.get("value")
    if "field" in process_gate:
        found = rnd.get(cid, process_gate["field"])
    else:
        found = rnd.clusters[cid].get(process_gate["registry"])
        found = None if found in (None, "") else found
    if op == "present":
        return found is not None, found
    if found is None:
        return False, None  # a missing value fails a comparison
    if op in ("in", "not_in"):
        inside = str(found) in [str(v) for v in want]
        return inside == (op == "in"), found
    if isinstance(want, str):
        a, b = str(found), want
    else:
        a, b = float(found), float(want)
    ok = {
        ">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b, "!=": a != b,
    }[op]
    return ok, found


# --------------------------------------------------------------------------
# Panels


def read_reviewers(path):
    rows = ref.read_csv(path)
    h = rows[0]
    c_id = column(h, {"专家编号", "reviewer_id", "reviewer", "id"}, "reviewer_id")
    c_emp = column(h, {"工作单位", "employer"}, "employer")
    c_city = column(h, {"城市", "city"}, "city")
    out = {}
    for r in rows[1:]:
        if r and r[c_id].strip():
            out[r[c_id].strip()] = {"employer": r[c_emp].strip(), "city": r[c_city].strip()}
    return out


def read_reviews(path, stages):
    """{(stage id, cluster, reviewer): sum of criterion scores}."""
    rows = ref.read_csv(path)
    h = rows[0]
    c_rev = column(h, {"专家编号", "reviewer"}, "reviewer")
    c_clu = column(h, {"集群编号", "cluster_id", "cluster"}, "cluster_id")
    c_stage = column(h, {"环节", "stage"}, "stage")
    c_crit = ref.find_col(h, {"评分项", "criterion"}, required=False)
    c_score = column(h, {"分数", "score"}, "score")
    by_name = {}
    for s in stages:
        by_name[s["id"]] = s
        if "name_zh" in s:
            by_name[s["name_zh"]] = s
    sheets = {}
    for r in rows[1:]:
        if not r or not r[c_rev].strip():
            continue
        stage = by_name[r[c_stage].strip()]
        crits = stage.get("criteria") or [{"id": "total", "max": 100}]
        crit = r[c_crit].strip() if c_crit is not None else ""
        if crit == "" and len(crits) == 1:
            crit = crits[0]["id"]
        cmax = {c["id"]: float(c["max"]) for c in crits}[crit]
        v = float(r[c_score])
        assert 0 <= v <= cmax, f"score out of range: {r}"
        key = (stage["id"], r[c_clu].strip(), r[c_rev].strip())
        sheet = sheets.setdefault(key, {})
        assert crit not in sheet, f"duplicate score: {r}"
        sheet[crit] = v
    out = {}
    for key, sheet in sheets.items():
        crits = next(s for s in stages if s["id"] == key[0]).get("criteria") or [{"id": "total"}]
        assert len(sheet) == len(crits), f"incomplete sheet: {key}"
        out[key] = math.fsum(sheet.values())
    return out


def aggregate(scores, panel):
    how = panel.get("aggregation", "mean")
    xs = sorted(scores)
    if how == "trimmed_mean":
        if len(xs) >= int(panel.get("trim_when_at_least", 5)):
            xs = xs[1:-1]
        return statistics.fmean(xs)
    if how == "median":
        return statistics.median(xs)
    return statistics.fmean(xs)


def panel_scores(stage, clusters, rnd, reviewers, reviews, panel, decimals):
    """Rounded panel score of each cluster in `clusters` at `stage`."""
    agg = {}
    for c in clusters:
        reg = rnd.clusters[c]
        used = []
        for (sid, cid, rid), v in reviews.items():
            if sid != stage["id"] or cid != c:
                continue
            rv = reviewers[rid]
            if same_city(rv["city"], reg.get("city", "")):
                continue
            if rv["employer"] and rv["employer"] == reg.get("promotion_org", ""):
                continue
            used.append(v)
        assert len(used) >= int(panel.get("min_scores", 3)), f"small panel: {c}"
        agg[c] = aggregate(used, panel)
    if stage.get("standardise", panel.get("standardise", False)):
        pooled = list(agg.values())
        pm, ps = statistics.fmean(pooled), statistics.stdev(pooled)
        tracks = {}
        for c in clusters:
            tracks.setdefault(rnd.clusters[c]["track"], []).append(c)
        for members in tracks.values():
            if len(members) < 2:
                continue
            xs = [agg[c] for c in members]
            tm, ts = statistics.fmean(xs), statistics.stdev(xs)
            for c in members:
                agg[c] = pm + ps * (agg[c] - tm) / ts
    return {c: round(v, decimals) for c, v in agg.items()}


# --------------------------------------------------------------------------
# Ranking


def chain_key(c, chain, held, res, fw, panels, stage_scores):
    """The tie-break keys of cluster c that exist once the stages in `held` are."""
    d = fw.decimals
    key = []
    for tb in chain:
        kind, _, ident = tb.partition(":")
        if kind == "panel":
            if ident in held:
                key.append(panels[ident][c])
        elif kind == "stage":
            if ident in held:
                key.append(stage_scores[ident][c])
        elif kind == "value":
            v = res["values"][c][ident]
            if v is None:
                key.append(-math.inf)
            else:
                lower = fw.ind_by_id[ident].get("direction", "higher") == "lower"
                key.append(-round(v, d) if lower else round(v, d))
        elif tb in fw.node_by_id:
            key.append(round(res["subtotals"][c][tb], d))
        else:
            key.append(round(res["points"][c][tb], d))
    return tuple(key)


def competition_ranks(keys):
    return {c: 1 + sum(1 for o in keys if keys[o] > keys[c]) for c in keys}


# --------------------------------------------------------------------------


def run(round_dir):
    with open(os.path.join(round_dir, "round.toml"), "rb") as fh:
        spec = tomllib.load(fh)
    proc = spec["process"]
    assert proc["kind"] == "competition", "only competitions are implemented"
    assert not proc.get("caps"), "caps are not implemented"
    decimals = int(proc.get("decimals", 2))
    chain = list(proc.get("tie_break", []))
    panel = proc.get("panel", {})
    stages = proc["stages"]
    rnd = ref.Round(round_dir)
    every = sorted(rnd.clusters)

    failed = set()
    for c in every:
        for g in proc.get("gates", []):
            if not gate_passes(rnd, g, c)[0]:
                failed.add(c)
    for c in failed:
        rnd.clusters.pop(c)
    rnd.values = {k: v for k, v in rnd.values.items() if k[0] not in failed}
    res = ref.score(rnd)
    fw = rnd.fw

    inputs = spec["inputs"]
    reviewers = read_reviewers(os.path.join(round_dir, inputs["reviewers"]))
    reviews = read_reviews(os.path.join(round_dir, inputs["reviews"]), stages)

    alive = sorted(rnd.clusters)
    reached = {c: "" for c in every}
    rank = {c: "" for c in every}
    status = {c: "failed_gate" for c in failed}
    panels, stage_scores, held = {}, {}, []
    ranks = {}
    for st in stages:
        sid = st["id"]
        for c in alive:
            reached[c] = sid
        parts = st["score"]
        if "panel" in parts:
            panels[sid] = panel_scores(st, alive, rnd, reviewers, reviews, panel, decimals)
        scores = {}
        for c in alive:
            s = 0.0
            for term, w in parts.items():
                if term == "indicators":
                    s += w * res["totals"][c]
                elif term == "panel":
                    s += w * panels[sid][c]
                else:
                    s += w * stage_scores[term][c]
            scores[c] = round(s, decimals)
        stage_scores[sid] = scores
        held.append(sid)
        keys = {c: (scores[c], *chain_key(c, chain, held, res, fw, panels, stage_scores))
                for c in alive}
        ranks = competition_ranks(keys)
        for c in alive:
            rank[c] = ranks[c]
        adv = st.get("advance")
        if adv is None:
            continue
        k = len(alive)
        if "top" in adv:
            k = int(adv["top"])
        if "quota_multiple" in adv:
            k = math.ceil(float(adv["quota_multiple"]) * int(proc["quota"]))
        lowest = float(adv.get("min_score", -math.inf))
        nxt = [c for c in alive if ranks[c] <= k and scores[c] >= lowest]
        for c in alive:
            if c not in nxt:
                status[c] = "not_shortlisted"
        alive = nxt

    final = stage_scores[held[-1]]
    places = int(proc["quota"])
    lowest = float(proc.get("min_score", -math.inf))
    tied = {c: "no" for c in every}
    for r in sorted(set(ranks[c] for c in alive)):
        group = sorted(c for c in alive if ranks[c] == r)
        if len(group) > 1:
            for c in group:
                tied[c] = "yes"
        ok = [c for c in group if final[c] >= lowest]
        for c in group:
            if c not in ok:
                status[c] = "not_selected"
        if places == 0 or not ok:
            for c in ok:
                status[c] = "not_selected"
        elif len(ok) <= places:
            for c in ok:
                status[c] = "selected"
            places -= len(ok)
        else:
            for c in ok:
                status[c] = "tied_at_quota"
            places = 0

    header = ["cluster_id", "status", "stage_reached", "rank"]
    for st in stages:
        if "panel" in st["score"]:
            header.append(f"{st['id']}_panel")
        header.append(f"{st['id']}_score")
    header += ["final_score", "tied"]
    fmt = f"{{:.{decimals}f}}"
    rows = []
    for c in every:
        row = [c, status[c], reached[c], rank[c]]
        for st in stages:
            sid = st["id"]
            if "panel" in st["score"]:
                v = panels.get(sid, {}).get(c)
                row.append("" if v is None else fmt.format(v))
            v = stage_scores.get(sid, {}).get(c)
            row.append("" if v is None else fmt.format(v))
        v = final.get(c) if c in alive else None
        row += ["" if v is None else fmt.format(v), tied[c]]
        rows.append(row)
    return header, rows


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    header, rows = run(argv[1])
    with open(argv[2], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
