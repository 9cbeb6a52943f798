"""Adjust eyes on the compare page: starting markers for the photos without eye points, the
points set by hand stored with their undo step, and a message when they could not be stored."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.ui.compare.canvas import CompareCanvas
from journal.ui.compare.eyes import EyeWorker, Suggestion
from journal.ui.compare.geometry import SideView
from journal.ui.compare.markers import EyeMarks, EyeSource, eye_notes, eye_source, photo_names, reason_text
from journal.ui.compare.pairs import Candidate
from journal.ui.shared.undo import SetEyePoints

Pair = tuple[Candidate | None, Candidate | None]


def in_pixels(width: int, height: int, suggestion: Suggestion) -> tuple[QPointF, QPointF]:
    """A suggestion's markers in the pixels of a photo `width` by `height`."""
    (lx, ly), (rx, ry) = suggestion.left, suggestion.right
    return QPointF(lx * width, ly * height), QPointF(rx * width, ry * height)


class EyePoints(QObject):
    """The compare view's Adjust eyes: told the pair and journal on screen by `pair` and
    `journal`; `reshow` puts the markers back to what the journal holds."""

    def __init__(
        self,
        eyes: EyeWorker,
        undo_stack: QUndoStack,
        canvas: CompareCanvas,
        pair: Callable[[], Pair],
        journal: Callable[[], Journal | None],
        reshow: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._eyes = eyes
        self._undo = undo_stack
        self._canvas = canvas
        self._pair = pair
        self._journal = journal
        self._reshow = reshow
        self._parent = parent
        self.error: QMessageBox | None = None  # "The eye points were not saved"
        eyes.suggested.connect(self._on_eyes_suggested)
        canvas.eyesEdited.connect(self._on_canvas_eyes_edited)

    def mark(self, side: SideView, photo: Photo) -> None:
        """Give a side about to be shown its photo's eye points, or where its markers would start."""
        eyes = photo.eye_pixels()
        if eyes is not None:
            (lx, ly), (rx, ry) = eyes
            side.eyes = (QPointF(lx, ly), QPointF(rx, ry))
        side.marks = EyeMarks(eye_source(photo), reason_text(photo))
        suggestion = self._eyes.suggestion(photo) if eyes is None else None
        if suggestion is not None:
            side.marks.suggested = in_pixels(photo.width, photo.height, suggestion)

    def notes(self, aligned: bool, aligned_now: bool) -> list[str]:
        """The note's lines about the eye points of the pair on screen, shown `aligned` or not
        (`aligned_now`: it is aligned by its eyes)."""
        before, after = self._pair()
        journal = self._journal()
        if before is not None and after is not None and (aligned or self._canvas.editing_eyes):
            return eye_notes(
                (before.photo, after.photo),
                photo_names((before.session.date, after.session.date), self._canvas.mode),
                not aligned or aligned_now,
                journal is not None and not journal.read_only,
            )
        return []

    def keep_suggested(self) -> None:
        """Enter in Adjust eyes: keep the suggested markers as they are, as set by hand."""
        journal = self._journal()
        if not self._canvas.editing_eyes or journal is None or journal.read_only:
            return
        commands = []
        for index, left, right in self._canvas.suggested():
            command = self.apply(index, left, right)
            if command is None:
                break
            commands.append(command)
        if len(commands) > 1:
            self._undo.beginMacro(self.tr("Place eye points"))
        for command in commands:
            self._undo.push(command)
        if len(commands) > 1:
            self._undo.endMacro()

    def suggest_markers(self) -> None:
        """Ask for starting markers for the photos on screen that have no eye points."""
        if not self._canvas.editing_eyes:
            return
        for candidate in self._pair():
            if candidate is not None and eye_source(candidate.photo) in (EyeSource.NONE, EyeSource.UNSURE):
                self._eyes.suggest(candidate.photo)

    def _on_eyes_suggested(self, suggestion: Suggestion) -> None:
        for index, candidate in enumerate(self._pair()):
            photo = candidate.photo if candidate is not None else None
            if photo is None or photo.id != suggestion.photo_id or photo.turn != suggestion.turn:
                continue
            if photo.eyes is None and len(self._canvas.sides) == 2:
                self._canvas.set_suggestion(index, in_pixels(photo.width, photo.height, suggestion))

    def _on_canvas_eyes_edited(self, index: int, left: QPointF, right: QPointF) -> None:
        command = self.apply(index, left, right)
        if command is not None:
            self._undo.push(command)

    def apply(self, index: int, left: QPointF, right: QPointF) -> SetEyePoints | None:
        """Store eye points set by hand (original pixels) on side `index`; the undo command, or
        None when they could not be stored (the user is told why)."""
        candidate = self._pair()[0 if index == 0 else 1]
        journal = self._journal()
        if candidate is None or journal is None or journal.read_only:
            return None
        photo = candidate.photo
        left_n = (left.x() / photo.width, left.y() / photo.height)
        right_n = (right.x() / photo.width, right.y() / photo.height)
        command = SetEyePoints(journal, photo.id, left_n, right_n)
        try:
            command.apply()  # written before it goes on the undo stack: a failure is said, not stacked
        except JournalError as error:
            self._reshow()  # the markers go back to what the journal holds
            self.error = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Eye points not saved"),
                self.tr("The eye points were not saved: {error}").format(error=error),
                QMessageBox.StandardButton.Ok,
                self._parent,
            )
            self.error.open()
            return None
        return command
