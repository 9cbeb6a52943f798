"""File → Print progress charts…: the chart sheet (journal/render/chart_sheet.py, the same
pages as `progress-journal chart`) previewed, printed, or saved as PDF, SVG or PNG.

Measuring the redness reads every photo of the chosen angles, so the sheet is built in a
worker, with progress and Cancel; only the drawing of pages for the preview and the printer
happens on the GUI thread, where Qt's printing needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.text import plural
from journal.render.chart_painter import LIGHT, PRINT, ChartPalette
from journal.render.chart_sheet import ChartSheet, chart_sheet, paint_sheet, write_sheet
from journal.render.sheet_painter import locale_page_size, page_layout
from journal.ui.shared.printing import print_pages
from journal.ui.shared.save_dialog import ask_save_path
from journal.ui.shared.workers import Progress, Task, TaskRunner

ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)
FILE_FILTERS = ["PDF (*.pdf)", "SVG picture (*.svg)", "PNG picture (*.png)"]


class ChartSheetDialog(QDialog):
    def __init__(self, journal: Journal, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print progress charts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._journal = journal
        self._runner = TaskRunner(pool, self)
        self._task: Task[object] | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self._printer: QPrinter | None = None  # Qt's dialogs keep a bare pointer to it
        self.sheet: ChartSheet | None = None  # the last sheet built (tests, a second action)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Your self-ratings over time and, for each angle with redness regions, the redness "
                "measured from the photos, drawn as on screen (vector graphics)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.angle_boxes: dict[Angle, QCheckBox] = {}
        row = QHBoxLayout()
        try:
            regions = journal.redness_regions()
        except JournalError:
            regions = None
        for angle in ANGLES:
            box = QCheckBox(angle.value.capitalize())
            ready = regions is not None and regions.of(angle).complete
            box.setChecked(ready)
            box.setEnabled(ready)
            if not ready:
                box.setToolTip(self.tr("No redness regions set for the {a} photos").format(a=angle.value))
            self.angle_boxes[angle] = box
            row.addWidget(box)
        row.addStretch(1)
        form.addRow(self.tr("Redness of"), row)
        self.page = QComboBox()
        self.page.addItem("A4", "a4")
        self.page.addItem("US Letter", "letter")
        self.page.setCurrentIndex(0 if locale_page_size() == "a4" else 1)
        form.addRow(self.tr("Page"), self.page)
        self.orientation = QComboBox()
        self.orientation.addItems([self.tr("Portrait"), self.tr("Landscape")])
        form.addRow(self.tr("Orientation"), self.orientation)
        self.colours = QComboBox()
        self.colours.addItems([self.tr("Colour"), self.tr("Black and white (lines told apart by style)")])
        form.addRow(self.tr("Colours"), self.colours)
        layout.addLayout(form)

        busy = QHBoxLayout()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        layout.addLayout(busy)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.preview_button = QPushButton(self.tr("Print preview…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF, SVG or PNG…"))
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.preview_button.clicked.connect(lambda: self._with_sheet(self._show_preview))
        self.print_button.clicked.connect(lambda: self._with_sheet(self._show_print_dialog))
        self.save_button.clicked.connect(self._ask_file)
        layout.addWidget(buttons)
        self._busy(False)

    # ----------------------------------------------------------------- options

    def angles(self) -> list[Angle]:
        return [a for a, box in self.angle_boxes.items() if box.isChecked() and box.isEnabled()]

    def palette_choice(self, for_file: bool = False) -> ChartPalette:
        """Colour on white paper (no background: the paper is it), or black and white."""
        if self.colours.currentIndex() == 1:
            return PRINT
        return LIGHT if for_file else replace(LIGHT, background=None)

    def page_options(self) -> tuple[str, bool]:
        return str(self.page.currentData()), self.orientation.currentIndex() == 1

    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size, landscape = self.page_options()
        printer.setPageLayout(page_layout(size, landscape))
        return printer

    # ----------------------------------------------------------------- work

    def _busy(self, busy: bool, message: str = "") -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.status.setText(message)

    def _start(
        self, work: Callable[[Progress], object], done: Callable[[object], None], message: str
    ) -> None:
        def finished(result: object) -> None:
            self._task = None
            self._busy(False)
            done(result)

        self._task = self._runner.start(
            work,
            done=finished,
            failed=self._on_work_failed,
            cancelled=self._on_work_cancelled,
            progress=self._on_work_progress,
            known=(JournalError, OSError),
        )
        self._busy(True, message)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_work_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(self.tr("Measuring the redness: photo {d} of {t}…").format(d=done, t=total))

    def _on_work_failed(self, error: JournalError) -> None:
        self._task = None
        self._busy(False, self.tr("Not done: {e}").format(e=error))

    def _on_work_cancelled(self) -> None:
        self._task = None
        self._busy(False, self.tr("Stopped; nothing was printed or saved."))

    def _with_sheet(self, then: Callable[[ChartSheet], None]) -> None:
        journal, angles = self._journal, self.angles()

        def work(progress: Progress) -> ChartSheet:
            return chart_sheet(journal, angles, progress)

        def built(sheet: object) -> None:
            assert isinstance(sheet, ChartSheet)
            self.sheet = sheet
            then(sheet)

        self._start(work, built, self.tr("Preparing the charts…"))

    def _show_preview(self, sheet: ChartSheet) -> None:
        printer = self._printer = self.printer()
        printer.setDocName(sheet.pdf_title)
        palette = self.palette_choice()
        self.preview = QPrintPreviewDialog(printer, self)
        self.preview.paintRequested.connect(lambda device: paint_sheet(device, sheet, palette))
        screen = self.screen().availableGeometry()
        self.preview.resize(min(1100, round(screen.width() * 0.8)), round(screen.height() * 0.9))
        self.preview.open()

    def _show_print_dialog(self, sheet: ChartSheet) -> None:
        printer = self._printer = self.printer()
        printer.setDocName(sheet.pdf_title)
        self.print_dialog = QPrintDialog(printer, self)
        self.print_dialog.accepted.connect(lambda: self._print(printer, sheet))
        QDialog.open(self.print_dialog)  # QPrintDialog's own open() takes a receiver

    def _print(self, printer: QPrinter, sheet: ChartSheet) -> None:
        palette = self.palette_choice()
        self.status.setText(print_pages(printer, lambda device: paint_sheet(device, sheet, palette)))

    def _ask_file(self) -> None:
        ask_save_path(
            self, self.tr("Save the progress charts"), "progress charts.pdf", FILE_FILTERS, "pdf", self.save
        )

    def save(self, out: Path) -> None:
        """Measure and write the sheet to `out` (.pdf, .svg or .png) in a worker."""
        journal, angles = self._journal, self.angles()
        size, landscape = self.page_options()
        palette = self.palette_choice(for_file=out.suffix.lower() != ".pdf")

        def work(progress: Progress) -> int:
            from journal.core.fsutil import refuse_inside_journal

            refuse_inside_journal(out, "a chart")  # before measuring, not after
            sheet = chart_sheet(journal, angles, progress)
            try:
                return write_sheet(sheet, out, size, landscape, palette)
            except ValueError as exc:  # not .pdf, .svg or .png
                raise JournalError(str(exc)) from exc

        self._start(
            work,
            lambda pages: self.status.setText(
                self.tr("Saved {path} ({pages}).").format(path=out, pages=plural(int(pages), "page"))  # type: ignore[call-overload]
            ),
            self.tr("Preparing the charts…"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.cancel_all()
        super().closeEvent(event)

    def wait(self, seconds: float = 60.0) -> bool:
        return self._runner.wait(seconds)
