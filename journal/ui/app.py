"""Starting the GUI: the application object, the crash handler, settings, and the first journal.

Start-up has two phases, so the window appears at once whatever the size of the journal:
the frame (MainWindow: menu titles, status bar, "Opening your journal…") is shown first;
right after its first paint the journal starts opening in a worker, and meanwhile
journal.ui.window.factory builds the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from journal import APP_ID, APP_NAME, __version__
from journal.milestones import enabled as milestones_enabled
from journal.milestones import milestone
from journal.paths import cache_root, default_journal_folder, log_folder
from journal.ui.shared.crash import install_crash_handler
from journal.ui.shared.icons import app_icon
from journal.ui.shared.settings import Settings
from journal.ui.window import MainWindow

if TYPE_CHECKING:
    from journal.ui.window import WindowParts
    from journal.ui.window.opening import JournalOpener

__all__ = ["app_icon", "first_journal", "make_application", "run_app", "start_window"]


def make_application(argv: list[str] | None = None) -> QApplication:
    from journal.ui.shared.plurals import install_plurals

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        install_plurals(existing)
        return existing
    # HiDPI: Qt 6 scales by the screen's factor, with pass-through rounding, by default.
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    install_plurals(app)
    return app


def first_journal(parts: WindowParts, settings: Settings, journal_folder: Path | None, demo: bool) -> None:
    """--demo, else --journal, else the last journal, else the default one if it exists, else welcome."""
    if not open_first_journal(parts.opener, settings, journal_folder, demo):
        parts.workspace.set_journal(None)


def open_first_journal(
    opener: JournalOpener, settings: Settings, journal_folder: Path | None, demo: bool
) -> bool:
    """Start opening the journal `first_journal` would show (in a worker); False when there is
    none to open (the welcome screen, then)."""
    from journal.core.journal import is_journal

    if demo:
        opener.open_demo()
        return True
    if journal_folder is not None:
        opener.open(journal_folder)
        return True
    last = settings.last_journal
    candidates = [last] if last is not None else []
    candidates.append(default_journal_folder())
    for folder in candidates:
        if is_journal(folder):
            opener.open(folder)
            return True
    if last is not None:
        # The last journal is gone (moved, unplugged drive): say so rather than silently forgetting it.
        opener.open(last)
        return True
    return False


class _AfterFirstPaint(QObject):
    """Runs `then` once the window has painted for the first time (the start-up shell)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            milestone("window painted")
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def start_window(
    settings: Settings,
    journal_folder: Path | None = None,
    demo: bool = False,
    background: bool = False,
    ready: Callable[[WindowParts], None] | None = None,
) -> MainWindow:
    """Show the window's frame at once; build the rest and open the journal after the first
    paint. `ready` is called with the window's parts as soon as they exist.

    `background` (start at login): no window, only the tray icon, which notifies when something
    is due. Without a tray the window opens when something is due, and nothing at all happens
    otherwise (there would be nowhere to show a reminder).
    """
    window = MainWindow(settings)

    def build(opener: JournalOpener | None = None) -> WindowParts:
        from journal.ui.window import build_parts

        QApplication.setWindowIcon(app_icon())
        parts = build_parts(window, settings, cache_root(), default_journal_folder(), opener)
        if milestones_enabled():
            from journal.ui.window.milestones import watch

            watch(parts)
        if ready is not None:
            ready(parts)
        return parts

    if background:
        window.setWindowIcon(app_icon())
        parts = build()
        _remind_from_the_background(parts)
        first_journal(parts, settings, journal_folder, demo=False)
        return window

    def finish() -> None:
        # The journal starts opening (in a worker) before the rest of the window's modules
        # load and its parts are made, so the two overlap.
        from journal.ui.window.opening import make_opener

        opener = make_opener(window, cache_root())
        opening = open_first_journal(opener, settings, journal_folder, demo)
        parts = build(opener)
        if not opening:
            parts.workspace.set_journal(None)

    _AfterFirstPaint(window, finish)
    window.show()
    return window


def _remind_from_the_background(parts: WindowParts) -> None:
    """Once the journal is open (or could not be): stay in the tray, show the window because
    something is due, or quit."""
    settled = False

    def settle(*_args: object) -> None:
        nonlocal settled
        if settled:
            return
        settled = True
        if parts.reminders.has_tray:
            QApplication.instance().setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
        elif parts.reminders.upcoming():
            parts.frame.show()
        else:
            QTimer.singleShot(0, QApplication.quit)

    parts.opener.opened.connect(settle)
    parts.opener.failed.connect(settle)


def quit_on_termination(app: QApplication, quit_window: Callable[[], None]) -> None:
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
        quit_window()
        app.quit()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    _kept_alive.extend((receiver, sender, notifier))


_kept_alive: list[object] = []  # the wakeup socket pair and its notifier live as long as the process


def collect_garbage_after_start(after_ms: int = 3000) -> None:
    """Start-up makes tens of thousands of objects (modules, classes, Qt enums, the timeline's
    rows) and frees almost none: the collector would walk them again and again (about 10 ms
    before the timeline shows). It is off until the start is over; then what the start made
    is set aside (gc.freeze) so later collections do not walk it either."""
    import gc

    gc.disable()

    def collect_again() -> None:
        gc.freeze()
        gc.enable()

    QTimer.singleShot(after_ms, collect_again)


def run_app(journal_folder: Path | None = None, demo: bool = False, background: bool = False) -> int:
    app = make_application()
    collect_garbage_after_start()
    install_crash_handler(log_folder)
    settings = Settings(QSettings(APP_ID, APP_NAME))
    built: list[WindowParts] = []
    window = start_window(settings, journal_folder, demo, background, ready=built.append)
    frames = [window]

    def quit_window() -> None:
        if built:
            built[0].workspace.closer.quit_for_real()  # even when closing would only hide it in the tray
        elif frames:
            frames[0].close()  # a signal before the rest of the window was built

    quit_on_termination(app, quit_window)
    exit_code = int(app.exec())
    built.clear()  # the window goes before the application object does
    frames.clear()
    del window
    return exit_code
