"""The timeline figure as an image for Word and PowerPoint (PNG) or a vector drawing."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from workbench.export.document import ExportDocument

T = TypeVar("T")


def timeline_views(doc: ExportDocument) -> list[tuple[str, tuple[date, date] | None]]:
    """The timeline figures a report shows: the scoping period, then the whole chronology
    when events reach back before it (or just the chronology as exported)."""
    meta = doc.meta
    if doc.timeline is None:
        return []
    if doc.window is None and meta.scope_start and meta.scope_end:
        views: list[tuple[str, tuple[date, date] | None]] = [
            (f"The scoping period: {meta.scope}", (meta.scope_start, meta.scope_end))
        ]
        earliest = min((e.earliest for e in doc.timeline.events), default=None)
        if earliest is not None and earliest < meta.scope_start:
            views.append(("The whole chronology", None))
        return views
    return [("", None)]


def with_window(doc: ExportDocument, window: tuple[date, date] | None, fn: Callable[[], T]) -> T:
    """Call ``fn`` with the document's timeline limited to ``window``."""
    if doc.timeline is None or window is None:
        return fn()
    original = doc.timeline.window
    doc.timeline.window = window
    try:
        return fn()
    finally:
        doc.timeline.window = original


def timeline_drawing_for(
    doc: ExportDocument, width_pt: float, height_pt: float, *, title: str | None = None
) -> Any:
    """A reportlab drawing of the document's timeline, or None when there is none."""
    if doc.timeline is None:
        return None
    try:
        from workbench.timeline.render import timeline_drawing
    except ImportError as exc:
        doc.notes.append(f"the timeline figure is not available ({exc})")
        return None
    return timeline_drawing(doc.timeline.layout(), width_pt, height_pt, title=title)


def timeline_png(
    doc: ExportDocument,
    width_pt: float,
    height_pt: float,
    *,
    dpi: float = 150.0,
    title: str | None = None,
) -> bytes | None:
    """The timeline as PNG bytes, or None when there is no timeline or PNG rendering
    (rlPyCairo) is not installed (a note says why)."""
    drawing = timeline_drawing_for(doc, width_pt, height_pt, title=title)
    if drawing is None:
        return None
    try:
        return drawing_png(drawing, dpi)
    except Exception as exc:  # no PNG backend: leave the image out
        doc.notes.append(f"the timeline image could not be drawn ({exc})")
        return None


def drawing_png(drawing: Any, dpi: float) -> bytes:
    """A reportlab drawing as PNG bytes.

    With the cairo backend the surface is written by cairo itself: reportlab's own
    conversion to a PIL image goes through every pixel in Python (half a second for a
    slide-sized image).
    """
    from reportlab.graphics import renderPM

    canvas = renderPM.drawToPMCanvas(drawing, dpi=dpi)
    surface = getattr(getattr(canvas, "_gs", None), "surface", None)
    if surface is not None and hasattr(surface, "write_to_png"):
        buf = io.BytesIO()
        surface.write_to_png(buf)
        return buf.getvalue()
    return bytes(renderPM.drawToString(drawing, fmt="PNG", dpi=dpi))
