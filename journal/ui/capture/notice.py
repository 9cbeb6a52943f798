"""What the capture view says in words of its own: the message over the picture when there is
none (no camera, busy, not allowed, unplugged), and the question before leaving a photo that
could not be saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class ProblemNotice(QFrame):
    """Signals:
    retryRequested(): "Try again" (the camera, or the video, once more).
    filesRequested(): "Add photos from files…" instead.
    """

    retryRequested = Signal()
    filesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureProblem")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setMaximumWidth(560)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.retryRequested)
        self.files_button = QPushButton(self.tr("Add photos from files…"))
        self.files_button.clicked.connect(self.filesRequested)
        buttons.addStretch(1)
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.retry_button)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()

    def say(self, title: str, text: str, retry: str | None = None, files: bool = True) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.retry_button.setText(retry or self.tr("Try again"))
        self.files_button.setVisible(files)
        self.show()
        self.raise_()


def unsaved_question(parent: QWidget, angle: str, message: str) -> QMessageBox:
    """Asked before leaving with a photo the journal could not take: Save again (the default),
    Leave without it, or Cancel. Opened by the caller (`open()`); `finished` says which."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        parent.tr("A photo is not saved"),
        parent.tr("The {angle} photo could not be saved: {message}").format(angle=angle, message=message),
        QMessageBox.StandardButton.Retry
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText(parent.tr("Save it again (after freeing some space, say), or leave without it?"))
    box.button(QMessageBox.StandardButton.Retry).setText(parent.tr("Save again"))
    box.button(QMessageBox.StandardButton.Discard).setText(parent.tr("Leave without it"))
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box
