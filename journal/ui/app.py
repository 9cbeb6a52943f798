"""Starting the GUI: the application object, crash handler, settings, and the first journal."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from journal import APP_ID, APP_NAME, __version__
from journal.core.journal import is_journal
from journal.paths import cache_root, default_journal_folder, log_folder
from journal.ui.crash import install_crash_handler
from journal.ui.main_window import MainWindow


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources.files("journal.icons")
    for name in ("progress-journal.svg", "progress-journal-256.png", "progress-journal-64.png"):
        entry = folder.joinpath(name)
        if entry.is_file():
            with resources.as_file(entry) as path:
                icon.addFile(str(path))
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def first_journal(window: MainWindow, settings: QSettings, journal_folder: Path | None, demo: bool) -> None:
    """--demo, else --journal, else the last journal, else the default one if it exists, else welcome."""
    if demo:
        window.opener.open_demo()
        return
    if journal_folder is not None:
        window.opener.open(journal_folder)
        return
    last = settings.value("journal/last")
    candidates = [Path(str(last))] if last else []
    candidates.append(default_journal_folder())
    for folder in candidates:
        if is_journal(folder):
            window.opener.open(folder)
            return
    if last:
        # The last journal is gone (moved, unplugged drive): say so rather than silently forgetting it.
        window.opener.open(Path(str(last)))
        return
    window.set_journal(None)


def run_app(journal_folder: Path | None = None, demo: bool = False, background: bool = False) -> int:
    app = make_application()
    install_crash_handler(log_folder())
    settings = QSettings(APP_ID, APP_NAME)
    window = MainWindow(settings, cache_root(), default_journal_folder())
    window.show()
    first_journal(window, settings, journal_folder, demo)
    return int(app.exec())
