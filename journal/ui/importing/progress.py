"""The import's bar in the status bar: how far it is, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionProgressBar,
    QWidget,
)

from journal.ui.importing.controller import ImportController

SHOW_EVERY_MS = 150


class ProgressBar(QWidget):
    """A progress bar drawn as the style draws QProgressBar, but repainted with the rest of the
    window: QProgressBar.setValue repaints at once, synchronously, which in a window with a
    1,000-session timeline cost 5-13 ms of the GUI thread for every photo imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum, self._maximum, self._value = 0, 100, 0
        self._format = "%p%"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._reference = QProgressBar(self)  # for its size hint and look, never shown
        self._reference.hide()

    def setRange(self, minimum: int, maximum: int) -> None:
        self._minimum, self._maximum = minimum, max(minimum, maximum)
        self.update()

    def setValue(self, value: int) -> None:
        if value != self._value:
            self._value = value
            self.update()

    def setFormat(self, text: str) -> None:
        self._format = text
        self.update()

    def value(self) -> int:
        return self._value

    def maximum(self) -> int:
        return self._maximum

    def minimum(self) -> int:
        return self._minimum

    def text(self) -> str:
        span = max(1, self._maximum - self._minimum)
        percent = round(100 * (self._value - self._minimum) / span)
        return (
            self._format.replace("%v", str(self._value))
            .replace("%m", str(self._maximum))
            .replace("%p", str(percent))
        )

    def sizeHint(self) -> QSize:
        return self._reference.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._reference.minimumSizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionProgressBar()
        option.initFrom(self)
        option.minimum, option.maximum, option.progress = self._minimum, self._maximum, self._value
        option.text = self.text()
        option.textVisible = True
        option.textAlignment = self._reference.alignment()
        option.state |= QStyle.StateFlag.State_Horizontal
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_ProgressBar, option, painter, self)


class ImportProgress(QWidget):
    """The bar in the status bar: "Importing 3 of 12 · IMG_0004.jpg" and Cancel."""

    def __init__(self, controller: ImportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = ProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._controller = controller
        self._latest: tuple[int, int, str] | None = None
        self._throttle = QTimer(self)  # at most SHOW_EVERY_MS between two updates of the text
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(SHOW_EVERY_MS)
        self._throttle.timeout.connect(self._on_throttle_timeout)
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
        # Each change repaints the status bar, and a new name lays it out again (its width
        # changes): shown at once, then at most every SHOW_EVERY_MS while photos keep landing
        # (two workers land 20-25 photos a second, each repaint ~1 ms of the GUI thread).
        self._latest = (done, total, name)
        if not self._throttle.isActive():
            self._on_throttle_timeout()

    def _on_throttle_timeout(self) -> None:
        if self._latest is None:
            return
        done, total, name = self._latest
        self._latest = None
        self.bar.setValue(done)
        if self.cancel_button.isEnabled():  # else "Cancelling…" stays
            self.label.setText(
                self.tr("Importing {done} of {total} · {name}").format(done=done, total=total, name=name)
            )
        self._throttle.start()

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling after the current photos…"))
        self._controller.cancel()
