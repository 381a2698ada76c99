"""Errors the core raises. Each message is one clear sentence for a person, not a trace."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base for every error the application reports to a user as a plain message."""


class ReviewFileError(WorkbenchError):
    """A review file cannot be created or opened."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotAReviewError(ReviewFileError):
    pass


class DamagedReviewError(ReviewFileError):
    pass


class NewerVersionError(ReviewFileError):
    pass


class PassphraseRequired(ReviewFileError):
    """The file is encrypted (or not a database at all) and no passphrase was given."""


class WrongPassphraseError(ReviewFileError):
    pass


class ReviewLockedError(ReviewFileError):
    """The review is open in another instance of the application."""

    def __init__(self, path: object, holder: str) -> None:
        self.holder = holder
        super().__init__(path, f"this review is already open ({holder})")


class CommandError(WorkbenchError):
    """A change that cannot be made (the review is left unchanged)."""


class ReadOnlyError(WorkbenchError):
    """A change was attempted on a review opened read-only."""
