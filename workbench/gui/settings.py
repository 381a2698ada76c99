"""The application's preferences, declared once (QSettings, organisation
"CaseReviewWorkbench", application "Workbench").

Window geometry and dock layout are kept apart from the preferences proper (``window/``),
so "reset layout" never touches a user's choices. A passphrase is never stored here.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "CaseReviewWorkbench"
APPLICATION = "Workbench"
#: Bumped when a key changes meaning; :func:`_upgrade` moves older values on.
VERSION = 1
MAX_RECENT = 10
THEMES = ("system", "light", "dark")


class Settings:
    """Typed access to the stored preferences."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.qs = store or QSettings(ORGANISATION, APPLICATION)
        self._upgrade()

    def _upgrade(self) -> None:
        version = _int(self.qs.value("settings/version", 0), 0, 0, 1000)
        if version < VERSION:
            self.qs.setValue("settings/version", VERSION)

    # -- preferences ------------------------------------------------------------------
    @property
    def user_name(self) -> str:
        """The panel member's name, written into the audit trail and notes."""
        value = str(self.qs.value("user/name", "") or "").strip()
        return value or os.environ.get("WORKBENCH_USER", "").strip()

    @user_name.setter
    def user_name(self, value: str) -> None:
        self.qs.setValue("user/name", value.strip())

    @property
    def theme(self) -> str:
        value = str(self.qs.value("appearance/theme", "system") or "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.qs.setValue("appearance/theme", value if value in THEMES else "system")

    @property
    def gap_threshold_days(self) -> int:
        """The gap threshold given to new reviews (each review keeps its own)."""
        return _int(self.qs.value("reviews/gap_threshold_days", 90), 90, 1, 3650)

    @gap_threshold_days.setter
    def gap_threshold_days(self, value: int) -> None:
        self.qs.setValue("reviews/gap_threshold_days", int(value))

    @property
    def backups_to_keep(self) -> int:
        """Rolling snapshots kept of each review (taken on close after a change; 0: none)."""
        return _int(self.qs.value("reviews/backups_to_keep", 10), 10, 0, 100)

    @backups_to_keep.setter
    def backups_to_keep(self, value: int) -> None:
        self.qs.setValue("reviews/backups_to_keep", int(value))

    @property
    def compact_rows(self) -> bool:
        return _bool(self.qs.value("chronology/compact_rows", False))

    @compact_rows.setter
    def compact_rows(self, value: bool) -> None:
        self.qs.setValue("chronology/compact_rows", bool(value))

    # -- recent reviews ---------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.qs.value("recent/files", [])
        if isinstance(value, str):
            return [value] if value else []
        if not isinstance(value, list | tuple):
            return []
        return [str(v) for v in value if v]

    def add_recent(self, path: str | Path) -> None:
        full = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != full]
        self.qs.setValue("recent/files", [full, *files][:MAX_RECENT])

    def remove_recent(self, path: str | Path) -> None:
        full = str(Path(path).resolve())
        self.qs.setValue("recent/files", [f for f in self.recent_files() if f != full])

    def clear_recent(self) -> None:
        self.qs.setValue("recent/files", [])

    # -- window state -----------------------------------------------------------------
    def window_value(self, key: str) -> QByteArray | None:
        value = self.qs.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_value(self, key: str, value: QByteArray) -> None:
        self.qs.setValue(f"window/{key}", value)

    def reset_window(self) -> None:
        self.qs.remove("window")

    def sync(self) -> None:
        self.qs.sync()


def _int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return min(high, max(low, number))


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
