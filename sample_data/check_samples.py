#!/usr/bin/env python3
"""Check the synthetic sample rounds written by gen_samples.py.

An independent reading of the files (it does not import the generator):
field ids and names against the framework, row counts, periods, units,
counts as non-negative integers, percents within their min/max, the
deliberate gaps, and the facts the samples are meant to reproduce.

Usage: python3 check_samples.py [DIR]   (default: the directory of this script)
Exit status 0 when every check passes, 1 otherwise.
"""

import csv
import io
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMEWORK = os.path.join(HERE, "..", "indicators", "hebei-midterm.toml")
MISSING = {"", "—", "-", "N/A", "无"}
FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
CITIES = ["石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市",
          "张家口市", "承德市", "沧州市", "廊坊市", "衡水市"]

problems = []


def fail(msg):
    problems.append(msg)


def read_csv(path, bom):
    raw = open(path, "rb").read()
    has_bom = raw.startswith(b"\xef\xbb\xbf")
    if has_bom != bom:
        fail(f"{path}: BOM expected={bom} found={has_bom}")
    if b"\r" in raw:
        fail(f"{path}: contains CR")
    text = raw.decode("utf-8-sig" if has_bom else "utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def parse(raw):
    """-> (number or None, notes). Accepts the documented odd formats."""
    s = raw.strip()
    if s in MISSING:
        return None, "missing"
    s2 = s.translate(FULLWIDTH).replace(",", "")
    if s2.endswith("%"):
        s2 = s2[:-1]
    return float(s2), ("odd" if s2 != s else "")


def check_value(where, field, x, year_is_target=False):
    kind = field["kind"]
    if kind == "count":
        if x != int(x) or x < 0:
            fail(f"{where}: count not a non-negative integer: {x}")
    lo, hi = field.get("min"), field.get("max")
    if lo is not None and x < lo:
        fail(f"{where}: {x} < min {lo}")
    if hi is not None and x > hi:
        fail(f"{where}: {x} > max {hi}")
    if kind in ("amount", "quantity") and x < 0:
        fail(f"{where}: negative {kind} {x}")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else HERE
    fw = tomllib.load(open(FRAMEWORK, "rb"))
    fields = fw["field"]
    by_id = {f["id"]: f for f in fields}
    by_zh = {f["name_zh"]: f for f in fields}
    periods = {f["id"]: f.get("periods", ["current"]) for f in fields}

    # ------------------------------------------------------------ round 1
    d1 = os.path.join(root, "hebei-2024-midterm")
    t1 = tomllib.load(open(os.path.join(d1, "round.toml"), "rb"))
    assert t1["round"]["synthetic"] is True
    cl = read_csv(os.path.join(d1, "clusters.csv"), bom=False)
    if cl[0] != ["cluster_id", "name_zh", "name_en", "city", "track", "promotion_org"]:
        fail(f"round1 clusters header {cl[0]}")
    cl = cl[1:]
    ids1 = [r[0] for r in cl]
    if ids1 != [f"HB{i:02d}" for i in range(1, 12)]:
        fail(f"round1 ids {ids1}")
    city_n = {c: sum(1 for r in cl if r[3] == c) for c in CITIES}
    want_city = {"保定市": 3, "石家庄市": 2, "唐山市": 2, "廊坊市": 1, "沧州市": 1,
                 "邢台市": 1, "邯郸市": 1}
    if {c: n for c, n in city_n.items() if n} != want_city:
        fail(f"round1 cities {city_n}")
    track_n = {}
    for r in cl:
        track_n[r[4]] = track_n.get(r[4], 0) + 1
    if track_n != {"高端装备": 6, "先进钢铁": 1, "生物医药": 1, "新一代信息技术": 1,
                   "新能源": 1, "新材料": 1}:
        fail(f"round1 tracks {track_n}")
    track_of = {r[0]: r[4] for r in cl}

    rows = read_csv(os.path.join(d1, "indicators.csv"), bom=False)
    if rows[0] != ["cluster_id", "indicator", "period", "value", "unit"]:
        fail(f"round1 indicators header {rows[0]}")
    rows = rows[1:]
    year_of = {"baseline": "2021", "current": "2023", "target": "2025"}
    expected = {(c, f["id"], year_of[p]) for c in ids1 for f in fields for p in periods[f["id"]]}
    seen, vals, by_name_zh, gaps = {}, {}, 0, []
    for i, r in enumerate(rows, 2):
        if len(r) != 5:
            fail(f"round1 line {i}: {len(r)} cells")
            continue
        cid, ind, per, raw, unit = r
        f = by_id.get(ind) or by_zh.get(ind)
        if f is None:
            fail(f"round1 line {i}: unknown indicator {ind!r}")
            continue
        if ind in by_zh:
            by_name_zh += 1
        key = (cid, f["id"], per)
        if key not in expected:
            fail(f"round1 line {i}: unexpected {key}")
        if key in seen:
            fail(f"round1 line {i}: duplicate {key} (also line {seen[key]})")
        seen[key] = i
        x, note = parse(raw)
        if unit != f["unit"] and not (f["id"] == "revenue" and unit == "万元"):
            fail(f"round1 line {i}: unit {unit!r} for {f['id']}")
        if note:
            gaps.append((cid, f["id"], per, raw, unit))
        if x is None:
            if f["id"] == "promotion_org_score":
                fail(f"round1 line {i}: promotion_org_score missing")
            continue
        if unit == "万元":
            x = x / 10000
        check_value(f"round1 line {i} {key}", f, x)
        vals[key] = x
    if len(rows) != len(expected) or set(seen) != expected:
        fail(f"round1 rows {len(rows)} expected {len(expected)}")
    if not 8 <= by_name_zh <= 12:
        fail(f"round1: {by_name_zh} rows use name_zh")
    gap_cells = {}
    for g in gaps:
        gap_cells.setdefault((g[0], g[1]), []).append(g)
    if any(len(v) > 1 for v in gap_cells.values()):
        fail("round1: more than one gap for a cluster and field")

    # Facts and plausibility.
    r21 = {c: vals[(c, "revenue", "2021")] for c in ids1}
    r23 = {c: vals[(c, "revenue", "2023")] for c in ids1}
    r25 = {c: vals[(c, "revenue", "2025")] for c in ids1}
    if round(sum(r21.values()), 2) != 7734.51:
        fail(f"round1 2021 revenue sum {sum(r21.values()):.2f}")
    bands = {"<0": 0, "0-5": 0, "5-10": 0, "10-15": 0, ">=15": 0}
    cagr = {}
    for c in ids1:
        g = ((r23[c] / r21[c]) ** 0.5 - 1) * 100
        cagr[c] = g
        if not -3 <= g <= 22:
            fail(f"round1 {c} CAGR {g:.2f}")
        b = "<0" if g < 0 else "0-5" if g < 5 else "5-10" if g < 10 else "10-15" if g < 15 else ">=15"
        bands[b] += 1
    if bands["<0"] < 1 or any(bands[b] < 2 for b in ("0-5", "5-10", "10-15", ">=15")):
        fail(f"round1 CAGR bands {bands}")
    passed = [c for c in ids1 if r25[c] <= r23[c]]
    if len(passed) > 1:
        fail(f"round1 targets not above 2023: {passed}")
    for fid in ("local_supply", "rd_intensity", "digital_adoption"):
        for c in ids1:
            if vals[(c, fid, "2025")] <= vals[(c, fid, "2023")]:
                fail(f"round1 {c} {fid} target not above current")
    for c in ids1:
        if vals[(c, "ent_100bn", "2023")] > vals[(c, "ent_10bn", "2023")]:
            fail(f"round1 {c}: ent_100bn > ent_10bn")
    ei = {c: vals.get((c, "energy_intensity", "2023")) for c in ids1}
    steel = [c for c in ids1 if track_of[c] == "先进钢铁"][0]
    if max((v, c) for c, v in ei.items() if v is not None)[1] != steel:
        fail("round1: steel is not the most energy-intensive")
    ranges = {"above_scale": (100, 900), "ent_10bn": (0, 25), "ent_100bn": (0, 3),
              "listed": (1, 20), "profit_margin": (3, 12), "labour_productivity": (40, 150),
              "project_completion": (55, 115), "energy_intensity": (0.05, 1.2),
              "platforms_national": (0, 12), "platforms_provincial": (5, 60),
              "high_tech": (50, 600), "single_champion": (0, 6), "little_giant": (2, 40),
              "valid_patents": (200, 6000), "standards_intl": (0, 5),
              "standards_national": (0, 20), "standards_industry": (0, 40),
              "first_of_kind": (0, 15), "promotion_org_score": (3.5, 7.8),
              "iur_projects": (5, 80), "shared_platforms": (3, 40), "cross_region": (1, 30),
              "export_share": (3, 35), "fdi": (0.1, 6), "rd_staff_share": (4, 18),
              "talent": (5, 200), "finance": (5, 120)}
    for (c, fid, per), x in vals.items():
        if per == "2023" and fid in ranges and not ranges[fid][0] <= x <= ranges[fid][1]:
            fail(f"round1 {c} {fid} {x} outside brief range {ranges[fid]}")
        if per == "2023" and fid in ("local_supply",) and not 50 <= x <= 90:
            fail(f"round1 {c} {fid} {x}")
        if per == "2023" and fid in ("rd_intensity",) and not 1 <= x <= 4:
            fail(f"round1 {c} {fid} {x}")
        if per == "2023" and fid in ("digital_adoption",) and not 20 <= x <= 70:
            fail(f"round1 {c} {fid} {x}")

    print("round 1: clusters", len(cl), "| indicator rows", len(rows),
          "| rows naming the field by name_zh", by_name_zh)
    print("  2021 revenue sum %.2f, range %.2f-%.2f" % (sum(r21.values()), min(r21.values()),
                                                         max(r21.values())))
    print("  CAGR bands", bands, "| target already passed:", passed)
    print("  above_scale sum", int(sum(vals[(c, "above_scale", "2023")] for c in ids1)))
    print("  gaps / odd formats:")
    for g in gaps:
        print("   ", g)

    # ------------------------------------------------------------ round 2
    d2 = os.path.join(root, "hebei-2022-competition")
    t2 = tomllib.load(open(os.path.join(d2, "round.toml"), "rb"))
    assert t2["round"]["synthetic"] is True
    cl2 = read_csv(os.path.join(d2, "clusters.csv"), bom=False)
    if cl2[0] != ["集群编号", "集群名称", "英文名称", "城市", "赛道", "促进组织",
                  "促进组织依法登记", "近三年重大事故或严重失信"]:
        fail(f"round2 clusters header {cl2[0]}")
    cl2 = cl2[1:]
    ids2 = [r[0] for r in cl2]
    if ids2 != [f"C{i:02d}" for i in range(1, 31)]:
        fail(f"round2 ids {ids2}")
    if sorted({r[3] for r in cl2}) != sorted(CITIES):
        fail(f"round2 cities {sorted({r[3] for r in cl2})}")
    tn = {}
    for r in cl2:
        tn[r[4]] = tn.get(r[4], 0) + 1
    if set(tn) != {"高端装备", "新材料", "生物医药", "新一代信息技术", "新能源"} \
            or max(tn, key=lambda t: tn[t]) != "高端装备":
        fail(f"round2 tracks {tn}")
    if len({r[1] for r in cl2}) != 30:
        fail("round2 duplicate names")

    w = read_csv(os.path.join(d2, "indicators.csv"), bom=True)
    header = ["集群编号", "年份"] + [f"{f['name_zh']}（{f['unit']}）" for f in fields]
    if w[0] != header:
        fail("round2 indicators header differs from the framework")
    body = w[1:]
    if len(body) != 90:
        fail(f"round2 rows {len(body)}")
    want_keys = [(c, y) for c in ids2 for y in ("2019", "2021", "2025")]
    if [(r[0], r[1]) for r in body] != want_keys:
        fail("round2 row keys/order")
    missing2, rev19, rev21 = [], [], {}
    for i, r in enumerate(body, 2):
        if len(r) != len(header):
            fail(f"round2 line {i}: {len(r)} cells")
            continue
        year = r[1]
        for f, raw in zip(fields, r[2:]):
            p = periods[f["id"]]
            asked = (year == "2019" and "baseline" in p) or year == "2021" \
                or (year == "2025" and "target" in p)
            if not asked:
                if raw != "":
                    fail(f"round2 line {i}: {f['id']} filled for {year}")
                continue
            x, note = parse(raw)
            if note == "odd":
                fail(f"round2 line {i}: odd format {raw!r}")
            if x is None:
                missing2.append((r[0], f["id"], year, raw))
                if year != "2021" or f["id"] == "promotion_org_score":
                    fail(f"round2 line {i}: {f['id']} missing in {year}")
                continue
            check_value(f"round2 line {i} {r[0]} {year} {f['id']}", f, x)
            if f["id"] == "revenue" and year == "2019":
                rev19.append(x)
            if f["id"] == "revenue" and year == "2021":
                rev21[r[0]] = x
    if not 3 <= len(missing2) <= 4:
        fail(f"round2 missing cells {len(missing2)}")
    # The 11 recognised keep their 2021 revenue across the two rounds.
    name2id = {r[1]: r[0] for r in cl2}
    for r in cl:
        c2 = name2id.get(r[1])
        if c2 is None or rev21[c2] != r21[r[0]]:
            fail(f"round2: {r[0]} not linked by name / 2021 revenue")
    print("round 2: clusters", len(cl2), "| tracks", tn, "| rows", len(body))
    print("  2019 revenue range %.2f-%.2f, mean %.1f (round 1 2021 mean %.1f)" % (
        min(rev19), max(rev19), sum(rev19) / len(rev19), sum(r21.values()) / 11))
    print("  missing cells:", missing2)

    for d in (d1, d2):
        txt = open(os.path.join(d, "README.md"), encoding="utf-8").read()
        for s in ("合成数据，仅供演示，不是官方结果",
                  "Synthetic data for demonstration, not official results"):
            if s not in txt:
                fail(f"{d}/README.md lacks {s!r}")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
