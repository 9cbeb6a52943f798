"""The capture page's parts and where they sit: the top bar (Done, the title, the camera), the
live picture with its notice over it, and the column of checks with the shutter kept in
sight below it. What they do is the view's (`view.CaptureView`, which is this page)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from journal.ui.capture.cameras import CameraAccess, CameraPicker
from journal.ui.capture.canvas import LiveCanvas
from journal.ui.capture.notice import ProblemNotice
from journal.ui.capture.panel import CapturePanel
from journal.ui.shared.settings import Settings

PANEL_WIDTH = 330


class ElidedLabel(QLabel):
    """One line that ends in "…" where the room ends (a narrow window), the whole of it in
    its tooltip; `text()` is the whole line."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()


class CapturePage(QWidget):
    """The widgets of the capture page, laid out; no behaviour of its own."""

    def __init__(
        self, settings: Settings, pool: QThreadPool, cameras: CameraAccess, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setToolTip(
            self.tr("Back to the journal (Esc). The photos taken are in the session.")
        )
        self.title = ElidedLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.picker = CameraPicker(settings, pool, cameras)
        top = QHBoxLayout()
        top.addWidget(self.done_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.picker)

        self.canvas = LiveCanvas()
        self.canvas.setAccessibleName(self.tr("Camera picture"))
        self.notice = ProblemNotice()
        stage = QGridLayout()
        stage.setContentsMargins(0, 0, 0, 0)
        stage.addWidget(self.canvas, 0, 0)
        stage.addWidget(self.notice, 0, 0, Qt.AlignmentFlag.AlignCenter)

        self.panel = CapturePanel()
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(scroll, 1)
        side.addWidget(self.panel.shutter_block)
        side_holder = QWidget()
        side_holder.setLayout(side)
        side_holder.setFixedWidth(PANEL_WIDTH)
        body = QHBoxLayout()
        body.addLayout(stage, 1)
        body.addWidget(side_holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def show_shutter(self, live: bool) -> None:
        """The shutter works while there is a picture, and says so either way."""
        self.panel.shutter_button.setEnabled(live)
        self.panel.shutter_button.setToolTip(
            self.tr("Take the photo now, whatever the checks say (Space)")
            if live
            else self.tr("There is no picture from the camera to take")
        )
