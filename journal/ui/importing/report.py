"""The report after an import: what was refused and why, which were duplicates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.ui.importing.controller import ImportSummary


class ImportReport(QDialog):
    """Non-modal: what was refused and why, which were duplicates, and what stopped the import."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"<b>{summary.headline()}</b>")
        layout.addWidget(self.headline)
        if summary.error:
            error = QLabel(self.tr("The import stopped: {error}").format(error=summary.error))
            error.setWordWrap(True)
            layout.addWidget(error)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Outcome"), self.tr("Reason")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        for result in summary.results:
            if result.status == "imported":
                continue
            if result.status == "duplicate":
                where = result.existing.rel_path if result.existing else "another file in this import"
                trashed = " (in the trash)" if result.existing and result.existing.deleted_at else ""
                reason = self.tr("already in the journal as {where}{trashed}").format(
                    where=where, trashed=trashed
                )
                outcome = self.tr("Duplicate")
            else:
                reason, outcome = result.reason, self.tr("Refused")
            item = QTreeWidgetItem([Path(result.source).name, outcome, reason])
            item.setToolTip(0, result.source)
            item.setToolTip(2, reason)
            self.tree.addTopLevelItem(item)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        """(file, outcome, reason) of each row, as shown."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0), item.text(1), item.text(2)) for item in items if item is not None]
