#!/usr/bin/env python3
"""Fill the XLSX submission template as an office's clerk would, with openpyxl.

    python3 fill.py TEMPLATE.xlsx INDICATORS.csv OUT.xlsx [--excel-habits]

Loads the template written by `cluster-eval template --format xlsx --round`
(keeping its sheets, formats, validation and protection), and writes into its
data sheet (the first) every value of a wide submissions CSV whose headers are
the fields' Chinese names with the unit in full-width brackets, as in
sample_data/hebei-2022-competition/indicators.csv. Rows are matched by cluster
id and year, columns by the field's Chinese name (the template's header is
"中文名 id (unit)"); nothing of the template's layout is changed. Values are
typed as numbers: a whole number as an int, any other as a float; a cell
saying "no data" ("-", "—", ...) is left blank, as the template asks.

With --excel-habits, two cells are typed the way Excel users do: the first
percent value of the current year is written as its fraction (91.2 -> 0.912)
with the cell format '0.0%' (what typing "91.2%" stores), and the year of that
row as the date 31 December of the year.

Prints one line: rows=N values=M no_data=K, plus habits=... with --excel-habits. Fails
(exit 1) when a row or a column of the CSV has no place in the template.
"""
import csv
import datetime
import sys

import openpyxl

# Cells that say "no data" (README, "Cell values"), left blank in the template.
NO_DATA = {"", "—", "——", "-", "--", "N/A", "NA", "/", "无"}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    habits = "--excel-habits" in sys.argv[1:]
    template, indicators, out = args
    with open(indicators, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    # The CSV's columns by Chinese name: "主导产业营业收入（亿元）".
    csv_names = [h.split("（")[0].strip() for h in head]
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[0] == "集群编号 cluster_id", header[0]
    assert header[2] == "年份 period", header[2]
    # Template column (1-based) of each CSV column from the third on.
    place = {}
    for j, name in enumerate(csv_names[2:], start=2):
        cols = [k + 1 for k, h in enumerate(header) if h and h.split(" ")[0] == name]
        if len(cols) != 1:
            sys.exit(f"column {head[j]!r}: {len(cols)} template columns named {name!r}")
        place[j] = cols[0]
    # Template row of each (cluster, year).
    at = {}
    for r in range(2, ws.max_row + 1):
        cid, year = ws.cell(r, 1).value, ws.cell(r, 3).value
        if cid is not None:
            at[(str(cid), int(year))] = r
    values = 0
    blanks = 0
    habit = None
    for line in body:
        key = (line[0], int(line[1]))
        if key not in at:
            sys.exit(f"row {key}: not in the template")
        r = at[key]
        for j, text in enumerate(line[2:], start=2):
            text = text.strip()
            if text in NO_DATA:
                # What the template asks for no data: a blank cell.
                blanks += 1
                continue
            cell = ws.cell(r, place[j])
            cell.value = float(text) if "." in text else int(text)
            values += 1
            percent = head[j].endswith("（%）")
            if habits and habit is None and percent and key[1] == current_year(at):
                cell.value = float(text) / 100
                cell.number_format = "0.0%"
                year_cell = ws.cell(r, 3)
                year_cell.value = datetime.datetime(key[1], 12, 31)
                year_cell.number_format = "yyyy-mm-dd"
                habit = f"{ws.cell(r, 1).value} {key[1]} {header[place[j] - 1]}"
    wb.save(out)
    print(
        f"rows={len(body)} values={values} no_data={blanks}"
        + (f" habits={habit}" if habit else "")
    )


def current_year(at):
    """The middle year of the template's rows (baseline < current < target)."""
    years = sorted({y for _, y in at})
    return years[len(years) // 2]


if __name__ == "__main__":
    main()
