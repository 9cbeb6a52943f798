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
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from journal import APP_NAME
from journal.ui.shared.settings import Settings

DEFAULT_SIZE = QSize(1280, 820)


def fitted(window: QRect, frame: QRect, available: QRect) -> QRect:
    """The window's geometry made to fit `available` (the screen less its panels), frame
    included: shrunk when larger, moved on screen when it lies (partly) off it. `frame` is
    the window's frame geometry, which is the same as `window` until a window manager has
    framed it."""
    extra_width = frame.width() - window.width()
    extra_height = frame.height() - window.height()
    width = max(1, min(window.width(), available.width() - extra_width))
    height = max(1, min(window.height(), available.height() - extra_height))
    outer_width, outer_height = width + extra_width, height + extra_height
    left = min(max(frame.left(), available.left()), available.left() + available.width() - outer_width)
    top = min(max(frame.top(), available.top()), available.top() + available.height() - outer_height)
    return QRect(left + window.left() - frame.left(), top + window.top() - frame.top(), width, height)


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
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        self.fit_on_screen()
        self._fitted_once = False

    def fit_on_screen(self) -> None:
        """Keep the whole window on its screen: a default size or a size saved on a larger
        screen (or at a smaller scale factor) is shrunk to the space the screen has."""
        screen = self.screen()
        if screen is None:
            return
        target = fitted(self.geometry(), self.frameGeometry(), screen.availableGeometry())
        if target != self.geometry():
            self.setGeometry(target)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted_once:  # the window manager's frame is known now
            self._fitted_once = True
            self.fit_on_screen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.window_geometry = self.saveGeometry()
        self._settings.sync()
        super().closeEvent(event)
