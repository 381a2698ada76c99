"""The one icon registry: semantic names mapped to qtawesome glyphs.

Code asks for ``icon("undo")``, never for a glyph name, so the look can change in one
place. Icons are drawn in the current theme's text colour and cached; the theme clears
the cache when it changes (:func:`clear_cache`). A QApplication must exist first.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

GLYPHS: dict[str, str] = {
    "app": "mdi6.timeline-text-outline",
    "new": "mdi6.file-plus-outline",
    "open": "mdi6.folder-open-outline",
    "recent": "mdi6.history",
    "close": "mdi6.close-box-outline",
    "demo": "mdi6.folder-star-outline",
    "import": "mdi6.database-import-outline",
    "export": "mdi6.export",
    "quit": "mdi6.exit-to-app",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "history": "mdi6.history",
    "add_event": "mdi6.calendar-plus",
    "delete": "mdi6.delete-outline",
    "add": "mdi6.plus",
    "agency": "mdi6.domain",
    "search": "mdi6.magnify",
    "filter": "mdi6.filter-variant",
    "clear_filter": "mdi6.filter-remove-outline",
    "preferences": "mdi6.cog-outline",
    "about": "mdi6.information-outline",
    "help": "mdi6.help-circle-outline",
    "keyboard": "mdi6.keyboard-outline",
    "chronology": "mdi6.table-large",
    "timeline": "mdi6.chart-timeline-variant",
    "analysis": "mdi6.lightbulb-on-outline",
    "report": "mdi6.file-document-outline",
    "details": "mdi6.card-account-details-outline",
    "gap": "mdi6.timer-sand-empty",
    "missed_opportunity": "mdi6.alert-octagon-outline",
    "good_practice": "mdi6.thumb-up-outline",
    "corroborated": "mdi6.check-decagram",
    "annotated": "mdi6.comment-text-outline",
    "edited": "mdi6.pencil-outline",
    "milestone": "mdi6.star",
    "locked": "mdi6.lock-outline",
    "encrypted": "mdi6.shield-lock-outline",
    "dates": "mdi6.calendar-range",
    "subjects": "mdi6.account-multiple-outline",
    "tag": "mdi6.tag-outline",
    "link": "mdi6.link-variant",
    "theme": "mdi6.theme-light-dark",
    "rows": "mdi6.format-line-spacing",
    "layout": "mdi6.view-dashboard-outline",
    "fullscreen": "mdi6.fullscreen",
    "present": "mdi6.presentation-play",
    "quarantine": "mdi6.tray-alert",
    "cancel": "mdi6.cancel",
    "restore": "mdi6.restore",
    "finding": "mdi6.lightbulb-outline",
    "episode": "mdi6.map-marker-path",
    "question": "mdi6.help-box-outline",
    "date": "mdi6.calendar-blank-outline",
}

#: Glyphs that carry their own meaning in colour (flags in the chronology).
COLOURS: dict[str, str] = {
    "missed_opportunity": "#c62828",
    "good_practice": "#2e7d32",
    "corroborated": "#1565c0",
    "milestone": "#f9a825",
    "gap": "#8d6e63",
}

_cache: dict[tuple[str, str], QIcon] = {}


def _text_colour() -> str:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.WindowText).name()
    return "#202124"


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon for ``name`` (a key of :data:`GLYPHS`), in ``colour`` or the theme's."""
    import qtawesome as qta

    glyph = GLYPHS[name]
    tint = colour or COLOURS.get(name) or _text_colour()
    key = (name, tint)
    cached = _cache.get(key)
    if cached is None:
        disabled = QColor(tint)
        disabled.setAlphaF(0.38)
        cached = qta.icon(
            glyph, color=tint, color_disabled=disabled.name(QColor.NameFormat.HexArgb)
        )
        _cache[key] = cached
    return cached


def clear_cache() -> None:
    _cache.clear()
