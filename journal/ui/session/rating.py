"""A 0–10 rating that can also be "not rated": eleven segments and a clear button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget


class RatingControl(QWidget):
    """Signals:
    edited(object): the user picked a value (int 0–10) or cleared it (None).
    """

    edited = Signal(object)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._buttons: list[QToolButton] = []
        for value in range(11):
            button = QToolButton(self)
            button.setText(str(value))
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(22)
            button.setAccessibleName(f"{name} {value}")
            button.clicked.connect(lambda _checked=False, v=value: self._pick(v))
            layout.addWidget(button)
            self._buttons.append(button)
        self._clear = QToolButton(self)
        self._clear.setText("–")
        self._clear.setToolTip(self.tr("Not rated (clear)"))
        self._clear.setAccessibleName(f"{name}: clear")
        self._clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._clear.clicked.connect(lambda: self._pick(None))
        layout.addSpacing(6)
        layout.addWidget(self._clear)
        self._value: int | None = None
        # Filled up to the value, like a gauge; colours follow the palette (dark mode too).
        self.setStyleSheet(
            "QToolButton { padding: 2px 0; }"
            "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border: 1px solid palette(highlight); border-radius: 2px; }"
        )
        self._show()

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        """Show a value without reporting it as an edit (loading, undo)."""
        self._value = value
        self._show()

    def setReadOnly(self, read_only: bool) -> None:
        for button in [*self._buttons, self._clear]:
            button.setEnabled(not read_only)

    def _pick(self, value: int | None) -> None:
        changed = value != self._value
        self._value = value
        self._show()
        if changed:
            self.edited.emit(value)

    def _show(self) -> None:
        for number, button in enumerate(self._buttons):
            button.setChecked(self._value is not None and number <= self._value)
        self._clear.setEnabled(self._value is not None and self._buttons[0].isEnabled())
        shown = "not rated" if self._value is None else f"{self._value} of 10"
        self.setAccessibleDescription(shown)
        self.setToolTip(f"{self.accessibleName()}: {shown}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._buttons[0].isEnabled():
            return super().keyPressEvent(event)
        key = event.key()
        current = -1 if self._value is None else self._value
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self._pick(min(10, current + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self._pick(max(0, current - 1) if current >= 0 else None)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._pick(None)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._pick(int(key - Qt.Key.Key_0))
        else:
            super().keyPressEvent(event)
