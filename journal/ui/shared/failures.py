"""What a known failure means to the person in front of the window, in one place.

The core raises JournalError subclasses with a one-line message. `explain` turns one into a
title, the text to show and the way forward to offer, by the most specific class it knows.
A new kind of failure in journal.core.errors gets its row in `_KNOWN` and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication

from journal.core.errors import (
    JournalCorrupt,
    JournalError,
    JournalLocked,
    JournalNotFound,
    JournalReadOnly,
    JournalTooNew,
)


class Remedy(Enum):
    """What can be offered besides giving up."""

    NONE = "none"
    OPEN_READ_ONLY = "open read-only"  # another window has it, or its folder cannot be written
    RESTORE_DATABASE_COPY = "restore a database copy"  # damaged, with copies in backups/


@dataclass(frozen=True)
class Failure:
    title: str
    text: str
    remedy: Remedy


def _tr(text: str) -> str:
    return QCoreApplication.translate("failures", text)


def _as_is(error: JournalError) -> str:
    return str(error)


def _locked(_error: JournalError) -> str:
    return _tr(
        "Only one window can change a journal at a time. You can look at it read-only here, "
        "or close the other window first."
    )


def _damaged(error: JournalError) -> str:
    if isinstance(error, JournalCorrupt) and not error.backups:
        return _tr(
            "{error}\nThere is no copy in its backups folder. Restore a backup zip with File → Restore…."
        ).format(error=error)
    return str(error)


# The lookup follows each error's class hierarchy, so the order here does not matter.
_KNOWN: dict[type, tuple[str, Callable[[JournalError], str], Remedy]] = {
    JournalLocked: ("This journal is open in another window.", _locked, Remedy.OPEN_READ_ONLY),
    JournalReadOnly: ("This journal folder cannot be written to.", _as_is, Remedy.OPEN_READ_ONLY),
    JournalCorrupt: ("The journal database is damaged.", _damaged, Remedy.RESTORE_DATABASE_COPY),
    JournalTooNew: ("The journal could not be opened.", _as_is, Remedy.NONE),
    JournalNotFound: ("The journal could not be opened.", _as_is, Remedy.NONE),
    JournalError: ("The journal could not be opened.", _as_is, Remedy.NONE),
}


def explain(error: JournalError) -> Failure:
    """The title, text and remedy for a failure to open a journal."""
    title, text, remedy = next(_KNOWN[kind] for kind in type(error).__mro__ if kind in _KNOWN)
    if remedy is Remedy.RESTORE_DATABASE_COPY and not getattr(error, "backups", None):
        remedy = Remedy.NONE  # nothing to restore from: say so, offer nothing
    return Failure(_tr(title), text(error), remedy)
