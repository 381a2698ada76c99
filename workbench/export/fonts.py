"""The fonts every export prints with.

The application ships DejaVu Sans (``resources/fonts/``, Bitstream Vera licence), which
covers Latin, Greek, Cyrillic, Arabic and Hebrew, so that a name in any of those scripts
prints in the PDF exports. For Chinese and Japanese it also ships Droid Sans Fallback
(Apache 2.0), used character by character where DejaVu has no glyph. It has no Hangul:
Korean names need a font named by ``WORKBENCH_FALLBACK_FONT`` or found on the machine
(:data:`FALLBACK_CANDIDATES`), which then stands in for it. Characters that no registered
font covers are printed with DejaVu's "missing glyph" box rather than dropped.

Reportlab draws Arabic and Hebrew letters in the order they are stored, without joining
the letters or reordering right-to-left runs; the names are present and searchable in the
PDF, but read as separate letters.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "WBSans"
SANS_BOLD = "WBSans-Bold"
SANS_ITALIC = "WBSans-Italic"
SANS_BOLD_ITALIC = "WBSans-BoldItalic"
FALLBACK = "WBFallback"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

#: The fallback font shipped in ``resources/fonts`` (Apache 2.0): Chinese and Japanese
#: characters, which DejaVu Sans does not cover.
SHIPPED_FALLBACK = "DroidSansFallbackFull.ttf"

#: TrueType fonts (glyf outlines: reportlab cannot embed CFF-based OpenType) tried in order
#: for characters DejaVu does not cover.
FALLBACK_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/unifont/unifont.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)

#: The font family name written into Word and PowerPoint files (present on every office
#: machine); text is measured with DejaVu Sans, which is wider, so it fits either way.
OFFICE_FONT = "Arial"

_lock = threading.Lock()


def fonts_dir() -> Path:
    """``resources/fonts`` (also inside a frozen bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) / "resources" if base else Path(__file__).resolve().parents[2] / "resources"
    return root / "fonts"


def font_path(name: str = SANS) -> Path:
    return fonts_dir() / _FILES[name]


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallback: str | None


@lru_cache(maxsize=1)
def register_fonts() -> FontSet:
    """Register the shipped fonts with reportlab (once) and return their names."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FILES.items():
            if name not in registered:
                path = fonts_dir() / filename
                if not path.exists():
                    raise FileNotFoundError(f"{path}: a font the exports need is missing")
                pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
        )
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS_ITALIC)
        addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
        fallback = _register_fallback(registered)
    return FontSet(SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, fallback)


def _register_fallback(registered: set[str]) -> str | None:
    if FALLBACK in registered:
        return FALLBACK
    extra = os.environ.get("WORKBENCH_FALLBACK_FONT")
    shipped = str(fonts_dir() / SHIPPED_FALLBACK)
    for candidate in ((extra,) if extra else ()) + (shipped,) + FALLBACK_CANDIDATES:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(FALLBACK, candidate, subfontIndex=0))
        except Exception:
            continue
        return FALLBACK
    return None


@lru_cache(maxsize=8)
def _coverage(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@lru_cache(maxsize=8)
def _coverage_chars(font_name: str) -> frozenset[str]:
    return frozenset(chr(c) for c in _coverage(font_name)) | {"\n", "\t"}


def covered(text: str, font_name: str = SANS) -> bool:
    """True when every character of ``text`` has a glyph in ``font_name``."""
    register_fonts()
    return _coverage_chars(font_name).issuperset(text)


def font_runs(text: str, font_name: str = SANS) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs: characters the main font lacks go to the
    fallback font when one is installed."""
    fonts = register_fonts()
    if fonts.fallback is None or covered(text, font_name):
        return [(font_name, text)]
    main = _coverage(font_name)
    extra = _coverage(fonts.fallback)
    runs: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        name = font_name if code in main or code not in extra else fonts.fallback
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs
