"""Printing a sheet: draw it on the printer the print dialog set up, and say plainly what came of it.

With no printer set up, Qt's printer is a PDF writer with no file to write (or only a folder):
nothing would come out, and the painter would not even start. That is said before trying; a
printer that refuses the job, or a file that cannot be written (render.output.NotPainted), is
said the same way. Only pages that went somewhere are counted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from journal.core.errors import shown
from journal.render.output import NotPainted


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("printing", text, None, n)


def cannot_print(printer: QPrinter) -> str:
    """Why `printer` cannot take a job, as far as is known before trying ("" when it can)."""
    if printer.outputFormat() is not QPrinter.OutputFormat.PdfFormat:
        return ""
    name = printer.outputFileName()
    if name and not Path(name).is_dir():
        from journal.core.errors import JournalError
        from journal.core.fsutil import refuse_inside_journal

        try:  # Print to File named journal.sqlite3 in the journal folder would destroy it
            refuse_inside_journal(Path(name), "a printed file")
        except JournalError as exc:
            return str(exc) + "."
        return ""
    if not QPrinterInfo.availablePrinterNames():
        return _tr("no printer is set up on this computer. Save the sheet as PDF to print it elsewhere.")
    return _tr("no printer or file was chosen.")


def print_pages(printer: QPrinter, paint: Callable[[QPrinter], int]) -> str:
    """Draw on `printer` with `paint` (which returns the page count); what to tell the user."""
    why = cannot_print(printer)
    if not why:
        try:
            pages = paint(printer)
        except NotPainted as exc:
            if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
                why = _tr("{file} could not be written.").format(file=shown(printer.outputFileName()))
            else:
                why = str(exc).rstrip(".") + "."
        else:
            if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:  # "Print to file"
                return _tr("Printed %n page(s) to {file}.", pages).format(
                    file=shown(printer.outputFileName())
                )
            return _tr("Sent %n page(s) to the printer.", pages)
    return _tr("Nothing was printed: {why}").format(why=why)
