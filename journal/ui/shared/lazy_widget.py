"""A page whose content is built the first time it is shown: a tab that costs nothing at
start-up (its modules load, and its widgets are made, only when the user opens it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyWidget(QWidget):
    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make: Callable[[], QWidget] | None = make
        self._content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> QWidget:
        """The content, built now if it was not yet."""
        if self._content is None:
            assert self._make is not None
            make, self._make = self._make, None
            self._content = make()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._content)
            if self.isVisible():
                self._content.show()
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content  # noqa: B018 (built on first show)
        super().showEvent(event)
