"""The undoable change of the region editor: one angle's redness regions, replaced whole."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.regions import RegionSet


class SetRednessRegions(QUndoCommand):
    """An angle's regions changed from `old` to `new` (already stored: see `store_regions`);
    undo puts `old` back, redo stores `new` again."""

    def __init__(self, journal: Journal, angle: Angle, old: RegionSet, new: RegionSet, text: str) -> None:
        super().__init__(text)
        self.journal, self.angle, self.old, self.new = journal, angle, old, new
        self._stored = True  # the first redo (QUndoStack.push calls it) has nothing to do

    def redo(self) -> None:
        if self._stored:
            self._stored = False
            return
        self.journal.set_redness_regions(self.angle, self.new)

    def undo(self) -> None:
        self.journal.set_redness_regions(self.angle, self.old)


def store_regions(
    undo_stack: QUndoStack, journal: Journal, angle: Angle, regions: RegionSet, text: str
) -> str:
    """Store an angle's regions as one undoable step. Returns "" when stored, else why not
    (read-only, disk full: the journal's own one-line message), and nothing changes."""
    try:
        old = journal.set_redness_regions(angle, regions)
    except (JournalError, ValueError) as exc:
        return str(exc)
    undo_stack.push(SetRednessRegions(journal, angle, old, regions, text))
    return ""
