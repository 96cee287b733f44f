#!/usr/bin/env python3
"""Independent reference for the what-if tests (issue #20), on the small
4-cluster round in round/ (framework.toml: four min-max indicators of 25
points, one lower-is-better; [ranking] decimals = 2).

Python 3.11 standard library only. Written from README.md ("The indicator
file", "Scoring rules", "Ranking, ties and grades") and the issue, without
reading the engine's Rust code. It re-scores the WHOLE cohort for every
value it tries (brute force), in exact rational arithmetic (fractions), so
that the cohort effects of min-max (the cohort's min and max move with the
value tried) are honoured and no float noise decides a boundary.

Usage (from the repository root):

    python3 tests/whatif/data/reference.py > tests/whatif/data/expected.json
    python3 tests/whatif/data/reference.py --ranking OUT/ranking.csv
        (after `cluster-eval run tests/whatif/data/round --out OUT`:
        exits non-zero unless its totals and grades equal the reference's)

CONVENTIONS (the Rust engine must be held to these; expected.json repeats
them under "conventions"):

1. Scoring (this framework only): for every indicator, over the cohort of
   the four clusters, f = (x - min)/(max - min) (higher is better) or
   (max - x)/(max - min) (lower is better); all equal -> f = 1. Points =
   f x 25. Total = sum of the four indicators' points (nodes are sums).
2. Rounding: the total is rounded to 2 decimals, half away from zero (as
   the engine's round_to). A grade is the highest grade whose cut-off the
   ROUNDED total reaches: "reaches the grade" means round2(total) >= min.
   Cut-offs 优秀 85, 良好 75, 合格 60, 不合格 0.
3. Target: the next grade above the cluster's grade (none for 优秀). The
   gap = cut-off - round2(total), in points (2 decimals).
4. Value grid: a count field (kind = "count") moves in steps of 1, every
   other field in steps of 0.01 (the submissions' precision). Every value
   below is on this grid, so it can be written into indicators.csv as is.
5. Plausible range (the issue's "at most +30 % a year"): max_change = 0.3
   per year, times the years to the target year (target_year -
   current_year = 2025 - 2023 = 2): linear, NOT compounded, so a factor
   1 + 0.3 x 2 = 1.6 for a higher-is-better value and 1 - 0.6 = 0.4
   (never below 0) for a lower-is-better one. The plausible limit of a
   cluster's indicator is its own submitted value times that factor,
   rounded to the grid TOWARD the submitted value (floor when higher is
   better, ceiling when lower is better).
6. Single-indicator question, for every (cluster, indicator), the others
   as submitted: the ceiling is the better of (a) the cohort's best
   submitted value of that indicator (the cluster's own included) and (b)
   the cluster's plausible limit (5). Every grid value from the submitted
   value (exclusive) to the ceiling (inclusive), in the direction of
   improvement, can be the answer. The scan re-scores the whole cohort at
   about 500 evenly spaced grid points (own + k x stride, the ceiling
   last), then, in the first window whose end reaches the target, at every
   grid point of the window in order. This is exact because with min-max
   the cluster's own total never falls as its value improves (below the
   others' minimum f = 0 (higher is better), between the others' bounds
   f rises linearly with those bounds fixed, beyond their maximum f = 1;
   likewise for lower is better); the script asserts that monotonicity
   along the scan, and that the grid value one step before the answer
   does not reach the target. The needed value is the FIRST (smallest change) grid value whose rounded
   total reaches the target's cut-off; "closes_alone" is whether one
   exists. "max_gain" is the total at the ceiling minus the submitted
   total (unrounded, given to 6 decimals): with min-max it is the points
   still missing on that indicator, 0 for the cohort's best cluster.
   "within_plausible_range" says whether the needed value is within the
   plausible limit (5).
   "linear_shortcut_value" is what the linear shortcut would answer:
   submitted value + gap / (points / (max - min)) (minus for lower is
   better), on the grid (ceiling in the direction of improvement);
   "linear_shortcut_reaches" says whether re-scoring the cohort with it
   actually reaches the target. It is NOT an answer; it shows where the
   cohort effect makes the shortcut wrong. It is null when the indicator's
   values are all equal or the shortcut falls outside the field's bounds
   (min/max, 0 for counts and amounts; C's energy: 0.40 - 23.75/50 < 0).
7. Combined plan: every subset of the indicators, each moved to its
   plausible limit (5) at once, the other indicators as submitted, the
   whole cohort re-scored; the minimal plan size is the fewest indicators
   of a subset whose rounded total reaches the target; every subset of
   that size that reaches it is listed (indicators in framework order,
   subsets in lexicographic order of the framework positions). An
   indicator that cannot move (its limit is its value, or it gains 0) is
   still part of the subsets tried; a minimal subset never needs one.
   When even all indicators at their limits do not reach the target,
   minimal_size is null and minimal_subsets is empty (cluster D: all four
   at their limits give 51.11 < 60: its revenue 500 x 1.6 = 800 ties C's
   800, which is then the cohort minimum, so it gains 0).
7b. Fragile decisions (`whatif --fragile`), with a margin of FRAGILE_MARGIN
   = 10 points (the framework default 2 keeps only the first entry): for
   every cluster, its rounded total's distance above its own grade's
   cut-off (it could lose the grade) and below the next grade's (its gap:
   it could gain it); within the margin, for every indicator alone, the
   first grid value from the submitted value (exclusive) TOWARD WORSE
   (above a cut-off) or TOWARD BETTER (below one) whose whole-cohort
   re-score flips the grade, scanned (coarse points, then every grid
   point of the first window, as in 6; exact because the own total is
   monotone in the own value under min-max) up to the farther of the
   cohort's worst (best) submitted value and the plausible limit (5; down:
   own x max(1 - 0.3 x years, 0), rounded toward the own value), held
   within the field's min/max. "smallest" is the indicator with the
   smallest relative change |needed - own| / |own| (first in framework
   order on equal changes). One grid step before the needed value the
   grade does not flip; A's revenue one step before (1279.76) totals
   exactly 59.995, a rounding half-point (half away from zero: 60.00,
   still 合格), the one reported total exempt from 8 (flagged
   "one_step_before_at_half_point").
8. Robustness: for every reported total, the exact total is at least
   1e-6 away from a rounding half-point (x.xx5), so an engine computing in
   f64 rounds every total the same way; the script asserts it.
9. Every value tried or reported is within the field's bounds. Every
   "cohort_totals*" map is the four clusters' rounded totals when the
   value(s) are written into indicators.csv and the round is run again:
   what ranking.csv's total column must then show.

THE REAL TOOL (checked 2026-11-30 with `cluster-eval run`, the lead's
build): ranking.csv of the round as submitted has A 61.25, B 65.00, C
36.25, D 25.00 and grades pass, pass, fail, fail (`reference.py --ranking
OUT/ranking.csv` compares them); re-run with one value edited it shows:
A above_scale 450 -> A 75.00 good, 449 -> 74.92 pass, 456 -> 75.50; B
above_scale 399 -> B 75.00 (A 60.00, C 35.07), 398 -> 74.91, 390 -> 74.21,
432 -> 77.89; B revenue 2180 -> B 65.00 (A 56.25, C 34.46); B rd 4.96 ->
B 70.00 (A 53.86, C 35.51); C revenue 1280 + above_scale 480 -> C 61.25;
C above_scale 570 -> 58.75; C revenue 1280 + rd 1.60 -> 51.25; C
above_scale 480 + rd 1.60 -> 56.25; D at all four limits (800, 912, 1.12,
0.36) -> D 51.11 (A 40.58, B 51.02, C 20.91). All equal this script's
numbers in expected.json.

HAND CHECKS (the script asserts each of them; see check_by_hand below).

Submitted values (indicators.csv):

    cluster  revenue  above_scale  rd_intensity  energy_intensity (lower)
    A        1340     285          3.70          0.55
    B        1700     270          3.10          0.50
    C         800     300          1.00          0.40
    D         500     570          0.70          0.90
    min/max  500/1700 270/570      0.70/3.70     0.40 (best)/0.90 (worst)
    range    1200     300          3.00          0.50

Fractions (x 25 points):
    A: revenue 840/1200 = 0.7 -> 17.5; above_scale 15/300 = 0.05 -> 1.25;
       rd 3.00/3.00 = 1 -> 25; energy (0.90-0.55)/0.50 = 0.7 -> 17.5;
       total 61.25, 合格, gap to 良好 75 - 61.25 = 13.75.
    B: revenue 1 -> 25 (B is the revenue MAXIMUM); above_scale 0 -> 0 (B
       is the above_scale MINIMUM); rd 2.40/3.00 = 0.8 -> 20; energy
       0.40/0.50 = 0.8 -> 20; total 65.00, 合格, gap 10.
    C: revenue 300/1200 = 0.25 -> 6.25; above_scale 30/300 = 0.1 -> 2.5;
       rd 0.30/3.00 = 0.1 -> 2.5; energy 0.50/0.50 = 1 -> 25 (C is the
       best); total 36.25, 不合格, gap to 合格 60 - 36.25 = 23.75.
    D: revenue 0; above_scale 1 -> 25; rd 0; energy 0; total 25.00, 不合格,
       gap 35.

Cluster A (the plain case): above_scale must give 13.75 more points, i.e.
    its fraction must rise by 13.75/25 = 0.55 to 0.60 (the bounds 270 and
    570 do not move while A stays inside them): 270 + 0.6 x 300 = 450 ->
    13.75 + 1.25 = 15 points, total 75.00 (良好); 449 -> 179/300 x 25 =
    14.9167, total 74.9167 -> 74.92 (合格). Needed 450, within A's
    plausible limit 285 x 1.6 = 456. Here the linear shortcut is right:
    285 + 13.75 / (25/300) = 285 + 165 = 450. A cannot close alone on
    revenue (at most 25 - 17.5 = 7.5 < 13.75), rd (A is the maximum: 0) or
    energy (at most 7.5).
Cluster B (the cohort effect): B is the revenue maximum, so raising its
    revenue gives nothing (max_gain 0): the linear shortcut would answer
    1700 + 10 / (25/1200) = 2180, and re-scoring gives 65.00 there. The
    way up is above_scale, where B is the MINIMUM: once B passes A's 285
    the cohort's minimum is 285, not B's 270, so B's fraction is
    (x - 285)/(570 - 285) and 10 points need x = 285 + 0.4 x 285 = 399
    (114/285 x 25 = 10.00 exactly) -> total 75.00 (良好); 398
    -> 113/285 x 25 = 9.9123, total 74.91. The linear shortcut (bounds
    270..570 fixed) answers 270 + 10 / (25/300) = 390, and re-scoring at
    390 gives (390 - 285)/285 x 25 = 9.2105, total 74.21: still 合格, so
    the shortcut is wrong. At 399 the others lose points too: A becomes
    the minimum (0 instead of 1.25: total 60.00) and C's 300 scores
    15/285 x 25 = 1.3158 instead of 2.5 (total 35.07). rd and energy
    cannot close alone (at most 5 each < 10).
Cluster C (cannot close alone; the combined plan): at most 18.75
    (revenue), 22.5 (above_scale), 22.5 (rd) and 0 (energy, C is the
    best) against a gap of 23.75: no indicator alone. Plausible limits:
    revenue 800 x 1.6 = 1280 -> (1280 - 500)/1200 = 0.65, +0.40 x 25 =
    +10; above_scale 300 x 1.6 = 480 -> 210/300 = 0.7, +15; rd 1.00 x 1.6
    = 1.60 -> 0.90/3.00 = 0.3, +5; energy 0.40 x 0.4 = 0.16 -> still the
    best, +0. Pairs: revenue + above_scale = 36.25 + 25 = 61.25 >= 60 (合格);
    above_scale + rd = 56.25; revenue + rd = 51.25; any pair with energy is
    a single. So the minimal plan has 2 indicators and only
    {revenue, above_scale} achieves it (no bound moves: 1280 < 1700 and
    480 < 570, and C was already inside both ranges).
"""

