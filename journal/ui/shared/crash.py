"""Unexpected exceptions: a dialog with the traceback and where the log is. Never swallowed.

The hook is installed first thing at start-up; the log file and the dialog's widgets are only
set up when an error actually happens, so they cost nothing on a normal start.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

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
    # The open dialog is kept here: a parentless dialog with no Python reference would be
    # deleted as soon as this handler returns.
    showing: dict[str, object] = {"now": False, "dialog": None}

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text)
        folder = log_folder() if callable(log_folder) else log_folder
        log_path = setup_logging(folder)
        log.error("unexpected error at %s\n%s", dt.datetime.now().isoformat(timespec="seconds"), text)
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
