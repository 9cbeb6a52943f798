"""Colours that follow the system palette, light or dark.

Nothing here names a fixed colour for a surface or for text: a banner is the window colour
tinted towards an accent, a selected toggle is the palette's highlight. So a dark desktop
theme (or Fusion with a dark palette) gives dark banners with light text, and a change of
theme while the app runs repaints them in the new colours.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QWidget,
)

WARM = QColor(232, 150, 40)  # the accent of something pressing (overdue, due today)


def is_dark(palette: QPalette) -> bool:
    """A dark theme: light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def mixed(base: QColor, accent: QColor, amount: float) -> QColor:
    """`amount` (0..1) of `accent` over `base`."""
    return QColor.fromRgbF(
        base.redF() + (accent.redF() - base.redF()) * amount,
        base.greenF() + (accent.greenF() - base.greenF()) * amount,
        base.blueF() + (accent.blueF() - base.blueF()) * amount,
    )


class Tone(Enum):
    INFO = "info"  # a quiet note: the window colour tinted towards the highlight
    URGENT = "urgent"  # something due: tinted warm


def tone_colour(palette: QPalette, tone: Tone) -> QColor:
    window = palette.color(QPalette.ColorRole.Window)
    if tone is Tone.URGENT:
        return mixed(window, WARM, 0.38 if is_dark(palette) else 0.3)
    return mixed(window, palette.color(QPalette.ColorRole.Highlight), 0.22 if is_dark(palette) else 0.12)


class TintedFrame(QFrame):
    """A panel (banner) painted in a tone of the current palette; its text keeps the
    palette's window text colour, which reads on it in light and dark themes alike."""

    def __init__(self, parent: QWidget | None = None, tone: Tone = Tone.INFO) -> None:
        super().__init__(parent)
        self._tone = tone
        self.setFrameShape(QFrame.Shape.StyledPanel)

    @property
    def tone(self) -> Tone:
        return self._tone

    def set_tone(self, tone: Tone) -> None:
        if tone is not self._tone:
            self._tone = tone
            self.update()

    def background(self) -> QColor:
        return tone_colour(self.palette(), self._tone)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background())
        painter.end()
        super().paintEvent(event)


class _CheckedInHighlight(QObject):
    """Paints a checked button with the palette's highlight as its face (Fusion's dark
    palette draws a checked tool button almost like an unchecked one). The colours are read
    at every paint, so a change of theme while the app runs shows at once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QAbstractButton):
            return False
        if not watched.isChecked():
            return False
        painter = QStylePainter(watched)
        if isinstance(watched, QToolButton):
            tool = QStyleOptionToolButton()
            watched.initStyleOption(tool)
            _as_highlight(tool.palette)
            painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, tool)
        elif isinstance(watched, QPushButton):
            push = QStyleOptionButton()
            watched.initStyleOption(push)
            _as_highlight(push.palette)
            painter.drawControl(QStyle.ControlElement.CE_PushButton, push)
        else:
            painter.end()
            return False
        painter.end()
        return True


def _as_highlight(palette: QPalette) -> None:
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        if group is QPalette.ColorGroup.Disabled:
            highlight = mixed(palette.color(group, QPalette.ColorRole.Button), highlight, 0.5)
        palette.setColor(group, QPalette.ColorRole.Button, highlight)
        palette.setColor(group, QPalette.ColorRole.ButtonText, text)


def mark_checked(button: QAbstractButton) -> None:
    """Show `button`'s checked state in the palette's highlight colours, light or dark."""
    painter = button.findChild(_CheckedInHighlight)
    if painter is None:
        button.installEventFilter(_CheckedInHighlight(button))
