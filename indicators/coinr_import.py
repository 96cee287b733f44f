#!/usr/bin/env python3
"""Import a COINr indicator metadata table (iMeta.csv) as a cluster-eval framework.

Usage: python3 indicators/coinr_import.py iMeta.csv OUT.toml [--id ID] [--group COLUMN]

iMeta columns: Level, iCode, iName, Direction, Weight, Unit, Target, Denominator,
Parent, Type (Indicator, Aggregate, Group, Denominator). Indicators become
[[field]] + [[indicator]] (rule minmax, `per` = Denominator); aggregates of
level 2..top-1 become [[node]]s with aggregation = "mean" (the weighted
arithmetic mean COINr uses); the top aggregate is the framework's total;
denominators become fields. The COINr default pipeline is written as
framework settings: group-mean imputation by --group, screening at 90 %
availability, the skew/kurtosis outlier treatment, min-max 0-100. The
unit-slip check of [quality] is off: the units of a composite index
(countries, regions) differ by orders of magnitude by nature, so a value
far from the cohort median says nothing of its unit.
Standard library only; the output is deterministic.
"""
import csv
import sys


def q(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(s):
    f = float(s)
    return str(int(f)) if f == int(f) else repr(f)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = argv[1], argv[2]
    fid = "coinr-import"
    group = "EurAsia_group"
    if "--id" in argv:
        fid = argv[argv.index("--id") + 1]
    if "--group" in argv:
        group = argv[argv.index("--group") + 1]
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    aggs = [r for r in rows if r["Type"] == "Aggregate"]
    top = max(int(r["Level"]) for r in aggs)
    root = [r for r in aggs if int(r["Level"]) == top][0]
    lines = [
        f"# Imported from {src.split('/')[-1]} by indicators/coinr_import.py (COINr metadata format).",
        "",
        "[framework]",
        f"id = {q(fid)}",
        'version = "imported"',
        f"name_zh = {q(root['iName'])}",
        f"name_en = {q(root['iName'])}",
        "total_points = 100",
        'aggregation = "mean"',
        'missing = "group_mean"',
        f"group = {q(group)}",
        "",
        "[ranking]",
        "decimals = 10",
        "",
        "[treatment]",
        'method = "skew_kurtosis"',
        "skew = 2",
        "kurtosis = 3.5",
        "max_winsorised = 5",
        "log_fallback = true",
        "",
        "[screening]",
        "min_availability = 0.9",
        'on = "imputed"',
        "",
        "# Units of an index differ by orders of magnitude by nature (area,",
        "# population, GDP): a value far from the cohort median says nothing of",
        "# its unit, so the unit-slip check is off.",
        "[quality]",
        'unit_slip = "off"',
        "",
    ]
    for r in rows:
        if r["Type"] in ("Indicator", "Denominator"):
            lines += [
                "[[field]]",
                f"id = {q(r['iCode'])}",
                f"name_zh = {q(r['iName'])}",
                f"name_en = {q(r['iName'])}",
                f"unit = {q(r['Unit'])}",
                'kind = "quantity"',
                "",
            ]
    for level in range(top - 1, 1, -1):
        for r in aggs:
            if int(r["Level"]) != level:
                continue
            lines += ["[[node]]", f"id = {q(r['iCode'])}"]
            if r["Parent"] and r["Parent"] != root["iCode"]:
                lines.append(f"parent = {q(r['Parent'])}")
            lines += [
                f"name_zh = {q(r['iName'])}",
                f"name_en = {q(r['iName'])}",
                f"weight = {num(r['Weight'])}",
                'aggregation = "mean"',
                "",
            ]
    for r in rows:
        if r["Type"] != "Indicator":
            continue
        lines += [
            "[[indicator]]",
            f"id = {q(r['iCode'])}",
            f"parent = {q(r['Parent'])}",
            f"name_zh = {q(r['iName'])}",
            f"name_en = {q(r['iName'])}",
            f"weight = {num(r['Weight'])}",
            f"direction = {q('higher' if float(r['Direction']) > 0 else 'lower')}",
            'rule = "minmax"',
        ]
        if r["Denominator"]:
            lines.append(f"per = {q(r['Denominator'])}")
        lines.append("")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
