#!/usr/bin/env python3
"""Write a corpus of messy office workbooks for the `messy` integration test.

Usage: make_corpus.py REPO OUT

From the bundled sample round `sample_data/hebei-2022-competition` this
script writes, with openpyxl (an independent XLSX writer, as an office's
own tools would be), one round folder per Excel habit under OUT, and
OUT/cases.json describing what each case must give:

- "same": `run` must give exactly the clean workbook round's ranking and
  decisions (the habit is read as the clerk meant it), with the listed
  warnings (substrings of `check`'s output);
- "error": `run` must exit non-zero, name the file, sheet, row and column
  (substrings of its output) and write nothing;
- "flag": the result may differ (the data says something else), but
  `check` must print the listed substrings (a plausibility warning naming
  the cell).

The clean round ("clean") is the sample's CSV data written as plain
workbook cells: numbers as numbers, ids as text, years as whole numbers.
Every other case changes one habit of it. The sample data is synthetic.
"""

import csv
import datetime
from decimal import Decimal
import json
import os
import shutil
import sys

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

SAMPLE = "sample_data/hebei-2022-competition"
DATA_SHEET = "申报数据"
REGISTRY_SHEET = "集群名录"


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(text):
    """A CSV cell as the number a clerk would type (int when whole)."""
    if text == "":
        return None
    try:
        v = float(text)
    except ValueError:
        return text  # a "no data" mark such as "-" stays text

    return int(v) if v.is_integer() and "." not in text else v


class Case:
    def __init__(self, name, expect, habit, **more):
        self.name = name
        self.expect = expect
        self.habit = habit
        self.more = more


def split_unit(header):
    """'主导产业营业收入（亿元）' -> ('主导产业营业收入', '亿元')."""
    if header.endswith("）") and "（" in header:
        i = header.rindex("（")
        return header[:i], header[i + 1 : -1]
    return header, None


