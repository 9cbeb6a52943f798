"""View → Trash: what was deleted, restorable until the trash is emptied."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core.dates import long_date
from journal.core.journal import Journal

_SESSION, _PHOTO = 1, 2


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
        layout.addWidget(self.tree, 1)
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
        journal_read_only = journal.read_only
        self.restore_button.setEnabled(not journal_read_only)
        self.empty_button.setEnabled(not journal_read_only)

    def refresh(self) -> None:
        self.tree.clear()
        trash = self._journal.trash()
        for session in trash.sessions:
            count = len([p for p in self._journal.store.photos(session.id, deleted=True)])
            item = QTreeWidgetItem(
                [
                    self.tr("Session with {n} photos").format(n=count),
                    long_date(session.date),
                    f"{session.deleted_at:%d %b %Y %H:%M}" if session.deleted_at else "",
                ]
            )
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
                    f"{photo.deleted_at:%d %b %Y %H:%M}" if photo.deleted_at else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, (_PHOTO, photo.id))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        empty = self.tree.topLevelItemCount() == 0
        self.empty_button.setEnabled(not empty and not self._journal.read_only)
        if empty:
            placeholder = QTreeWidgetItem([self.tr("The trash is empty.")])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(placeholder)

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
            self.tr("Delete {photos} photos and {sessions} sessions for good?").format(
                photos=photos, sessions=len(trash.sessions)
            ),
            parent=self,
        )
        box.setInformativeText(
            self.tr("Their files are deleted from the journal folder. This cannot be undone.")
        )
        delete = box.addButton(self.tr("Delete for good"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def decided(_result: int) -> None:
            if box.clickedButton() is delete:
                self._journal.empty_trash()
                self.emptied.emit()
                self.refresh()

        box.finished.connect(decided)
        self.confirm = box
        box.open()
