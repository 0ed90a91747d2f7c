#!/usr/bin/env python3
"""Write unicodes.txt: the code points of the embedded font subset (see docs/fonts.md).

Every GB2312 character (hanzi levels 1 and 2 and the symbol rows), every CJK Unified
Ideograph of the BMP: the basic block U+4E00-U+9FFF (the hanzi of GBK, with rare name
characters such as 镕 堃 喆 昇 赟 珺 玥 翀 昱 琤) and Extension A U+3400-U+4DBF (GB 18030's
four-byte BMP hanzi, e.g. 䶮 in 刘䶮), ASCII, Latin-1, general
punctuation, CJK punctuation, full-width forms, arrows, circled digits and geometric shapes.
pyftsubset keeps only the code points the source font has. Deterministic.
"""
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF),
    (0x2190, 0x21FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF),
]
for a, b in ranges:
    for c in range(a, b + 1):
        chars.add(chr(c))
cps = sorted(ord(c) for c in chars)
with open("unicodes.txt", "w") as f:
    f.write(",".join("U+%04X" % c for c in cps))
print("code points asked for:", len(cps))