class Corpus:
    def __init__(self, repo, out):
        self.repo = repo
        self.out = out
        self.sample = os.path.join(repo, SAMPLE)
        self.reg_header, self.reg_rows = read_csv(os.path.join(self.sample, "clusters.csv"))
        self.header, self.rows = read_csv(os.path.join(self.sample, "indicators.csv"))
        self.cases = []

    # -- writing a round -------------------------------------------------

    def round_dir(self, name):
        d = os.path.join(self.out, name)
        os.makedirs(d)
        for f in ("reviewers.csv", "reviews.csv"):
            shutil.copy(os.path.join(self.sample, f), d)
        with open(os.path.join(self.sample, "round.toml"), encoding="utf-8") as f:
            toml = f.read()
        framework = os.path.join(self.repo, "indicators", "hebei-competition.toml")
        toml = toml.replace('"../../indicators/hebei-competition.toml"', json.dumps(framework))
        toml = toml.replace('clusters = "clusters.csv"', 'clusters = "clusters.xlsx"')
        toml = toml.replace('submissions = ["indicators.csv"]', 'submissions = ["indicators.xlsx"]')
        assert "clusters.xlsx" in toml and "indicators.xlsx" in toml, "round.toml changed shape"
        with open(os.path.join(d, "round.toml"), "w", encoding="utf-8") as f:
            f.write(toml)
        return d

    def registry_book(self, rows=None, header=None):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = REGISTRY_SHEET
        ws.append(header or self.reg_header)
        for r in rows if rows is not None else self.reg_rows:
            ws.append(r)
        return wb

    def data_book(self):
        """The clean data workbook: header, then one row per cluster and year."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        ws.append(self.header)
        for r in self.rows:
            ws.append([r[0], int(r[1])] + [number(x) for x in r[2:]])
        return wb

    def add(self, name, expect, habit, data=None, registry=None, **more):
        d = self.round_dir(name)
        (registry or self.registry_book()).save(os.path.join(d, "clusters.xlsx"))
        (data or self.data_book()).save(os.path.join(d, "indicators.xlsx"))
        self.cases.append(Case(name, expect, habit, **more))

    # -- helpers on the data sheet ---------------------------------------

    def col(self, header_start):
        for i, h in enumerate(self.header):
            if h.startswith(header_start):
                return i + 1
        raise KeyError(header_start)

    def percent_columns(self):
        return [i + 1 for i, h in enumerate(self.header) if split_unit(h)[1] == "%"]

    def data_row(self, cluster, year):
        """The sheet row (1-based, header row 1) of a cluster's year."""
        for i, r in enumerate(self.rows):
            if r[0] == cluster and r[1] == str(year):
                return i + 2
        raise KeyError((cluster, year))

    # -- the cases ---------------------------------------------------------

    def build(self):
        self.add("clean", "same", "numbers as numbers, years as whole numbers")

        # Percent cells: 91.2 typed as "91.2%" is stored 0.912 with a
        # percent number format.
        wb = self.data_book()
        ws = wb.active
        for c in self.percent_columns():
            for r in range(2, ws.max_row + 1):
                cell = ws.cell(r, c)
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    shown = repr(cell.value)
                    # As Excel stores 91.2% typed: the nearest double to
                    # 0.912 (not 91.2 / 100 = 0.9120000000000001).
                    cell.value = float(Decimal(shown) / 100)
                    cell.number_format = "0.0%" if "." in shown else "0%"
        self.add("percent_cells", "same", "a percent typed as 8.5% (stored 0.085, percent format)", data=wb)

        # Years typed as dates: 2021 typed as 2021-12-31.
        wb = self.data_book()
        ws = wb.active
        for r in range(2, ws.max_row + 1):
            y = ws.cell(r, 2).value
            ws.cell(r, 2).value = datetime.datetime(y, 12, 31)
            ws.cell(r, 2).number_format = "yyyy-mm-dd"
        self.add("years_as_dates", "same", "a year typed as a date (2021-12-31)", data=wb)

        # Numbers stored as text: thousands separators, full-width digits,
        # a leading apostrophe (quotePrefix).
        wb = self.data_book()
        ws = wb.active
        rev = self.col("主导产业营业收入")
        full = str.maketrans("0123456789.", "０１２３４５６７８９．")
        for i, r in enumerate(range(2, ws.max_row + 1)):
            cell = ws.cell(r, rev)
            v = self.rows[r - 2][rev - 1]
            if v == "" or not v[0].isdigit():
                continue
            if i % 3 == 0:
                whole, _, frac = v.partition(".")
                cell.value = f"{int(whole):,}" + (f".{frac}" if frac else "")
            elif i % 3 == 1:
                cell.value = v.translate(full)
            else:
                cell.value = v
                cell.quotePrefix = True
        self.add("text_numbers", "same", "numbers stored as text (1,234.5 / full-width / 'apostrophe)", data=wb)

        # A merged title row and a date line above the header.
        wb = self.data_book()
        ws = wb.active
        ws.insert_rows(1, 2)
        ws.cell(1, 1).value = "河北省先进制造业集群竞赛申报数据表（2022年）"
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        ws.cell(2, 1).value = "填报日期：2022年3月15日"
        self.add("title_rows", "same", "title rows above the header", data=wb,
                 warnings=["indicators.xlsx"])

        # A units row under the header instead of units in the header.
        wb = self.data_book()
        ws = wb.active
        ws.insert_rows(2, 1)
        for c, h in enumerate(self.header, start=1):
            name, unit = split_unit(h)
            ws.cell(1, c).value = name
            if unit:
                ws.cell(2, c).value = unit
        self.add("units_row", "same", "a units row under the header", data=wb)

        # Rows after the data: a blank line, a 合计 row, a note, a signature.
        wb = self.data_book()
        ws = wb.active
        last = ws.max_row
        ws.cell(last + 2, 1).value = "合计"
        rev = self.col("主导产业营业收入")
        ws.cell(last + 2, rev).value = round(sum(float(r[rev - 1]) for r in self.rows if r[rev - 1]), 2)
        ws.cell(last + 3, 1).value = "填表说明：以上数据经各市工业和信息化局审核。"
        ws.cell(last + 4, 1).value = "填报人：张三"
        ws.cell(last + 4, 4).value = "审核人：李四"
        ws.cell(last + 5, 1).value = "（单位盖章）"
        self.add("rows_after_data", "same", "a 合计 row, a note and a signature under the data", data=wb,
                 rejected=["合计", "填表说明", "填报人"])

        # A footnote under the registry.
        wb = self.registry_book()
        ws = wb.active
        ws.cell(ws.max_row + 2, 1).value = "填表说明：以上名录经省厅确认。"
        self.add("registry_footnote", "same", "a footnote row under the registry", registry=wb,
                 rejected=["以上名录经省厅确认"])

        # Cluster ids merged over their three year rows.
        wb = self.data_book()
        ws = wb.active
        r = 2
        while r <= ws.max_row:
            cid = ws.cell(r, 1).value
            end = r
            while end + 1 <= ws.max_row and ws.cell(end + 1, 1).value == cid:
                end += 1
            if end > r:
                for k in range(r + 1, end + 1):
                    ws.cell(k, 1).value = None
                ws.merge_cells(start_row=r, start_column=1, end_row=end, end_column=1)
            r = end + 1
        self.add("merged_ids", "same", "a cluster id merged over its year rows", data=wb)

        # Hidden rows: read, with a warning.
        wb = self.data_book()
        ws = wb.active
        for r in (5, 6):
            ws.row_dimensions[r].hidden = True
        self.add("hidden_rows", "same", "hidden rows (read, with a warning)", data=wb,
                 warnings=["hidden"])

        # Full-width ids and spaces around them in the submissions.
        wb = self.data_book()
        ws = wb.active
        to_full = str.maketrans("C0123456789", "Ｃ０１２３４５６７８９")
        for r in range(2, ws.max_row + 1, 4):
            ws.cell(r, 1).value = ws.cell(r, 1).value.translate(to_full)
        ws.cell(3, 1).value = "  " + ws.cell(3, 1).value + " "
        self.add("fullwidth_ids", "same", "full-width ids (ＷＪ０５) and spaces around ids", data=wb,
                 warnings=["Ｃ０１"])

        # Amounts in 万元 in a 亿元 column: flagged with its cell.
        wb = self.data_book()
        ws = wb.active
        rev = self.col("主导产业营业收入")
        row = self.data_row("C07", 2021)
        ws.cell(row, rev).value = ws.cell(row, rev).value * 10000
        self.add("wan_in_yi", "flag", "a value in 万元 in a 亿元 column (10,000x)", data=wb,
                 flags=["indicators.xlsx", f"{row}", "主导产业营业收入"])

        # A date in a value column: a located error.
        wb = self.data_book()
        ws = wb.active
        c = self.col("规上企业数")
        row = self.data_row("C03", 2021)
        ws.cell(row, c).value = datetime.datetime(2021, 7, 1)
        ws.cell(row, c).number_format = "yyyy/m/d"
        self.add("date_in_value", "error", "a date in a value column", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), "规上企业数"])

        # An Excel error value (#DIV/0!) in a value cell.
        wb = self.data_book()
        ws = wb.active
        c = self.col("营业收入利润率")
        row = self.data_row("C05", 2021)
        ws.cell(row, c).value = "#DIV/0!"
        self.add("excel_error", "error", "an Excel error value (#DIV/0!)", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), "营业收入利润率"])

        # A formula without a saved value (a workbook written by a script).
        wb = self.data_book()
        ws = wb.active
        c = self.col("规上企业数")
        row = self.data_row("C04", 2021)
        ws.cell(row, c).value = f"={ws.cell(row, c).value}+0"
        # Found by the workbook reader, before the header is: the column
        # is named by its letter.
        self.add("formula_no_value", "error", "a formula with no saved value", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), f"column {get_column_letter(c)}"])

        # A row given twice: one error naming both rows.
        wb = self.data_book()
        ws = wb.active
        row = self.data_row("C09", 2021)
        ws.append([ws.cell(row, c).value for c in range(1, ws.max_column + 1)])
        self.add("duplicate_row", "error", "a row given twice", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), str(ws.max_row)])

        # An unknown id with a near registry id: suggested.
        wb = self.data_book()
        ws = wb.active
        row = self.data_row("C12", 2021)
        ws.cell(row, 1).value = "CI2"
        self.add("unknown_id", "error", "an unknown id (CI2 for C12)", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), "C12"])

        # An old version of the data hidden as the first sheet, the filled
        # sheet visible after it: which one is meant must be named.
        wb = self.data_book()
        old = wb.copy_worksheet(wb.active)
        old.title = "2021旧版"
        for r in range(2, old.max_row + 1):
            v = old.cell(r, rev).value
            if isinstance(v, (int, float)):
                old.cell(r, rev).value = round(v * 0.9, 2)
        wb.move_sheet(old, offset=-1)
        old.sheet_state = "hidden"
        wb.active = 1
        self.add("hidden_first_sheet", "error", "a hidden old sheet before the visible one", data=wb,
                 at=["indicators.xlsx", "2021旧版", "申报数据", "sheet"])

        # An instructions sheet before the data sheet: no header on the
        # sheet read, and the error names the other sheet.
        wb = self.data_book()
        notes = wb.create_sheet("填表说明", 0)
        notes["A1"] = "填表说明：请在“申报数据”表中填写，金额单位为亿元。"
        notes["A2"] = "各集群填报基期、现期和目标年数据。"
        wb.active = 0
        self.add("instructions_first", "error", "an instructions sheet before the data sheet", data=wb,
                 at=["indicators.xlsx", "填表说明", "申报数据", "sheet"])

        # A two-digit year: never the year 19.
        wb = self.data_book()
        ws = wb.active
        row = self.data_row("C01", 2019)
        ws.cell(row, 2).value = "19年"
        self.add("two_digit_year", "error", "a two-digit year (19年)", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), "年份"])

        # Two value cells merged across columns: which field is meant?
        wb = self.data_book()
        ws = wb.active
        row = self.data_row("C01", 2021)
        c = self.col("规上企业数")
        ws.merge_cells(start_row=row, start_column=c, end_row=row, end_column=c + 1)
        self.add("merged_across", "error", "value cells merged across columns", data=wb,
                 at=["indicators.xlsx", DATA_SHEET, str(row), self.header[c]])

        with open(os.path.join(self.out, "cases.json"), "w", encoding="utf-8") as f:
            json.dump(
                [dict(name=c.name, expect=c.expect, habit=c.habit, **c.more) for c in self.cases],
                f,
                ensure_ascii=False,
                indent=1,
            )


def main():
    repo, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    Corpus(repo, out).build()


if __name__ == "__main__":
    main()
