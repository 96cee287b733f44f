#!/usr/bin/env python3
"""Generate the synthetic sample rounds under sample_data/.

合成数据，仅供演示，不是官方结果 / Synthetic data for demonstration, not
official results.

Writes two rounds next to this script:

  hebei-2024-midterm/      11 clusters, long-form indicators.csv (UTF-8)
  hebei-2022-competition/  30 entrants, wide-form indicators.csv (UTF-8 + BOM),
                           Chinese headers

Every figure is invented, in the magnitudes of the public facts listed in
DOMAIN.md. The one number taken from the sources is the total 2021 revenue of
the 11 recognised clusters (7,734.51 亿元), which the round-1 baselines add up
to. Field ids, Chinese names, units and periods are read from
indicators/hebei-midterm.toml so the headers cannot drift from the framework.

Deterministic: one random.Random(SEED) consumed in a fixed order, no clock,
no set iteration, only correctly rounded float operations (+ - * / sqrt,
round). Run it twice and the output is byte-identical.

Usage: python3 gen_samples.py [--out DIR]   (standard library only, Python >= 3.11)
"""

import argparse
import csv
import math
import os
import random
import sys
import tomllib

SEED = 20240601
HERE = os.path.dirname(os.path.abspath(__file__))
FRAMEWORK = os.path.join(HERE, "..", "indicators", "hebei-midterm.toml")

# Field ids this generator knows how to invent values for, in framework order.
KNOWN_FIELDS = [
    "revenue", "leading_share", "above_scale", "ent_10bn", "ent_100bn",
    "listed", "profit_margin", "labour_productivity", "project_completion",
    "local_supply", "energy_intensity", "rd_intensity", "platforms_national",
    "platforms_provincial", "high_tech", "single_champion", "little_giant",
    "valid_patents", "standards_intl", "standards_national",
    "standards_industry", "digital_adoption", "first_of_kind",
    "promotion_org_score", "iur_projects", "shared_platforms", "cross_region",
    "export_share", "fdi", "rd_staff_share", "talent", "finance",
]

# Decimal places written for non-count fields.
DECIMALS = {
    "revenue": 2, "leading_share": 1, "profit_margin": 1,
    "labour_productivity": 1, "project_completion": 1, "local_supply": 1,
    "energy_intensity": 3, "rd_intensity": 2, "digital_adoption": 1,
    "promotion_org_score": 1, "export_share": 1, "fdi": 2,
    "rd_staff_share": 1, "finance": 1,
}

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

SYNTHETIC_ZH = "合成数据，仅供演示，不是官方结果"
SYNTHETIC_EN = "Synthetic data for demonstration, not official results"

# ---------------------------------------------------------------- clusters
# (key, name_zh, name_en, city, track, promotion_org, profile)
# `profile` drives the invented magnitudes (steel is energy-heavy, biomedicine
# R&D-heavy, ...); it equals the track except for the steel cluster, which
# competed in the 新材料 track in 2022 (that competition had 5 tracks).

RECOGNISED = [
    ("HB01", "保定市电力及新能源高端装备集群",
     "Baoding power and new-energy high-end equipment cluster",
     "保定市", "高端装备", "保定市电力装备产业集群发展促进会", "高端装备"),
    ("HB02", "保定市新能源与智能网联汽车集群",
     "Baoding new-energy and intelligent connected vehicle cluster",
     "保定市", "高端装备", "保定市智能网联汽车产业联盟", "高端装备"),
    ("HB03", "保定市光伏及储能新能源集群",
     "Baoding photovoltaic and energy-storage new-energy cluster",
     "保定市", "新能源", "保定市新能源产业集群促进会", "新能源"),
    ("HB04", "石家庄市生物医药集群",
     "Shijiazhuang biomedicine cluster",
     "石家庄市", "生物医药", "石家庄市生物医药产业集群发展促进会", "生物医药"),
    ("HB05", "石家庄市新一代电子信息集群",
     "Shijiazhuang new-generation electronic information cluster",
     "石家庄市", "新一代信息技术", "石家庄市电子信息产业联盟", "新一代信息技术"),
    ("HB06", "唐山市先进钢铁集群",
     "Tangshan advanced steel cluster",
     "唐山市", "先进钢铁", "唐山市精品钢铁产业集群促进会", "先进钢铁"),
    ("HB07", "唐山市机器人及轨道交通装备集群",
     "Tangshan robotics and rail-transit equipment cluster",
     "唐山市", "高端装备", "唐山市高端装备产业发展联盟", "高端装备"),
    ("HB08", "廊坊市新型显示及电子材料集群",
     "Langfang new display and electronic materials cluster",
     "廊坊市", "新材料", "廊坊市新材料产业集群促进会", "新材料"),
    ("HB09", "沧州市石油装备及汽车零部件集群",
     "Cangzhou petroleum equipment and auto parts cluster",
     "沧州市", "高端装备", "沧州市装备制造产业集群促进会", "高端装备"),
    ("HB10", "邢台市汽车及零部件高端装备集群",
     "Xingtai automotive and parts high-end equipment cluster",
     "邢台市", "高端装备", "邢台市汽车及零部件产业联盟", "高端装备"),
    ("HB11", "邯郸市轨道交通及特种装备集群",
     "Handan rail-transit and special equipment cluster",
     "邯郸市", "高端装备", "邯郸市装备制造产业集群发展促进会", "高端装备"),
]

# 2021 revenue anchors (亿元) before jitter and scaling to the published total.
ANCHOR_2021 = {
    "HB01": 850, "HB02": 1550, "HB03": 380, "HB04": 900, "HB05": 420,
    "HB06": 1650, "HB07": 560, "HB08": 230, "HB09": 480, "HB10": 350,
    "HB11": 310,
}
TOTAL_2021 = 773451  # 7,734.51 亿元, in hundredths

