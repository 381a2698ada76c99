"""Agency and tag chips: the text on them meets WCAG AA contrast, whatever the colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.gui.colours import (
    AA_TEXT,
    AGENCY_PALETTE,
    chip_colours,
    contrast_ratio,
    parse_hex,
    relative_luminance,
    text_colour_for,
)

ROOT = Path(__file__).resolve().parents[2]


def test_known_values() -> None:
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert text_colour_for("#ffeb3b") == "#000000"  # yellow takes black text
    assert text_colour_for("#1a237e") == "#ffffff"  # navy takes white text
    assert parse_hex("#abc") == (0xAA, 0xBB, 0xCC)
    assert parse_hex("not a colour") == (128, 128, 128)
    assert chip_colours("#0B5394FF") == ("#0b5394", "#ffffff")


@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_chip_text_always_meets_aa(rgb: tuple[int, int, int]) -> None:
    colour = "#{:02x}{:02x}{:02x}".format(*rgb)
    background, text = chip_colours(colour)
    assert contrast_ratio(background, text) >= AA_TEXT


def test_demo_agencies_and_palette_meet_aa() -> None:
    spec = json.loads((ROOT / "resources/demo/case-z/review.json").read_text("utf-8"))
    colours = [a["colour"] for a in spec["agencies"]] + [t["colour"] for t in spec["tags"]]
    for colour in [*colours, *AGENCY_PALETTE]:
        background, text = chip_colours(colour)
        assert contrast_ratio(background, text) >= AA_TEXT, colour
    for colour in AGENCY_PALETTE:  # new agencies get white text on a strong colour
        assert text_colour_for(colour) == "#ffffff"
