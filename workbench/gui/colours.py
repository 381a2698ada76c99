"""Colour arithmetic for chips: WCAG 2 relative luminance and contrast (no Qt needed).

An agency's colour is the chip's background; the chip's text is white or black, whichever
contrasts more with it. For any colour one of the two reaches at least 4.58:1, so chip
text always meets WCAG AA (4.5:1) whatever colour an agency is given.
"""

from __future__ import annotations

import re

AA_TEXT = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})(?:[0-9a-fA-F]{2})?$")
_SHORT_HEX = re.compile(r"^#?([0-9a-fA-F]{3})$")

#: Distinct colours for new agencies; each carries white text at AA contrast or better.
AGENCY_PALETTE = (
    "#0b5394",
    "#1a237e",
    "#8a4b08",
    "#2e7d32",
    "#6a1b9a",
    "#ad1457",
    "#00695c",
    "#b3261e",
    "#455a64",
    "#5d4037",
    "#283593",
    "#9e2a2b",
)


def parse_hex(colour: str) -> tuple[int, int, int]:
    """(r, g, b) of "#rrggbb", "#rgb" or "#rrggbbaa"; grey for anything unreadable."""
    text = (colour or "").strip()
    m = _HEX.match(text)
    if m:
        h = m.group(1)
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    m = _SHORT_HEX.match(text)
    if m:
        r, g, b = (int(c * 2, 16) for c in m.group(1))
        return r, g, b
    return 128, 128, 128


def _channel(value: int) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = parse_hex(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colour_for(background: str) -> str:
    """ "#ffffff" or "#000000": the one with the higher contrast on ``background``."""
    white = contrast_ratio(background, "#ffffff")
    black = contrast_ratio(background, "#000000")
    return "#ffffff" if white >= black else "#000000"


def chip_colours(background: str) -> tuple[str, str]:
    """(background, text) for a chip, background normalised to "#rrggbb"."""
    r, g, b = parse_hex(background)
    bg = f"#{r:02x}{g:02x}{b:02x}"
    return bg, text_colour_for(bg)