# Revenue CAGR band 2021 -> 2023 (percent, [lo, hi)), chosen per cluster.
CAGR_BAND = {
    "HB01": (10, 15), "HB02": (5, 10), "HB03": (15, 22), "HB04": (15, 22),
    "HB05": (15, 22), "HB06": (-3, 0), "HB07": (5, 10), "HB08": (10, 15),
    "HB09": (0, 5), "HB10": (0, 5), "HB11": (5, 10),
}
# This cluster had already passed its declared 2025 revenue target by 2023.
TARGET_ALREADY_PASSED = "HB05"

# The 19 entrants of 2022 that were not recognised (invented).
OTHER_ENTRANTS = [
    ("秦皇岛市重型装备及汽车零部件集群", "Qinhuangdao heavy equipment and auto parts cluster",
     "秦皇岛市", "高端装备", "秦皇岛市装备制造产业联盟"),
    ("张家口市冰雪装备集群", "Zhangjiakou ice and snow equipment cluster",
     "张家口市", "高端装备", "张家口市冰雪产业发展促进会"),
    ("衡水市专用车辆及装备集群", "Hengshui special vehicles and equipment cluster",
     "衡水市", "高端装备", "衡水市专用装备产业联盟"),
    ("承德市钒钛新材料集群", "Chengde vanadium-titanium new materials cluster",
     "承德市", "新材料", "承德市钒钛产业集群促进会"),
    ("邢台市玻璃新材料集群", "Xingtai glass new materials cluster",
     "邢台市", "新材料", "邢台市玻璃新材料产业联盟"),
    ("衡水市橡塑新材料集群", "Hengshui rubber and plastics new materials cluster",
     "衡水市", "新材料", "衡水市橡塑产业发展促进会"),
    ("沧州市化工新材料集群", "Cangzhou chemical new materials cluster",
     "沧州市", "新材料", "沧州市化工新材料产业联盟"),
    ("承德市中药及大健康集群", "Chengde traditional Chinese medicine and health cluster",
     "承德市", "生物医药", "承德市中药产业发展促进会"),
    ("保定市现代中药集群", "Baoding modern traditional Chinese medicine cluster",
     "保定市", "生物医药", "保定市中药产业集群促进会"),
    ("沧州市生物医药集群", "Cangzhou biomedicine cluster",
     "沧州市", "生物医药", "沧州市生物医药产业联盟"),
    ("秦皇岛市生命健康集群", "Qinhuangdao life and health cluster",
     "秦皇岛市", "生物医药", "秦皇岛市生命健康产业促进会"),
    ("张家口市数据中心及大数据集群", "Zhangjiakou data centre and big data cluster",
     "张家口市", "新一代信息技术", "张家口市大数据产业联盟"),
    ("廊坊市电子信息集群", "Langfang electronic information cluster",
     "廊坊市", "新一代信息技术", "廊坊市电子信息产业促进会"),
    ("秦皇岛市数据产业集群", "Qinhuangdao data industry cluster",
     "秦皇岛市", "新一代信息技术", "秦皇岛市数字经济产业联盟"),
    ("唐山市电子信息集群", "Tangshan electronic information cluster",
     "唐山市", "新一代信息技术", "唐山市电子信息产业发展促进会"),
    ("张家口市风电光伏新能源集群", "Zhangjiakou wind and solar new-energy cluster",
     "张家口市", "新能源", "张家口市可再生能源产业联盟"),
    ("邢台市光伏新能源集群", "Xingtai photovoltaic new-energy cluster",
     "邢台市", "新能源", "邢台市光伏产业集群促进会"),
    ("沧州市氢能及储能集群", "Cangzhou hydrogen and energy-storage cluster",
     "沧州市", "新能源", "沧州市氢能产业联盟"),
    ("邯郸市氢能集群", "Handan hydrogen energy cluster",
     "邯郸市", "新能源", "邯郸市氢能产业发展促进会"),
]

CITY_ORDER = ["石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市",
              "张家口市", "承德市", "沧州市", "廊坊市", "衡水市"]
TRACKS_2022 = ["高端装备", "新材料", "生物医药", "新一代信息技术", "新能源"]
# The recognised steel cluster entered the 2022 competition in this track.
TRACK_2022 = {"先进钢铁": "新材料"}

# Profile-specific ranges (lo, hi) that override the generic ones.
PROFILE = {
    "先进钢铁": {"energy_intensity": (0.85, 1.08), "profit_margin": (3.0, 5.0),
             "labour_productivity": (115, 150), "rd_intensity": (1.3, 1.7),
             "export_share": (3, 10), "leading_share": (85, 95)},
    "新材料": {"energy_intensity": (0.30, 0.60), "rd_intensity": (1.5, 2.6)},
    "生物医药": {"energy_intensity": (0.05, 0.15), "profit_margin": (9.0, 12.0),
             "rd_intensity": (2.8, 4.0), "rd_staff_share": (10, 18)},
    "新一代信息技术": {"energy_intensity": (0.05, 0.12), "rd_intensity": (2.5, 4.0),
                "digital_adoption": (45, 70), "rd_staff_share": (10, 18),
                "export_share": (15, 35)},
    "新能源": {"energy_intensity": (0.10, 0.30), "rd_intensity": (2.0, 3.2)},
    "高端装备": {"energy_intensity": (0.06, 0.20), "rd_intensity": (1.8, 3.2)},
}
# Valid invention patents per 亿元 revenue, by profile.
PATENTS_PER_YI = {"先进钢铁": (1.0, 1.8), "新材料": (1.5, 3.0), "生物医药": (2.5, 4.5),
                  "新一代信息技术": (2.5, 4.5), "新能源": (1.5, 3.5), "高端装备": (1.5, 3.5)}


# ---------------------------------------------------------------- helpers

def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def strength(revenue):
    """Size factor in [0, 1] from revenue (亿元): sqrt of a linear scale."""
    return math.sqrt(clamp((revenue - 50.0) / 1750.0, 0.0, 1.0))


