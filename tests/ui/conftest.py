"""pytest-qt fixtures: a main window on private settings, cache and journal folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings, tmp_path: Path):  # type: ignore[no-untyped-def]
    from journal.ui.app import first_journal
    from journal.ui.window.main_window import MainWindow

    win = MainWindow(settings, tmp_path / "cache", tmp_path / "default-journal")
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    first_journal(win, settings, None, demo=False)  # no journal yet: the welcome screen
    yield win
    win.close()


def drop_files(widget: QWidget, paths: list[Path], pos: QPointF | None = None) -> QDropEvent:
    """What a file manager does: drag enter, then drop, with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = pos if pos is not None else QPointF(widget.width() / 2, widget.height() / 2)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(
        point.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop


def wait_thumbnails(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.thumbnails.wait_idle()
    qtbot.wait(50)
