"""Read a .docx back with python-docx (an independent reader) and print
what the documents tests compare, as JSON: the paragraphs with their style
names, every table's rows of cell text and whether its first row repeats as
a header row, and the text of the headers and footers (with the names of
their fields).

Usage: python3 read_docx.py report.docx
"""

import json
import sys

import docx
from docx.oxml.ns import qn


def main():
    d = docx.Document(sys.argv[1])
    out = {"paragraphs": [], "tables": [], "headers": [], "footers": []}
    for p in d.paragraphs:
        out["paragraphs"].append([p.style.name, p.text])
    for t in d.tables:
        rows = [[c.text for c in r.cells] for r in t.rows]
        first = t.rows[0]._tr
        repeat = first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        out["tables"].append({"rows": rows, "header_repeats": repeat, "style": t.style.name})
    for s in d.sections:
        for kind, part in (("headers", s.header), ("footers", s.footer)):
            text = "".join(p.text for p in part.paragraphs)
            fields = [i.text.strip() for i in part._element.iter(qn("w:instrText"))]
            out[kind].append({"text": text, "fields": fields})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