def fmt(field, value):
    if field in DECIMALS:
        return f"{value:.{DECIMALS[field]}f}"
    return str(int(value))


def load_framework():
    with open(FRAMEWORK, "rb") as f:
        fw = tomllib.load(f)
    fields = fw["field"]
    ids = [f["id"] for f in fields]
    if ids != KNOWN_FIELDS:
        sys.exit("gen_samples.py: the framework's fields changed; update KNOWN_FIELDS "
                 f"and the value ranges.\nframework: {ids}")
    return fields


def profile_values(rng, rev, profile, s, lift=0.0, floors=None):
    """Invent one cluster's current-period values (all fields but revenue).

    `floors` raises the lower bound of some counts (round 1 holds only the
    recognised, larger clusters)."""
    floors = floors or {}
    ov = PROFILE.get(profile, {})

    def u():
        return rng.random()

    def sized(lo, hi, w=0.65):
        """lo..hi, mostly driven by size, partly by chance (plus `lift`)."""
        return lo + (hi - lo) * clamp(w * s + (1 - w) * u() + lift, 0.0, 1.0)

    def free(field, lo, hi):
        lo, hi = ov.get(field, (lo, hi))
        return lo + (hi - lo) * clamp(u() + lift * 0.5, 0.0, 1.0)

    v = {}
    v["leading_share"] = round(free("leading_share", 72, 93), 1)
    v["above_scale"] = int(clamp(round(rev / (4.0 + 3.0 * u() if profile == "先进钢铁"
                                              else 1.5 + 1.5 * u())),
                                 floors.get("above_scale", 15), 900))
    v["ent_100bn"] = int(clamp(math.floor(rev * (0.0005 + 0.0013 * u())), 0, 3))
    ent10 = round(rev / (55 + 55 * u()))
    v["ent_10bn"] = int(clamp(ent10, v["ent_100bn"], 25))
    v["listed"] = int(round(sized(1, 20)))
    v["profit_margin"] = round(free("profit_margin", 4.5, 10.5), 1)
    v["labour_productivity"] = round(free("labour_productivity", 40, 120), 1)
    v["project_completion"] = round(free("project_completion", 55, 115), 1)
    v["local_supply"] = round(free("local_supply", 50, 88), 1)
    v["energy_intensity"] = round(free("energy_intensity", 0.06, 0.25), 3)
    v["rd_intensity"] = round(free("rd_intensity", 1.2, 3.0), 2)
    v["platforms_national"] = int(round(sized(0, 12, 0.7)))
    v["platforms_provincial"] = int(round(sized(5, 60)))
    ratio = 0.35 + 0.3 * u() if profile in ("生物医药", "新一代信息技术") else 0.2 + 0.3 * u()
    v["high_tech"] = int(clamp(round(v["above_scale"] * ratio + 30 * s),
                                 floors.get("high_tech", 10), 600))
    v["single_champion"] = int(clamp(math.floor(sized(0, 7, 0.6)), 0, 6))
    v["little_giant"] = int(round(sized(2, 40)))
    plo, phi = PATENTS_PER_YI[profile]
    v["valid_patents"] = int(clamp(round(rev * (plo + (phi - plo) * u())),
                                    floors.get("valid_patents", 50), 6000))
    v["standards_intl"] = int(clamp(math.floor(sized(0, 6, 0.6)), 0, 5))
    v["standards_national"] = int(round(sized(0, 20)))
    v["standards_industry"] = int(round(sized(0, 40)))
    v["digital_adoption"] = round(free("digital_adoption", 20, 62), 1)
    foklo, fokhi = (2, 15) if profile == "高端装备" else (0, 8)
    v["first_of_kind"] = int(round(sized(foklo, fokhi, 0.5)))
    v["promotion_org_score"] = round(clamp(3.5 + 4.3 * clamp(0.4 * s + 0.6 * u() + lift, 0, 1),
                                           0, 7.8), 1)
    v["iur_projects"] = int(round(sized(5, 80)))
    v["shared_platforms"] = int(round(sized(3, 40)))
    v["cross_region"] = int(round(sized(1, 30, 0.5)))
    v["export_share"] = round(free("export_share", 3, 30), 1)
    v["fdi"] = round(sized(0.1, 6.0, 0.5), 2)
    v["rd_staff_share"] = round(free("rd_staff_share", 4, 14), 1)
    v["talent"] = int(round(sized(5, 200)))
    v["finance"] = round(sized(5, 120), 1)
    return v


