"""The calm note above the compared photos: the eye points' lines, then the lighting check's,
then the redness regions' own (why they are not drawn)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel


class NoteBar(QLabel):
    """One line per note; hidden when there is none. `regions_notes` is asked at every change."""

    def __init__(self, regions_notes: Callable[[], list[str]]) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("background: palette(alternate-base); border-radius: 4px; padding: 6px;")
        self.hide()
        self._regions_notes = regions_notes
        self._notes: list[str] = []  # the notes shown, before the regions' own
        self._alignment: list[str] = []
        self._lighting: list[str] = []

    def set_notes(self, notes: list[str]) -> None:
        self._notes = notes
        notes = [*notes, *self._regions_notes()]
        self.setText("\n".join(notes))
        self.setVisible(bool(notes))

    def refresh(self) -> None:
        """The same notes, with the regions' asked again."""
        self.set_notes(self._notes)

    def set_alignment(self, notes: list[str]) -> None:
        self._alignment = notes
        self.set_notes([*notes, *self._lighting])

    def set_lighting(self, notes: list[str]) -> None:
        self._lighting = notes
        self.set_notes([*self._alignment, *notes])

    def clear_lighting(self) -> None:
        """Another pair: its lighting is not checked yet (shown at the next change)."""
        self._lighting = []

    def lines(self) -> list[str]:
        """The notes shown now, one per line."""
        return [line for line in self.text().splitlines() if line.strip()] if self.isVisible() else []
