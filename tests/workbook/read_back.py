"""Read report.xlsx back with openpyxl (an independent reader) and print,
as JSON, what an office clerk would meet on each sheet: the header row,
the number format and value of every cell of the first rows, the print
setup, the page header and footer, the autofilter, the frozen panes and
the column widths. Usage: read_back.py report.xlsx [rows]"""
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        ps = ws.page_setup
        # OOXML: fitToWidth and fitToHeight default to 1 when absent.
        fit_w = 1 if ps.fitToWidth is None else int(ps.fitToWidth)
        fit_h = 1 if ps.fitToHeight is None else int(ps.fitToHeight)
        widths = []
        for c in range(1, ws.max_column + 1):
            d = ws.column_dimensions.get(get_column_letter(c))
            widths.append(d.width if d is not None and d.width else None)
        cells = []
        for r in ws.iter_rows(min_row=2, max_row=min(ws.max_row, rows + 1)):
            cells.append([[c.value, c.number_format] for c in r])
        out.append({
            "title": ws.title,
            "header": [c.value for c in ws[1]],
            "rows": ws.max_row - 1,
            "cells": cells,
            "orientation": ps.orientation,
            "paper": None if ps.paperSize is None else int(ps.paperSize),
            "fit_to_page": bool(ws.sheet_properties.pageSetUpPr
                                and ws.sheet_properties.pageSetUpPr.fitToPage),
            "fit_width": fit_w,
            "fit_height": fit_h,
            "title_rows": ws.print_title_rows,
            "header_left": ws.oddHeader.left.text,
            "header_right": ws.oddHeader.right.text,
            "footer": ws.oddFooter.center.text,
            "autofilter": ws.auto_filter.ref,
            "dimensions": ws.dimensions,
            "freeze": ws.freeze_panes,
            "widths": widths,
            "margins": [ws.page_margins.left, ws.page_margins.right,
                        ws.page_margins.top, ws.page_margins.bottom],
        })
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


main()
