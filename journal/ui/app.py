"""Starting the GUI: the application object, crash handler, settings, and the first journal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from journal import APP_ID, APP_NAME, __version__
from journal.paths import cache_root, default_journal_folder, log_folder
from journal.ui.shared.crash import install_crash_handler

if TYPE_CHECKING:
    from journal.ui.window.main_window import MainWindow


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
    # HiDPI: Qt 6 scales by the screen's factor, with pass-through rounding, by default.
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    return app


def first_journal(window: MainWindow, settings: QSettings, journal_folder: Path | None, demo: bool) -> None:
    """--demo, else --journal, else the last journal, else the default one if it exists, else welcome."""
    from journal.core.journal import is_journal

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


class _AfterFirstPaint(QObject):
    """Runs `then` once the window has painted for the first time (the start-up shell)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def start_window(
    settings: QSettings, journal_folder: Path | None = None, demo: bool = False, background: bool = False
) -> MainWindow:
    """Show the window shell at once, then build the rest and open the journal after the first
    paint, so a large journal never delays the window's appearance.

    `background` (start at login): no window, only the tray icon, which notifies when something
    is due. Without a tray the window opens when something is due, and nothing at all happens
    otherwise (there would be nowhere to show a reminder).
    """
    from journal.ui.window.main_window import MainWindow

    window = MainWindow(settings, None, None, deferred=True)
    if background:
        QApplication.setWindowIcon(app_icon())
        window.setWindowIcon(app_icon())
        window.finish_setup(cache_root(), default_journal_folder())
        first_journal(window, settings, journal_folder, demo=False)
        if window.reminders.has_tray:
            QApplication.instance().setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
        elif window.reminders.upcoming():
            window.show()
        else:
            QTimer.singleShot(0, QApplication.quit)
        return window

    def finish() -> None:
        QApplication.setWindowIcon(app_icon())
        window.finish_setup(cache_root(), default_journal_folder())
        first_journal(window, settings, journal_folder, demo)

    _AfterFirstPaint(window, finish)
    window.show()
    return window


def quit_on_termination(app: QApplication, window: MainWindow) -> None:
    """SIGTERM (logout, shutdown, `kill`) and SIGINT (Ctrl+C) quit as File → Quit does: the
    field being typed is saved, the journal closed and a demo's temporary folder removed.

    Python runs signal handlers only between bytecodes, and Qt's event loop runs none while it
    waits; the wakeup socket makes the loop call into Python when a signal arrives.
    """
    if sys.platform == "win32":
        return
    import signal
    import socket

    receiver, sender = socket.socketpair()
    receiver.setblocking(False)
    sender.setblocking(False)
    signal.set_wakeup_fd(sender.fileno())
    notifier = QSocketNotifier(receiver.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: receiver.recv(64))

    def on_signal(_signum: int, _frame: object) -> None:
        window.quit_for_real()
        app.quit()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    _kept_alive.extend((receiver, sender, notifier))


_kept_alive: list[object] = []  # the wakeup socket pair and its notifier live as long as the process


def run_app(journal_folder: Path | None = None, demo: bool = False, background: bool = False) -> int:
    app = make_application()
    install_crash_handler(log_folder)
    settings = QSettings(APP_ID, APP_NAME)
    window = start_window(settings, journal_folder, demo, background)
    quit_on_termination(app, window)
    exit_code = int(app.exec())
    del window
    return exit_code
