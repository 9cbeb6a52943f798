"""Undoable changes. Each command writes through the core; views follow the journal's events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from journal.core.journal import Journal
from journal.core.models import RATING_LABELS, Angle, Kind
from journal.core.turn import Turn

FIELD_LABELS = {
    "date": "date",
    "kind": "kind",
    "notes": "notes",
    "device": "device",
    "needle_depth_mm": "needle depth",
    "product": "product",
    "provider": "provider",
    "areas": "areas",
    "pain": "pain",
    "next_due": "next session date",
    **{k: v.lower() for k, v in RATING_LABELS.items()},
}
_NOTES_MERGE_ID = 7001


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("undo", text, None, n)


class EditSessionField(QUndoCommand):
    def __init__(self, journal: Journal, session_id: int, field: str, old: Any, new: Any) -> None:
        super().__init__(f"Edit {FIELD_LABELS.get(field, field)}")
        self.journal, self.session_id, self.field = journal, session_id, field
        self.old, self.new = old, new

    def redo(self) -> None:
        self.journal.update_session(self.session_id, **{self.field: self.new})

    def undo(self) -> None:
        self.journal.update_session(self.session_id, **{self.field: self.old})

    def id(self) -> int:
        # Consecutive note edits of one session undo as one step.
        return _NOTES_MERGE_ID if self.field == "notes" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditSessionField) or other.session_id != self.session_id:
            return False
        if other.field != "notes" or self.field != "notes":
            return False
        self.new = other.new
        return True


class SetPhotoAngle(QUndoCommand):
    """Give several photos one angle: one write, one undo step."""

    def __init__(self, journal: Journal, photo_ids: list[int], angle: Angle) -> None:
        super().__init__(_tr("Move %n photo(s) to {angle}", len(photo_ids)).format(angle=angle.value))
        self.journal, self.angle = journal, angle
        self.photo_ids = list(photo_ids)
        self.before = {pid: journal.photo(pid).angle for pid in photo_ids}

    def redo(self) -> None:
        self.journal.set_photo_angles({photo_id: self.angle for photo_id in self.before})

    def undo(self) -> None:
        self.journal.set_photo_angles(dict(self.before))


class TurnPhotos(QUndoCommand):
    """Rotate or mirror photos as they are shown (the originals stay as they are)."""

    def __init__(
        self, journal: Journal, photo_ids: list[int], step: Callable[[Turn], Turn], text: str
    ) -> None:
        super().__init__(text)
        self.journal = journal
        self.before = {pid: journal.photo(pid).turn for pid in photo_ids}
        self.after = {pid: step(turn) for pid, turn in self.before.items()}

    def redo(self) -> None:
        for photo_id, turn in self.after.items():
            self.journal.set_photo_turn(photo_id, turn)

    def undo(self) -> None:
        for photo_id, turn in self.before.items():
            self.journal.set_photo_turn(photo_id, turn)


class TrashPhotos(QUndoCommand):
    """Delete to the trash; undo restores the photos (and their files never left)."""

    def __init__(self, journal: Journal, photo_ids: list[int]) -> None:
        super().__init__(_tr("Delete %n photo(s)", len(photo_ids)))
        self.journal, self.photo_ids = journal, list(photo_ids)

    def redo(self) -> None:
        for photo_id in self.photo_ids:
            self.journal.trash_photo(photo_id)

    def undo(self) -> None:
        for photo_id in self.photo_ids:
            self.journal.restore_photo(photo_id)


class TrashSession(QUndoCommand):
    def __init__(self, journal: Journal, session_id: int) -> None:
        super().__init__("Delete session")
        self.journal, self.session_id = journal, session_id

    def redo(self) -> None:
        self.journal.trash_session(self.session_id)

    def undo(self) -> None:
        self.journal.restore_session(self.session_id)


class SetEyePoints(QUndoCommand):
    """Eye markers moved or placed by hand (stored as "manual", so automatic detection keeps
    them). Undo on a photo that had none records "none" again, with the reason it had."""

    def __init__(
        self, journal: Journal, photo_id: int, left: tuple[float, float], right: tuple[float, float]
    ) -> None:
        photo = journal.photo(photo_id)
        super().__init__("Move eye markers" if photo.eyes is not None else "Place eye points")
        self.journal, self.photo_id = journal, photo_id
        self.old, self.old_reason = photo.eyes, photo.eyes_reason
        self.new = (left, right)
        self._applied = False

    def apply(self) -> None:
        """Write the points now (a JournalError says why not), before the command is pushed:
        the push then does not write them again."""
        self.journal.set_eye_points(self.photo_id, *self.new, "manual")
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.journal.set_eye_points(self.photo_id, *self.new, "manual")

    def undo(self) -> None:
        if self.old is None:
            self.journal.set_eye_points(self.photo_id, None, None, "auto", reason=self.old_reason)
        else:
            self.journal.set_eye_points(self.photo_id, self.old.left, self.old.right, self.old.source)


class NewSession(QUndoCommand):
    """Create a session; undo moves it to the trash, redo brings the same one back."""

    def __init__(self, journal: Journal, date: dt.date, kind: Kind) -> None:
        super().__init__("New check-in" if kind is Kind.CHECK_IN else "New session")
        self.journal, self.date, self.kind = journal, date, kind
        self.session_id: int | None = None

    def redo(self) -> None:
        if self.session_id is None:
            self.session_id = self.journal.add_session(self.date, self.kind).id
        else:
            self.journal.restore_session(self.session_id)

    def undo(self) -> None:
        if self.session_id is not None:
            self.journal.trash_session(self.session_id)