def target_values(rng, cur):
    """Declared targets for the fields whose periods include "target"."""
    return {
        "local_supply": round(min(95.0, cur["local_supply"] + 3 + 7 * rng.random()), 1),
        "rd_intensity": round(cur["rd_intensity"] + 0.2 + 0.6 * rng.random(), 2),
        "digital_adoption": round(min(90.0, cur["digital_adoption"] + 5 + 10 * rng.random()), 1),
    }


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_csv(path, header, rows, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# ---------------------------------------------------------------- round 1

ROUND1_TOML = """[round]
id = "hebei-2024-midterm"
name_zh = "河北省先进制造业集群2024年中期评估（合成样例）"
name_en = "Hebei advanced manufacturing clusters, 2024 mid-term evaluation (synthetic sample)"
synthetic = true
framework = "../../indicators/hebei-midterm.toml"
baseline_year = 2021
current_year = 2023
target_year = 2025

[inputs]
clusters = "clusters.csv"
submissions = ["indicators.csv"]
history = "history.csv"
# Enterprise roster (企业名录), synthetic: 12,769 enterprises; derives the
# fields with source = "roster" in the framework.
enterprises = "enterprises.csv"

# Dynamic management (动态管理): grades from the framework, outcomes by the
# defaults (优秀/良好 continue, 合格 rectify, 不合格 warning; exit after two
# fails in a row or a fail right after a warning).
[process]
kind = "midterm"

# Robustness of the ranking (稳健性分析): how much do the ranks and grades
# depend on the weights (±20 %), on leaving one indicator out, on the
# normalisation of the relative indicators and on the aggregation rule?
[robustness]
replications = 5000
seed = 2024
select = 5
sobol_base = 512
bootstrap = 1000

[[robustness.uncertain]]
choice = "weights"
range = 0.2

[[robustness.uncertain]]
choice = "exclusion"

[[robustness.uncertain]]
choice = "normalisation"
options = ["declared", "zscore", "rank"]

[[robustness.uncertain]]
choice = "aggregation"
options = ["arithmetic", "geometric"]

# Who publishes the documents (report.pdf, report.docx, the 公示 notice):
# a synthetic office, a fixed date (a run never reads the clock).
[report]
office = "（示例）河北省先进制造业集群评价办公室"
office_en = "Cluster Evaluation Office (synthetic example)"
date = 2024-06-28
objection_days = 5
contact = "0311-00000000（示例）"
contact_en = "+86 311 0000 0000 (synthetic example)"
"""

ROUND2_TOML = """[round]
id = "hebei-2022-competition"
name_zh = "河北省先进制造业集群2022年竞赛（合成样例）"
name_en = "Hebei advanced manufacturing clusters, 2022 selection competition (synthetic sample)"
synthetic = true
framework = "../../indicators/hebei-competition.toml"
baseline_year = 2019
current_year = 2021
target_year = 2025

[inputs]
clusters = "clusters.csv"
submissions = ["indicators.csv"]
reviewers = "reviewers.csv"
reviews = "reviews.csv"

# The competition (赛马): gates, preliminary review (indicators 70 % +
# documents 30 %), a shortlist of 1.6 x the quota, online defence (final =
# preliminary 60 % + defence 40 %), quota 11. See README.md.
[process]
kind = "competition"
quota = 11
min_score = 60
decimals = 2
tie_break = ["panel:defence", "innovation", "industrial", "value:revenue_cagr"]

[process.panel]
aggregation = "trimmed_mean"   # 去掉一个最高分和一个最低分
trim_when_at_least = 5
min_scores = 5
small_panel = "error"
conflicts = ["city", "employer"]
standardise = true
outlier_z = 2.0

[[process.gates]]
id = "revenue"
field = "revenue"
op = ">="
value = 50
reason_zh = "主导产业营业收入低于50亿元"
reason_en = "leading-industry revenue below 5 billion yuan"

[[process.gates]]
id = "leading_share"
field = "leading_share"
op = ">="
value = 70
reason_zh = "主导产业占集群产值比重低于70%"
reason_en = "leading industry below 70 % of the cluster's output"

[[process.gates]]
id = "promotion_org"
registry = "促进组织依法登记"
op = "=="
value = "是"
reason_zh = "无依法登记的集群发展促进组织"
reason_en = "no legally registered promotion organisation"

[[process.gates]]
id = "integrity"
registry = "近三年重大事故或严重失信"
op = "=="
value = "无"
reason_zh = "近三年发生重大安全、质量、环保事故或严重失信行为"
reason_en = "a major safety, quality or environmental incident or serious dishonesty in the last 3 years"

[[process.stages]]
id = "preliminary"
name_zh = "初审"
name_en = "preliminary review"
score = { indicators = 0.7, panel = 0.3 }
advance = { quota_multiple = 1.6 }
criteria = [
  { id = "basis", name_zh = "发展基础与优势", name_en = "base and strengths", max = 40 },
  { id = "plan", name_zh = "培育发展实施方案", name_en = "implementation plan", max = 30 },
  { id = "organisation", name_zh = "集群发展促进组织", name_en = "promotion organisation", max = 30 },
]

[[process.stages]]
id = "defence"
name_zh = "答辩"
name_en = "defence"
score = { preliminary = 0.6, panel = 0.4 }
standardise = false

# Who publishes the documents (report.pdf, report.docx, the 公示 notice):
# a synthetic office, a fixed date (a run never reads the clock).
[report]
office = "（示例）河北省先进制造业集群评价办公室"
office_en = "Cluster Evaluation Office (synthetic example)"
date = 2022-12-30
objection_days = 5
contact = "0311-00000000（示例）"
contact_en = "+86 311 0000 0000 (synthetic example)"
"""

# The entrant that fails the leading-share gate (its 2021 share is set
# below 70 %).
GATE_FAILURE = ("C25", "leading_share", 68.4)

# Earlier grades for the mid-term sample (2022 annual review): one cluster
# failed then and fails again now (its second fail in a row).
HISTORY_R1 = [
    ("HB01", 2022, "good", "continue"),
    ("HB02", 2022, "excellent", "continue"),
    ("HB03", 2022, "pass", "rectify"),
    ("HB04", 2022, "excellent", "continue"),
    ("HB05", 2022, "good", "continue"),
    ("HB06", 2022, "pass", "rectify"),
    ("HB07", 2022, "good", "continue"),
    ("HB08", 2022, "fail", "warning"),
    ("HB09", 2022, "pass", "rectify"),
    ("HB10", 2022, "pass", "rectify"),
    ("HB11", 2022, "pass", "rectify"),
]
GRADE_ZH = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}

PERIOD_YEAR_R1 = {"baseline": 2021, "current": 2023, "target": 2025}
PERIOD_YEAR_R2 = {"baseline": 2019, "current": 2021, "target": 2025}

