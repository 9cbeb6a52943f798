"""Unexpected exceptions: a dialog with the traceback and where the log is. Never swallowed.

The hook is installed first thing at start-up; the log file and the dialog's widgets are only
set up when an error actually happens, so they cost nothing on a normal start.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("progress_journal")


def setup_logging(folder: Path) -> Path | None:
    from journal.core.fsutil import make_private_dir

    path = folder / "progress-journal.log"
    if any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        return path
    try:
        make_private_dir(folder)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def install_crash_handler(log_folder: Path | Callable[[], Path]) -> None:
    """Every unexpected exception goes to stderr, the log and a crash dialog on the GUI thread:
    those raised on the GUI thread (`sys.excepthook`) and those that end a plain Python thread
    (`threading.excepthook`: the camera's grabber and analysis, encoders' helpers), which are
    written down at once and shown once the GUI thread gets to it. Call on the GUI thread."""
    # The open dialog is kept here: a parentless dialog with no Python reference would be
    # deleted as soon as this handler returns.
    showing: dict[str, object] = {"now": False, "dialog": None}

    def record(text: str) -> Path | None:
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text)
        folder = log_folder() if callable(log_folder) else log_folder
        log_path = setup_logging(folder)
        log.error("unexpected error at %s\n%s", dt.datetime.now().isoformat(timespec="seconds"), text)
        return log_path

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log_path = record(text)
        from journal.core.errors import JournalError

        if isinstance(value, JournalError):
            tell(value)  # a known failure no caller caught (a damaged row): its words, no traceback
        else:
            show(text, log_path)

    def tell(error: BaseException) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None or showing["now"]:
            return
        showing["now"] = True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QApplication.translate("crash", "Progress Journal"),
            QApplication.translate("crash", "This could not be done: {error}.").format(error=error),
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        box.finished.connect(lambda _r: showing.update(now=False, dialog=None))
        showing["dialog"] = box
        box.open()

    def show(text: str, log_path: Path | None) -> None:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None or showing["now"]:
            return
        showing["now"] = True
        try:
            from journal.ui.shared.crash_dialog import CrashDialog

            dialog = CrashDialog(text, log_path, QApplication.activeWindow())
            dialog.finished.connect(lambda _r: showing.update(now=False, dialog=None))
            showing["dialog"] = dialog
            dialog.open()
        except Exception:
            # The crash dialog itself failed. The original error is in the log and on stderr;
            # this one goes to the log too, and is not raised again (that would loop).
            showing["now"] = False
            log.exception("the crash dialog could not be shown")

    sys.excepthook = handle
    relay = _Relay(show)  # made here, on the GUI thread: what it is sent is shown there

    def handle_thread(args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return  # a thread that asked to end, as the default hook sees it
        name = args.thread.name if args.thread is not None else "a thread"
        text = f"In the thread {name}:\n" + "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        log_path = record(text)  # at once: the GUI thread may be busy, or gone
        if threading.current_thread() is threading.main_thread():
            show(text, log_path)
        else:
            relay.raised.emit(text, log_path)  # queued to the GUI thread

    threading.excepthook = handle_thread


class _Relay(QObject):
    """Carries a thread's crash report to the GUI thread: its signal, emitted on another
    thread, is queued to this object's thread, where the slot shows the dialog."""

    raised = Signal(str, object)  # traceback text, the log file (Path or None)

    def __init__(self, show: Callable[[str, Path | None], None]) -> None:
        super().__init__()
        self._show = show
        self.raised.connect(self._on_self_raised)

    @Slot(str, object)
    def _on_self_raised(self, text: str, log_path: Path | None) -> None:
        self._show(text, log_path)
