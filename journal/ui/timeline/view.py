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

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QTimer
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionViewItem, QWidget

MANY_ROWS = 64  # a change to more rows than a screen holds repaints the whole viewport
AHEAD_BELOW, AHEAD_ABOVE = 6, 3  # rows drawn ahead, while idle, after each paint
AHEAD_AFTER_MS = 15  # about a frame after a paint: not in the way of the next wheel step


class TimelineView(QListView):
    """About a frame after each paint, the delegate draws the rows just off screen into its
    cache (and their thumbnails start loading): the next wheel step finds them drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(AHEAD_AFTER_MS)
        self._ahead.timeout.connect(self._draw_ahead)

    @property
    def ahead_pending(self) -> bool:
        """Rows are still to be drawn ahead (for tests: wait until this is False)."""
        return self._ahead.isActive()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._schedule_ahead()

    def _schedule_ahead(self) -> None:
        if not self._ahead.isActive():
            self._ahead.start()

    def _draw_ahead(self) -> None:
        model, delegate = self.model(), self.itemDelegate()
        prefetch = getattr(delegate, "prefetch", None)
        if model is None or prefetch is None or not self.isVisible():
            return
        area = self.viewport().rect()
        first, last = self.indexAt(area.topLeft()), self.indexAt(QPoint(0, area.bottom()))
        count = model.rowCount()
        if not first.isValid() or count == 0:
            return
        end = last.row() if last.isValid() else count - 1
        rows = [
            *range(end + 1, min(count, end + 1 + AHEAD_BELOW)),
            *range(max(0, first.row() - AHEAD_ABOVE), first.row()),
        ]
        selection = self.selectionModel()
        for row in rows:
            index = model.index(row, 0)
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)
            option.palette.setCurrentColorGroup(QPalette.ColorGroup.Active)  # as QListView paints
            option.state |= QStyle.StateFlag.State_Enabled
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            prefetch(option, index)

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
            else:  # a row drawn ahead may show something else now
                self._schedule_ahead()