# Deliberate gaps and odd formats in round 1: (cluster, field, year, kind).
ROUND1_QUIRKS = [
    ("HB09", "labour_productivity", 2023, "empty"),
    ("HB03", "energy_intensity", 2023, "dash"),
    ("HB08", "fdi", 2023, "na"),
    ("HB11", "first_of_kind", 2023, "wu"),
    ("HB02", "revenue", 2023, "wanyuan"),
    ("HB05", "export_share", 2023, "percent_sign"),
    ("HB07", "platforms_provincial", 2023, "fullwidth"),
]
QUIRK_TEXT = {
    "empty": ("空值（缺失）", "empty cell (missing)"),
    "dash": ("`—`（缺失）", "`—` (missing)"),
    "na": ("`N/A`（缺失）", "`N/A` (missing)"),
    "wu": ("`无`（缺失）", "`无` (missing)"),
    "wanyuan": ("以万元填报，带千分位逗号", "reported in 万元 with thousands separators"),
    "percent_sign": ("数值带百分号", "value written with a trailing percent sign"),
    "fullwidth": ("全角数字", "full-width digits"),
}
N_NAME_ZH_ROWS = 10
ROUND1_FLOORS = {"above_scale": 100, "high_tech": 50, "valid_patents": 200}


def gen_round1(rng, fields):
    # 2021 revenue: jittered anchors scaled to the published total, in hundredths.
    raw = {k: ANCHOR_2021[k] * (0.95 + 0.10 * rng.random()) for k in ANCHOR_2021}
    tot = sum(raw.values())
    cents = {k: int(round(raw[k] * TOTAL_2021 / tot)) for k in raw}
    biggest = max(cents, key=lambda k: cents[k])
    cents[biggest] += TOTAL_2021 - sum(cents.values())
    rev21 = {k: cents[k] / 100 for k in cents}

    rev23, rev25, cagr = {}, {}, {}
    for k, *_ in RECOGNISED:
        lo, hi = CAGR_BAND[k]
        g = (lo + 0.3 + (hi - lo - 0.6) * rng.random()) / 100
        rev23[k] = round(rev21[k] * (1 + g) * (1 + g), 2)
        if k == TARGET_ALREADY_PASSED:
            rev25[k] = round(rev23[k] * (0.92 + 0.05 * rng.random()), -1)
        else:
            t = 0.06 + 0.09 * rng.random()
            rev25[k] = round(rev23[k] * (1 + t) * (1 + t), -1)
        cagr[k] = g

    values = {}  # (cluster, field, year) -> value
    for k, _zh, _en, _city, _track, _org, prof in RECOGNISED:
        cur = profile_values(rng, rev23[k], prof, strength(rev23[k]), floors=ROUND1_FLOORS)
        tgt = target_values(rng, cur)
        values[(k, "revenue", 2021)] = rev21[k]
        values[(k, "revenue", 2023)] = rev23[k]
        values[(k, "revenue", 2025)] = rev25[k]
        for f in fields:
            fid = f["id"]
            if fid == "revenue":
                continue
            values[(k, fid, 2023)] = cur[fid]
            if "target" in f.get("periods", []):
                values[(k, fid, 2025)] = tgt[fid]

    # Rows in cluster, framework-field, year order.
    rows = []
    for k, *_ in RECOGNISED:
        for f in fields:
            years = [PERIOD_YEAR_R1[p] for p in ("baseline", "current", "target")
                     if p in f.get("periods", ["current"])]
            for y in years:
                rows.append([k, f["id"], y, fmt(f["id"], values[(k, f["id"], y)]), f["unit"]])

    # Quirks.
    index = {(r[0], r[1], r[2]): r for r in rows}
    for k, fid, y, kind in ROUND1_QUIRKS:
        r = index[(k, fid, y)]
        if kind == "empty":
            r[3] = ""
        elif kind == "dash":
            r[3] = "—"
        elif kind == "na":
            r[3] = "N/A"
        elif kind == "wu":
            r[3] = "无"
        elif kind == "wanyuan":
            r[3] = f"{int(round(values[(k, fid, y)] * 100)) * 100:,}"
            r[4] = "万元"
        elif kind == "percent_sign":
            r[3] = r[3] + "%"
        elif kind == "fullwidth":
            r[3] = r[3].translate(FULLWIDTH)
    quirk_keys = [(k, f, y) for k, f, y, _ in ROUND1_QUIRKS]

    # About ten rows name the field by its Chinese name instead of its id.
    name_zh = {f["id"]: f["name_zh"] for f in fields}
    candidates = [r for r in rows if (r[0], r[1], r[2]) not in quirk_keys]
    renamed = sorted(rng.sample(range(len(candidates)), N_NAME_ZH_ROWS))
    renamed_rows = []
    for i in renamed:
        r = candidates[i]
        renamed_rows.append((r[0], r[1], r[2]))
        r[1] = name_zh[r[1]]

    for r in rows:
        r[2] = str(r[2])
    return {"rows": rows, "rev21": rev21, "rev23": rev23, "rev25": rev25,
            "cagr": cagr, "values": values, "renamed": renamed_rows}


