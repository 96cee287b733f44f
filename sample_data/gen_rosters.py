#!/usr/bin/env python3
"""Generate the synthetic enterprise roster of the mid-term sample round.

合成数据，仅供演示 / Synthetic data for demonstration, not real enterprises.

Writes sample_data/hebei-2024-midterm/enterprises.csv: 12,769 enterprises
over the 11 clusters (the number DOMAIN.md gives for Hebei's 11 clusters),
consistent with what each cluster declared in indicators.csv (counts of
enterprises above designated size, high-tech, little giants, single
champions, listed, revenue >= 10 / 100 亿元, valid patents, R&D intensity
of enterprises above designated size), except for three planted faults:

- two codes with a wrong check character (HB03 and HB07), rejected;
- one enterprise listed by both HB01 and HB02 (counted for both under
  the default duplicate policy);
- HB06 declared 260 enterprises above designated size, its roster lists
  236 (beyond the 5 % tolerance; the roster figure is scored).

Codes follow GB 32100-2015: "91" (industry and commerce, enterprise), the
city's division code, a 9-character organisation code with its GB 11714
check character, and the check character. Deterministic (fixed seed).

    python3 sample_data/gen_rosters.py
"""

import csv
import os
import random

SEED = 20241121
HERE = os.path.dirname(os.path.abspath(__file__))
ROUND = os.path.join(HERE, "hebei-2024-midterm")
TOTAL = 12769
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
DIVISION = {
    "石家庄市": 130100, "唐山市": 130200, "秦皇岛市": 130300, "邯郸市": 130400,
    "邢台市": 130500, "保定市": 130600, "张家口市": 130700, "承德市": 130800,
    "沧州市": 130900, "廊坊市": 131000, "衡水市": 131100,
}
COUNTIES = ["市辖区", "高新区", "经开区", "第一县", "第二县", "第三县", "第四县"]
BAD_CODES = {"HB03": 17, "HB07": 101}          # cluster -> row within its roster
SHARED = ("HB01", "HB02")                        # the double-claimed enterprise
SHORT_ABOVE_SCALE = ("HB06", 236)                # declared 260
WORDS = ["华", "通", "恒", "远", "创", "新", "智", "达", "宏", "泰", "精", "博",
         "锐", "联", "盛", "鑫", "科", "源", "信", "安", "中", "冀", "燕", "瑞"]
TRADES = ["科技", "装备", "材料", "电气", "机械", "汽车零部件", "电子", "新能源",
          "生物", "钢铁", "信息技术", "精密制造"]


def check_char(first17):
    s = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - s % 31) % 31]


def org_code(rng):
    body = "".join(rng.choice("0123456789") for _ in range(8))
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(d) * x for d, x in zip(body, w)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def make_code(rng, division, used):
    while True:
        first = "91" + str(division) + org_code(rng)
        code = first + check_char(first)
        if code not in used:
            used.add(code)
            return code


