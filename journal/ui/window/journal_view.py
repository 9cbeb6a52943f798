"""The page of an open journal: banners on top, the timeline left, the session page right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.ui.session import SessionPage
from journal.ui.shared.palette import TintedFrame, Tone
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.timeline import TimelineDelegate, TimelineModel, TimelineView

_DROP_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class JournalView(QWidget):
    """Signals:
    filesDropped(list, int): file paths dropped on the timeline, and the row they landed on (-1: none).
    """

    filesDropped = Signal(list, int)

    def __init__(
        self,
        thumbnails: ThumbnailLoader,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner_area = QVBoxLayout()
        self.read_only_banner = TintedFrame(tone=Tone.URGENT)
        read_only_text = QLabel(
            self.tr(
                "Read-only: this journal is open in another window, or its folder cannot be written. "
                "Changes are off."
            )
        )
        read_only_text.setWordWrap(True)
        QVBoxLayout(self.read_only_banner).addWidget(read_only_text)
        self.read_only_banner.hide()
        self.banner_area.addWidget(self.read_only_banner)
        layout.addLayout(self.banner_area)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("<b>Sessions</b>")))
        header.addStretch(1)
        self.order_button = QToolButton()
        self.order_button.setCheckable(True)
        self.order_button.setChecked(True)
        self.order_button.setToolTip(self.tr("Click to list the sessions the other way round"))
        self.order_button.toggled.connect(self._show_order)
        header.addWidget(self.order_button)
        left_layout.addLayout(header)
        self.timeline_model = TimelineModel(thumbnails, self)
        self.timeline = TimelineView()
        self.timeline.setModel(self.timeline_model)
        delegate = TimelineDelegate(self.timeline)
        self.timeline.setItemDelegate(delegate)
        self.timeline.setAcceptDrops(True)
        self.timeline.setDropIndicatorShown(True)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # Rows are as wide as the list, which never scrolls sideways: it is at least as wide
        # as a row needs (and a vertical scroll bar beside it).
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.timeline.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.timeline.setMinimumWidth(
            delegate.row_width(self.timeline.font()) + bar + 2 * self.timeline.frameWidth() + 2
        )
        self.timeline.setAccessibleName(self.tr("Sessions"))
        self.timeline.viewport().installEventFilter(self)
        self.writable = False
        left_layout.addWidget(self.timeline, 1)
        self.splitter.addWidget(left)
        self.session_page = SessionPage(thumbnails, undo_stack, self.timeline_model.position)
        # The right-hand side: the session page, and beside it the tabs features add (Progress).
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.session_page, self.tr("Session"))
        self.tabs.tabBar().setVisible(False)  # until a second tab comes
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 900])
        layout.addWidget(self.splitter, 1)
        self._show_order(True)

    def _show_order(self, newest_first: bool) -> None:
        self.order_button.setText(self.tr("Newest first") if newest_first else self.tr("Oldest first"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.timeline.viewport() or event.type() not in _DROP_EVENTS:
            return super().eventFilter(watched, event)
        mime = event.mimeData()  # type: ignore[attr-defined]
        if not (mime.hasUrls() and self.writable):
            return super().eventFilter(watched, event)
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if event.type() == QEvent.Type.Drop:
            index = self.timeline.indexAt(event.position().toPoint())  # type: ignore[attr-defined]
            paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
            self.filesDropped.emit(paths, index.row() if index.isValid() else -1)
        return True

    def add_banner(self, widget: QWidget) -> None:
        self.banner_area.addWidget(widget)

    def add_tab(self, widget: QWidget, title: str) -> None:
        """A page beside the session page (its tab follows the "Session" tab)."""
        self.tabs.addTab(widget, title)
        self.tabs.tabBar().setVisible(True)

    def show_session_page(self) -> None:
        self.tabs.setCurrentWidget(self.session_page)
