"""File → Make timelapse…: the options, the sessions left out and why, a preview that plays,
and Save, which writes the film in a worker with progress and Cancel (`film_save.FilmSave`).

Three kinds of work run off the GUI thread, each on its own runner so that one can start
again without dropping the others: the plan (which photo stands for each session; it may
look for eyes never looked for), the preview (the frames at low resolution) and the save.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal.core import timelapse
from journal.core.dates import date_range, long_date
from journal.core.errors import JournalError
from journal.core.fsutil import refuse_inside_journal
from journal.core.journal import Journal
from journal.core.models import EventKind, JournalEvent
from journal.core.text import plural
from journal.core.timelapse import (
    ANIMATION_FPS,
    Format,
    Step,
    TimelapseError,
    TimelapsePlan,
)
from journal.core.timelapse_encode import available_formats
from journal.core.timelapse_frames import Frame
from journal.ui.shared.settings import Settings
from journal.ui.shared.workers import Progress, TaskRunner
from journal.ui.timelapse.film_save import FilmSave
from journal.ui.timelapse.form import TimelapseForm
from journal.ui.timelapse.player import TimelapsePlayer
from journal.ui.timelapse.saving import ask_film_path, default_folder, film_name

PREVIEW_EDGE = 480  # the preview's frames, long side in pixels
REPLAN_MS = 300  # a burst of changes (dates typed, photos imported) is planned once
# Which changes to a session or photo can change the film (not notes or ratings).
_SESSION_FIELDS = {"date", "kind", "marked_photo"}
_PHOTO_FIELDS_IGNORED = {"note"}

Signature = tuple[tuple[int, str, tuple[tuple[float, float], tuple[float, float]]], ...]


def _sentence(text: str) -> str:
    """A core message ("the first date is after the last") as a sentence on its own."""
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith(('.', '!', '?')) else '.'}"


def _signature(plan: TimelapsePlan) -> Signature:
    """What the preview's frames are made of: the same photos, turned and aligned the same way."""
    return tuple((shot.photo.id, str(shot.photo.turn), shot.eyes) for shot in plan.shots)