def readme_round1(fields, r1):
    name_zh = {f["id"]: f["name_zh"] for f in fields}
    unit = {f["id"]: f["unit"] for f in fields}
    lines = [
        "# hebei-2024-midterm（合成样例 / synthetic sample）",
        "",
        f"**{SYNTHETIC_ZH} / {SYNTHETIC_EN}.**",
        "",
        "本目录由 `../gen_samples.py` 生成（固定随机种子，可逐字节复现），请勿手工修改。",
        "除 11 个集群 2021 年主导产业营业收入合计 7,734.51 亿元（与公开报道的总数一致）外，",
        "所有集群名称、促进组织和数值均为虚构，量级参照公开资料。",
        "",
        "Generated by `../gen_samples.py` (fixed seed, byte-for-byte reproducible); do not edit",
        "by hand. Apart from the 2021 revenue total of the 11 clusters (7,734.51 亿元, the",
        "published total), every name, promotion organisation and figure is invented, in",
        "realistic magnitudes.",
        "",
        "## 文件 / Files",
        "",
        "- `round.toml`：评估轮次定义（基期 2021，现期 2023，目标 2025）/ round definition"
        " (baseline 2021, current 2023, target 2025).",
        "- `clusters.csv`：11 个集群（UTF-8，无 BOM，英文表头）/ the 11 clusters (UTF-8, no"
        " BOM, English headers): `cluster_id,name_zh,name_en,city,track,promotion_org`.",
        "- `indicators.csv`：长表（UTF-8，无 BOM）/ long form (UTF-8, no BOM):"
        " `cluster_id,indicator,period,value,unit`, one row per cluster, field and year.",
        f"  {len(r1['rows'])} rows = 11 clusters x 37 (32 fields for 2023, plus revenue 2021"
        " and 2025, plus the 2025 targets of local_supply, rd_intensity and digital_adoption).",
        "- `history.csv`：2022 年度评估等次与处理结果（动态管理）/ the 2022 grades and outcomes"
        " (dynamic management): `cluster_id,year,grade,outcome`. HB08 在 2022 年不合格并被警告，"
        "本轮再次不合格，按“连续两次不合格”退出 / HB08 failed in 2022 (warning) and fails again"
        " now: exit after two fails in a row.",
        "",
        "`indicator` 一般为指标体系中的字段 id；有 10 行改用中文名称 `name_zh`，以演示两者均可接受："
        " / `indicator` is normally the framework's field id; 10 rows use the Chinese `name_zh`"
        " instead, to show both are accepted:",
        "",
    ]
    for k, fid, y in r1["renamed"]:
        lines.append(f"- {k} {fid} {y}: `{name_zh[fid]}`")
    lines += [
        "",
        "## 故意设置的缺失与格式问题 / Deliberate gaps and formats",
        "",
        "| 集群 cluster | 字段 field | 年份 period | 写法 as written | 说明 meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k, fid, y, kind in ROUND1_QUIRKS:
        zh, en = QUIRK_TEXT[kind]
        shown = r1_written(r1, k, fid, y)
        shown = "（空 empty）" if shown == "" else f"`{shown}`"
        lines.append(f"| {k} | {fid} ({name_zh[fid]}) | {y} | {shown} | {zh} / {en} |")
    lines += [
        "",
        "- 缺失值写法：空、`—`、`N/A`、`无` 均表示未填报，引擎应按指标体系的缺失值规则处理"
        "（劳动生产率按同赛道均值、能耗按全体中位数、外资按 0、首台(套)缺项不得分）。",
        "  Missing values: empty, `—`, `N/A` and `无` all mean \"not reported\"; the engine",
        "  applies the framework's missing-value policy (labour productivity: track mean;",
        "  energy intensity: cohort median; fdi: zero; first_of_kind: no points).",
        f"- HB02 的 2023 年营业收入以万元填报（`unit` 为 `万元`），等于"
        f" {r1['rev23']['HB02']:.2f} 亿元。 / HB02's 2023 revenue is given in 万元"
        f" (unit `万元`); it equals {r1['rev23']['HB02']:.2f} 亿元.",
        "- `promotion_org_score` 没有缺失。 / `promotion_org_score` is never missing.",
        "",
        "## 其他设定 / Other features",
        "",
        "- 2021→2023 年营业收入年均增速（按亿元数值计算）/ revenue CAGR 2021→2023:",
        "",
        "| 集群 | 2021 | 2023 | 2025 目标 target | CAGR % |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for k, *_ in RECOGNISED:
        c = (math.sqrt(r1["rev23"][k] / r1["rev21"][k]) - 1) * 100
        lines.append(f"| {k} | {r1['rev21'][k]:.2f} | {r1['rev23'][k]:.2f} |"
                     f" {r1['rev25'][k]:.2f} | {c:.2f} |")
    lines += [
        "",
        f"- {TARGET_ALREADY_PASSED} 在 2023 年已超过其 2025 年营业收入目标（目标完成度 > 100%）。"
        f" / {TARGET_ALREADY_PASSED} had already passed its 2025 revenue target in 2023.",
        "- 唐山市先进钢铁集群（HB06）营收负增长、单位营收能耗最高。 / The steel cluster (HB06)"
        " has negative growth and the highest energy intensity.",
        "- 同一批集群在 2022 年竞赛样例中也出现（见 `../hebei-2022-competition/README.md`），"
        "2021 年营业收入和 2025 年目标值两处一致。 / The same clusters appear in the 2022"
        " competition sample, with the same 2021 revenue and the same 2025 targets.",
        f"- 单位：营业收入 {unit['revenue']}，外资 {unit['fdi']}，能耗 {unit['energy_intensity']}。"
        " 计数类字段为非负整数。 / Counts are non-negative integers.",
        "",
    ]
    return "\n".join(lines)


def r1_written(r1, k, fid, y):
    for r in r1["rows"]:
        if r[0] == k and r[2] == str(y) and (r[1] == fid):
            return r[3]
    raise KeyError((k, fid, y))


# ---------------------------------------------------------------- round 2

ROUND2_MISSING_FIELDS = ["labour_productivity", "energy_intensity", "export_share", "talent"]
ROUND2_MISSING_TOKENS = ["", "-", "", "-"]


def gen_round2(rng, fields, r1):
    entrants = []  # dicts
    for k, zh, en, city, track, org, prof in RECOGNISED:
        entrants.append({"key": k, "zh": zh, "en": en, "city": city,
                         "track": TRACK_2022.get(track, track), "org": org,
                         "profile": prof, "recognised": True})
    for zh, en, city, track, org in OTHER_ENTRANTS:
        entrants.append({"key": None, "zh": zh, "en": en, "city": city, "track": track,
                         "org": org, "profile": track, "recognised": False})
    entrants.sort(key=lambda e: (CITY_ORDER.index(e["city"]),
                                 TRACKS_2022.index(e["track"]), e["zh"]))
    for i, e in enumerate(entrants, 1):
        e["id"] = f"C{i:02d}"

    # Revenue 2019 / 2021 / 2025 target.
    for e in entrants:
        if e["recognised"]:
            r21 = r1["rev21"][e["key"]]
            g = 0.04 + 0.08 * rng.random()
        else:
            # Weaker entrants: 2021 revenue roughly 70 to 700 亿元, skewed small.
            x = rng.random()
            r21 = round(70 + 630 * x * x, 2)
            g = -0.03 + 0.23 * rng.random()
        e["rev21"] = r21
        e["rev19"] = round(r21 / ((1 + g) * (1 + g)), 2)
        if e["recognised"]:
            # The target declared in 2022 is the one the mid-term checks.
            e["rev25"] = r1["rev25"][e["key"]]
        else:
            t = 0.07 + 0.11 * rng.random()
            e["rev25"] = round(r21 * (1 + t) * (1 + t) * (1 + t) * (1 + t), -1)

    for e in entrants:
        if e["recognised"]:
            e["cur"], e["tgt"] = back_date(rng, fields, r1, e["key"])
        else:
            cur = profile_values(rng, e["rev21"], e["profile"], strength(e["rev21"]), -0.05)
            e["cur"] = cur
            e["tgt"] = target_values(rng, cur)

    for e in entrants:
        if e["id"] == GATE_FAILURE[0]:
            e["cur"][GATE_FAILURE[1]] = GATE_FAILURE[2]

    # Missing cells in the 2021 rows, one per cluster, four distinct clusters.
    picked = rng.sample(range(len(entrants)), len(ROUND2_MISSING_FIELDS))
    missing = {}
    for i, fid, tok in zip(picked, ROUND2_MISSING_FIELDS, ROUND2_MISSING_TOKENS):
        missing[(entrants[i]["id"], fid)] = tok

    header = ["集群编号", "年份"] + [f"{f['name_zh']}（{f['unit']}）" for f in fields]
    rows = []
    for e in entrants:
        for year in (2019, 2021, 2025):
            row = [e["id"], str(year)]
            for f in fields:
                fid = f["id"]
                periods = f.get("periods", ["current"])
                cell = ""
                if year == 2019 and "baseline" in periods:
                    cell = fmt(fid, e["rev19"])
                elif year == 2021:
                    v = e["rev21"] if fid == "revenue" else e["cur"][fid]
                    cell = missing.get((e["id"], fid), fmt(fid, v))
                elif year == 2025 and "target" in periods:
                    v = e["rev25"] if fid == "revenue" else e["tgt"][fid]
                    cell = fmt(fid, v)
                row.append(cell)
            rows.append(row)
    clusters = [[e["id"], e["zh"], e["en"], e["city"], e["track"], e["org"], "是", "无"]
                for e in entrants]
    return {"entrants": entrants, "header": header, "rows": rows,
            "clusters": clusters, "missing": missing}


def back_date(rng, fields, r1, key):
    """A recognised cluster's 2021 values, derived from its 2023 values in
    round 1 (two years less growth), and the same declared 2025 targets."""
    v = r1["values"]
    cur, tgt = {}, {}
    for f in fields:
        fid = f["id"]
        if fid == "revenue":
            continue
        x = v[(key, fid, 2023)]
        if "target" in f.get("periods", []):
            tgt[fid] = v[(key, fid, 2025)]
            step = {"local_supply": 2 + 4 * rng.random(), "rd_intensity": 0.1 + 0.3 * rng.random(),
                    "digital_adoption": 4 + 8 * rng.random()}[fid]
            cur[fid] = round(max(0.5, x - step), DECIMALS[fid])
        elif f["kind"] == "count":
            cur[fid] = int(round(x * (0.78 + 0.2 * rng.random())))
        elif fid == "energy_intensity":
            cur[fid] = round(x * (1.02 + 0.10 * rng.random()), 3)
        elif fid == "promotion_org_score":
            cur[fid] = round(max(3.5, x - 0.6 * rng.random()), 1)
        elif fid in ("fdi", "finance"):
            cur[fid] = round(x * (0.75 + 0.2 * rng.random()), DECIMALS[fid])
        else:
            cur[fid] = round(min(f.get("max", 1e9), x * (0.92 + 0.12 * rng.random())),
                             DECIMALS[fid])
    cur["ent_100bn"] = min(cur["ent_100bn"], cur["ent_10bn"])
    return cur, tgt


def readme_round2(fields, r2):
    name_zh = {f["id"]: f["name_zh"] for f in fields}
    ents = r2["entrants"]
    track_counts = {t: sum(1 for e in ents if e["track"] == t) for t in TRACKS_2022}
    lines = [
        "# hebei-2022-competition（合成样例 / synthetic sample）",
        "",
        f"**{SYNTHETIC_ZH} / {SYNTHETIC_EN}.**",
        "",
        "本目录由 `../gen_samples.py` 生成（固定随机种子，可逐字节复现），请勿手工修改。",
        "模拟 2022 年河北省先进制造业集群竞赛：30 个集群参赛，其中 11 个后来被认定为培育对象。",
        "集群名称、促进组织和全部数值均为虚构；本样例不包含、也不代表真实的评审结果或排名。",
        "",
        "Generated by `../gen_samples.py` (fixed seed, byte-for-byte reproducible); do not edit",
        "by hand. Models the 2022 Hebei selection competition: 30 entrants, 11 of which were",
        "later recognised. Names, promotion organisations and all figures are invented; this",
        "sample contains no real review result or ranking.",
        "",
        "## 文件 / Files",
        "",
        "- `round.toml`：竞赛轮次定义（基期 2019，现期 2021，目标 2025）/ round definition"
        " (baseline 2019, current 2021, target 2025).",
        "- `clusters.csv`：30 个参赛集群，中文表头（UTF-8，无 BOM）/ the 30 entrants, Chinese"
        " headers (UTF-8, no BOM): `集群编号,集群名称,英文名称,城市,赛道,促进组织`.",
        "  覆盖河北 11 个设区市；5 个赛道 / all 11 prefecture cities; 5 tracks: "
        + "，".join(f"{t} {n}" for t, n in track_counts.items()) + ".",
        "- `indicators.csv`：宽表，UTF-8 **带 BOM**（Excel 导出常见），每个集群每个年份一行"
        " / wide form, UTF-8 **with BOM** (as Excel writes it), one row per cluster and year"
        f" ({len(r2['rows'])} rows = 30 x 3).",
        "  表头为 `集群编号,年份,` 加上每个字段的中文名称和全角括号单位，顺序同指标体系，例如"
        " `主导产业营业收入（亿元）`。 / Headers: `集群编号,年份,` then each field's `name_zh`"
        " with its unit in full-width parentheses, in framework order.",
        "  - 2019 行只填营业收入 / 2019 rows: revenue only;",
        "  - 2021 行填全部字段 / 2021 rows: every field;",
        "  - 2025 行只填目标值字段（营业收入、本地配套率、研发投入强度、工业互联网应用普及率）"
        " / 2025 rows: only the target fields (revenue, local_supply, rd_intensity,"
        " digital_adoption).",
        "  其余单元格留空，表示该年份不需要填报。 / Other cells are empty: not asked for that year.",
        f"- {GATE_FAILURE[0]} 的主导产业占比为 {GATE_FAILURE[2]}%，低于 70% 的资格门槛 / {GATE_FAILURE[0]}'s"
        f" leading share is {GATE_FAILURE[2]} %, below the 70 % gate: it fails eligibility.",
        "- `clusters.csv` 另有两列供资格审查 / two more registry columns for the gates:"
        " `促进组织依法登记`（是）, `近三年重大事故或严重失信`（无）.",
        "- `reviewers.csv`, `reviews.csv`：由 `../gen_panels.py` 生成（需先编译 cluster-eval）：5 个赛道"
        "各 7 名评审专家（姓名、单位均为虚构），高端装备组偏严、新材料组偏松；R32（邯郸市）与 C10"
        "（邯郸市）同城回避；初审 3 个评分项，答辩 1 个总分；第 11、12 名最终得分相同（70.26），"
        "按答辩得分区分。 / written by `../gen_panels.py` (it runs the engine): 5 tracks x 7 invented"
        " reviewers, a severe 高端装备 panel and a lenient 新材料 panel; R32 (邯郸市) must recuse"
        " from C10 (邯郸市); preliminary review on 3 criteria, defence on one total; ranks 11 and 12"
        " tie on the final score (70.26) and the defence panel score settles it.",
        "",
        "## 故意设置的缺失 / Deliberate gaps (2021 rows)",
        "",
        "| 集群 cluster | 字段 field | 年份 period | 写法 as written |",
        "| --- | --- | --- | --- |",
    ]
    for (cid, fid), tok in r2["missing"].items():
        shown = "（空 empty）" if tok == "" else f"`{tok}`"
        lines.append(f"| {cid} | {fid} ({name_zh[fid]}) | 2021 | {shown} |")
    lines += [
        "",
        "`集群发展促进组织评分` 没有缺失。 / `promotion_org_score` is never missing.",
        "",
        "## 与 2024 年中期评估样例的对应 / Link to the 2024 mid-term sample",
        "",
        "后来被认定的 11 个集群与 `../hebei-2024-midterm/` 中的集群相同：2021 年营业收入一致，"
        "2025 年目标值（营业收入、本地配套率、研发投入强度、工业互联网应用普及率）一致，"
        "其余 2021 年数值由 2023 年数值回推（略低于 2023 年）。"
        "唐山市先进钢铁集群在 2022 年竞赛中参加新材料赛道。以下对应关系只为方便演示。",
        "The 11 later recognised are the clusters of `../hebei-2024-midterm/`: the same 2021",
        "revenue and the same declared 2025 targets (revenue, local_supply, rd_intensity,",
        "digital_adoption); their other 2021 values are back-dated from the 2023 ones (a",
        "little lower). The Tangshan steel cluster competed in the 新材料 track in 2022. The",
        "mapping is for demonstration only:",
        "",
        "| 2022 | 2024 | 集群 |",
        "| --- | --- | --- |",
    ]
    for e in ents:
        if e["recognised"]:
            lines.append(f"| {e['id']} | {e['key']} | {e['zh']} |")
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=HERE, help="output directory (default: next to this script)")
    args = ap.parse_args()

    fields = load_framework()
    rng = random.Random(SEED)

    r1 = gen_round1(rng, fields)
    d1 = os.path.join(args.out, "hebei-2024-midterm")
    os.makedirs(d1, exist_ok=True)
    write_text(os.path.join(d1, "round.toml"), ROUND1_TOML)
    write_csv(os.path.join(d1, "clusters.csv"),
              ["cluster_id", "name_zh", "name_en", "city", "track", "promotion_org"],
              [[k, zh, en, city, track, org] for k, zh, en, city, track, org, _ in RECOGNISED])
    write_csv(os.path.join(d1, "indicators.csv"),
              ["cluster_id", "indicator", "period", "value", "unit"], r1["rows"])
    write_csv(os.path.join(d1, "history.csv"),
              ["cluster_id", "year", "grade", "outcome"],
              [[c, str(y), GRADE_ZH[g], o] for c, y, g, o in HISTORY_R1])
    write_text(os.path.join(d1, "README.md"), readme_round1(fields, r1))

    r2 = gen_round2(rng, fields, r1)
    d2 = os.path.join(args.out, "hebei-2022-competition")
    os.makedirs(d2, exist_ok=True)
    write_text(os.path.join(d2, "round.toml"), ROUND2_TOML)
    write_csv(os.path.join(d2, "clusters.csv"),
              ["集群编号", "集群名称", "英文名称", "城市", "赛道", "促进组织",
               "促进组织依法登记", "近三年重大事故或严重失信"], r2["clusters"])
    write_csv(os.path.join(d2, "indicators.csv"), r2["header"], r2["rows"], bom=True)
    write_text(os.path.join(d2, "README.md"), readme_round2(fields, r2))


if __name__ == "__main__":
    main()
