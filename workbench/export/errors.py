"""Errors of the exports (plain messages for a person)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.errors import WorkbenchError


@dataclass(frozen=True)
class Leak:
    """Something identifying found in a publication export.

    ``kind`` is "name" or "date of birth"; ``found`` is the text as it appears;
    ``person`` is the pseudonym of whom it identifies; ``where`` says where it is and
    ``context`` shows it with a few words either side.
    """

    where: str
    kind: str
    found: str
    person: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} of {self.person} \u201c{self.found}\u201d in \u201c{self.context}\u201d"


class ExportError(WorkbenchError):
    """An export cannot be written."""


class ExportCancelled(ExportError):
    def __init__(self) -> None:
        super().__init__("the export was cancelled")


class PublicationRefused(ExportError):
    """A publication export still identifies someone in the register."""

    def __init__(self, leaks: Sequence[Leak]) -> None:
        self.leaks = list(leaks)
        n = len(self.leaks)
        super().__init__(
            f"the publication export is refused: {n} leak{'s' if n != 1 else ''} of "
            "identifying details remain ("
            + "; ".join(str(x) for x in self.leaks[:3])
            + ("; ..." if n > 3 else "")
            + ")"
        )
