#!/usr/bin/env python3
"""COINr's imputation by row, written independently of the engine from
COINr 1.1.14's R source (R/impute.R, Impute.coin / Impute.data.frame with
impute_by = "row", group_level = 2, normalise_first = TRUE, f_i = "i_mean"):

  per pillar (the indicators' Parent in iMeta.csv):
    x_n = x * direction; per column, min-max onto [0, 1] over the present
    values (a constant column gives 0/0 = NaN, left out of the means);
  per unit, a missing cell takes the mean of the unit's present normalised
    values in the pillar;
  back: x = (v * (max - min) + min) * direction.

Input: the Denominated data set (denominated.csv) and iMeta.csv of
../shared/validation/asem-analysis. Prints JSON: the imputed cells only,
{"imputed": {uCode: {iCode: value}}}, with the Python version.
Standard library only.

    python3 tests/reference/row_mean_coinr.py ../shared/validation/asem-analysis
"""
import csv
import json
import math
import platform
import sys


def number(s):
    return float(s) if s not in ("", "NA") else math.nan


def main(folder):
    with open(f"{folder}/iMeta.csv", newline="", encoding="utf-8") as f:
        meta = [r for r in csv.DictReader(f) if r["Type"] == "Indicator"]
    with open(f"{folder}/denominated.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    units = [r["uCode"] for r in rows]
    pillars = {}
    for m in meta:
        pillars.setdefault(m["Parent"], []).append((m["iCode"], int(m["Direction"])))
    out = {}
    for codes in pillars.values():
        norm, back = {}, {}
        for code, d in codes:
            x = [number(r[code]) * d for r in rows]
            present = [v for v in x if not math.isnan(v)]
            lo, hi = min(present), max(present)
            width = hi - lo
            norm[code] = [
                (v - lo) / width if (not math.isnan(v) and width != 0) else math.nan
                for v in x
            ]
            back[code] = (lo, hi, d)
        for i, unit in enumerate(units):
            known = [norm[c][i] for c, _ in codes if not math.isnan(norm[c][i])]
            for code, _ in codes:
                if not math.isnan(number(rows[i][code])):
                    continue
                if not known:
                    continue  # COINr leaves the cell missing
                v = math.fsum(known) / len(known)
                lo, hi, d = back[code]
                out.setdefault(unit, {})[code] = (v * (hi - lo) + lo) * d
    print(json.dumps(
        {"peers": {"python": platform.python_version().rsplit(".", 1)[0]}, "imputed": out},
        indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
