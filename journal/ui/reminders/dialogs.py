"""Small dialogs for reminders: move the next session's date, export the schedule to a calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.ui.shared.save_dialog import ask_save_path
from journal.ui.shared.undo import EditSessionField


class NextDateDialog(QDialog):
    def __init__(self, current: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move the next session"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Next session on:")))
        self.calendar = QCalendarWidget()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self.calendar.setMinimumDate(QDate.currentDate())
        layout.addWidget(self.calendar)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> dt.date:
        selected = self.calendar.selectedDate()
        return dt.date(selected.year(), selected.month(), selected.day())


def ask_next_date(
    parent: QWidget, journal: Journal, undo: QUndoStack, session_id: int, current: dt.date
) -> NextDateDialog:
    """Ask for a date and store it as the session's own "next session on" date (undoable)."""
    dialog = NextDateDialog(current, parent)

    def accepted() -> None:
        old = journal.session(session_id).next_due
        undo.push(EditSessionField(journal, session_id, "next_due", old, dialog.chosen()))

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def ask_calendar_file(parent: QMainWindow, journal: Journal, today: dt.date) -> QFileDialog:
    """Export the schedule as of `today` (the reminders' own day, so banner and file agree)."""
    from journal.core.calendar_export import write_calendar

    def chosen(path: Path) -> None:
        try:
            write_calendar(journal, path, today)
        except (JournalError, OSError) as exc:
            QMessageBox(QMessageBox.Icon.Warning, parent.tr("Not exported"), str(exc), parent=parent).open()
            return
        parent.statusBar().showMessage(
            parent.tr(
                "Schedule exported to {path}: import it into your calendar; exporting again updates it."
            ).format(path=path),
            10_000,
        )

    return ask_save_path(
        parent,
        parent.tr("Export the schedule"),
        f"{journal.settings.name}.ics",
        [parent.tr("Calendar (*.ics)")],
        "ics",
        chosen,
    )
