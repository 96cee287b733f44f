#!/usr/bin/env python3
"""Generate the synthetic two-round series under sample_data/series/.

合成数据，仅供演示，不是官方结果 / Synthetic data for demonstration, not
official results.

Writes, next to this script:

  series/2023/   the 2023 mid-term evaluation (data year 2022), clusters HB01-HB11
  series/2024/   the 2024 mid-term evaluation (data year 2023), clusters HB01-HB07,
                 HB09-HB12: HB08 has left (merged into another cluster), HB12 is new;
                 its round.toml names the 2023 outputs as its history
                 (`[history] rounds = ["../out-2023"]`) and history.csv holds the
                 same history kept by hand (for the equality test)

Derived from ../hebei-2024-midterm/indicators.csv (itself synthetic, made by
gen_samples.py): the 2024 round takes its 2023 values (cleaned: field ids,
亿元, plain digits); the 2023 round's 2022 values are the 2023 values moved
back by a plausible year-on-year change (counts and shares a few per cent
lower, energy intensity a little higher, revenue between its 2021 and 2023
values). The new cluster HB12 is modelled on HB10. A few values are left
empty (missing) in each year.

Deterministic: one random.Random(SEED) consumed in a fixed order, only
correctly rounded float operations, sorted output. Run it twice and the
output is byte-identical.

history.csv is written from the 2023 outputs' decisions (out-2023/decisions.csv),
which `cluster-eval run sample_data/series/2023 --out sample_data/series/out-2023`
makes: run that first, then this script again with --history to refresh it.

Usage: python3 gen_series.py [--history]   (standard library only, Python >= 3.11)
"""

import argparse
import csv
import os
import random
import tomllib

SEED = 20230601
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "hebei-2024-midterm")
FRAMEWORK = os.path.join(HERE, "..", "indicators", "hebei-midterm.toml")
OUT = os.path.join(HERE, "series")

FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
MISSING = {"", "—", "N/A", "无"}
DECIMALS = {
    "revenue": 2, "leading_share": 1, "profit_margin": 1,
    "labour_productivity": 1, "project_completion": 1, "local_supply": 1,
    "energy_intensity": 3, "rd_intensity": 2, "digital_adoption": 1,
    "promotion_org_score": 1, "export_share": 1, "fdi": 2,
    "rd_staff_share": 1, "finance": 1,
}
# Lower is better: a year earlier it was a little higher.
LOWER = {"energy_intensity"}
# Already a percentage of something that moves slowly.
SLOW = {"leading_share", "project_completion", "local_supply", "digital_adoption",
        "promotion_org_score", "export_share", "rd_staff_share", "profit_margin"}
# Cells left empty in each round: (cluster, field).
MISSING_2023 = [("HB03", "energy_intensity"), ("HB09", "labour_productivity"),
                ("HB11", "talent")]
MISSING_2024 = [("HB09", "labour_productivity"), ("HB05", "fdi")]
LEFT = "HB08"
NEW = "HB12"
NEW_FROM = "HB10"
NEW_CLUSTER = ["HB12", "邢台市新型功能材料集群", "Xingtai new functional materials cluster",
               "邢台市", "新材料", "邢台市新材料产业促进会"]


def load_fields():
    with open(FRAMEWORK, "rb") as f:
        fw = tomllib.load(f)
    by_name = {}
    units = {}
    for x in fw["field"]:
        by_name[x["id"]] = x["id"]
        by_name[x["name_zh"]] = x["id"]
        units[x["id"]] = x.get("unit", "")
    return by_name, units


def number(value, unit):
    v = value.strip().translate(FULLWIDTH).replace(",", "").rstrip("%")
    if value.strip() in MISSING:
        return None
    x = float(v)
    if unit == "万元":
        x = x / 10000.0
    return x


def fmt(field, x):
    d = DECIMALS.get(field)
    if d is None:
        return str(int(round(x)))
    return f"{x:.{d}f}"


