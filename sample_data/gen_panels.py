#!/usr/bin/env python3
"""Write the expert panels of the synthetic 2022 competition sample.

Writes hebei-2022-competition/reviewers.csv and reviews.csv: 5 tracks x 7
reviewers, with panels of different severity (the 高端装备 panel is severe,
the 新材料 panel lenient), one reviewer whose city is that of a cluster in
their track (a conflict of interest the engine must exclude), one outlying
score, preliminary scores on three criteria for every eligible entrant, and
defence scores for the shortlisted ones. All names, employers and scores are
invented (synthetic data, not an official result).

The shortlist and the final ranking depend on the engine's scores, so this
script runs the engine (`cluster-eval run`) between steps: first to read the
indicator totals and the shortlist, last to set one defence score so that
the 11th and 12th final scores are equal and the tie-break chain (defence
score first) settles the quota boundary. Deterministic (fixed seed).

Usage: python3 gen_panels.py [--bin PATH]   (default: target/release/cluster-eval)
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROUND = os.path.join(HERE, "hebei-2022-competition")
SEED = 20221
GATE_FAILED = {"C25"}          # fails the leading-share gate (see gen_samples.py)
RECOGNISED = {"C01", "C02", "C03", "C04", "C09", "C11", "C14", "C15", "C17", "C23", "C27"}

TRACKS = ["高端装备", "新材料", "生物医药", "新一代信息技术", "新能源"]
# Panel severity: points added to every score of the panel.
TRACK_BIAS = {"高端装备": -6.0, "新材料": 4.0, "生物医药": 0.0, "新一代信息技术": 1.5, "新能源": -2.0}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅"
GIVEN = ["建国", "志强", "海涛", "晓明", "丽华", "文静", "国栋", "春燕", "立新", "振华",
         "雪梅", "宏伟", "秀英", "德胜", "玉兰", "明轩", "思远", "子健", "若曦", "景行",
         "安然", "博文", "承志", "慧敏", "嘉禾", "静怡", "开宇", "良辰", "美琳", "鹏飞",
         "清扬", "睿哲", "书瑶", "天佑", "欣然"]
EMPLOYERS = [
    ("燕北工业大学（虚构）", "北京市"), ("渤海工程技术研究院（虚构）", "天津市"),
    ("华北先进制造研究中心（虚构）", "北京市"), ("京津冀产业发展研究院（虚构）", "天津市"),
    ("齐鲁材料科学研究所（虚构）", "济南市"), ("晋中能源技术研究院（虚构）", "太原市"),
    ("北方生物医药研究院（虚构）", "北京市"),
]
CONFLICT_REVIEWER = ("新能源", "邯郸市", "邯郸新能源技术研究所（虚构）")
CRITERIA = [("basis", 40), ("plan", 30), ("organisation", 30)]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def run_engine(binary, round_dir):
    out = tempfile.mkdtemp(prefix="panels-")
    try:
        p = subprocess.run([binary, "run", round_dir, "--out", out],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"engine failed:\n{p.stderr}")
        with open(os.path.join(out, "scores.json"), encoding="utf-8") as f:
            return json.load(f)
    finally:
        shutil.rmtree(out)


def indicator_totals(binary, clusters):
    """Indicator totals from a copy of the round without its process."""
    tmp = tempfile.mkdtemp(prefix="noproc-")
    try:
        for name in ("clusters.csv", "indicators.csv"):
            shutil.copy(os.path.join(ROUND, name), tmp)
        with open(os.path.join(ROUND, "round.toml"), encoding="utf-8") as f:
            text = f.read()
        head = text.split("\n[inputs]")[0].replace(
            'framework = "../../indicators/', 'framework = "' +
            os.path.join(HERE, "..", "indicators") + "/")
        with open(os.path.join(tmp, "round.toml"), "w", encoding="utf-8") as f:
            f.write(head + '\n[inputs]\nclusters = "clusters.csv"\nsubmissions = ["indicators.csv"]\n')
        r = run_engine(binary, tmp)
        return {c["cluster_id"]: c["total"] for c in r["clusters"]}
    finally:
        shutil.rmtree(tmp)


def reviewers(rng):
    rows = []
    names = set()
    n = 0
    for t in TRACKS:
        for k in range(7):
            n += 1
            while True:
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                if name not in names:
                    names.add(name)
                    break
            employer, city = EMPLOYERS[(n * 3 + k) % len(EMPLOYERS)]
            if (t, k) == (CONFLICT_REVIEWER[0], 3):
                city, employer = CONFLICT_REVIEWER[1], CONFLICT_REVIEWER[2]
            rows.append({"id": f"R{n:02d}", "name": name, "employer": employer,
                         "city": city, "track": t,
                         "bias": rng.gauss(0.0, 2.0)})
    # One notably severe and one notably lenient reviewer.
    rows[2]["bias"] = -7.5
    rows[16]["bias"] = 6.5
    return rows


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "cluster-eval"))
    args = ap.parse_args()
    rng = random.Random(SEED)
    reg = read_csv(os.path.join(ROUND, "clusters.csv"))[1:]
    track_of = {r[0]: r[4] for r in reg}
    totals = indicator_totals(args.bin, reg)

    revs = reviewers(rng)
    write_csv(os.path.join(ROUND, "reviewers.csv"),
              ["专家编号", "姓名", "工作单位", "城市", "评审赛道"],
              [[r["id"], r["name"], r["employer"], r["city"], r["track"]] for r in revs])

    # Preliminary review: documents, three criteria.
    quality = {}
    for cid, _, _, _, track, *_ in reg:
        quality[cid] = clip(40 + 0.5 * totals[cid] + (6 if cid in RECOGNISED else 0)
                            + rng.gauss(0, 4), 45, 95)
    prelim = []
    for cid, *_ in reg:
        if cid in GATE_FAILED:
            continue
        for r in revs:
            if r["track"] != track_of[cid]:
                continue
            total = clip(quality[cid] + TRACK_BIAS[r["track"]] + r["bias"] + rng.gauss(0, 3), 30, 98)
            if (r["id"], cid) == ("R12", "C12"):
                total = clip(total - 24, 20, 98)   # the outlying score
            for crit, mx in CRITERIA:
                share = mx / 100 * total + rng.gauss(0, 0.8)
                prelim.append([r["id"], cid, "初审", crit, f"{clip(round(share * 2) / 2, 0, mx):g}"])
    header = ["专家编号", "集群编号", "环节", "评分项", "分数"]
    path = os.path.join(ROUND, "reviews.csv")
    write_csv(path, header, prelim)

    # Shortlist: run with preliminary scores only (the defence has none yet).
    r = run_engine(args.bin, ROUND)
    short = [d["cluster_id"] for d in r["process"]["decisions"] if d["status"] == "shortlisted"]
    defence_quality = {c: clip(quality[c] + rng.gauss(0, 4), 45, 97) for c in short}
    defence = {}
    for cid in sorted(short):
        for rv in revs:
            if rv["track"] != track_of[cid]:
                continue
            s = clip(defence_quality[cid] + TRACK_BIAS[rv["track"]] / 2 + rv["bias"] / 2
                     + rng.gauss(0, 2.5), 40, 99)
            defence[(rv["id"], cid)] = round(s, 1)

    def write_all():
        rows = prelim + [[rid, cid, "答辩", "", f"{v:.1f}"]
                         for (rid, cid), v in sorted(defence.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
        write_csv(path, header, rows)

    write_all()
    r = run_engine(args.bin, ROUND)
    final = {d["cluster_id"]: d for d in r["process"]["decisions"] if d["final_score"] is not None}
    by_rank = sorted(final.values(), key=lambda d: (d["rank"], d["cluster_id"]))
    a, b = by_rank[10], by_rank[11]
    target = a["final_score"]
    prelim_b = next(s["score"] for s in b["stages"] if s["stage"] == "preliminary")
    defence_a = next(s["score"] for s in a["stages"] if s["stage"] == "defence")
    # Move B's middle defence scores by 0.1 (each step moves the trimmed
    # mean by 0.02 and the final by 0.008, so no 0.01 is skipped) until B's
    # final equals A's.
    keys = [k for k in defence if k[1] == b["cluster_id"]]

    def trimmed(xs):
        xs = sorted(xs)
        return sum(xs[1:-1]) / (len(xs) - 2)

    for _ in range(5000):
        d = round(trimmed([defence[k] for k in keys]) + 1e-9, 2)
        f = round(0.6 * prelim_b + 0.4 * d + 1e-9, 2)
        if abs(f - target) < 1e-9 and abs(d - defence_a) > 0.005:
            break
        order = sorted(keys, key=lambda k: (defence[k], k))
        middle = order[1:-1]
        if f <= target:
            k = middle[0]
            defence[k] = round(defence[k] + 0.1, 1)
        else:
            k = middle[-1]
            defence[k] = round(defence[k] - 0.1, 1)
    else:
        sys.exit("could not construct the boundary tie")
    write_all()
    r = run_engine(args.bin, ROUND)
    sel = [d["cluster_id"] for d in r["process"]["decisions"] if d["status"] == "selected"]
    print("selected", len(sel), sorted(sel))
    for line in r["process"]["boundary"]:
        print(" ", line)


if __name__ == "__main__":
    main()
