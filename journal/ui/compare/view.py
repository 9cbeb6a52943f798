"""The compare page: pick an angle and two sessions, look at them four ways, aligned or not.

Defaults to the first treatment against the latest session. Labels say the dates, the session
numbers and the time between. A calm note appears when the two photos differ in light or head
tilt enough to mislead, and when a photo could not be aligned.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMessageBox, QStatusBar, QVBoxLayout, QWidget

from journal.core.journal import Journal
from journal.core.models import Angle, EventKind, JournalEvent, Photo
from journal.core.regions import SETTING_KEY
from journal.render.transforms import alignment
from journal.ui.compare.canvas import CompareCanvas
from journal.ui.compare.controls import CompareControls
from journal.ui.compare.eye_points import EyePoints
from journal.ui.compare.eyes import EyeWorker
from journal.ui.compare.geometry import SideView, fitted_into
from journal.ui.compare.lighting import LightingCheck
from journal.ui.compare.modes import CompareMode, ZoomStep
from journal.ui.compare.notes import NoteBar
from journal.ui.compare.pairs import Candidate, candidates, default_pair, gap_text
from journal.ui.compare.pixels import SidePixels
from journal.ui.compare.regions import RegionsOverlay
from journal.ui.compare.settle import PairSettling
from journal.ui.shared.image_store import ImageKind, ImageStore
from journal.ui.shared.workers import TaskRunner
from journal.ui.shared.zoom import ViewState

BLINK_MS = 700


class CompareView(QWidget):
    """Signals:
    backRequested(): leave the compare page.
    """

    backRequested = Signal()

    def __init__(
        self,
        eyes: EyeWorker,
        undo_stack: QUndoStack,
        pool: QThreadPool,
        status: QStatusBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._status = status  # "Saving…", "Saved"
        self._journal: Journal | None = None
        self._eyes = eyes
        self._undo = undo_stack
        self._pool = pool
        self._runner = TaskRunner(pool, self)
        self.store = ImageStore(self)
        self.store.loaded.connect(self._on_store_loaded)
        self.store.failed.connect(self._on_store_failed)
        eyes.detected.connect(self._on_eyes_detected)
        self.lighting = LightingCheck(pool, self)
        self.lighting.checked.connect(self._on_lighting_checked)
        self.lighting.failed.connect(self._on_lighting_failed)
        self.candidates: list[Candidate] = []
        self._labels: list[str] = []
        self._index: dict[int, int] = {}
        self.before: Candidate | None = None
        self.after: Candidate | None = None
        self.angle = Angle.FRONT
        self.aligned = True
        self._aligned_now = False  # the pair on screen is aligned by its eyes
        self.last_check: Any = None
        self.sheet_dialog: QWidget | None = None

        self.state = ViewState(self)
        self.canvas = CompareCanvas(self.state)
        self.pixels = SidePixels(self.store, self.canvas, self._pair)
        self.canvas.needsDetail.connect(self._on_canvas_needs_detail)
        self.state.changed.connect(self._on_state_changed)
        self.eye_points = EyePoints(
            eyes, undo_stack, self.canvas, self._pair, lambda: self._journal, self._show, self
        )
        self.regions = RegionsOverlay()
        self.canvas.overlay = self.regions.draw
        self.controls = CompareControls()
        self._connect_controls()
        self.state.changed.connect(self._show_zoom)
        self.canvas.installEventFilter(self)  # a resize changes what "fit" is
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.controls)
        self.note = NoteBar(self._regions_notes)
        layout.addWidget(self.note)
        layout.addWidget(self.canvas, 1)
        self.settling = PairSettling(
            self.canvas,
            self.lighting,
            self.store,
            self.pixels,
            self._pair,
            lambda: self._journal,
            self._neighbours,
            self,
        )
        self._blink_timer = QTimer(self)
        self._blink_timer.setInterval(BLINK_MS)
        self._blink_timer.timeout.connect(self.toggle_blink)
        self._make_shortcuts()

    def _connect_controls(self) -> None:
        c = self.controls
        c.backRequested.connect(self.backRequested)
        c.angleChosen.connect(self.set_angle)
        c.beforeChosen.connect(self._on_controls_before_chosen)
        c.afterChosen.connect(self._on_controls_after_chosen)
        c.baselineRequested.connect(self.versus_baseline)
        c.previousRequested.connect(self.versus_previous)
        c.stepRequested.connect(self.step_after)
        c.modeChosen.connect(self.set_mode)
        c.alignedToggled.connect(self.set_aligned)
        c.eyesToggled.connect(self._on_controls_eyes_toggled)
        c.fadeChanged.connect(self._on_controls_fade_changed)
        c.blinkAutoToggled.connect(self._on_controls_blink_auto_toggled)
        c.zoomRequested.connect(self._on_controls_zoom_requested)
        c.saveRequested.connect(self.save_image)
        c.printRequested.connect(self.print_sheet)
        c.regionsToggled.connect(self.show_regions)

    def _make_shortcuts(self) -> None:
        """The compare page's keys, as actions with their names (Help → Keyboard shortcuts lists them)."""
        for text, keys, slot in (
            (self.tr("Before: the first treatment"), "B", self.versus_baseline),
            (self.tr("Before: the session before the after one"), "P", self.versus_previous),
            (self.tr("After: the session before"), "[", lambda: self.step_after(-1)),
            (self.tr("After: the session after"), "]", lambda: self.step_after(1)),
            (self.tr("Aligned on the eyes, or not"), "A", lambda: self.controls.aligned_box.toggle()),
            # click(): nothing when the button is greyed out
            (self.tr("Adjust eyes"), "E", lambda: self.controls.eyes_button.click()),
            (self.tr("Adjust eyes: keep the suggested markers"), "Return", self.keep_suggested_eyes),
            (self.tr("Adjust eyes: keep the suggested markers"), "Enter", self.keep_suggested_eyes),
            (self.tr("Redness regions, shown or not"), "R", lambda: self.controls.regions_box.toggle()),
            (self.tr("Blink: the other photo"), "Space", self.toggle_blink),
            (self.tr("Back to the journal"), "Esc", self._on_escape),
            *(
                (self.tr(mode.label), f"Ctrl+{n}", partial(self.set_mode, mode))
                for n, mode in enumerate(CompareMode, 1)
            ),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    @property
    def eye_error(self) -> QMessageBox | None:
        """The message shown when eye points set by hand were not saved."""
        return self.eye_points.error

    def _pair(self) -> tuple[Candidate | None, Candidate | None]:
        return self.before, self.after

    # ----------------------------------------------------------------- journal

    def set_journal(self, journal: Journal | None) -> None:
        self._journal = journal
        self.controls.show_editable(journal is None or not journal.read_only)
        self.store.set_journal(journal)
        self.lighting.clear()
        self.before = self.after = None
        self._load_regions()
        self.reload()

    def close_journal(self) -> None:
        """The journal is closing: wait for the photos being loaded, then let it go."""
        self.store.wait()
        self.set_journal(None)

    def on_journal_event(self, event: JournalEvent) -> None:
        if self._journal is None or not self.isVisible():
            return
        kind = event.kind
        if kind is EventKind.SETTINGS_CHANGED and SETTING_KEY in event.fields:
            self._load_regions()
            self.note.refresh()
            self.canvas.update()
            return
        if (
            kind.about_sessions
            or kind in (EventKind.PHOTO_ADDED, EventKind.PHOTO_REMOVED, EventKind.TRASH_EMPTIED)
            or (kind is EventKind.PHOTO_CHANGED and self._shown(event.photo_id))
        ):
            self.reload(keep=True)

    def reload(self, keep: bool = False) -> None:
        """Rebuild the session lists for the current angle; keep the chosen pair if it still exists."""
        old = (self.before.session.id if self.before else -1, self.after.session.id if self.after else -1)
        self.candidates = candidates(self._journal, self.angle) if self._journal else []
        self._labels = [c.label() for c in self.candidates]  # made once, not at every switch
        self._index = {id(c): i for i, c in enumerate(self.candidates)}
        by_id = {c.session.id: c for c in self.candidates}
        self.before, self.after = (by_id.get(old[0]), by_id.get(old[1])) if keep else (None, None)
        if self.before is None or self.after is None:
            self.before, self.after = default_pair(self.candidates)
        self._show()

    # ----------------------------------------------------------------- choosing

    def set_angle(self, angle: Angle) -> None:
        self.angle = angle
        self.controls.show_angle(angle)
        self._load_regions()
        self.reload(keep=True)

    def show_pair(self, before_session: int | None, after_session: int | None) -> None:
        """Compare two given sessions (None: keep that side's default)."""
        by_id = {c.session.id: c for c in self.candidates}
        default_before, default_after = default_pair(self.candidates)
        self.before = by_id.get(before_session or -1, default_before)
        self.after = by_id.get(after_session or -1, default_after)
        self._show()

    def _choose(self, before: int | None = None, after: int | None = None) -> None:
        if before is not None and 0 <= before < len(self.candidates):
            self.before = self.candidates[before]
        if after is not None and 0 <= after < len(self.candidates):
            self.after = self.candidates[after]
        self._show()

    def versus_baseline(self) -> None:
        self.before = default_pair(self.candidates)[0]
        self._show()

    def versus_previous(self) -> None:
        if self.after is not None and self.candidates.index(self.after) > 0:
            self.before = self.candidates[self.candidates.index(self.after) - 1]
            self._show()

    def step_after(self, step: int) -> None:
        if self.after is None:
            return
        index = self.candidates.index(self.after) + step
        if 0 <= index < len(self.candidates):
            self.after = self.candidates[index]
            self._show()

    # ----------------------------------------------------------------- modes

    def set_mode(self, mode: CompareMode) -> None:
        self.canvas.set_mode(mode)
        self.controls.show_mode(mode)
        self._request_images()  # one photo over the whole view shows more of its pixels
        if len(self.canvas.sides) == 2:
            self._refresh_eye_notes()  # "Left photo" side by side, "Before photo" on top of each other

    def set_aligned(self, aligned: bool) -> None:
        self.aligned = aligned
        if self.controls.aligned_box.isChecked() != aligned:
            self.controls.aligned_box.setChecked(aligned)
        self._show()

    def toggle_blink(self) -> None:
        if self.canvas.mode is CompareMode.BLINK:
            self.canvas.blink_after = not self.canvas.blink_after
            self.canvas.update()

    def _on_controls_before_chosen(self, index: int) -> None:
        self._choose(before=index)

    def _on_controls_after_chosen(self, index: int) -> None:
        self._choose(after=index)

    def _on_controls_blink_auto_toggled(self, on: bool) -> None:
        if on:
            self._blink_timer.start()
        else:
            self._blink_timer.stop()

    def _on_controls_zoom_requested(self, step: ZoomStep) -> None:
        if step is ZoomStep.IN:
            self.canvas.zoom_by(1.25)
        elif step is ZoomStep.OUT:
            self.canvas.zoom_by(0.8)
        elif step is ZoomStep.FIT:
            self.state.set_fit()
        else:
            self.canvas.zoom_actual()

    def _on_controls_fade_changed(self, value: int) -> None:
        self.canvas.fade = value / 100
        self.canvas.update()

    def _on_controls_eyes_toggled(self, on: bool) -> None:
        if on and self.canvas.mode is not CompareMode.SIDE:
            self.set_mode(CompareMode.SIDE)  # each photo shows its own markers only side by side
        self.canvas.editing_eyes = on
        if not on:
            self.canvas.cancel_placing()
        self.eye_points.suggest_markers()
        if len(self.canvas.sides) == 2:
            self._refresh_eye_notes()
        self.canvas.update()

    def _on_escape(self) -> None:
        if not self.canvas.cancel_placing():
            self.backRequested.emit()

    def keep_suggested_eyes(self) -> None:
        """Enter in Adjust eyes: keep the suggested markers as they are, as set by hand."""
        self.eye_points.keep_suggested()

    # ----------------------------------------------------------------- showing

    def _show(self) -> None:
        index = self._index
        self.controls.show_choices(
            self._labels,
            index.get(id(self.before)) if self.before else None,
            index.get(id(self.after)) if self.after else None,
        )
        if self.before is None or self.after is None:
            message = self.tr("No session has a {angle} photo yet.").format(angle=self.angle.value)
            self._show_nothing(message)
            return
        if len(self.candidates) == 1:
            message = self.tr(
                "Only one session has a {angle} photo so far: add photos to another session to compare."
            )
            self._show_nothing(message.format(angle=self.angle.value))
            return
        self.controls.set_comparable(True)
        undetected = [c.photo.id for c in (self.before, self.after) if not c.photo.eyes_checked]
        if undetected:
            self._eyes.request(undetected, urgent=True)
        before_side = self._side(self.before, self.tr("Before"))
        after_side = self._side(self.after, self.tr("After"))
        aligned = alignment(self.after.photo, self.before.photo) if self.aligned else None
        self._aligned_now = aligned is not None
        if aligned is not None:
            after_side.to_frame = aligned
        else:
            after_side.to_frame = fitted_into(after_side.size, before_side.size)
        self.pixels.new_pair((self.before.photo.id, self.after.photo.id))
        self.canvas.set_sides(before_side, after_side)
        self.settling.new_pair()
        self._request_images()
        self.canvas.gap_text = gap_text(self.before, self.after)
        self.note.clear_lighting()
        self._refresh_eye_notes()
        self.eye_points.suggest_markers()
        self.settling.arm()
        if self.canvas.detail_needed():
            self._on_canvas_needs_detail()
        self._show_zoom()

    def _show_nothing(self, message: str) -> None:
        """Fewer than two photos of the angle: say so, and turn off what needs two."""
        self.canvas.clear(message)
        self.note.set_notes([])
        self.controls.set_comparable(False, message)

    def _show_zoom(self) -> None:
        if not self.canvas.sides:
            self.controls.show_zoom(None, True)
            return
        scale = self.canvas.scale_in(self.canvas.viewports()[0])
        self.controls.show_zoom(scale * 100, self.state.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._show_zoom()
            self._request_images()  # a larger view may show more pixels than those in memory
        return super().eventFilter(watched, event)

    def _refresh_eye_notes(self) -> None:
        """The note's lines about the eye points, then the lighting check's."""
        self.note.set_alignment(self.eye_points.notes(self.aligned, self._aligned_now))

    # ----------------------------------------------------------------- redness regions

    def show_regions(self, on: bool) -> None:
        """Draw the angle's redness regions on both photos (what the redness trend measures)."""
        self.regions.on = on
        if self.controls.regions_box.isChecked() != on:
            self.controls.regions_box.setChecked(on)
        self.note.refresh()
        self.canvas.update()

    def _load_regions(self) -> None:
        self.regions.load(self._journal, self.angle)

    def _regions_notes(self) -> list[str]:
        return self.regions.notes(self.angle, self._pair()) if len(self.canvas.sides) == 2 else []

    def _request_images(self) -> None:
        self.pixels.request_images()

    def _side(self, candidate: Candidate, title: str) -> SideView:
        side = self.pixels.side(candidate, title)
        self.eye_points.mark(side, candidate.photo)
        return side

    def _on_lighting_checked(self, check: Any) -> None:
        self.last_check = check
        self.note.set_lighting(list(check.notes))

    def _on_lighting_failed(self, message: str) -> None:
        self.note.set_lighting([self.tr("The light could not be checked: {m}").format(m=message)])

    def _shown(self, photo_id: int | None) -> bool:
        return any(c is not None and c.photo.id == photo_id for c in (self.before, self.after))

    def _on_store_loaded(self, photo_id: int, kind: ImageKind) -> None:
        if not self._shown(photo_id):
            return
        if kind is ImageKind.PREVIEW:
            self._request_images()  # new pixels, where they are needed: the view and notes stay
        if kind is ImageKind.REGION or self.canvas.detail_needed():
            self.pixels.update_details()
        self.settling.when_shown()
        self.canvas.update()

    def _neighbours(self) -> list[Photo]:
        """The photos of the sessions [ and ] step to from the after one."""
        at = self._index.get(id(self.after))
        if at is None:
            return []
        return [self.candidates[i].photo for i in (at - 1, at + 1) if 0 <= i < len(self.candidates)]

    def _on_store_failed(self, photo_id: int, reason: str) -> None:
        if self._shown(photo_id):
            message = self.tr("A photo cannot be shown: {reason}").format(reason=reason)
            self.canvas.placeholder = message
            self.note.set_notes([message])

    def _on_canvas_needs_detail(self) -> None:
        self.pixels.update_details()

    def _on_state_changed(self) -> None:
        self.pixels.on_state_changed()

    def _on_eyes_detected(self, photo_id: int) -> None:
        if self.isVisible() and self._shown(photo_id):
            self.reload(keep=True)

    # ----------------------------------------------------------------- output

    def print_sheet(self) -> None:
        """The pair on screen as a sheet: the dialog gets the photos chosen here."""
        from journal.ui.sheets import pair_dialog

        before, after = self.before, self.after
        if self._journal is None or before is None or after is None:
            return
        positions = {before.session.id: before.position, after.session.id: after.position}
        dialog = pair_dialog(
            self._journal,
            before.session,
            after.session,
            self.angle,
            (before.photo, after.photo),
            positions,
            self._pool,
            self,
        )
        self.sheet_dialog = dialog
        dialog.show()

    def notes(self) -> list[str]:
        """The notes shown above the photos now (lighting, alignment), one per line."""
        return self.note.lines()

    def save_image(self) -> None:
        from journal.ui.compare.export import ask_and_save

        if len(self.canvas.sides) != 2:
            return
        if self.before is not None and self.after is not None:
            self.store.sharpen(
                [self.before.photo, self.after.photo]
            )  # in memory by the time a file is chosen
        if any(side.pixmap is None for side in self.canvas.sides):
            self._status.showMessage(self.tr("The photos are still loading; save them in a moment."), 6000)
            return
        name = "comparison.png"
        if self.before is not None and self.after is not None:
            name = (
                f"comparison {self.before.session.date} to {self.after.session.date} {self.angle.value}.png"
            )
        ask_and_save(self, self.canvas, name, self._status, self._runner)
