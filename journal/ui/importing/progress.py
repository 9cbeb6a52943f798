"""The import's bar in the status bar: how far it is, and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from journal.ui.importing.controller import ImportController


class ImportProgress(QWidget):
    """The bar in the status bar: "Importing 3 of 12 · IMG_0004.jpg" and Cancel."""

    def __init__(self, controller: ImportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._controller = controller
        controller.started.connect(self._on_controller_started)
        controller.progress.connect(self._on_controller_progress)
        controller.finished.connect(lambda _summary: self.hide())
        self.hide()

    def _on_controller_started(self, total: int) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%v of %m"))
        self.label.setText(self.tr("Importing %n photo(s)…", "", total))
        self.cancel_button.setEnabled(True)
        self.show()

    def _on_controller_progress(self, done: int, total: int, name: str) -> None:
        self.bar.setValue(done)
        self.label.setText(
            self.tr("Importing {done} of {total} · {name}").format(done=done, total=total, name=name)
        )

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling after the current photos…"))
        self._controller.cancel()
