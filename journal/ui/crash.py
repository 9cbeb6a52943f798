"""Unexpected exceptions: a dialog with the traceback and where the log is. Never swallowed."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal.core.fsutil import make_private_dir

log = logging.getLogger("progress_journal")


class CrashDialog(QDialog):
    def __init__(self, text: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Progress Journal: something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        where = (
            self.tr("The details were written to {path}.").format(path=log_path)
            if log_path
            else self.tr("The details could not be written to the log.")
        )
        message = QLabel(
            self.tr(
                "An unexpected error happened. Your journal is safe: every change was saved as you made it.\n"
                "{where} Please include them if you report this."
            ).format(where=where)
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


def setup_logging(folder: Path) -> Path | None:
    try:
        make_private_dir(folder)
        path = folder / "progress-journal.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def install_crash_handler(log_folder: Path) -> None:
    log_path = setup_logging(log_folder)
    # The open dialog is kept here: a parentless dialog with no Python reference would be
    # deleted as soon as this handler returns.
    showing: dict[str, object] = {"now": False, "dialog": None}

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        log.error("unexpected error at %s\n%s", stamp, text)
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text)
        app = QApplication.instance()
        if app is None or showing["now"]:
            return
        showing["now"] = True
        try:
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
