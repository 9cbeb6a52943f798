"""The Progress tab beside the timeline: the self-ratings over time, and the redness measured
from the photos of one angle (Δa*) with its uncertainty, the photos it left out and why.

Both charts are drawn by journal/render/chart_painter.py, as on the sheets. The ratings chart
is built from the sessions on the GUI thread (no photo is read); the redness is measured in a
worker (every photo of the angle is read, or its cached result), with progress and Cancel,
and measured again when the photos, their eyes, the sessions' dates or the regions change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import course_positions
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Angle, EventKind, JournalEvent
from journal.core.redness_trend import Outcome, RednessTrend, measure_trend
from journal.core.regions import SETTING_KEY
from journal.render.chart_data import ratings_chart, redness_chart
from journal.ui.progress.chart_widget import ChartWidget
from journal.ui.progress.details import RednessDetails, summary_text
from journal.ui.shared.settings import Settings
from journal.ui.shared.workers import Progress, Task, TaskRunner

ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)
REFRESH_MS = 250  # changes arriving together (an import, an undo) are measured once
SHOW_BUSY_MS = 300  # a measurement answered from the cache shows no progress bar at all
REDNESS_FIELDS = {"date", "kind"}  # session fields the redness chart depends on


class ProgressView(QWidget):
    """Signals:
    openSessionRequested(int): show this session (a point or a mark was clicked).
    printRequested(): the user asked to print or save the charts.
    """

    openSessionRequested = Signal(int)
    printRequested = Signal()

    def __init__(
        self,
        pool: QThreadPool,
        undo_stack: QUndoStack,
        settings: Settings,
        request_eyes: Callable[[list[int]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool, self._undo, self._settings = pool, undo_stack, settings
        self._request_eyes = request_eyes  # photos never looked at: their eyes are looked for first
        self._journal: Journal | None = None
        self._runner = TaskRunner(pool, self)
        self._task: Task[RednessTrend] | None = None
        self.trend: RednessTrend | None = None
        self.angle = Angle.FRONT
        self.region_editor: QWidget | None = None
        self._stale_ratings = self._stale_redness = True
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._on_refresh_timeout)
        self._show_busy = QTimer(self)
        self._show_busy.setSingleShot(True)
        self._show_busy.setInterval(SHOW_BUSY_MS)
        self._show_busy.timeout.connect(self._on_show_busy_timeout)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(self._header())
        self.ratings = ChartWidget()
        self.ratings.set_hidden(settings.progress_hidden_series)
        self.ratings.sessionActivated.connect(self.openSessionRequested)
        self.ratings.hiddenChanged.connect(self._on_ratings_hidden_changed)
        layout.addWidget(self.ratings, 1)
        layout.addSpacing(6)
        layout.addLayout(self._redness_bar())
        layout.addWidget(self._busy_row())
        self.redness_pages = QStackedWidget()
        self.redness = ChartWidget()
        self.redness.sessionActivated.connect(self.openSessionRequested)
        self.ratings.hoveredChanged.connect(self.redness.set_hovered)
        self.redness.hoveredChanged.connect(self.ratings.set_hovered)
        self.redness_pages.addWidget(self.redness)
        self.redness_pages.addWidget(self._no_regions_page())
        layout.addWidget(self.redness_pages, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Each photo's measurement"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._on_details_button_toggled)
        layout.addWidget(self.details_button)
        self.details = RednessDetails()
        self.details.sessionActivated.connect(self.openSessionRequested)
        self.details.hide()
        layout.addWidget(self.details)

    # ----------------------------------------------------------------- building

    def _header(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        title = QLabel(self.tr("<b>Your progress</b>"))
        bar.addWidget(title)
        bar.addStretch(1)
        hint = QLabel(self.tr("Point at a session to see it; click to open it."))
        hint.setEnabled(False)
        bar.addWidget(hint)
        self.print_button = QPushButton(self.tr("Print charts…"))
        self.print_button.setToolTip(self.tr("Print, preview or save these charts (PDF, SVG, PNG)"))
        self.print_button.clicked.connect(self.printRequested)
        bar.addWidget(self.print_button)
        return bar

    def _redness_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("<b>Redness from the photos</b>")))
        self.angle_group = QButtonGroup(self)
        self.angle_buttons: dict[Angle, QToolButton] = {}
        for angle in ANGLES:
            button = QToolButton()
            button.setText(angle.value.capitalize())
            button.setCheckable(True)
            button.setChecked(angle is self.angle)
            button.clicked.connect(partial(self.set_angle, angle))
            self.angle_group.addButton(button)
            self.angle_buttons[angle] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.gated_box = QCheckBox(self.tr("Join left-out photos into the line"))
        self.gated_box.setToolTip(
            self.tr(
                "Photos whose light differs from the baseline are shown greyed and kept out of the line; "
                "tick to draw the line through them as well"
            )
        )
        self.gated_box.toggled.connect(self._on_gated_box_toggled)
        bar.addWidget(self.gated_box)
        self.regions_button = QPushButton(self.tr("Edit regions…"))
        self.regions_button.setToolTip(self.tr("Mark the treated and the reference skin for this angle"))
        self.regions_button.clicked.connect(self.edit_regions)
        bar.addWidget(self.regions_button)
        return bar

    def _busy_row(self) -> QWidget:
        self.busy_row = QWidget()
        row = QHBoxLayout(self.busy_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_measuring)
        row.addWidget(self.busy_label)
        row.addWidget(self.busy_bar)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.busy_row.hide()
        return self.busy_row

    def _no_regions_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        self.no_regions = QLabel()
        self.no_regions.setWordWrap(True)
        self.no_regions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.no_regions)
        self.measure_button = QPushButton()
        self.measure_button.clicked.connect(self._on_measure_button_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.measure_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        page.setMinimumHeight(200)
        return page

    # ----------------------------------------------------------------- journal

    def set_journal(self, journal: Journal | None) -> None:
        self.stop_work()
        self._journal = journal
        self.trend = None
        self._task = None
        if journal is not None:
            self.angle = next((a for a in ANGLES if self._regions_complete(a)), Angle.FRONT)
            self.angle_buttons[self.angle].setChecked(True)
        self._stale_ratings = self._stale_redness = True
        self.ratings.set_data(None, self.tr("No journal is open."))
        self.redness.set_data(None, "")
        self._update_details()
        self.summary.clear()
        if self.isVisible():
            self._bring_up_to_date()

    def stop_work(self) -> None:
        """The journal is closing (or another opens): stop measuring, close the editor."""
        self._refresh.stop()
        self._runner.invalidate()
        self._task = None
        self._end_busy()
        if self.region_editor is not None:
            self.region_editor.close()
            self.region_editor = None

    def on_journal_event(self, event: JournalEvent) -> None:
        if self._journal is None:
            return
        kind = event.kind
        if kind.about_sessions or kind is EventKind.TRASH_EMPTIED:
            self._stale_ratings = True
        if (
            kind.about_photos
            or kind in (EventKind.SESSION_ADDED, EventKind.SESSION_REMOVED, EventKind.TRASH_EMPTIED)
            or (kind is EventKind.SESSION_CHANGED and REDNESS_FIELDS & set(event.fields))
            or (kind is EventKind.SETTINGS_CHANGED and SETTING_KEY in event.fields)
        ):
            self._stale_redness = True
        if self.region_editor is not None:
            self.region_editor.on_journal_event(event)  # type: ignore[attr-defined]
        if (self._stale_ratings or self._stale_redness) and self.isVisible():
            self._refresh.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._bring_up_to_date()

    def _on_refresh_timeout(self) -> None:
        if self.isVisible():
            self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        if self._journal is None:
            return
        if self._stale_ratings:
            self._stale_ratings = False
            self.show_ratings()
        if self._stale_redness:
            self._stale_redness = False
            self.measure()

    def set_selected_session(self, session_id: int | None) -> None:
        """The session chosen in the timeline, highlighted in both charts."""
        self.ratings.set_selected(session_id)
        self.redness.set_selected(session_id)

    # ----------------------------------------------------------------- ratings

    def show_ratings(self) -> None:
        assert self._journal is not None
        sessions = self._journal.sessions()
        if not sessions:
            self.ratings.set_data(None, self.tr("No sessions yet: your ratings will show here over time."))
            return
        self.ratings.set_data(ratings_chart(sessions))

    def _on_ratings_hidden_changed(self, hidden: frozenset[str]) -> None:
        self._settings.progress_hidden_series = hidden

    # ----------------------------------------------------------------- redness

    def _regions_complete(self, angle: Angle) -> bool:
        if self._journal is None:
            return False
        try:
            return self._journal.redness_regions().of(angle).complete
        except JournalError:
            return False

    def set_angle(self, angle: Angle) -> None:
        self.angle = angle
        self.angle_buttons[angle].setChecked(True)
        self.trend = None
        self.measure()

    def measure(self) -> None:
        """Measure the redness of the chosen angle in a worker (what is on screen stays until
        the new result arrives)."""
        journal, angle = self._journal, self.angle
        if journal is None:
            return
        self._runner.invalidate()
        self._task = None
        self._end_busy()
        try:
            complete = journal.redness_regions().of(angle).complete
        except JournalError as exc:
            self._show_no_regions(str(exc), self.tr("Set the regions again…"))
            return
        if not complete:
            self._show_no_regions(
                self.tr(
                    "No redness regions for the {angle} photos yet. Mark a treated region and an "
                    "untreated reference region once, on one photo; every {angle} photo is then measured "
                    "on the same skin."
                ).format(angle=angle.value),
                self.tr("Set the regions…"),
            )
            return

        def work(progress: Progress) -> RednessTrend:
            return measure_trend(journal, angle, progress=progress)

        self._task = self._runner.start(
            work,
            done=self._on_measured,
            failed=self._on_measure_failed,
            cancelled=self._on_measure_cancelled,
            progress=self._on_measure_progress,
            known=(JournalError, OSError),
        )
        if self.trend is None or self.trend.angle is not angle:
            self.redness.set_data(None, self.tr("Measuring the {angle} photos…").format(angle=angle.value))
            self.redness_pages.setCurrentIndex(0)
        self.busy_label.setText(self.tr("Measuring the {angle} photos…").format(angle=angle.value))
        self.busy_bar.setRange(0, 0)
        self._show_busy.start()

    @property
    def measuring(self) -> bool:
        return self._task is not None

    def cancel_measuring(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_show_busy_timeout(self) -> None:
        if self._task is not None:
            self.busy_row.show()

    def _end_busy(self) -> None:
        self._show_busy.stop()
        self.busy_row.hide()

    def _on_measure_progress(self, done: int, total: int) -> None:
        self.busy_bar.setRange(0, max(1, total))
        self.busy_bar.setValue(done)
        self.busy_label.setText(
            self.tr("Measuring the {angle} photos: {done} of {total}…").format(
                angle=self.angle.value, done=done, total=total
            )
        )

    def _on_measured(self, trend: RednessTrend) -> None:
        self._task = None
        self._end_busy()
        self.trend = trend
        waiting = self.waiting_for_eyes(trend)
        if waiting and self._request_eyes is not None:
            self._request_eyes(waiting)  # each one found is a change: measured again then
        self.show_redness()

    def waiting_for_eyes(self, trend: RednessTrend) -> list[int]:
        """Photos not measured because their eyes were never looked for (yet): in a journal
        that can be changed, the app looks for them itself."""
        if self._journal is None or self._journal.read_only or self._request_eyes is None:
            return []
        return [
            p.photo.id
            for p in trend.photos
            if p.outcome is Outcome.SKIPPED and p.photo.eyes is None and not p.photo.eyes_checked
        ]

    def _on_measure_failed(self, error: JournalError) -> None:
        self._task = None
        self._end_busy()
        self._show_no_regions(
            self.tr("The redness could not be measured: {e}").format(e=error), self.tr("Try again")
        )

    def _on_measure_cancelled(self) -> None:
        self._task = None
        self._end_busy()
        self._show_no_regions(self.tr("Measuring was stopped."), self.tr("Measure again"))

    def _show_no_regions(self, text: str, button: str) -> None:
        self.no_regions.setText(text)
        self.measure_button.setText(button)
        self.redness_pages.setCurrentIndex(1)
        self.redness.set_data(None, text)
        self.summary.clear()
        self.trend = None
        self._update_details()

    def _on_measure_button_clicked(self) -> None:
        if self._regions_complete(self.angle):
            self.measure()
        else:
            self.edit_regions()

    def _on_gated_box_toggled(self, _on: bool) -> None:
        self.show_redness()

    def show_redness(self) -> None:
        if self.trend is None or self._journal is None:
            return
        sessions = self._journal.sessions()
        data = redness_chart(self.trend, sessions, include_gated=self.gated_box.isChecked())
        self.redness.set_data(data)
        self.redness_pages.setCurrentIndex(0)
        self.summary.setText(self.summary_text(self.trend))
        self._update_details()

    def summary_text(self, trend: RednessTrend) -> str:
        """What was measured, in words (see journal/ui/progress/details.py)."""
        return summary_text(trend, set(self.waiting_for_eyes(trend)))

    def _on_details_button_toggled(self, on: bool) -> None:
        self.details.setVisible(on)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _update_details(self) -> None:
        trend, journal = self.trend, self._journal
        if trend is None or journal is None:
            self.details.clear()
            return
        self.details.show_trend(
            trend, course_positions(journal.sessions()), set(self.waiting_for_eyes(trend))
        )

    # ----------------------------------------------------------------- regions

    def edit_regions(self) -> None:
        """Open the region editor for the angle shown (one at a time)."""
        from journal.ui.progress.region_editor import RegionEditor

        if self._journal is None:
            return
        if self.region_editor is not None:
            self.region_editor.raise_()
            self.region_editor.activateWindow()
            return
        baseline = self.trend.baseline.photo.id if self.trend and self.trend.baseline else None
        editor = RegionEditor(self._journal, self._undo, self._pool, self.angle, baseline, self.window())
        editor.destroyed.connect(self._on_region_editor_destroyed)
        self.region_editor = editor
        editor.show()

    def _on_region_editor_destroyed(self) -> None:
        self.region_editor = None
