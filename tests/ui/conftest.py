"""pytest-qt fixtures: a main window on private settings, cache and journal folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from journal.ui.shared.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """The raw store under the app's Settings (tests read its keys: they must not change)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def app_settings(settings: QSettings) -> Settings:
    return Settings(settings)


def make_window(qtbot, app_settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A window built as the app builds it (frame, then its parts), shown, with no journal yet."""
    from journal.ui.window import MainWindow, build_parts

    frame = MainWindow(app_settings)
    qtbot.addWidget(frame)
    frame.show()
    return build_parts(frame, app_settings, tmp_path / "cache", tmp_path / "default-journal")


@pytest.fixture
def window(qtbot, app_settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The parts of a main window (journal.ui.window.WindowParts) showing the welcome screen."""
    from journal.ui.app import first_journal

    parts = make_window(qtbot, app_settings, tmp_path)
    parts.frame.resize(1280, 820)
    first_journal(parts, app_settings, None, demo=False)  # no journal yet: the welcome screen
    yield parts
    parts.frame.close()


def wait_opened(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Opening runs in a worker: wait until it is over (the journal shown, or a dialog up)."""
    qtbot.waitUntil(lambda: not window.opener.busy, timeout=30_000)


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
    qtbot.waitUntil(window.thumbnails.idle, timeout=10_000)