def declared():
    out = {}
    with open(os.path.join(ROUND, "indicators.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["period"] == "2023":
                out.setdefault(r["cluster_id"], {})[r["indicator"]] = r["value"]
    return out


def clusters():
    with open(os.path.join(ROUND, "clusters.csv"), encoding="utf-8-sig") as f:
        return [(r["cluster_id"], r["city"]) for r in csv.DictReader(f)]


def spread(rng, total, n, lo=0):
    """n non-negative integers (each >= lo) summing to total."""
    weights = [rng.random() ** 3 + 0.02 for _ in range(n)]
    s = sum(weights)
    xs = [lo + int((total - lo * n) * w / s) for w in weights]
    for _ in range(total - sum(xs)):
        xs[rng.randrange(n)] += 1
    return xs


def main():
    rng = random.Random(SEED)
    dec = declared()
    regs = clusters()
    above = {k: int(dec[k]["above_scale"]) for k, _ in regs}
    real_above = dict(above)
    real_above[SHORT_ABOVE_SCALE[0]] = SHORT_ABOVE_SCALE[1]
    total_above = sum(real_above.values())
    # Enterprises per cluster: proportional to the above-size count.
    sizes = {k: max(real_above[k] + 50, round(TOTAL * real_above[k] / total_above)) for k, _ in regs}
    last = regs[-1][0]
    sizes[last] += TOTAL - 1 - sum(sizes.values())   # the shared enterprise adds one row
    used = set()
    rows = []
    for k, city in regs:
        d = dec[k]
        n = sizes[k]
        ents = []
        for i in range(n):
            name = (city[:-1] + "".join(rng.choice(WORDS) for _ in range(2))
                    + rng.choice(TRADES) + "有限公司")
            ents.append({
                "code": make_code(rng, DIVISION[city] + rng.choice([0, 2, 4, 21, 22, 81]), used),
                "name": name, "county": city + rng.choice(COUNTIES),
                "above": False, "hightech": False, "giant": False, "champion": False,
                "listed": False, "revenue": 0.0, "rd": 0.0, "patents": 0,
            })
        na = real_above[k]
        n100 = int(d["ent_100bn"])
        n10 = int(d["ent_10bn"])
        # Revenue (万元): the largest first.
        for i, e in enumerate(ents):
            if i < n100:
                e["revenue"] = round(rng.uniform(1_000_000, 1_800_000), 2)
            elif i < n10:
                e["revenue"] = round(rng.uniform(100_000, 900_000), 2)
            elif i < na:
                e["revenue"] = round(rng.uniform(2_000, 90_000), 2)
            else:
                e["revenue"] = round(rng.uniform(50, 1_990), 2)
            e["above"] = i < na
        above_ents = ents[:na]
        for flag, key in [("hightech", "high_tech"), ("giant", "little_giant"),
                          ("champion", "single_champion"), ("listed", "listed")]:
            for e in rng.sample(above_ents, int(d[key])):
                e[flag] = True
        # Patents: the declared total spread over above-size enterprises.
        for e, p in zip(above_ents, spread(rng, int(d["valid_patents"]), na)):
            e["patents"] = p
        # R&D of above-size enterprises: Σ rd / Σ revenue = declared intensity.
        target = float(d["rd_intensity"]) / 100
        raw = [e["revenue"] * rng.uniform(0.3, 1.7) for e in above_ents]
        scale = target * sum(e["revenue"] for e in above_ents) / sum(raw)
        for e, r in zip(above_ents, raw):
            e["rd"] = round(r * scale, 2)
        # Fix the rounding so the ratio is exact to the declared 2 decimals.
        gap = round(target * sum(e["revenue"] for e in above_ents) - sum(e["rd"] for e in above_ents), 2)
        above_ents[0]["rd"] = round(above_ents[0]["rd"] + gap, 2)
        rng.shuffle(ents)
        for i, e in enumerate(ents):
            e["cluster"] = k
            rows.append(e)
    # The shared enterprise: a small HB01 supplier, also listed by HB02.
    hb01 = [e for e in rows if e["cluster"] == SHARED[0] and not e["above"]]
    shared = hb01[0]
    copy = dict(shared)
    copy["cluster"] = SHARED[1]
    pos = max(i for i, e in enumerate(rows) if e["cluster"] == SHARED[1])
    rows.insert(pos + 1, copy)
    # Two wrong check characters.
    for k, at in BAD_CODES.items():
        e = [e for e in rows if e["cluster"] == k and not e["above"]][at]
        good = e["code"][-1]
        e["code"] = e["code"][:-1] + ALPHABET[(ALPHABET.index(good) + 7) % 31]
    assert len(rows) == TOTAL, len(rows)
    yn = lambda b: "是" if b else "否"
    path = os.path.join(ROUND, "enterprises.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["统一社会信用代码", "企业名称", "集群编号", "所在区县", "营业收入（万元）",
                    "研发投入（万元）", "有效发明专利数", "规上企业", "国家高新技术企业",
                    "专精特新小巨人", "制造业单项冠军", "上市企业"])
        for e in rows:
            w.writerow([e["code"], e["name"], e["cluster"], e["county"], f'{e["revenue"]:.2f}',
                        f'{e["rd"]:.2f}' if e["above"] else "", e["patents"], yn(e["above"]),
                        yn(e["hightech"]), yn(e["giant"]), yn(e["champion"]), yn(e["listed"])])
    print(f"wrote {path}: {len(rows)} enterprises (synthetic)")


if __name__ == "__main__":
    main()
