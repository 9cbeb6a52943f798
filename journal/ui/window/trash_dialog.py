"""View → Trash: what was deleted, restorable until the trash is emptied."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Kind

_SESSION, _PHOTO = 1, 2


def deleted_when(moment: dt.datetime | None) -> str:
    """When something went to the trash, in the app's date format and this computer's time:
    "Thu 5 Nov 2026 14:03" (stored in UTC)."""
    if moment is None:
        return ""
    local = (moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)).astimezone()
    return f"{long_date(local.date())} {local:%H:%M}"


class TrashDialog(QDialog):
    """Signals:
    emptied(): files were deleted for good (undo history that refers to them is gone too).
    """

    emptied = Signal()

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trash"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(620, 420)
        self._journal = journal
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Deleted sessions and photos stay here, with their files, until you empty the trash.")
            )
        )
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Session date"), self.tr("Deleted")])
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.setRootIsDecorated(False)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(self.tr("The trash is empty."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # greyed, like any placeholder
        self.empty_label.setFrameShape(QFrame.Shape.StyledPanel)  # where the list would be, as the list is
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty_label.setAutoFillBackground(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tree)
        self.pages.addWidget(self.empty_label)
        layout.addWidget(self.pages, 1)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.empty_button = QPushButton(self.tr("Empty trash…"))
        self.empty_button.clicked.connect(self._on_empty_clicked)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.confirm: QMessageBox | None = None
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        trash = self._journal.trash()
        for session in trash.sessions:
            count = len(self._journal.store.photos(session.id, deleted=True))
            text = (
                self.tr("Check-in with %n photo(s)", "", count)
                if session.kind is Kind.CHECK_IN
                else self.tr("Session with %n photo(s)", "", count)
            )
            item = QTreeWidgetItem([text, long_date(session.date), deleted_when(session.deleted_at)])
            item.setData(0, Qt.ItemDataRole.UserRole, (_SESSION, session.id))
            self.tree.addTopLevelItem(item)
        for photo in trash.photos:
            session = self._journal.session(photo.session_id)
            item = QTreeWidgetItem(
                [
                    self.tr("Photo {name} ({angle})").format(
                        name=photo.original_name, angle=photo.angle.value
                    ),
                    long_date(session.date),
                    deleted_when(photo.deleted_at),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, (_PHOTO, photo.id))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.pages.setCurrentWidget(self.empty_label if self.is_empty() else self.tree)
        self._update_buttons()

    def is_empty(self) -> bool:
        return self.tree.topLevelItemCount() == 0

    def _update_buttons(self) -> None:
        writable = not self._journal.read_only
        self.restore_button.setEnabled(writable and bool(self.tree.selectedItems()))
        self.empty_button.setEnabled(writable and not self.is_empty())
        if self._journal.read_only:
            why = self.tr("This journal is open read-only.")
        elif self.is_empty():
            why = self.tr("The trash is empty.")
        else:
            why = ""
        self.empty_button.setToolTip(why)
        if not why:
            why = (
                self.tr("Put the selected sessions and photos back")
                if self.tree.selectedItems()
                else self.tr("Select what to put back")
            )
        self.restore_button.setToolTip(why)

    def _on_restore_clicked(self) -> None:
        for item in self.tree.selectedItems():
            kind, item_id = item.data(0, Qt.ItemDataRole.UserRole)
            if kind == _SESSION:
                self._journal.restore_session(item_id)
            else:
                self._journal.restore_photo(item_id)
        self.refresh()

    def _on_empty_clicked(self) -> None:
        trash = self._journal.trash()
        photos = len(self._journal.store.photos(deleted=True))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Empty trash"),
            self._question(len(trash.sessions), photos),
            parent=self,
        )
        box.setInformativeText(
            self.tr("Their files are deleted from the journal folder. This cannot be undone.")
            if photos
            else self.tr("This cannot be undone.")
        )
        delete = box.addButton(self.tr("Delete for good"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter keeps everything; deleting takes a deliberate click
        box.setEscapeButton(cancel)

        def decided(_result: int) -> None:
            if box.clickedButton() is delete:
                self._journal.empty_trash()
                self.emptied.emit()
                self.refresh()

        box.finished.connect(decided)
        self.confirm = box
        box.open()

    def _question(self, sessions: int, photos: int) -> str:
        """ "Delete 1 photo for good?", "Delete 2 sessions and 5 photos for good?": what is
        counted is said, and nothing that is not there."""
        parts = []
        if sessions:
            parts.append(self.tr("%n session(s)", "", sessions))
        if photos or not sessions:
            parts.append(self.tr("%n photo(s)", "", photos))
        what = (
            parts[0]
            if len(parts) == 1
            else self.tr("{sessions} and {photos}").format(sessions=parts[0], photos=parts[1])
        )
        return self.tr("Delete {what} for good?").format(what=what)
