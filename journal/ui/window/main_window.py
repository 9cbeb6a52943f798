"""The main window's frame: title, menu bar, status bar and the stack of pages.

This is all that is built before the window first paints, so it appears at once whatever the
size of the journal (journal.ui.app starts it in two steps). The Workspace, built right after
the first paint, fills the menus and the pages and takes over closing and dropped files; the
frame itself knows nothing of journals.
"""

from __future__ import annotations

from dataclasses import dataclass

# Only what the frame needs is imported here; the rest loads with the workspace.
# (PySide builds each Qt type on first import: the Qt enum namespace alone costs ~20 ms.)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from journal import APP_NAME
from journal.ui.shared.settings import Settings


@dataclass(frozen=True)
class WindowMenus:
    """The menu bar's menus, in their order; features add their actions to them."""

    file: QMenu
    edit: QMenu
    session: QMenu
    view: QMenu
    help: QMenu


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        bar = self.menuBar()
        self.menus = WindowMenus(
            file=bar.addMenu(self.tr("&File")),
            edit=bar.addMenu(self.tr("&Edit")),
            session=bar.addMenu(self.tr("&Session")),
            view=bar.addMenu(self.tr("&View")),
            help=bar.addMenu(self.tr("&Help")),
        )
        self.pages = QStackedWidget()
        self.opening_page = QLabel(self.tr("<div align='center'>Opening your journal…</div>"))
        self.pages.addWidget(self.opening_page)
        self.setCentralWidget(self.pages)
        geometry = settings.window_geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.window_geometry = self.saveGeometry()
        self._settings.sync()
        super().closeEvent(event)
