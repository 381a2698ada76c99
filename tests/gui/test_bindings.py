"""The Qt bindings the project pins must not leak references to None.

PySide6 6.12.0 returned ``None`` from void C++ methods without counting the reference;
on Python 3.11 the interpreter then aborted ("deallocating None") after a few thousand
calls. pyproject.toml pins a version without the bug; this test fails if a bump brings
it back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont


def test_void_methods_keep_none_references() -> None:
    colour = QColor(1, 2, 3)
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(2000):
        colour.setAlpha(5)
        font.setItalic(True)
    after = sys.getrefcount(None)
    assert abs(after - before) < 50, f"{before - after} references to None lost"
