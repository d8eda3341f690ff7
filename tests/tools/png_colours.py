#!/usr/bin/python3
"""How much of a picture is drawn, and in which colours: for the render checks.

Usage: png_colours.py FILE.png [#RRGGBB ...]
Prints `drawn=N` (pixels that are not near-white) and, for each colour asked, `#RRGGBB=N`
(pixels within a small distance of it, so anti-aliased edges still count).
"""
import sys

from PIL import Image


def main():
    image = Image.open(sys.argv[1]).convert("RGB")
    wanted = [(c, tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))) for c in sys.argv[2:]]
    counts = {c: 0 for c, _ in wanted}
    drawn = 0
    for r, g, b in image.getdata():
        if r < 235 or g < 235 or b < 235:
            drawn += 1
        for name, (wr, wg, wb) in wanted:
            if abs(r - wr) + abs(g - wg) + abs(b - wb) <= 60:
                counts[name] += 1
    print("drawn=%d" % drawn)
    for name, _ in wanted:
        print("%s=%d" % (name, counts[name]))


if __name__ == "__main__":
    main()
