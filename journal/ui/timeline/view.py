"""The timeline's list view: a QListView that repaints only the rows that changed.

Qt 6.11's QListView answers any `dataChanged`, even of one row and one role, by laying out
every row again (on a 1,000-session timeline: about 2,000 calls into the Python model's
`rowCount`, ~3 ms) and repainting the whole viewport (~5 ms). A thumbnail arriving, a photo
imported or an eye point found each sends one. The rows all have one height (uniform sizes,
from the font), so a change to a row's data can never move another row: repainting the rows
that changed is all there is to do.

Scrolling, the rows about to come in are drawn ahead while the view is idle, and their
thumbnails are asked for further ahead still, a run at a time: by the time a row is drawn
its thumbnail is in memory, so each row is drawn once, and a wheel step does nothing but
scroll and paint what is drawn already.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionViewItem, QWidget

from journal.ui.timeline.model import ThumbnailRole

MANY_ROWS = 64  # a change to more rows than a screen holds repaints the whole viewport
AHEAD_BELOW, AHEAD_ABOVE = 6, 3  # rows drawn ahead, while idle, after each paint
# Thumbnails asked for ahead of the rows drawn (about two screens below, one above), THUMB_RUN
# at a time: one load for several wheel steps, done long before the rows are drawn.
THUMBS_BELOW, THUMBS_ABOVE, THUMB_RUN = 24, 12, 8
# Just after a paint (it is flushed by then): wheel notches come 10-30 ms apart, and the rows
# are drawn, and their thumbnails back, well before the next one.
AHEAD_AFTER_MS = 2


class TimelineView(QListView):
    """Just after each paint, the delegate draws the rows just off screen into its cache, and
    the thumbnails of the rows beyond start loading: the next wheel steps find them drawn.

    Signals:
    scrolled(): the list moved (background work can make way while a person browses).
    """

    scrolled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(AHEAD_AFTER_MS)
        self._ahead.timeout.connect(self._draw_ahead)
        self._thumbs_asked = range(0)  # the rows whose thumbnails were asked for last

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.scrolled.emit()

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
        self._ask_thumbnails(first.row(), end, count)
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

    def _ask_thumbnails(self, first: int, last: int, count: int) -> None:
        """Ask for the thumbnails of the rows around the screen, in whole runs: nothing while a
        wheel step stays within the run asked for last, then the next run at once."""
        below = min(count, -(-(last + 1 + THUMBS_BELOW) // THUMB_RUN) * THUMB_RUN)
        above = max(0, (first - THUMBS_ABOVE) // THUMB_RUN * THUMB_RUN)
        asked = self._thumbs_asked
        near = range(max(0, first - THUMBS_ABOVE // 2), min(count, last + 1 + THUMBS_BELOW // 2))
        if asked.start <= near.start and near.stop <= asked.stop:
            return  # the rows near the screen are asked for already
        model = self.model()
        for row in range(above, below):
            if row not in asked:
                model.index(row, 0).data(ThumbnailRole)  # in memory, or on its way after this
        self._thumbs_asked = range(above, below)

    def reset(self) -> None:
        self._thumbs_asked = range(0)
        super().reset()

    def rowsInserted(self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int) -> None:
        self._thumbs_asked = range(0)
        super().rowsInserted(parent, start, end)

    def rowsAboutToBeRemoved(self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int) -> None:
        self._thumbs_asked = range(0)
        super().rowsAboutToBeRemoved(parent, start, end)

    def doItemsLayout(self) -> None:  # the rows moved (the order turned, a session's date changed)
        self._thumbs_asked = range(0)
        super().doItemsLayout()

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if not (top_left.isValid() and bottom_right.isValid()):
            return
        if list(roles) != [ThumbnailRole]:
            self._thumbs_asked = range(0)  # a row may show another photo now
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
