#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The code points of the second font (wasm-app/Glyphs.h): what Japanese hospital systems can send —
# every character of the CP932 repertoire (JIS X 0208 levels 1 and 2, NEC and IBM extensions) —
# that the first font (BASE, one U+XXXX per line, from glyph_ranges) does not hold.
#   extra_glyphs.py BASE_UNICODES > EXTRA_UNICODES
import sys

base = set()
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if line.startswith("U+"):
            base.add(int(line[2:], 16))
for c in range(0x80, 0x10000):
    if c in base or 0xD800 <= c <= 0xDFFF:
        continue
    try:
        chr(c).encode("cp932")
    except UnicodeEncodeError:
        continue
    print("U+%04X" % c)