def read_source(by_name, units):
    rows = {}
    with open(os.path.join(SOURCE, "indicators.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            field = by_name[r["indicator"]]
            rows[(r["cluster_id"], field, int(r["period"]))] = number(r["value"], r["unit"])
    with open(os.path.join(SOURCE, "clusters.csv"), encoding="utf-8") as f:
        clusters = list(csv.reader(f))
    return rows, clusters


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_csv(path, header, rows):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    write(path, "\n".join(lines) + "\n")


def long_rows(values, units, missing):
    out = []
    for (c, field, year) in sorted(values):
        x = values[(c, field, year)]
        cell = "" if x is None or (c, field) in missing and year in (2022, 2023) else fmt(field, x)
        out.append([c, field, str(year), cell, units[field]])
    return out


def back_one_year(rng, source, current):
    """The 2022 values: the 2023 values a year earlier."""
    out = {}
    for (c, field, year), x in sorted(source.items()):
        if c == NEW or year != current:
            if c != NEW:
                out[(c, field, year)] = x
            continue
        if x is None:
            out[(c, field, 2022)] = None
            continue
        u = rng.random()
        if field == "revenue":
            first = source[(c, "revenue", 2021)]
            y = first + (x - first) * (0.35 + 0.3 * u)
        elif field in LOWER:
            y = x * (1.0 + 0.02 + 0.06 * u)
        elif field in SLOW:
            y = x * (0.93 + 0.08 * u)
        else:
            y = x * (0.82 + 0.16 * u)
        if field not in DECIMALS:
            y = float(int(round(y)))
        out[(c, field, 2022)] = y
    return out


def round_toml(year, data_year, history):
    extra = ""
    if history:
        extra = (
            '\n# Dynamic management takes the grades and outcomes of the 2023 round from\n'
            '# its outputs (made by `cluster-eval run sample_data/series/2023 --out\n'
            '# sample_data/series/out-2023`), each file checked against its manifest.\n'
            '[history]\nrounds = ["../out-2023"]\n'
        )
    return f'''[round]
id = "series-{year}-midterm"
name_zh = "河北省先进制造业集群{year}年中期评估（合成序列样例）"
name_en = "Hebei advanced manufacturing clusters, {year} mid-term evaluation (synthetic series sample)"
synthetic = true
framework = "../../../indicators/hebei-midterm.toml"
baseline_year = 2021
current_year = {data_year}
target_year = 2025

[inputs]
clusters = "clusters.csv"
submissions = ["indicators.csv"]

# Dynamic management (动态管理): grades from the framework, outcomes by the
# defaults (优秀/良好 continue, 合格 rectify, 不合格 warning; exit after two
# fails in a row or a fail right after a warning).
[process]
kind = "midterm"
{extra}'''


README = """# series/{year}（合成样例 / synthetic sample）

**合成数据，仅供演示，不是官方结果 / Synthetic data for demonstration, not official results.**

本目录由 `../../gen_series.py` 生成（固定随机种子，可逐字节复现），请勿手工修改。
数据由 `../../hebei-2024-midterm/` 的合成数据推得。

Generated by `../../gen_series.py` (fixed seed, byte-for-byte reproducible); do not
edit by hand. Derived from the synthetic data of `../../hebei-2024-midterm/`.

{body}
"""

BODY_2023 = """- {year} 年中期评估，数据年份（`current_year`）2022，基期 2021，目标 2025；集群 HB01–HB11。
  The {year} mid-term evaluation: data year (`current_year`) 2022, baseline 2021,
  target 2025; clusters HB01–HB11.
- 缺失值 / missing values: HB03 energy_intensity, HB09 labour_productivity, HB11 talent.
- 运行 / run: `cluster-eval run sample_data/series/2023 --out sample_data/series/out-2023`
  (`out-2023/` is not kept in git: the 2024 round reads it as its history)."""

BODY_2024 = """- {year} 年中期评估，数据年份（`current_year`）2023，基期 2021，目标 2025；集群 HB01–HB07、
  HB09–HB12：HB08 已退出序列（并入其他集群），HB12 为新集群。
  The {year} mid-term evaluation: data year (`current_year`) 2023, baseline 2021,
  target 2025; clusters HB01–HB07 and HB09–HB12: HB08 has left, HB12 is new.
- 缺失值 / missing values: HB09 labour_productivity, HB05 fdi.
- `round.toml` 的 `[history] rounds = ["../out-2023"]` 指向 2023 年的输出：动态管理从中读取
  上轮等次与处理结果。 `history.csv` 是同一历史的手工记录（年份为上轮的数据年份 2022），
  用于检验两者给出相同的结果；`round.toml` 未引用它。
  `[history] rounds = ["../out-2023"]` names the 2023 outputs: dynamic management reads
  the earlier grades and outcomes from them. `history.csv` is the same history kept by
  hand (its year is the earlier round's data year, 2022), for the test that both give
  the same decisions; round.toml does not name it."""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--history", action="store_true",
                    help="write series/2024/history.csv from series/out-2023/decisions.csv")
    args = ap.parse_args()
    by_name, units = load_fields()
    source, clusters = read_source(by_name, units)
    rng = random.Random(SEED)
    header = ["cluster_id", "indicator", "period", "value", "unit"]

    # 2024 round: data year 2023, without HB08, with HB12 modelled on HB10.
    r2024 = {k: v for k, v in source.items() if k[0] != LEFT}
    for (c, field, year), x in sorted(source.items()):
        if c == NEW_FROM:
            scale = 0.8 + 0.3 * rng.random()
            y = None if x is None else x * scale
            if y is not None and field not in DECIMALS:
                y = float(int(round(y)))
            if field in SLOW and y is not None:
                y = min(y, 99.0)
            r2024[(NEW, field, year)] = y
    # 2023 round: data year 2022, HB01-HB11.
    r2023 = back_one_year(rng, source, 2023)

    base = os.path.join(OUT, "2023")
    write(os.path.join(base, "round.toml"), round_toml(2023, 2022, False))
    write_csv(os.path.join(base, "clusters.csv"), clusters[0], clusters[1:])
    write_csv(os.path.join(base, "indicators.csv"), header, long_rows(r2023, units, MISSING_2023))
    write(os.path.join(base, "README.md"), README.format(year=2023, body=BODY_2023.format(year=2023)))

    base = os.path.join(OUT, "2024")
    c2024 = [c for c in clusters[1:] if c[0] != LEFT] + [NEW_CLUSTER]
    write(os.path.join(base, "round.toml"), round_toml(2024, 2023, True))
    write_csv(os.path.join(base, "clusters.csv"), clusters[0], c2024)
    write_csv(os.path.join(base, "indicators.csv"), header, long_rows(r2024, units, MISSING_2024))
    write(os.path.join(base, "README.md"), README.format(year=2024, body=BODY_2024.format(year=2024)))

    if args.history:
        rows = []
        with open(os.path.join(OUT, "out-2023", "decisions.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["cluster_id"] == LEFT or not r["grade"]:
                    continue
                rows.append([r["cluster_id"], "2022", r["grade_zh"], r["outcome"]])
        rows.sort()
        write_csv(os.path.join(base, "history.csv"), ["cluster_id", "year", "grade", "outcome"], rows)


if __name__ == "__main__":
    main()
