#!/usr/bin/env python3
"""Draws PmoBot's Teams app icons with the standard library only (no PIL).

    python3 manifest/icons/generate-icons.py

writes manifest/color.png (192x192, full colour) and manifest/outline.png (32x32, white on transparent).
The glyph is a small bar chart rising to the right with a check mark over it: "projects on track".
Shapes are described in a 0..1 glyph box and rendered with 4x4 supersampling, so both sizes are
anti-aliased and the output is byte-for-byte reproducible. Commit the PNGs; rerun this only to change them.
"""

import os
import struct
import zlib

ACCENT = (0x2B, 0x57, 0x9A)  # keep in step with "accentColor" in manifest.json
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # supersampling per axis


def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    return inside


def stroke(points, width):
    """A polyline with round caps and joins: inside if near any segment."""
    half = width / 2

    def inside(x, y):
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
            px, py = ax + t * dx, ay + t * dy
            if (x - px) ** 2 + (y - py) ** 2 <= half * half:
                return True
        return False

    return inside


# The glyph in a unit box: three bars rising to the right, and a check mark above the short ones.
GLYPH = [
    rounded_rect(0.06, 0.62, 0.28, 0.94, 0.04),
    rounded_rect(0.39, 0.44, 0.61, 0.94, 0.04),
    rounded_rect(0.72, 0.20, 0.94, 0.94, 0.04),
    stroke([(0.08, 0.30), (0.22, 0.44), (0.50, 0.10)], 0.10),
]


def coverage(shapes, px, py, box_x, box_y, box_size):
    """Fraction of pixel (px, py) covered by any shape placed in the given box."""
    hits = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            u = (px + (sx + 0.5) / SAMPLES - box_x) / box_size
            v = (py + (sy + 0.5) / SAMPLES - box_y) / box_size
            if any(shape(u, v) for shape in shapes):
                hits += 1
    return hits / (SAMPLES * SAMPLES)


def write_png(path, size, rgba_rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rgba_rows)  # filter type 0 on every row
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, not interlaced
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def color_icon(size=192):
    """Solid accent background (Teams masks the corners itself) with the white glyph in the central safe area."""
    box_size = size * 0.5
    box = (size - box_size) / 2
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            a = coverage(GLYPH, x, y, box, box, box_size)
            row += [round(c * (1 - a) + w * a) for c, w in zip(ACCENT, WHITE)] + [255]
        rows.append(row)
    return rows


def outline_icon(size=32):
    """Only white pixels; the glyph's coverage goes into alpha, everything else is fully transparent."""
    box_size = size - 4
    box = 2
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            a = round(255 * coverage(GLYPH, x, y, box, box, box_size))
            row += list(WHITE) + [a] if a else [0, 0, 0, 0]
        rows.append(row)
    return rows


if __name__ == "__main__":
    manifest_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    write_png(os.path.join(manifest_dir, "color.png"), 192, color_icon())
    write_png(os.path.join(manifest_dir, "outline.png"), 32, outline_icon())
    print("wrote", os.path.join(manifest_dir, "color.png"), "and", os.path.join(manifest_dir, "outline.png"))
