#!/usr/bin/env python3
"""Draw the application icon: ``resources/icons/case-review-workbench.svg`` and the PNG,
ICO and ICNS files made from the same geometry.

    .venv/bin/python scripts/make_icons.py [--out DIR] [--check]

The icon is a swimlane timeline in a rounded square: three agency lanes with dated events (dots
for a day, a bar for a period), crossed by the amber incident line. The geometry is declared once (on a 256-unit
canvas) and written both as SVG and, through Pillow, as PNGs at every size a desktop asks
for. Small sizes are drawn at 8 times their size and scaled down, so the lanes stay crisp.
``--check`` draws into a temporary folder and exits 1 when a committed PNG differs from
what the geometry draws now (more than a few pixel levels), so the files never go stale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "icons"
NAME = "case-review-workbench"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
CANVAS = 256

# -- the geometry ---------------------------------------------------------------------------
TOP_COLOUR = (0x1D, 0x5B, 0x8F)  # calm blue
BOTTOM_COLOUR = (0x14, 0x80, 0x7E)  # teal
RAIL_COLOUR = (0xE8, 0xF3, 0xF8)
INCIDENT_COLOUR = (0xF2, 0xB1, 0x34)  # amber: the incident line


@dataclass(frozen=True)
class Marker:
    """A dated event on a lane: a dot (``end`` None) or a period from ``x`` to ``end``."""

    lane: int
    x: float
    colour: tuple[int, int, int]
    end: float | None = None


PLATE = (16.0, 16.0, 240.0, 240.0)  # the rounded square
PLATE_RADIUS = 52.0
LANES_Y = (80.0, 128.0, 176.0)
LANE_X = (46.0, 210.0)
LANE_HEIGHT = 32.0
LANE_OPACITY = 0.28
MARKER_RADIUS = 11.0
INCIDENT_X = 178.0
INCIDENT_Y = (50.0, 206.0)
INCIDENT_WIDTH = 10.0
MARKERS = (
    Marker(0, 70.0, (0xFF, 0xFF, 0xFF)),
    Marker(0, 112.0, (0xFF, 0xFF, 0xFF)),
    Marker(1, 92.0, (0x9F, 0xEB, 0xDD), end=150.0),
    Marker(2, 68.0, (0xBF, 0xE0, 0xFA)),
    Marker(2, 130.0, (0xFF, 0xFF, 0xFF)),
)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def svg() -> str:
    """The icon as SVG source (the same shapes :func:`draw` paints)."""
    x0, y0, x1, y1 = PLATE
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS}" height="{CANVAS}" '
        f'viewBox="0 0 {CANVAS} {CANVAS}">',
        "  <title>Case Review Workbench</title>",
        "  <desc>Three agency lanes of a swimlane timeline with dated events, crossed "
        "by the incident line, in a rounded square.</desc>",
        "  <defs>",
        '    <linearGradient id="plate" x1="0" y1="0" x2="0" y2="1">',
        f'      <stop offset="0" stop-color="{_hex(TOP_COLOUR)}"/>',
        f'      <stop offset="1" stop-color="{_hex(BOTTOM_COLOUR)}"/>',
        "    </linearGradient>",
        "  </defs>",
        f'  <rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}" '
        f'rx="{PLATE_RADIUS:g}" fill="url(#plate)"/>',
    ]
    h = LANE_HEIGHT
    for y in LANES_Y:
        parts.append(
            f'  <rect x="{LANE_X[0]:g}" y="{y - h / 2:g}" width="{LANE_X[1] - LANE_X[0]:g}" '
            f'height="{h:g}" rx="{h / 2:g}" fill="{_hex(RAIL_COLOUR)}" '
            f'fill-opacity="{LANE_OPACITY:g}"/>'
        )
    for m in MARKERS:
        cx, cy, r = m.x, LANES_Y[m.lane], MARKER_RADIUS
        if m.end is None:
            parts.append(f'  <circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{_hex(m.colour)}"/>')
        else:
            parts.append(
                f'  <rect x="{cx - r:g}" y="{cy - r:g}" width="{m.end - m.x + 2 * r:g}" '
                f'height="{2 * r:g}" rx="{r:g}" fill="{_hex(m.colour)}"/>'
            )
    parts.append(
        f'  <line x1="{INCIDENT_X:g}" y1="{INCIDENT_Y[0]:g}" x2="{INCIDENT_X:g}" '
        f'y2="{INCIDENT_Y[1]:g}" stroke="{_hex(INCIDENT_COLOUR)}" '
        f'stroke-width="{INCIDENT_WIDTH:g}" stroke-linecap="round"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _gradient(size: int) -> Image.Image:
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(1, size - 1)
        column.putpixel(
            (0, y),
            tuple(round(a + (b - a) * t) for a, b in zip(TOP_COLOUR, BOTTOM_COLOUR, strict=True)),
        )
    return column.resize((size, size))


def draw(size: int) -> Image.Image:
    """The icon as an RGBA image of ``size`` x ``size`` pixels."""
    scale_up = 8 if size <= 64 else 4
    big = size * scale_up
    k = big / CANVAS
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))

    mask = Image.new("L", (big, big), 0)
    x0, y0, x1, y1 = PLATE
    ImageDraw.Draw(mask).rounded_rectangle(
        (x0 * k, y0 * k, x1 * k, y1 * k), radius=PLATE_RADIUS * k, fill=255
    )
    image.paste(_gradient(big), (0, 0), mask)

    lanes = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    half = LANE_HEIGHT * k / 2
    for y in LANES_Y:
        ImageDraw.Draw(lanes).rounded_rectangle(
            (LANE_X[0] * k, y * k - half, LANE_X[1] * k, y * k + half),
            radius=half,
            fill=(*RAIL_COLOUR, round(255 * LANE_OPACITY)),
        )
    image.alpha_composite(lanes)

    pen = ImageDraw.Draw(image)
    for m in MARKERS:
        cx, cy, r = m.x * k, LANES_Y[m.lane] * k, MARKER_RADIUS * k
        end = cx if m.end is None else m.end * k
        pen.rounded_rectangle((cx - r, cy - r, end + r, cy + r), radius=r, fill=(*m.colour, 255))
    half = INCIDENT_WIDTH * k / 2
    pen.rounded_rectangle(
        (
            INCIDENT_X * k - half,
            INCIDENT_Y[0] * k - half,
            INCIDENT_X * k + half,
            INCIDENT_Y[1] * k + half,
        ),
        radius=half,
        fill=(*INCIDENT_COLOUR, 255),
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_all(out: Path) -> list[Path]:
    """Write the SVG, the PNGs, the ICO and the ICNS into ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    source = out / f"{NAME}.svg"
    source.write_text(svg(), encoding="utf-8")
    written.append(source)
    images = {size: draw(size) for size in (*PNG_SIZES, 1024)}
    for size in PNG_SIZES:
        path = out / f"{NAME}-{size}.png"
        images[size].save(path, optimize=True)
        written.append(path)
    ico = out / f"{NAME}.ico"
    images[256].save(
        ico,
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    written.append(ico)
    icns = out / f"{NAME}.icns"
    images[1024].save(icns, append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    written.append(icns)
    return written


def differs(a: Path, b: Path, tolerance: int = 8) -> bool:
    with Image.open(a) as first, Image.open(b) as second:
        if first.size != second.size:
            return True
        diff = ImageChops.difference(first.convert("RGBA"), second.convert("RGBA"))
        extrema: Any = diff.getextrema()
        return bool(max(high for _low, high in extrema) > tolerance)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write the icons")
    parser.add_argument(
        "--check", action="store_true", help="fail when the committed icons are out of date"
    )
    ns = parser.parse_args(argv)
    if not ns.check:
        for path in write_all(ns.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        write_all(fresh)
        stale = []
        for size in PNG_SIZES:
            name = f"{NAME}-{size}.png"
            if not (ns.out / name).exists() or differs(ns.out / name, fresh / name):
                stale.append(name)
        svg_name = f"{NAME}.svg"
        if (ns.out / svg_name).read_text(encoding="utf-8") != (fresh / svg_name).read_text(
            encoding="utf-8"
        ):
            stale.append(svg_name)
    if stale:
        print("out of date (run scripts/make_icons.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    print("icons are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
