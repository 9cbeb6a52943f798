"""Print comparison sheet… / Print timeline…: page options, then preview, print or PDF.

The pictures (aligned, cropped, at most 300 dpi) are prepared in a worker; only the final
drawing of pages happens on the GUI thread, where Qt's printing and preview need it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import CoursePosition
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, Photo, Session
from journal.render.sheet_data import SheetData, complete_charts
from journal.render.sheet_images import Picture, prepare
from journal.render.sheet_painter import (
    DEFAULT_MARGIN_MM,
    locale_page_size,
    page_layout,
    paint,
    picture_size,
    plan,
)
from journal.ui.shared.save_dialog import ask_save_path
from journal.ui.shared.workers import Progress, TaskRunner

Builder = Callable[[int, bool, bool], SheetData]  # (choice in the photos box, ratings, notes) -> data


class SheetDialog(QDialog):
    def __init__(
        self,
        journal: Journal,
        build: Builder,
        title: str,
        pool: QThreadPool,
        pair: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._journal, self._build = journal, build
        self._built: dict[tuple[int, bool, bool], SheetData] = {}
        self._runner = TaskRunner(pool, self)
        self.preview: QPrintPreviewDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        # Qt's preview and print dialogs keep a bare pointer to their printer: it lives here.
        self._printer: QPrinter | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.angles = QComboBox()
        if pair:
            self.angles.addItems([self.tr("This angle"), self.tr("Front, left and right")])
        else:
            self.angles.addItems([self.tr("Front"), self.tr("Left"), self.tr("Right")])
        form.addRow(self.tr("Photos"), self.angles)
        self.page = QComboBox()
        self.page.addItem("A4", "a4")
        self.page.addItem("US Letter", "letter")
        self.page.setCurrentIndex(0 if locale_page_size() == "a4" else 1)
        self.orientation = QComboBox()
        self.orientation.addItems([self.tr("Portrait"), self.tr("Landscape")])
        self.margin = QDoubleSpinBox()
        self.margin.setRange(5, 30)
        self.margin.setValue(DEFAULT_MARGIN_MM)
        self.margin.setSuffix(" mm")
        self.ratings = QCheckBox(self.tr("Self-ratings table"))
        self.ratings.setChecked(True)
        self.notes = QCheckBox(self.tr("Notes (shortened to a few lines)"))
        self.notes.setChecked(True)
        form.addRow(self.tr("Page"), self.page)
        form.addRow(self.tr("Orientation"), self.orientation)
        form.addRow(self.tr("Margins"), self.margin)
        form.addRow(self.ratings)
        form.addRow(self.notes)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.preview_button = QPushButton(self.tr("Print preview…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.preview_button.clicked.connect(lambda: self._with_pictures(self._show_preview))
        self.print_button.clicked.connect(lambda: self._with_pictures(self._show_print_dialog))
        self.pdf_button.clicked.connect(self._ask_pdf)
        layout.addWidget(buttons)

    # ----------------------------------------------------------------- options

    def data(self) -> SheetData:
        """What goes on the sheet with the options chosen now; built once per set of options."""
        options = (self.angles.currentIndex(), self.ratings.isChecked(), self.notes.isChecked())
        if options not in self._built:
            self._built[options] = self._build(*options)
        return self._built[options]

    def page_options(self) -> tuple[str, bool, float]:
        return str(self.page.currentData()), self.orientation.currentIndex() == 1, self.margin.value()

    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size, landscape, margin = self.page_options()
        printer.setPageLayout(page_layout(size, landscape, margin))
        printer.setDocName(self.data().pdf_title)
        return printer

    # ----------------------------------------------------------------- work

    def _busy(self, busy: bool, message: str = "") -> None:
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.status.setText(message)

    def _run(self, work: Callable[[Progress], Any], done: Callable[[Any], None], message: str) -> None:
        def finished(result: Any) -> None:
            self._busy(False)
            done(result)

        self._runner.start(work, done=finished, failed=self._on_work_failed, progress=self._on_work_progress)
        self._busy(True, message)

    def _on_work_progress(self, value: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(value)

    def _on_work_failed(self, error: JournalError) -> None:
        self._busy(False, self.tr("Not done: {e}").format(e=error))

    def _with_pictures(
        self, then: Callable[[QPrinter, SheetData, dict[tuple[int, int], Picture]], None]
    ) -> None:
        printer = self.printer()
        data = self.data()
        size = picture_size(printer, plan(printer, data))
        journal = self._journal

        def work(progress: Progress) -> dict[tuple[int, int], Picture]:
            complete_charts(journal, data)  # measures the sheet's redness chart, if it has one
            return prepare(journal, data.photos, size, progress)

        self._run(
            work,
            lambda pictures: then(printer, data, pictures),
            self.tr("Preparing the photos…"),
        )

    def _show_preview(
        self, printer: QPrinter, data: SheetData, pictures: dict[tuple[int, int], Picture]
    ) -> None:
        self._printer = printer
        self.preview = QPrintPreviewDialog(printer, self)
        self.preview.paintRequested.connect(lambda device: paint(device, data, pictures, plan(device, data)))
        self.preview.open()

    def _show_print_dialog(
        self, printer: QPrinter, data: SheetData, pictures: dict[tuple[int, int], Picture]
    ) -> None:
        self._printer = printer
        self.print_dialog = QPrintDialog(printer, self)
        self.print_dialog.accepted.connect(lambda: self._print(printer, data, pictures))
        # QPrintDialog's binding has only open(receiver, member); QDialog's open() is the one meant.
        QDialog.open(self.print_dialog)

    def _print(self, printer: QPrinter, data: SheetData, pictures: dict[tuple[int, int], Picture]) -> None:
        pages = paint(printer, data, pictures, plan(printer, data))
        self.status.setText(self.tr("Sent {n} page(s) to the printer.").format(n=pages))

    def _ask_pdf(self) -> None:
        name = self.data().pdf_title.replace("Progress Journal — ", "").replace("→", "to").replace(",", "")
        ask_save_path(
            self, self.tr("Save the sheet as PDF"), f"{name}.pdf", ["PDF (*.pdf)"], "pdf", self.save_pdf
        )

    def save_pdf(self, out: Path) -> None:
        from journal.render.sheet_painter import write_pdf

        data = self.data()
        size, landscape, margin = self.page_options()
        journal = self._journal
        self._run(
            lambda progress: write_pdf(data, out, journal, size, landscape, margin, progress),
            lambda pages: self.status.setText(self.tr("Saved {path} ({n} pages).").format(path=out, n=pages)),
            self.tr("Writing the PDF…"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.cancel_all()  # pictures still being prepared are not wanted any more
        super().closeEvent(event)

    def wait(self, msecs: int = 60_000) -> bool:
        return self._runner.wait(msecs / 1000)


def timeline_dialog(journal: Journal, pool: QThreadPool, parent: QWidget) -> SheetDialog:
    """File → Print timeline…: one angle across the sessions (all treatments and the latest check-in)."""
    from journal.render.sheet_data import timeline_sheet

    angles = [Angle.FRONT, Angle.LEFT, Angle.RIGHT]

    def build(choice: int, ratings: bool, notes: bool) -> SheetData:
        return timeline_sheet(journal, angles[choice], ratings=ratings, notes=notes)

    return SheetDialog(journal, build, parent.tr("Print timeline"), pool, pair=False, parent=parent)


def pair_dialog(
    journal: Journal,
    first: Session,
    second: Session,
    angle: Angle,
    chosen: tuple[Photo, Photo],
    positions: Mapping[int, CoursePosition],
    pool: QThreadPool,
    parent: QWidget,
) -> SheetDialog:
    """Compare's "Print sheet…": the pair on screen. Its two photos of `angle` and the sessions'
    positions come from Compare; the other angles are looked up only when asked for."""
    from journal.render.sheet_data import pair_sheet_of

    def build(choice: int, ratings: bool, notes: bool) -> SheetData:
        if choice == 0:  # this angle
            return pair_sheet_of(journal, first, second, angle, ratings, notes, {angle: chosen}, positions)
        return pair_sheet_of(journal, first, second, None, ratings, notes, {angle: chosen}, positions)

    return SheetDialog(journal, build, parent.tr("Print comparison sheet"), pool, pair=True, parent=parent)
