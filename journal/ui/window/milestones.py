"""The window's `--debug` milestones (journal/milestones.py): made only when they are on.

`timeline painted <N> sessions`: the first paint of the timeline after a journal was shown;
`thumbnails visible`: the first paint after that in which every row on screen has its
thumbnail (or is known to have none); `compare shown`: the first paint of Compare with both
photos, each time the page is opened; `import finished <N> photos`: an import ended.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from journal.core.text import plural
from journal.milestones import milestone
from journal.ui.window.factory import WindowParts


class MilestoneWatcher(QObject):
    """Watches a window's parts and says their milestones."""

    def __init__(self, parts: WindowParts) -> None:
        super().__init__(parts.frame)
        self._parts = parts
        self._timeline_rows: int | None = None  # a journal was shown; its timeline not painted yet
        self._thumbnails_pending = False
        self._compare: QWidget | None = None
        self._compare_pending = False
        parts.view.timeline.viewport().installEventFilter(self)
        parts.workspace.journalChanged.connect(self._on_workspace_journal_changed)
        parts.importer.finished.connect(self._on_importer_finished)
        parts.frame.pages.currentChanged.connect(self._on_pages_current_changed)

    def _on_workspace_journal_changed(self, journal: object) -> None:
        if journal is not None:
            milestone("journal shown")
            self._timeline_rows = self._parts.view.timeline_model.rowCount()

    def _on_importer_finished(self, summary: object) -> None:
        milestone(f"import finished {plural(len(summary.results), 'photo')}")  # type: ignore[attr-defined]

    def _on_pages_current_changed(self, _index: int) -> None:
        page = self._parts.frame.pages.currentWidget()
        canvas = getattr(page, "canvas", None)
        if page is self._parts.view or not isinstance(canvas, QWidget):
            return
        if self._compare is not canvas:
            canvas.installEventFilter(self)
            self._compare = canvas
        self._compare_pending = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched is self._compare:
                self._compare_painting()
            else:
                self._timeline_painting()
        return False

    def _timeline_painting(self) -> None:
        if self._timeline_rows is not None:
            rows, self._timeline_rows = self._timeline_rows, None
            QTimer.singleShot(0, lambda: milestone(f"timeline painted {plural(rows, 'session')}"))
            self._thumbnails_pending = True
        if self._thumbnails_pending and self._thumbnails_on_screen():
            self._thumbnails_pending = False
            QTimer.singleShot(0, lambda: milestone("thumbnails visible"))

    def _thumbnails_on_screen(self) -> bool:
        view, model, loader = (
            self._parts.view.timeline,
            self._parts.view.timeline_model,
            self._parts.thumbnails,
        )
        if model.rowCount() == 0:
            return True
        viewport = view.viewport().rect()
        first = view.indexAt(viewport.topLeft())
        last = view.indexAt(viewport.bottomLeft())
        end = last.row() if last.isValid() else model.rowCount() - 1
        for row in range(max(0, first.row()), end + 1):
            photo = model.summary(row).front_photo
            if photo is not None and not loader.settled(photo.id):
                return False
        return True

    def _compare_painting(self) -> None:
        sides = getattr(self._compare, "sides", [])
        if self._compare_pending and len(sides) == 2 and all(s.pixmap is not None for s in sides):
            self._compare_pending = False
            QTimer.singleShot(0, lambda: milestone("compare shown"))


def watch(parts: WindowParts) -> MilestoneWatcher:
    return MilestoneWatcher(parts)
