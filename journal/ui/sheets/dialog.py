"""Print comparison sheet… / Print timeline…: page options, then preview, print or PDF.

What goes on the sheet is built in a worker as soon as the options change (a pair's lighting
note reads the photos' previews), and what the sheet had to change from what was asked (a
pair shown the other way round, angles left out) is said in the dialog before anything is
printed. The pictures (aligned, cropped, at most 300 dpi) are prepared in a worker too; only
the final drawing of pages happens on the GUI thread, where Qt's printing and preview need it.
A sheet that cannot be made (no photo of that angle yet) is said in the dialog, with the
buttons that cannot work disabled; it never reaches the crash dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import CoursePosition, course_positions
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
from journal.ui.shared.printing import print_pages
from journal.ui.shared.save_dialog import ask_save_path
from journal.ui.shared.wording import sentence
from journal.ui.shared.workers import Progress, Task, TaskRunner
from journal.ui.sheets.picker import SessionPicker

BUILD_AFTER_MS = 150  # options changed: build once they stop changing (ticking several sessions)
TIMELINE_ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)


@dataclass(frozen=True)
class SheetOptions:
    """What the user chose that changes what goes on the sheet."""

    angle: int  # the choice in the Photos box
    ratings: bool
    notes: bool
    sessions: tuple[int, ...] | None = None  # a timeline's sessions; None: the suggested ones


Builder = Callable[[SheetOptions], SheetData]  # runs in a worker thread
Pictures = dict[tuple[int, int], Picture]


def said(notice: str) -> str:
    """A sheet's notice (a line for whoever asked, as the command line prints it) as the
    dialog says it: "left out: right: no right photo on …" → "Left out: right (no right photo on …)."."""
    head, _, rest = notice.partition(": ")
    if head == "swapped" and rest:
        return sentence(f"Before and after were swapped: {rest}")
    if head == "left out" and ": " in rest:
        what, _, why = rest.partition(": ")
        return sentence(f"Left out: {what} ({why})")
    return sentence(notice)


class SheetDialog(QDialog):
    """Signals:
    sheetReady(object): the SheetData for the options shown, built (or None: it cannot be made).
    """

    sheetReady = Signal(object)

    def __init__(
        self,
        journal: Journal,
        build: Builder,
        title: str,
        pool: QThreadPool,
        angle_names: list[str],
        parent: QWidget | None = None,
        timeline: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._journal, self._build = journal, build
        self._built: dict[SheetOptions, SheetData] = {}
        self._refused: dict[SheetOptions, str] = {}
        self._building: dict[SheetOptions, list[Callable[[SheetData], None]]] = {}
        self._runner = TaskRunner(pool, self)
        self._work: Task[Any] | None = None
        self.preview: QPrintPreviewDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        # Qt's preview and print dialogs keep a bare pointer to their printer: it lives here.
        self._printer: QPrinter | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(BUILD_AFTER_MS)
        self._build_timer.timeout.connect(self._on_build_timer_timeout)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.angles = QComboBox()
        self.angles.addItems(angle_names)
        form.addRow(self.tr("Photos"), self.angles)
        self.picker: SessionPicker | None = None
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
        if timeline:  # the sessions beside the options: a dialog that fits a small or HiDPI screen
            self.picker = SessionPicker()
            self.picker.setMinimumWidth(320)
            columns = QHBoxLayout()
            columns.addLayout(form)
            sessions = QGroupBox(self.tr("Sessions"))
            QVBoxLayout(sessions).addWidget(self.picker)
            columns.addWidget(sessions, 1)
            layout.addLayout(columns)
        else:
            layout.addLayout(form)
        self.problem = QLabel()  # why the sheet cannot be made as chosen
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.notices = QLabel()  # what the sheet changed from what was asked
        self.notices.setWordWrap(True)
        self.notices.setStyleSheet("background: palette(alternate-base); border-radius: 4px; padding: 6px;")
        self.notices.setTextFormat(Qt.TextFormat.PlainText)
        self.notices.hide()
        layout.addWidget(self.notices)
        working = QHBoxLayout()
        self.progress = QProgressBar()
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop preparing the sheet"))
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        working.addWidget(self.progress, 1)
        working.addWidget(self.stop_button)
        layout.addLayout(working)
        self.status = QLabel()
        self.status.setWordWrap(True)
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
        self._show_working(False)

        self.angles.currentIndexChanged.connect(self._on_options_changed)
        for box in (self.ratings, self.notes):
            box.toggled.connect(self._on_options_changed)
        if self.picker is not None:
            self.picker.changed.connect(self._on_options_changed)

    # ----------------------------------------------------------------- options

    def options(self) -> SheetOptions:
        sessions = None
        if self.picker is not None and not self.picker.is_default():
            sessions = tuple(self.picker.chosen())
        return SheetOptions(
            self.angles.currentIndex(), self.ratings.isChecked(), self.notes.isChecked(), sessions
        )

    def page_options(self) -> tuple[str, bool, float]:
        return str(self.page.currentData()), self.orientation.currentIndex() == 1, self.margin.value()

    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        size, landscape, margin = self.page_options()
        printer.setPageLayout(page_layout(size, landscape, margin))
        sheet = self.sheet()
        if sheet is not None:
            printer.setDocName(sheet.pdf_title)
        return printer

    def sheet(self) -> SheetData | None:
        """What goes on the sheet with the options shown now, once it is built (else None)."""
        return self._built.get(self.options())

    def cannot(self) -> str:
        """Why the sheet cannot be made with the options shown now ("" when it can, as far as known)."""
        if self.picker is not None and self.picker.count() == 0:
            return self._no_sessions_text()
        if self.picker is not None and not self.picker.chosen():
            return self.tr("Tick at least one session to put on the sheet.")
        return self._refused.get(self.options(), "")

    def _no_sessions_text(self) -> str:
        angle = TIMELINE_ANGLES[self.angles.currentIndex()].value
        return self.tr("No session has a {angle} photo yet: add {angle} photos to a session first.").format(
            angle=angle
        )

    def _on_options_changed(self) -> None:
        self._show_notices(self.sheet())
        self._update_buttons()
        self._build_timer.start()

    def _on_build_timer_timeout(self) -> None:
        self.build_now()

    def build_now(self) -> None:
        """Build the sheet for the options shown (at once, not after the pause for more ticks)."""
        self._build_timer.stop()
        self._when_built(lambda _data: None)

    # ----------------------------------------------------------------- building

    def _when_built(self, then: Callable[[SheetData], None]) -> None:
        """Call `then` with the sheet for the options shown, building it first if need be."""
        options = self.options()
        if self.cannot():
            self._update_buttons()
            self.sheetReady.emit(None)
            return
        if options in self._built:
            then(self._built[options])
            return
        if options in self._building:
            self._building[options].append(then)
            return
        self._building[options] = [then]
        build = self._build
        self._update_buttons()
        self.status.setText(self.tr("Getting the sheet ready…"))
        self._runner.start(
            lambda _progress: build(options),
            done=lambda data: self._on_built(options, data),
            failed=lambda error: self._on_not_built(options, error),
            cancelled=lambda: self._on_build_cancelled(options),
        )

    def _on_build_cancelled(self, options: SheetOptions) -> None:
        self._building.pop(options, None)

    def _on_built(self, options: SheetOptions, data: SheetData) -> None:
        self._built[options] = data
        waiting = self._building.pop(options, [])
        if options != self.options():
            return  # the options changed meanwhile: this sheet is kept for when they come back
        self.status.clear()
        self._show_notices(data)
        self._update_buttons()
        self.sheetReady.emit(data)
        for then in waiting:
            then(data)

    def _on_not_built(self, options: SheetOptions, error: JournalError) -> None:
        self._refused[options] = sentence(str(error))
        self._building.pop(options, None)
        if options == self.options():
            self.status.clear()
            self._show_notices(None)
            self._update_buttons()
            self.sheetReady.emit(None)

    def _show_notices(self, data: SheetData | None) -> None:
        rule = self.picker.rule if self.picker is not None else ""  # the picker says it already
        notices = data.notices if data is not None else []
        lines = [said(n) for n in notices if not (rule and rule in n)]
        self.notices.setText("\n".join(lines))
        self.notices.setVisible(bool(lines))

    def _update_buttons(self) -> None:
        """The output buttons work when the sheet can be made and nothing is under way; when
        it cannot, they say why (and so does the dialog)."""
        reason = self.cannot()
        busy = self._work is not None
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(not reason and not busy)
            button.setToolTip(reason)
        self.problem.setText(reason)
        self.problem.setVisible(bool(reason))

    # ----------------------------------------------------------------- work

    def _show_working(self, busy: bool, message: str = "") -> None:
        self.progress.setVisible(busy)
        self.stop_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.status.setText(message)

    def _run(self, work: Callable[[Progress], Any], done: Callable[[Any], None], message: str) -> None:
        def finished(result: Any) -> None:
            self._work = None
            self._show_working(False)
            self._update_buttons()
            done(result)

        def stopped() -> None:
            self._work = None
            self._show_working(False, self.tr("Stopped."))
            self._update_buttons()

        self._work = self._runner.start(
            work,
            done=finished,
            failed=self._on_work_failed,
            cancelled=stopped,
            progress=self._on_work_progress,
        )
        self._show_working(True, message)
        self._update_buttons()

    def _on_stop_button_clicked(self) -> None:
        if self._work is not None:
            self._work.cancel()

    def _on_work_progress(self, value: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(value)

    def _on_work_failed(self, error: JournalError) -> None:
        self._work = None
        self._show_working(False, self.tr("Not done: {reason}").format(reason=sentence(str(error))))
        self._update_buttons()

    def _with_pictures(self, then: Callable[[QPrinter, SheetData, Pictures], None]) -> None:
        def built(data: SheetData) -> None:
            printer = self.printer()
            printer.setDocName(data.pdf_title)
            size = picture_size(printer, plan(printer, data))
            journal = self._journal

            def work(progress: Progress) -> Pictures:
                complete_charts(journal, data)  # measures the sheet's redness chart, if it has one
                return prepare(journal, data.photos, size, progress)

            self._run(work, lambda pictures: then(printer, data, pictures), self.tr("Preparing the photos…"))

        self._when_built(built)

    def _show_preview(self, printer: QPrinter, data: SheetData, pictures: Pictures) -> None:
        self._printer = printer
        self.preview = QPrintPreviewDialog(printer, self)
        self.preview.paintRequested.connect(lambda device: paint(device, data, pictures, plan(device, data)))
        self.preview.open()

    def _show_print_dialog(self, printer: QPrinter, data: SheetData, pictures: Pictures) -> None:
        self._printer = printer
        self.print_dialog = QPrintDialog(printer, self)
        self.print_dialog.accepted.connect(lambda: self._print(printer, data, pictures))
        # QPrintDialog's binding has only open(receiver, member); QDialog's open() is the one meant.
        QDialog.open(self.print_dialog)

    def _print(self, printer: QPrinter, data: SheetData, pictures: Pictures) -> None:
        self.status.setText(
            print_pages(printer, lambda device: paint(device, data, pictures, plan(device, data)))
        )

    def _ask_pdf(self) -> None:
        def built(data: SheetData) -> None:
            what = data.pdf_title.replace("Progress Journal — ", "").replace("→", "to").replace(",", "")
            kind = self.tr("timeline") if self.picker is not None else self.tr("comparison")
            name = f"{kind} {what}"  # a pair and a timeline of the same dates do not share a name
            ask_save_path(
                self, self.tr("Save the sheet as PDF"), f"{name}.pdf", ["PDF (*.pdf)"], "pdf", self.save_pdf
            )

        self._when_built(built)

    def save_pdf(self, out: Path) -> None:
        from journal.render.sheet_painter import write_pdf

        size, landscape, margin = self.page_options()
        journal = self._journal

        def built(data: SheetData) -> None:
            self._run(
                lambda progress: write_pdf(data, out, journal, size, landscape, margin, progress),
                lambda pages: self.status.setText(
                    self.tr("Saved {path} (%n page(s)).", "", pages).format(path=out)
                ),
                self.tr("Writing the PDF…"),
            )

        self._when_built(built)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._build_timer.stop()
        self._runner.cancel_all()  # a sheet or pictures still being prepared are not wanted any more
        super().closeEvent(event)

    def wait(self, msecs: int = 60_000) -> bool:
        return self._runner.wait(msecs / 1000)


def timeline_dialog(journal: Journal, pool: QThreadPool, parent: QWidget) -> SheetDialog:
    """File → Print timeline…: one angle across the sessions the user picks (by default all of
    them while they fit on a page, else the first, the latest and some spread between)."""
    from journal.render.sheet_data import timeline_candidates, timeline_choice, timeline_sheet

    def build(options: SheetOptions) -> SheetData:
        angle = TIMELINE_ANGLES[options.angle]
        sessions = None if options.sessions is None else [journal.session(i) for i in options.sessions]
        return timeline_sheet(journal, angle, sessions, ratings=options.ratings, notes=options.notes)

    names = [parent.tr("Front"), parent.tr("Left"), parent.tr("Right")]
    dialog = SheetDialog(journal, build, parent.tr("Print timeline"), pool, names, parent, timeline=True)
    picker = dialog.picker
    assert picker is not None
    positions = course_positions(journal.sessions())
    offered: dict[Angle, list[Session]] = {
        angle: timeline_candidates(journal, angle) for angle in TIMELINE_ANGLES
    }

    def show_angle(index: int) -> None:
        angle = TIMELINE_ANGLES[index]
        choice = timeline_choice(journal, angle)
        picker.show_sessions(offered[angle], positions, choice.sessions, choice.rule)

    for index, angle in enumerate(TIMELINE_ANGLES):
        if not offered[angle]:
            dialog.angles.setItemText(index, parent.tr("{angle} (no photos yet)").format(angle=names[index]))
    first_with_photos = next((i for i, a in enumerate(TIMELINE_ANGLES) if offered[a]), 0)
    dialog.angles.currentIndexChanged.connect(show_angle)
    dialog.angles.blockSignals(True)
    dialog.angles.setCurrentIndex(first_with_photos)
    dialog.angles.blockSignals(False)
    show_angle(first_with_photos)
    dialog.build_now()
    return dialog


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

    def build(options: SheetOptions) -> SheetData:
        which = angle if options.angle == 0 else None  # this angle, or every angle both have
        return pair_sheet_of(
            journal, first, second, which, options.ratings, options.notes, {angle: chosen}, positions
        )

    names = [
        parent.tr("This angle ({angle})").format(angle=angle.value),
        parent.tr("Every angle both sessions have"),
    ]
    dialog = SheetDialog(journal, build, parent.tr("Print comparison sheet"), pool, names, parent)
    dialog.build_now()
    return dialog
