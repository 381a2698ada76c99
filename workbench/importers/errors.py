"""The one error a reader raises for a file it cannot read.

Everything that goes wrong while opening a chronology (a missing file, a damaged archive,
a password, a format we cannot read) becomes an :class:`ImportFileError` whose message is a
single line naming the file and the reason, ready to show to the user as it is.
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import WorkbenchError

__all__ = ["ImportFileError"]


class ImportFileError(WorkbenchError):
    """A file that cannot be read at all. str(e) is one clear line: '<file name>: <reason>'.

    Attributes:
        path: the file concerned (as given; only its name appears in the message).
        reason: what is wrong, phrased for the user, without the file name.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        # One line whatever the cause: a reason that quotes a library message may hold
        # line breaks.
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path.name}: {self.reason}")

    def __reduce__(self) -> tuple[type[ImportFileError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))
