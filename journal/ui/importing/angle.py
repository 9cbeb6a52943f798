"""Which angle are these photos? Asked once for a batch dropped on the window or the timeline,
or chosen with Add photos… (a drop on a session's Front, Left or Right strip says it already).

A file whose name says its angle as a word (`IMG_1_left.jpg`) keeps it whatever the answer;
the question is only asked when some file's name does not say.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import shown
from journal.core.models import Angle, guess_angle

CHOICES = {
    Angle.FRONT: "&Front",
    Angle.LEFT: "&Left",
    Angle.RIGHT: "&Right",
    Angle.OTHER: "&Other (sort them later)",
}


def unnamed(files: list[str]) -> list[str]:
    """The files whose names do not say their angle."""
    return [f for f in files if guess_angle(Path(f).name) is Angle.OTHER]


class AngleDialog(QDialog):
    """Window-modal: one button per angle; the suggested one is the default.

    Signals:
        chosen(Angle): the angle for the files whose names do not say theirs.
    """

    chosen = Signal(object)

    def __init__(self, files: list[str], suggested: Angle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        asked = unnamed(files)
        count, named = len(files), len(files) - len(asked)
        self.setWindowTitle(
            self.tr("Add 1 photo") if count == 1 else self.tr("Add {n} photos").format(n=count)
        )
        layout = QVBoxLayout(self)
        if count == 1:
            question = self.tr("Which angle is this photo?")
        elif named:
            question = self.tr("Which angle are the other {n}?").format(n=len(asked))
        else:
            question = self.tr("Which angle are these {n} photos?").format(n=count)
        self.question = QLabel(f"<b>{question}</b>")
        layout.addWidget(self.question)
        lines = [", ".join(shown(Path(f).name) for f in asked[:3]) + (" …" if len(asked) > 3 else "")]
        if named:
            lines.append(
                self.tr("1 file says its angle in its name (…_left.jpg) and keeps it.")
                if named == 1
                else self.tr("{n} files say their angle in their names (…_left.jpg) and keep it.").format(
                    n=named
                )
            )
        lines.append(self.tr("You can change the angle of any photo afterwards (right-click it)."))
        self.details = QLabel("\n".join(lines))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # file names are shown as they are
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.buttons: dict[Angle, QPushButton] = {}
        for angle, text in CHOICES.items():
            button = QPushButton(self.tr(text))
            button.setAutoDefault(angle is suggested)
            button.setDefault(angle is suggested)
            button.clicked.connect(lambda _c=False, a=angle: self._choose(a))
            row.addWidget(button)
            self.buttons[angle] = button
        layout.addLayout(row)
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        layout.addWidget(cancel)
        self.buttons[suggested].setFocus()

    def _choose(self, angle: Angle) -> None:
        self.chosen.emit(angle)
        self.accept()
