"""The timeline's list view: a QListView that repaints only the rows that changed.

Qt 6.11's QListView answers any `dataChanged`, even of one row and one role, by laying out
every row again (on a 1,000-session timeline: about 2,000 calls into the Python model's
`rowCount`, ~3 ms) and repainting the whole viewport (~5 ms). A thumbnail arriving, a photo
imported or an eye point found each sends one. The rows all have one height (uniform sizes,
from the font), so a change to a row's data can never move another row: repainting the rows
that changed is all there is to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QListView, QWidget

MANY_ROWS = 64  # a change to more rows than a screen holds repaints the whole viewport


class TimelineView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if not (top_left.isValid() and bottom_right.isValid()):
            return
        first, last = top_left.row(), bottom_right.row()
        if last - first >= MANY_ROWS:
            self.viewport().update()
            return
        area = self.viewport().rect()
        model = self.model()
        for row in range(first, last + 1):
            rect = self.visualRect(model.index(row, 0))
            if rect.intersects(area):
                self.viewport().update(rect)
