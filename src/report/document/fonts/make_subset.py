#!/usr/bin/env python3
"""Make the font the PDF documents embed: a subset of Noto Sans CJK SC.

The documents must come out byte-identical on every machine, and a new
user's machine may have no Chinese font, so the binary carries its own font
(src/report/document/fonts/NotoSansCJKsc-Regular-subset.otf, included with
include_bytes!). This script makes it from the Noto Sans CJK collection
(SIL Open Font License 1.1, see OFL.txt) with fontTools (pyftsubset):

  - ASCII, Latin-1 Supplement, General Punctuation, arrows and the maths
    operators used in reports (≤ ≥ ± × ÷ ≈ ≠),
  - CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms,
  - every character of GB 2312 (rows 1-9: symbols, Greek, Cyrillic, box
    drawing...; rows 16-87: the 6,763 hanzi).

Usage (Debian: fonts-noto-cjk; PyPI: fonttools):
    python3 make_subset.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]

The collection's face 2 is Noto Sans CJK SC. The output is deterministic
for a given input font and fontTools version (4.68 made the committed file).
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "NotoSansCJKsc-Regular-subset.otf")
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_SC = 2


def gb2312():
    """Every character GB 2312 encodes (rows 1-9 and 16-87)."""
    chars = set()
    for row in list(range(1, 10)) + list(range(16, 88)):
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def ranges():
    spans = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1 Supplement
        (0x2000, 0x206F),  # General Punctuation
        (0x2190, 0x2199),  # arrows
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    chars = {chr(c) for a, b in spans for c in range(a, b + 1)}
    chars |= set("≤≥±×÷≈≠−√∑")
    return chars


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    chars = sorted(ranges() | gb2312())
    hanzi = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff")
    text = os.path.join(HERE, ".subset-chars.txt")
    with open(text, "w", encoding="utf-8") as f:
        f.write("".join(chars))
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fontTools.subset",
                source,
                f"--font-number={FACE_SC}",
                f"--text-file={text}",
                f"--output-file={OUT}",
                "--layout-features=*",
                "--name-IDs=*",
                "--name-languages=*",
                "--notdef-outline",
                "--no-hinting",
            ],
            check=True,
        )
    finally:
        os.remove(text)
    print(f"{OUT}: {len(chars)} characters ({hanzi} hanzi), {os.path.getsize(OUT):,} bytes")


if __name__ == "__main__":
    main()