import csv
import itertools
import json
import math
import sys
import tomllib
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUND = HERE / "round"

MAX_CHANGE = Fraction(3, 10)  # per year; the engine's `[whatif] max_change = 0.3`
DECIMALS = 2
SCAN_POINTS = 500  # coarse points of the fine scan (convention 6)
FRAGILE_MARGIN = 10  # points (convention 7b)


def round_half_away(x: Fraction, decimals: int) -> Fraction:
    """Round an exact rational half away from zero to `decimals` places."""
    scale = 10**decimals
    y = abs(x) * scale
    n = math.floor(y)
    if y - n >= Fraction(1, 2):
        n += 1
    r = Fraction(n, scale)
    return r if x >= 0 else -r


def fmt(x: Fraction, decimals: int) -> str:
    """A rational that is already on the grid, as fixed-point text."""
    r = round_half_away(x, decimals)
    assert r == x, f"{x} is not on the {decimals}-decimal grid"
    sign = "-" if r < 0 else ""
    r = abs(r)
    whole = math.floor(r)
    frac = r - whole
    if decimals == 0:
        return f"{sign}{whole}"
    digits = int(frac * 10**decimals)
    return f"{sign}{whole}.{digits:0{decimals}d}"


def load():
    round_toml = tomllib.loads((ROUND / "round.toml").read_text(encoding="utf-8"))
    fw = tomllib.loads((ROUND / round_toml["round"]["framework"]).read_text(encoding="utf-8"))
    assert fw["ranking"]["decimals"] == DECIMALS
    fields = {f["id"]: f for f in fw["field"]}
    indicators = []
    for ind in fw["indicator"]:
        assert ind["rule"] == "minmax", "the reference knows min-max only"
        field = fields[ind.get("field", ind["id"])]
        indicators.append(
            {
                "id": ind["id"],
                "field": field["id"],
                "points": Fraction(str(ind["points"])),
                "higher": ind.get("direction", "higher") == "higher",
                "step": Fraction(1) if field["kind"] == "count" else Fraction(1, 100),
                "decimals": 0 if field["kind"] == "count" else 2,
                "min": Fraction(str(field["min"])) if "min" in field else (Fraction(0) if field["kind"] in ("count", "amount") else None),
                "max": Fraction(str(field["max"])) if "max" in field else None,
            }
        )
    grades = sorted(
        ({"id": g["id"], "zh": g["name_zh"], "min": Fraction(str(g["min"]))} for g in fw["grade"]),
        key=lambda g: g["min"],
        reverse=True,
    )
    with open(ROUND / "indicators.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    clusters = [r["cluster_id"] for r in rows]
    # values[c][j]: exact rationals from the decimal text.
    values = [[Fraction(r[ind["field"]]) for ind in indicators] for r in rows]
    years = round_toml["round"]["target_year"] - round_toml["round"]["current_year"]
    return clusters, indicators, grades, values, years


def score(values, indicators):
    """Points[c][j] for the whole cohort (min-max over all clusters)."""
    n = len(values)
    pts = [[Fraction(0)] * len(indicators) for _ in range(n)]
    for j, ind in enumerate(indicators):
        col = [values[c][j] for c in range(n)]
        lo, hi = min(col), max(col)
        for c in range(n):
            if hi == lo:
                f = Fraction(1)
            elif ind["higher"]:
                f = (col[c] - lo) / (hi - lo)
            else:
                f = (hi - col[c]) / (hi - lo)
            pts[c][j] = f * ind["points"]
    return pts


def totals(values, indicators):
    return [sum(row, Fraction(0)) for row in score(values, indicators)]


def check_margin(total: Fraction, what: str):
    """Convention 8: no total within 1e-6 of a rounding half-point."""
    scaled = total * 10**DECIMALS
    dist = abs(scaled - math.floor(scaled) - Fraction(1, 2)) / 10**DECIMALS
    assert dist > Fraction(1, 10**6), f"{what}: total {float(total)} is at a rounding half-point"


def grade_of(total: Fraction, grades):
    r = round_half_away(total, DECIMALS)
    for g in grades:
        if r >= g["min"]:
            return g
    raise AssertionError("no grade")


def next_grade(g, grades):
    above = [x for x in grades if x["min"] > g["min"]]
    return min(above, key=lambda x: x["min"]) if above else None


def reaches(total: Fraction, cutoff: Fraction) -> bool:
    return round_half_away(total, DECIMALS) >= cutoff


def on_grid_toward(x: Fraction, step: Fraction, down: bool) -> Fraction:
    k = x / step
    k = math.floor(k) if down else math.ceil(k)
    return k * step


def plausible_limit(value: Fraction, ind, years: int) -> Fraction:
    """Convention 5: own value x (1 +- max_change x years), toward the value."""
    if ind["higher"]:
        return on_grid_toward(value * (1 + MAX_CHANGE * years), ind["step"], down=True)
    return on_grid_toward(max(value * (1 - MAX_CHANGE * years), Fraction(0)), ind["step"], down=False)


def with_value(values, c, j, x):
    v = [row[:] for row in values]
    v[c][j] = x
    return v


def cohort_totals(values, indicators):
    """Every cluster's rounded total, as ranking.csv shows it."""
    return {
        cid: fmt(round_half_away(t, DECIMALS), DECIMALS) for cid, t in zip(CLUSTERS, totals(values, indicators))
    }


def in_bounds(x: Fraction, ind) -> bool:
    """Within the field's min/max (README: a value outside them is an error)."""
    return (ind["min"] is None or x >= ind["min"]) and (ind["max"] is None or x <= ind["max"])


def single(values, indicators, c, j, cutoff, gap, years, base_total):
    ind = indicators[j]
    own = values[c][j]
    col = [row[j] for row in values]
    best = max(col) if ind["higher"] else min(col)
    limit = plausible_limit(own, ind, years)
    ceiling = max(best, limit) if ind["higher"] else min(best, limit)
    step = ind["step"] if ind["higher"] else -ind["step"]
    needed = None
    # Fine scan (convention 6): the grid points own + k x stride (the last
    # one the ceiling), the whole cohort re-scored each time; in the first
    # window whose end reaches the target, every grid point in order.
    n_steps = int((ceiling - own) / step)
    stride = max(1, math.ceil(n_steps / SCAN_POINTS))
    prev_k, prev_t = 0, base_total
    k = 0
    while k < n_steps:
        k = min(k + stride, n_steps)
        t = totals(with_value(values, c, j, own + k * step), indicators)[c]
        assert t >= prev_t, "the own total must not fall as the value improves (min-max)"
        if reaches(t, cutoff):
            for i in range(prev_k + 1, k + 1):
                if reaches(totals(with_value(values, c, j, own + i * step), indicators)[c], cutoff):
                    needed = own + i * step
                    break
            break
        prev_k, prev_t = k, t
    t_ceiling = totals(with_value(values, c, j, ceiling), indicators)[c]
    out = {
        "indicator": ind["id"],
        "value": fmt(own, ind["decimals"]),
        "direction": "higher" if ind["higher"] else "lower",
        "step": fmt(ind["step"], ind["decimals"]),
        "cohort_best": fmt(best, ind["decimals"]),
        "plausible_limit": fmt(limit, ind["decimals"]),
        "ceiling": fmt(ceiling, ind["decimals"]),
        "closes_alone": needed is not None,
        "needed_value": None,
        "within_plausible_range": None,
        "total_at_needed": None,
        "total_one_step_before": None,
        "cohort_totals_at_needed": None,
        "max_gain": round(float(t_ceiling - base_total), 6),
        "total_at_ceiling": fmt(round_half_away(t_ceiling, DECIMALS), DECIMALS),
        "cohort_totals_at_ceiling": cohort_totals(with_value(values, c, j, ceiling), indicators),
    }
    assert in_bounds(ceiling, ind)
    check_margin(t_ceiling, f"{ind['id']} at ceiling")
    if needed is not None:
        all_t = totals(with_value(values, c, j, needed), indicators)
        before = totals(with_value(values, c, j, needed - step), indicators)[c]
        check_margin(all_t[c], f"{ind['id']} at needed")
        check_margin(before, f"{ind['id']} one step before")
        assert not reaches(before, cutoff)
        out["needed_value"] = fmt(needed, ind["decimals"])
        out["within_plausible_range"] = (needed <= limit) if ind["higher"] else (needed >= limit)
        out["total_at_needed"] = fmt(round_half_away(all_t[c], DECIMALS), DECIMALS)
        out["total_one_step_before"] = fmt(round_half_away(before, DECIMALS), DECIMALS)
        out["cohort_totals_at_needed"] = cohort_totals(with_value(values, c, j, needed), indicators)
    # The linear shortcut (convention 6): bounds held fixed.
    lo, hi = min(col), max(col)
    out["linear_shortcut_value"] = None
    out["linear_shortcut_reaches"] = None
    out["total_at_linear_shortcut"] = None
    out["cohort_totals_at_linear_shortcut"] = None
    lin = None
    if hi > lo:
        per_unit = ind["points"] / (hi - lo)
        raw = own + gap / per_unit if ind["higher"] else own - gap / per_unit
        lin = on_grid_toward(raw, ind["step"], down=not ind["higher"])
    if lin is not None and in_bounds(lin, ind):
        lin_t = totals(with_value(values, c, j, lin), indicators)[c]
        check_margin(lin_t, f"{ind['id']} linear shortcut")
        out["linear_shortcut_value"] = fmt(lin, ind["decimals"])
        out["linear_shortcut_reaches"] = reaches(lin_t, cutoff)
        out["total_at_linear_shortcut"] = fmt(round_half_away(lin_t, DECIMALS), DECIMALS)
        out["cohort_totals_at_linear_shortcut"] = cohort_totals(with_value(values, c, j, lin), indicators)
    return out


def plan(values, indicators, c, cutoff, years):
    limits = [plausible_limit(values[c][j], ind, years) for j, ind in enumerate(indicators)]
    assert all(in_bounds(x, ind) for x, ind in zip(limits, indicators))
    gains = {}
    for j, ind in enumerate(indicators):
        t = totals(with_value(values, c, j, limits[j]), indicators)[c]
        gains[ind["id"]] = round(float(t - totals(values, indicators)[c]), 6)
    minimal = None
    subsets = []
    for size in range(1, len(indicators) + 1):
        for combo in itertools.combinations(range(len(indicators)), size):
            v = [row[:] for row in values]
            for j in combo:
                v[c][j] = limits[j]
            t = totals(v, indicators)[c]
            check_margin(t, f"plan {combo}")
            if reaches(t, cutoff):
                subsets.append(
                    {
                        "indicators": [indicators[j]["id"] for j in combo],
                        "values": {indicators[j]["id"]: fmt(limits[j], indicators[j]["decimals"]) for j in combo},
                        "total": fmt(round_half_away(t, DECIMALS), DECIMALS),
                        "cohort_totals": cohort_totals(v, indicators),
                    }
                )
        if subsets:
            minimal = size
            break
    return {
        "plausible_limits": {ind["id"]: fmt(limits[j], ind["decimals"]) for j, ind in enumerate(indicators)},
        "gain_at_limit": gains,
        "minimal_size": minimal,
        "minimal_subsets": subsets,
    }


def worse_limit(value: Fraction, ind, years: int) -> Fraction:
    """Convention 7b: the plausible limit toward worse."""
    if ind["higher"]:
        return on_grid_toward(max(value * (1 - MAX_CHANGE * years), Fraction(0)), ind["step"], down=False)
    return on_grid_toward(value * (1 + MAX_CHANGE * years), ind["step"], down=True)


def clamp(x: Fraction, ind) -> Fraction:
    if ind["min"] is not None:
        x = max(x, ind["min"])
    if ind["max"] is not None:
        x = min(x, ind["max"])
    return x


def first_flip(values, indicators, c, j, worse, flips, years):
    """Convention 7b: the first grid value toward worse (or better) at
    which flips(rounded own total) holds; None within the range."""
    ind = indicators[j]
    own = values[c][j]
    col = [row[j] for row in values]
    up = ind["higher"] != worse  # the value moves up
    if worse:
        extreme = min(col) if ind["higher"] else max(col)
        limit = worse_limit(own, ind, years)
    else:
        extreme = max(col) if ind["higher"] else min(col)
        limit = plausible_limit(own, ind, years)
    end = clamp(max(extreme, limit) if up else min(extreme, limit), ind)
    step = ind["step"] if up else -ind["step"]
    n_steps = int((end - own) / step)
    own_total = lambda x: totals(with_value(values, c, j, x), indicators)[c]
    stride = max(1, math.ceil(n_steps / SCAN_POINTS)) if n_steps > 0 else 1
    prev_k, k = 0, 0
    while k < n_steps:
        k = min(k + stride, n_steps)
        if flips(own_total(own + k * step)):
            for i in range(prev_k + 1, k + 1):
                if flips(own_total(own + i * step)):
                    return own + i * step
            raise AssertionError("the window that flips has no grid value that flips")
        prev_k = k
    return None


def fragile(values, indicators, grades, clusters, years):
    """Convention 7b: the decisions within FRAGILE_MARGIN of a cut-off."""
    base = totals(values, indicators)
    entries = []
    for c, cid in enumerate(clusters):
        rounded = round_half_away(base[c], DECIMALS)
        g = grade_of(base[c], grades)
        ng = next_grade(g, grades)
        lines = [("above", g, rounded - g["min"])]
        if ng:
            lines.append(("below", ng, ng["min"] - rounded))
        for side, line, distance in lines:
            if distance > FRAGILE_MARGIN:
                continue
            if side == "above":
                flips = lambda t, cut=line["min"]: round_half_away(t, DECIMALS) < cut
            else:
                flips = lambda t, cut=line["min"]: round_half_away(t, DECIMALS) >= cut
            per = {}
            best = None
            for j, ind in enumerate(indicators):
                needed = first_flip(values, indicators, c, j, side == "above", flips, years)
                per[ind["id"]] = None if needed is None else fmt(needed, ind["decimals"])
                if needed is None:
                    continue
                own = values[c][j]
                change = (needed - own) / abs(own)
                if best is None or abs(change) < abs(best[2]):
                    best = (j, needed, change)
            entry = {
                "cluster_id": cid,
                "line": line["id"],
                "side": side,
                "distance": fmt(distance, DECIMALS),
                "flips": per,
                "smallest": None,
            }
            if best is not None:
                j, needed, change = best
                ind = indicators[j]
                step = ind["step"] if needed > values[c][j] else -ind["step"]
                at = totals(with_value(values, c, j, needed), indicators)[c]
                before = totals(with_value(values, c, j, needed - step), indicators)[c]
                assert flips(at) and not flips(before)
                check_margin(at, f"{cid} {ind['id']} flip")
                scaled = before * 10**DECIMALS
                half = scaled - math.floor(scaled) == Fraction(1, 2)
                if not half:
                    check_margin(before, f"{cid} {ind['id']} one step before the flip")
                entry["smallest"] = {
                    "indicator": ind["id"],
                    "needed_value": fmt(needed, ind["decimals"]),
                    "change_pct": round(float(change * 100), 6),
                    "total_at_needed": fmt(round_half_away(at, DECIMALS), DECIMALS),
                    "total_one_step_before": fmt(round_half_away(before, DECIMALS), DECIMALS),
                    "one_step_before_at_half_point": half,
                }
            entries.append(entry)
    entries.sort(key=lambda e: (Fraction(e["distance"]), clusters.index(e["cluster_id"])))
    return {"margin": FRAGILE_MARGIN, "decisions": entries}


CLUSTERS = []


def check_by_hand(result):
    """The numbers of the header, worked out by hand, asserted."""
    by = {c["cluster_id"]: c for c in result["clusters"]}
    assert [by[k]["total"] for k in "ABCD"] == ["61.25", "65.00", "36.25", "25.00"]
    assert [by[k]["grade_zh"] for k in "ABCD"] == ["合格", "合格", "不合格", "不合格"]
    a = {s["indicator"]: s for s in by["A"]["single"]}
    assert by["A"]["gap"] == "13.75"
    assert a["above_scale"]["needed_value"] == "450" and a["above_scale"]["total_at_needed"] == "75.00"
    assert a["above_scale"]["total_one_step_before"] == "74.92"
    assert a["above_scale"]["linear_shortcut_value"] == "450" and a["above_scale"]["within_plausible_range"]
    assert [a[k]["closes_alone"] for k in ("revenue", "rd_intensity", "energy_intensity")] == [False] * 3
    assert [a[k]["max_gain"] for k in ("revenue", "rd_intensity", "energy_intensity")] == [7.5, 0.0, 7.5]
    b = {s["indicator"]: s for s in by["B"]["single"]}
    assert b["revenue"]["max_gain"] == 0.0 and not b["revenue"]["closes_alone"]
    assert b["revenue"]["linear_shortcut_value"] == "2180.00" and not b["revenue"]["linear_shortcut_reaches"]
    assert b["above_scale"]["needed_value"] == "399" and b["above_scale"]["total_one_step_before"] == "74.91"
    assert b["above_scale"]["linear_shortcut_value"] == "390"
    assert b["above_scale"]["total_at_linear_shortcut"] == "74.21"
    assert not b["above_scale"]["linear_shortcut_reaches"]
    assert b["above_scale"]["cohort_totals_at_needed"] == {"A": "60.00", "B": "75.00", "C": "35.07", "D": "25.00"}
    c = {s["indicator"]: s for s in by["C"]["single"]}
    assert by["C"]["gap"] == "23.75"
    assert [c[k]["max_gain"] for k in ("revenue", "above_scale", "rd_intensity", "energy_intensity")] == [
        18.75,
        22.5,
        22.5,
        0.0,
    ]
    assert not any(s["closes_alone"] for s in by["C"]["single"])
    p = by["C"]["plan"]
    assert p["gain_at_limit"] == {"revenue": 10.0, "above_scale": 15.0, "rd_intensity": 5.0, "energy_intensity": 0.0}
    assert p["minimal_size"] == 2
    assert [s["indicators"] for s in p["minimal_subsets"]] == [["revenue", "above_scale"]]
    assert p["minimal_subsets"][0]["total"] == "61.25"
    f = result["fragile"]["decisions"]
    assert [(e["cluster_id"], e["line"], e["side"], e["distance"]) for e in f] == [
        ("A", "pass", "above", "1.25"),
        ("B", "pass", "above", "5.00"),
        ("B", "good", "below", "10.00"),
    ]
    assert f[0]["flips"] == {"revenue": "1279.75", "above_scale": None, "rd_intensity": "2.97", "energy_intensity": "0.58"}
    assert f[0]["smallest"]["indicator"] == "revenue" and f[0]["smallest"]["total_at_needed"] == "59.99"
    assert f[0]["smallest"]["one_step_before_at_half_point"] and f[0]["smallest"]["total_one_step_before"] == "60.00"
    assert f[1]["smallest"]["indicator"] == "rd_intensity" and f[1]["smallest"]["needed_value"] == "2.49"
    assert f[2]["smallest"]["indicator"] == "above_scale" and f[2]["smallest"]["needed_value"] == "399"


def check_ranking(path, result):
    """Compare a run's ranking.csv (total, grade) with the reference."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = {r["cluster_id"]: r for r in csv.DictReader(f)}
    bad = []
    for c in result["clusters"]:
        r = rows.get(c["cluster_id"])
        if r is None or r["total"] != c["total"] or r["grade"] != c["grade"]:
            bad.append(f"{c['cluster_id']}: reference {c['total']} {c['grade']}, ranking.csv {r and (r['total'], r['grade'])}")
    if bad or len(rows) != len(result["clusters"]):
        sys.exit("ranking.csv differs from the reference:\n" + "\n".join(bad))
    print(f"{path}: totals and grades equal the reference", file=sys.stderr)


def main():
    clusters, indicators, grades, values, years = load()
    CLUSTERS.extend(clusters)
    base = totals(values, indicators)
    pts = score(values, indicators)
    out_clusters = []
    for c, cid in enumerate(clusters):
        check_margin(base[c], f"{cid} submitted")
        g = grade_of(base[c], grades)
        ng = next_grade(g, grades)
        rounded = round_half_away(base[c], DECIMALS)
        entry = {
            "cluster_id": cid,
            "total": fmt(rounded, DECIMALS),
            "grade": g["id"],
            "grade_zh": g["zh"],
            "points": {ind["id"]: round(float(pts[c][j]), 6) for j, ind in enumerate(indicators)},
            "target_grade": ng["id"] if ng else None,
            "target_grade_zh": ng["zh"] if ng else None,
            "cutoff": fmt(ng["min"], DECIMALS) if ng else None,
            "gap": fmt(ng["min"] - rounded, DECIMALS) if ng else None,
        }
        if ng:
            gap = ng["min"] - rounded
            entry["single"] = [
                single(values, indicators, c, j, ng["min"], gap, years, base[c]) for j in range(len(indicators))
            ]
            entry["plan"] = plan(values, indicators, c, ng["min"], years)
        out_clusters.append(entry)
    result = {
        "round": "tests/whatif/data/round",
        "conventions": {
            "scoring": "min-max over the whole cohort per indicator, f x points, total = sum; all equal -> f = 1",
            "rounding": "total rounded to 2 decimals, half away from zero",
            "reaches": "round2(total) >= the target grade's min",
            "target": "the next grade above the cluster's grade",
            "gap": "target min - round2(total), 2 decimals",
            "grid": "count fields step 1, other fields step 0.01",
            "max_change_per_year": "0.3",
            "years": years,
            "plausible_limit": "own value x (1 + 0.3 x years) if higher is better, x max(1 - 0.3 x years, 0) if lower; linear, not compounded; rounded to the grid toward the own value",
            "single_ceiling": "the better of the cohort's best submitted value (own included) and the plausible limit",
            "needed_value": "the first grid value, from the submitted value toward the ceiling, whose whole-cohort re-score reaches the target (a scan of about 500 points, then every grid point of the first window that reaches; exact because the own total is monotone in the own value under min-max)",
            "max_gain": "total at the ceiling - submitted total (unrounded, 6 decimals)",
            "linear_shortcut_value": "own + gap / (points / (max - min)) (minus when lower is better), bounds fixed, to the grid away from the own value; shown to prove it wrong, not an answer",
            "plan": "every subset, each indicator at its plausible limit at once, whole cohort re-scored; minimal_size = fewest indicators reaching the target; minimal_subsets = all subsets of that size reaching it, framework order",
            "margins": "every total reported is more than 1e-6 from a rounding half-point",
            "no_plan": "minimal_size null and minimal_subsets empty when all indicators at their limits do not reach the target",
            "cohort_totals": "the four clusters' rounded totals with the value(s) written into indicators.csv: what ranking.csv shows when the round is run again",
            "fragile": "within the margin of its own grade's cut-off (above) or the next one's (below), per indicator alone the first grid value toward worse (above) or better (below) whose whole-cohort re-score flips the grade, up to the farther of the cohort's worst (best) value and the plausible limit, within the field's bounds; smallest = least relative change",
        },
        "clusters": out_clusters,
        "fragile": fragile(values, indicators, grades, clusters, years),
    }
    check_by_hand(result)
    if len(sys.argv) == 3 and sys.argv[1] == "--ranking":
        check_ranking(sys.argv[2], result)
        return
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