class TimelapseDialog(QDialog):
    """Signals:
    saved(Path): a film was written there.
    sessionRequested(int): the user clicked a session left out (to go and fix it).
    """

    saved = Signal(Path)
    sessionRequested = Signal(int)

    def __init__(
        self, journal: Journal, settings: Settings, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Make timelapse"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._journal, self._settings = journal, settings
        self._plan_runner = TaskRunner(pool, self)
        self._preview_runner = TaskRunner(pool, self)
        self._save = FilmSave(pool, self)
        self._save.saved.connect(self.saved)
        self._save.ended.connect(self._update_buttons)
        self._plan: TimelapsePlan | None = None
        self._planning = False
        self._previewing = False
        self._shown: tuple[Signature, tuple[int, int]] | None = None  # what the preview's frames show
        self._frames: list[Frame] = []  # the preview's, without labels
        self.save_dialog: QWidget | None = None
        self._replan = QTimer(self)
        self._replan.setSingleShot(True)
        self._replan.setInterval(REPLAN_MS)
        self._replan.timeout.connect(self._on_replan_timeout)
        self._quiet = True  # the next plan follows the journal: no progress over the film

        self.form = TimelapseForm(available_formats())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.skipped_title = QLabel()
        # One line per session left out, its date a link to it (to go and fix it): a label
        # wraps long reasons and is as tall as its lines; a long list scrolls.
        self.skipped = QLabel()
        self.skipped.setWordWrap(True)
        self.skipped.setTextFormat(Qt.TextFormat.RichText)
        self.skipped.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.skipped.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.skipped.linkActivated.connect(self._on_skipped_link_activated)
        skipped_scroll = QScrollArea()
        skipped_scroll.setWidget(self.skipped)
        skipped_scroll.setWidgetResizable(True)
        skipped_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        skipped_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        skipped_scroll.viewport().setAutoFillBackground(False)
        self.skipped.setAutoFillBackground(False)
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addWidget(self.summary)
        left.addWidget(self.skipped_title)
        left.addWidget(skipped_scroll, 1)
        note = QLabel(
            self.tr(
                "Each frame is lined up on the eyes of the first session's photo. The file holds "
                "only the pictures: no location, camera data or file names."
            )
        )
        note.setWordWrap(True)
        note.setEnabled(False)  # drawn as secondary text, in light and dark palettes
        left.addWidget(note)
        self.player = TimelapsePlayer()
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.player, 1)

        self.progress, self.status = self._save.progress, self._save.status
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Save…"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.cancel_button.clicked.connect(self.cancel_save)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()  # the save's progress beside its Cancel: the preview keeps its size
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self.form.set_choices(settings.timelapse_choices)
        self._course_changed()
        self.form.photosChanged.connect(self._on_form_photos_changed)
        self.form.lookChanged.connect(self._on_form_look_changed)
        self.form.datesChanged.connect(self._on_form_dates_changed)
        self.form.timingChanged.connect(self._on_form_timing_changed)
        self._update_buttons()
        self.plan()

    # ----------------------------------------------------------------- state

    @property
    def current_plan(self) -> TimelapsePlan | None:
        """The plan on show, once it matches the options (None while one is being made)."""
        return None if self._planning or self._replan.isActive() else self._plan

    @property
    def busy(self) -> bool:
        """Planning, previewing or saving."""
        return self._planning or self._previewing or self.saving or self._replan.isActive()

    @property
    def saving(self) -> bool:
        return self._save.saving

    @property
    def message(self) -> QMessageBox | None:
        """Why the last save failed, while it is on show."""
        return self._save.message

    def _update_buttons(self) -> None:
        plan = self.current_plan
        ready = plan is not None and len(plan.shots) >= 2
        self.save_button.setEnabled(ready and not self.saving)
        self.save_button.setVisible(not self.saving)
        self.cancel_button.setVisible(self.saving)
        self.form.set_enabled_for_saving(self.saving)

    def _course_changed(self) -> None:
        sessions = self._journal.sessions()
        if sessions:
            self.form.set_course(sessions[0].date, sessions[-1].date)

    # ----------------------------------------------------------------- which photos

    def plan(self, quiet: bool = False) -> None:
        """Choose the photos for the options now (in a worker), then make the preview.
        `quiet`: the journal changed, not the options; the film on show stays without a
        progress bar over it unless its photos changed."""
        self._replan.stop()
        self._plan_runner.invalidate()
        options = self.form.options()
        journal = self._journal
        self._planning = True
        self._quiet = quiet and self.player.has_film
        self._update_buttons()
        if not self._quiet:
            self.player.show_building(0, 0, self.tr("Looking at the sessions…"))

        def work(progress: Progress) -> TimelapsePlan:
            return timelapse.plan(journal, options, progress)

        self._plan_runner.start(
            work, done=self._on_plan_done, failed=self._on_plan_failed, progress=self._on_plan_progress
        )

    def _on_replan_timeout(self) -> None:
        self.plan(quiet=self._quiet)

    def _on_plan_progress(self, done: int, total: int) -> None:
        if not self._quiet:
            self.player.show_building(done, total, self.tr("Looking at the sessions… %v of %m"))

    def _on_plan_failed(self, error: JournalError) -> None:
        self._planning = False
        self._plan = None
        self._shown = None
        self._show_skipped(None)
        self.summary.setText("")
        self.player.show_message(_sentence(str(error)))
        self._update_buttons()

    def _on_plan_done(self, plan: TimelapsePlan) -> None:
        self._planning = False
        self._plan = plan
        self._show_skipped(plan)
        if len(plan.shots) < 2:
            self._shown = None
            self.summary.setText(self._summary_text())
            self.player.show_message(self._too_few_text(plan))
            self._update_buttons()
            return
        self.summary.setText(self._summary_text())
        if self._shown == (_signature(plan), self.form.options().size) and self.player.has_film:
            self.player.hide_building()
            self._relabel()  # the same photos: a week number may have moved
        else:
            self._make_preview()
        self._update_buttons()

    def _show_skipped(self, plan: TimelapsePlan | None) -> None:
        skips = plan.skipped if plan is not None else []
        lines = [
            f"<a href='{skip.session.id}'>{html.escape(long_date(skip.session.date))}</a>: "
            f"{html.escape(skip.reason)}"
            for skip in skips
        ]
        self.skipped.setText("<br>".join(lines))
        self.skipped.setToolTip(self.tr("Click a date to show that session in the journal") if skips else "")
        if plan is None:
            self.skipped_title.setText("")
        elif skips:
            self.skipped_title.setText(self.tr("Left out ({n}):").format(n=plural(len(skips), "session")))
        else:
            self.skipped_title.setText(self.tr("No session in this range is left out."))

    def _on_skipped_link_activated(self, link: str) -> None:
        self.sessionRequested.emit(int(link))

    def skipped_lines(self) -> list[str]:
        """The sessions left out, as the user reads them."""
        document = QTextDocument()
        document.setHtml(self.skipped.text())
        return [line for line in re.split("[\n\u2028\u2029]", document.toPlainText()) if line]

    def _too_few_text(self, plan: TimelapsePlan) -> str:
        options = plan.options
        angle = options.angle.value
        span = date_range(options.first, options.last) if options.first and options.last else ""
        if plan.shots:
            text = self.tr("Only one session in {span} has a {angle} photo with eye points.")
        else:
            text = self.tr("No session in {span} has a {angle} photo with eye points.")
        more = self.tr("A timelapse needs at least two.")
        return f"{text.format(span=span, angle=angle)} {more}"

    def _summary_text(self) -> str:
        plan = self._plan
        if plan is None or not plan.shots:
            return ""
        options, fps = self.form.options(), self._fps()
        steps = timelapse.schedule(len(plan.shots), options.seconds_per_session, options.crossfade, fps)
        seconds = sum(step.frames for step in steps) / fps
        return self.tr("{sessions} in the film, {seconds:.1f} s long.").format(
            sessions=plural(len(plan.shots), "session"), seconds=seconds
        )

    # ----------------------------------------------------------------- the preview

    def _make_preview(self) -> None:
        plan = self._plan
        if plan is None or len(plan.shots) < 2:
            return
        self._preview_runner.invalidate()
        options = self.form.options()
        try:
            options.validated()
        except TimelapseError as error:
            self.player.show_message(_sentence(str(error)))
            return
        wanted = replace(plan, options=options)
        journal = self._journal
        self._previewing = True
        self.player.show_building(0, len(plan.shots), self.tr("Making the preview… %v of %m"))

        def work(progress: Progress) -> tuple[list[Frame], list[Step]]:
            return timelapse.preview(journal, wanted, PREVIEW_EDGE, progress)

        self._preview_runner.start(
            work,
            done=lambda result: self._on_preview_done(wanted, result[0]),
            failed=self._on_preview_failed,
            progress=self._on_preview_progress,
        )

    def _on_preview_progress(self, done: int, total: int) -> None:
        self.player.show_building(done, total, self.tr("Making the preview… %v of %m"))

    def _on_preview_failed(self, error: JournalError) -> None:
        self._previewing = False
        self._shown = None
        self.player.show_message(self.tr("No preview: {e}").format(e=error))

    def _on_preview_done(self, made_from: TimelapsePlan, frames: list[Frame]) -> None:
        self._previewing = False
        self._frames = [Frame(frame.image, None) for frame in frames]
        self._shown = (_signature(made_from), made_from.options.size)
        self.player.set_film(self._labelled(), self._film_steps(), self._captions())

    def _labelled(self) -> list[Frame]:
        plan = self._plan
        if plan is None or len(plan.shots) != len(self._frames):
            return self._frames
        dates = self.form.options().dates
        return [
            Frame(f.image, shot.label if dates else None)
            for f, shot in zip(self._frames, plan.shots, strict=True)
        ]

    def _captions(self) -> list[str]:
        return [shot.label for shot in self._plan.shots] if self._plan is not None else []

    def _relabel(self) -> None:
        self.player.set_frames(self._labelled(), self._captions())
        self.player.set_steps(self._film_steps())

    def _film_steps(self) -> list[Step]:
        """The preview's timing (ticks of 1/ANIMATION_FPS s) for the options now."""
        plan = self._plan
        if plan is None or not plan.shots:
            return []
        options = self.form.options()
        return timelapse.schedule(
            len(plan.shots), options.seconds_per_session, options.crossfade, ANIMATION_FPS
        )

    def _fps(self) -> int:
        return self.form.chosen_format().fps

    def _on_form_photos_changed(self) -> None:
        self._quiet = False
        self._replan.start()
        self._update_buttons()

    def _on_form_look_changed(self) -> None:
        if not self._planning and not self._replan.isActive():
            self._make_preview()

    def _on_form_dates_changed(self) -> None:
        if self.player.has_film:
            self.player.set_frames(self._labelled())

    def _on_form_timing_changed(self) -> None:
        self.summary.setText(self._summary_text())
        if self.player.has_film:
            self.player.set_steps(self._film_steps())

    def on_journal_event(self, event: JournalEvent) -> None:
        """A change to the journal: plan again if it can change the film."""
        if event.kind is EventKind.SESSION_CHANGED:
            relevant = not event.fields or bool(_SESSION_FIELDS & set(event.fields))
        elif event.kind is EventKind.PHOTO_CHANGED:
            relevant = not event.fields or not set(event.fields) <= _PHOTO_FIELDS_IGNORED
        else:
            relevant = event.kind.about_sessions or event.kind.about_photos
            relevant = relevant or event.kind is EventKind.TRASH_EMPTIED
        if relevant:
            self._course_changed()
            if not self._replan.isActive():
                self._quiet = True
            self._replan.start()
            self._update_buttons()

    # ----------------------------------------------------------------- saving

    def _on_save_button_clicked(self) -> None:
        choices = self._settings.timelapse_choices
        fmt = self.form.chosen_format()
        folder = default_folder(choices.folder, self._journal.folder)
        name = film_name(self._journal.settings.name, self.form.options().angle.value, fmt)
        self.save_dialog = ask_film_path(self, folder, name, fmt, self.save_to)

    def save_to(self, path: Path) -> None:
        """Write the film to `path` in a worker. A name ending in another format's extension
        ("film.gif" with MP4 chosen) is taken at its word, and the form says so; any other
        ending gets the chosen format's."""
        plan = self.current_plan
        if plan is None or self.saving:
            return
        try:
            fmt = Format.for_path(path)
        except TimelapseError:
            path = path.with_name(f"{path.name}.{self.form.chosen_format().value}")
            fmt = self.form.chosen_format()
        try:
            refuse_inside_journal(path, self.tr("A timelapse"))
            self.form.show_format(fmt)
            wanted = replace(plan, options=self.form.options().validated())
        except JournalError as error:
            self._save.tell_failure(error)
            return
        self._settings.timelapse_choices = self.form.choices(str(path.parent))
        self._save.start(self._journal, wanted, path)
        self._update_buttons()
        self.cancel_button.setFocus()

    def cancel_save(self) -> None:
        self._save.cancel()

    # ----------------------------------------------------------------- closing

    def reject(self) -> None:
        """Escape while saving cancels the save (the dialog stays); otherwise it closes."""
        if self.saving:
            self.cancel_save()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_work()
        super().closeEvent(event)

    def stop_work(self) -> None:
        """Stop everything (a save in progress is cancelled: its file does not appear)."""
        self._replan.stop()
        self.player.pause()
        for runner in (self._plan_runner, self._preview_runner, self._save.runner):
            runner.cancel_all()

    def wait(self, msecs: int = 60_000) -> bool:
        """For tests and shutting down: block until the work has returned."""
        runners = (self._plan_runner, self._preview_runner, self._save.runner)
        return all(runner.wait(msecs / 1000) for runner in runners)
