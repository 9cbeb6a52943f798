"""The compare page: pick an angle and two sessions, look at them four ways, aligned or not.

Defaults to the first treatment against the latest session. Labels say the dates, the session
numbers and the time between. A calm note appears when the two photos differ in light or head
tilt enough to mislead, and when a photo could not be aligned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QSizeF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap, QTransform, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.alignment import eyes_to_eyes
from journal.core.course import CoursePosition, course_positions, describe_gap
from journal.core.journal import Journal
from journal.core.models import Angle, JournalEvent, Kind, Photo, Session
from journal.ui.compare_canvas import CompareCanvas, SideView, fitted_into, similarity_transform
from journal.ui.eye_worker import EyeWorker
from journal.ui.image_store import ImageStore
from journal.ui.timeline import format_date
from journal.ui.undo import SetEyePoints
from journal.ui.workers import BackgroundTask
from journal.ui.zoom import ViewState

MODE_LABELS = {"side": "Side by side", "wipe": "Wipe", "blink": "Blink", "fade": "Fade"}
BLINK_MS = 700


@dataclass(frozen=True)
class Candidate:
    session: Session
    photo: Photo
    position: CoursePosition

    def label(self) -> str:
        return f"{format_date(self.session.date)} · {self.position.label(self.session.kind)}"


def short_name(candidate: Candidate) -> str:
    return f"session {candidate.position.number}" if candidate.position.number else "check-in"


class CompareView(QWidget):
    """Signals:
    backRequested(): leave the compare page.
    """

    backRequested = Signal()

    def __init__(
        self, eyes: EyeWorker, undo_stack: QUndoStack, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._journal: Journal | None = None
        self._eyes = eyes
        self._undo = undo_stack
        self._pool = pool
        self.store = ImageStore(self)
        self.store.loaded.connect(self._on_store_loaded)
        self.store.failed.connect(self._on_store_failed)
        eyes.detected.connect(self._on_eyes_detected)
        self.candidates: list[Candidate] = []
        self.before: Candidate | None = None
        self.after: Candidate | None = None
        self.angle = Angle.FRONT
        self.aligned = True
        self._want_detail = False
        self._measures: dict[tuple[int, Any], Any] = {}
        self._tasks: list[BackgroundTask] = []
        self._lighting_notes: list[str] = []
        self.last_check: Any = None

        self.state = ViewState(self)
        self.canvas = CompareCanvas(self.state)
        self.canvas.needsDetail.connect(self._on_canvas_needs_detail)
        self.canvas.eyesEdited.connect(self._on_canvas_eyes_edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._pair_bar())
        layout.addLayout(self._mode_bar())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: palette(alternate-base); border-radius: 4px; padding: 6px;")
        self.note.hide()
        layout.addWidget(self.note)
        layout.addWidget(self.canvas, 1)
        self._blink_timer = QTimer(self)
        self._blink_timer.setInterval(BLINK_MS)
        self._blink_timer.timeout.connect(self.toggle_blink)
        self._make_shortcuts()
        self._update_mode_controls()

    # ----------------------------------------------------------------- building

    def _pair_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        back = QPushButton(self.tr("← Journal"))
        back.setToolTip(self.tr("Back to the journal (Esc)"))
        back.clicked.connect(self.backRequested)
        bar.addWidget(back)
        bar.addSpacing(12)
        self.angle_group = QButtonGroup(self)
        for angle in (Angle.FRONT, Angle.LEFT, Angle.RIGHT):
            button = QToolButton()
            button.setText(angle.value.capitalize())
            button.setCheckable(True)
            button.setChecked(angle is Angle.FRONT)
            self.angle_group.addButton(button)
            button.clicked.connect(lambda _c=False, a=angle: self.set_angle(a))
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Before")))
        self.before_combo = QComboBox()
        self.before_combo.setMinimumContentsLength(26)
        self.before_combo.activated.connect(lambda i: self._choose(before=i))
        bar.addWidget(self.before_combo)
        bar.addWidget(QLabel(self.tr("After")))
        self.after_combo = QComboBox()
        self.after_combo.setMinimumContentsLength(26)
        self.after_combo.activated.connect(lambda i: self._choose(after=i))
        bar.addWidget(self.after_combo)
        self.baseline_button = QPushButton(self.tr("vs baseline"))
        self.baseline_button.setToolTip(self.tr("Compare with the first treatment (B)"))
        self.baseline_button.clicked.connect(self.versus_baseline)
        self.previous_button = QPushButton(self.tr("vs previous"))
        self.previous_button.setToolTip(self.tr("Compare with the session before (P)"))
        self.previous_button.clicked.connect(self.versus_previous)
        self.earlier_button = QToolButton()
        self.earlier_button.setText("◀")
        self.earlier_button.setToolTip(self.tr("After: the session before ([)"))
        self.earlier_button.clicked.connect(lambda: self.step_after(-1))
        self.later_button = QToolButton()
        self.later_button.setText("▶")
        self.later_button.setToolTip(self.tr("After: the session after (])"))
        self.later_button.clicked.connect(lambda: self.step_after(1))
        for widget in (self.baseline_button, self.previous_button, self.earlier_button, self.later_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _mode_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QToolButton] = {}
        for number, (mode, label) in enumerate(MODE_LABELS.items(), 1):
            button = QToolButton()
            button.setText(self.tr(label))
            button.setCheckable(True)
            button.setChecked(mode == "side")
            button.setToolTip(f"{label} (Ctrl+{number})")
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            bar.addWidget(button)
        bar.addSpacing(12)
        self.aligned_box = QCheckBox(self.tr("Aligned (A)"))
        self.aligned_box.setChecked(True)
        self.aligned_box.setToolTip(self.tr("Line the after photo's eyes up with the before photo's"))
        self.aligned_box.toggled.connect(self.set_aligned)
        bar.addWidget(self.aligned_box)
        self.eyes_button = QToolButton()
        self.eyes_button.setText(self.tr("Adjust eyes (E)"))
        self.eyes_button.setCheckable(True)
        self.eyes_button.setToolTip(self.tr("Drag the eye markers where the pupils are (side by side)"))
        self.eyes_button.toggled.connect(self._on_eyes_button_toggled)
        bar.addWidget(self.eyes_button)
        self.fade_slider = QSlider(Qt.Orientation.Horizontal)
        self.fade_slider.setRange(0, 100)
        self.fade_slider.setValue(50)
        self.fade_slider.setMaximumWidth(180)
        self.fade_slider.setToolTip(self.tr("How much of the after photo shows"))
        self.fade_slider.valueChanged.connect(self._on_fade_slider_changed)
        bar.addWidget(self.fade_slider)
        self.blink_auto = QCheckBox(self.tr("Blink by itself"))
        self.blink_auto.toggled.connect(self._on_blink_auto_toggled)
        bar.addWidget(self.blink_auto)
        self.blink_hint = QLabel(self.tr("Space switches"))
        bar.addWidget(self.blink_hint)
        bar.addStretch(1)
        for text, tip, slot in (
            ("−", self.tr("Zoom out (−)"), lambda: self.canvas.zoom_by(0.8)),
            (self.tr("Fit"), self.tr("Fit (0)"), self.state.set_fit),
            ("100 %", self.tr("Actual pixels of the before photo (1)"), self.canvas.zoom_actual),
            ("+", self.tr("Zoom in (+)"), lambda: self.canvas.zoom_by(1.25)),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addSpacing(12)
        self.save_button = QPushButton(self.tr("Save image…"))
        self.save_button.clicked.connect(self.save_image)
        bar.addWidget(self.save_button)
        self.tools_bar = bar
        return bar

    def _make_shortcuts(self) -> None:
        for keys, slot in (
            ("B", self.versus_baseline),
            ("P", self.versus_previous),
            ("[", lambda: self.step_after(-1)),
            ("]", lambda: self.step_after(1)),
            ("A", lambda: self.aligned_box.toggle()),
            ("E", lambda: self.eyes_button.toggle()),
            ("Space", self.toggle_blink),
            ("Esc", self.backRequested.emit),
            ("Ctrl+1", lambda: self.set_mode("side")),
            ("Ctrl+2", lambda: self.set_mode("wipe")),
            ("Ctrl+3", lambda: self.set_mode("blink")),
            ("Ctrl+4", lambda: self.set_mode("fade")),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # ----------------------------------------------------------------- journal

    def set_journal(self, journal: Journal | None) -> None:
        self._journal = journal
        self.store.set_journal(journal)
        self._measures.clear()
        self.before = self.after = None
        self.reload()

    def on_journal_event(self, event: JournalEvent) -> None:
        if self._journal is None or not self.isVisible():
            return
        if event.kind.startswith("session-") or event.kind in (
            "photo-added",
            "photo-removed",
            "trash-emptied",
        ):
            self.reload(keep=True)
        elif event.kind == "photo-changed":
            shown = {c.photo.id for c in (self.before, self.after) if c}
            if event.photo_id in shown:
                self.reload(keep=True)

    def reload(self, keep: bool = False) -> None:
        """Rebuild the session lists for the current angle; keep the chosen pair if it still exists."""
        old_before = self.before.session.id if keep and self.before else None
        old_after = self.after.session.id if keep and self.after else None
        self.candidates = self._candidates()
        by_id = {c.session.id: c for c in self.candidates}
        self.before, self.after = by_id.get(old_before or -1), by_id.get(old_after or -1)
        if self.before is None or self.after is None:
            self.before, self.after = self._default_pair()
        self._show()

    def _candidates(self) -> list[Candidate]:
        if self._journal is None:
            return []
        sessions = self._journal.sessions()
        positions = course_positions(sessions)
        first_photo: dict[int, Photo] = {}
        for photo in self._journal.photos():
            if photo.angle is self.angle:
                first_photo.setdefault(photo.session_id, photo)
        return [Candidate(s, first_photo[s.id], positions[s.id]) for s in sessions if s.id in first_photo]

    def _default_pair(self) -> tuple[Candidate | None, Candidate | None]:
        if not self.candidates:
            return None, None
        treatments = [c for c in self.candidates if c.session.kind is Kind.TREATMENT]
        first = treatments[0] if treatments else self.candidates[0]
        return first, self.candidates[-1]

    # ----------------------------------------------------------------- choosing

    def set_angle(self, angle: Angle) -> None:
        self.angle = angle
        for button in self.angle_group.buttons():
            button.setChecked(button.text().lower() == angle.value)
        keep_before = self.before.session.id if self.before else None
        keep_after = self.after.session.id if self.after else None
        self.candidates = self._candidates()
        by_id = {c.session.id: c for c in self.candidates}
        self.before, self.after = by_id.get(keep_before or -1), by_id.get(keep_after or -1)
        if self.before is None or self.after is None:
            self.before, self.after = self._default_pair()
        self._show()

    def show_pair(self, before_session: int | None, after_session: int | None) -> None:
        """Compare two given sessions (None: keep that side's default)."""
        by_id = {c.session.id: c for c in self.candidates}
        default_before, default_after = self._default_pair()
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
        self.before = self._default_pair()[0]
        self._show()

    def versus_previous(self) -> None:
        if self.after is None:
            return
        index = self.candidates.index(self.after)
        if index > 0:
            self.before = self.candidates[index - 1]
            self._show()

    def step_after(self, step: int) -> None:
        if self.after is None:
            return
        index = self.candidates.index(self.after) + step
        if 0 <= index < len(self.candidates):
            self.after = self.candidates[index]
            self._show()

    # ----------------------------------------------------------------- modes

    def set_mode(self, mode: str) -> None:
        self.canvas.set_mode(mode)
        self.mode_buttons[mode].setChecked(True)
        if mode != "blink":
            self.blink_auto.setChecked(False)
        self._update_mode_controls()

    def set_aligned(self, aligned: bool) -> None:
        self.aligned = aligned
        if self.aligned_box.isChecked() != aligned:
            self.aligned_box.setChecked(aligned)
        self._show()

    def toggle_blink(self) -> None:
        if self.canvas.mode == "blink":
            self.canvas.blink_after = not self.canvas.blink_after
            self.canvas.update()

    def _update_mode_controls(self) -> None:
        mode = self.canvas.mode
        self.fade_slider.setVisible(mode == "fade")
        self.blink_auto.setVisible(mode == "blink")
        self.blink_hint.setVisible(mode == "blink")
        self.eyes_button.setEnabled(mode == "side")
        if mode != "side":
            self.eyes_button.setChecked(False)

    def _on_fade_slider_changed(self, value: int) -> None:
        self.canvas.fade = value / 100
        self.canvas.update()

    def _on_blink_auto_toggled(self, on: bool) -> None:
        if on:
            self._blink_timer.start()
        else:
            self._blink_timer.stop()

    def _on_eyes_button_toggled(self, on: bool) -> None:
        self.canvas.editing_eyes = on
        self.canvas.update()

    # ----------------------------------------------------------------- showing

    def _show(self) -> None:
        self._fill_combos()
        has_pair = self.before is not None and self.after is not None
        for widget in (self.baseline_button, self.previous_button, self.earlier_button, self.later_button):
            widget.setEnabled(has_pair)
        if not has_pair or self.before is None or self.after is None:
            angle = self.angle.value
            self.canvas.clear(self.tr("No session has a {angle} photo yet.").format(angle=angle))
            self.note.hide()
            return
        if self.before.session.id == self.after.session.id and len(self.candidates) == 1:
            message = self.tr(
                "Only one session has a {angle} photo so far: add photos to another session to compare."
            )
            self.canvas.clear(message.format(angle=self.angle.value))
            self.note.hide()
            return
        undetected = [c.photo.id for c in (self.before, self.after) if not c.photo.eyes_checked]
        if undetected:
            self._eyes.request(undetected, urgent=True)
        before_side = self._side(self.before, self.tr("Before"))
        after_side = self._side(self.after, self.tr("After"))
        notes: list[str] = []
        if self.aligned and self.before.photo.eyes and self.after.photo.eyes:
            transform = eyes_to_eyes(self._eye_pixels(self.after.photo), self._eye_pixels(self.before.photo))
            after_side.to_frame = similarity_transform(transform)
        else:
            after_side.to_frame = fitted_into(after_side.size, before_side.size)
            if self.aligned:
                missing = [
                    name
                    for name, c in ((self.tr("before"), self.before), (self.tr("after"), self.after))
                    if c.photo.eyes is None
                ]
                waiting = any(not c.photo.eyes_checked for c in (self.before, self.after))
                if waiting:
                    notes.append(self.tr("Looking for the eyes to align the photos…"))
                else:
                    notes.append(
                        self.tr(
                            "Not aligned: no eyes were found on the {which} photo, so it is centred and fitted. "
                            "Use Adjust eyes to place them by hand."
                        ).format(which=" and ".join(missing))
                    )
        self.canvas.set_sides(before_side, after_side)
        self.canvas.gap_text = self._gap_text()
        self._lighting_notes = notes
        self._set_notes(notes)
        self._check_lighting()
        if self.canvas.detail_needed():
            self._on_canvas_needs_detail()

    def _fill_combos(self) -> None:
        for combo, chosen in ((self.before_combo, self.before), (self.after_combo, self.after)):
            combo.blockSignals(True)
            combo.clear()
            for candidate in self.candidates:
                combo.addItem(candidate.label(), candidate.session.id)
            if chosen is not None:
                combo.setCurrentIndex(self.candidates.index(chosen))
            combo.blockSignals(False)

    def _side(self, candidate: Candidate, title: str) -> SideView:
        photo = candidate.photo
        image = self.store.image(photo, detail=self._want_detail)
        side = SideView(
            size=QSizeF(photo.width, photo.height),
            title=title,
            caption=candidate.label(),
            pixmap=QPixmap.fromImage(image) if image is not None else None,
            to_frame=QTransform(),
        )
        if photo.eyes is not None:
            (lx, ly), (rx, ry) = photo.eyes.in_pixels(photo.width, photo.height)
            side.eyes = (QPointF(lx, ly), QPointF(rx, ry))
        return side

    @staticmethod
    def _eye_pixels(photo: Photo) -> tuple[tuple[float, float], tuple[float, float]]:
        assert photo.eyes is not None
        return photo.eyes.in_pixels(photo.width, photo.height)

    def _gap_text(self) -> str:
        assert self.before is not None and self.after is not None
        gap = describe_gap(self.before.session.date, self.after.session.date)
        return f"{gap} · {short_name(self.before)} → {short_name(self.after)}"

    def _set_notes(self, notes: list[str]) -> None:
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def _on_store_loaded(self, photo_id: int, _kind: str) -> None:
        if any(c and c.photo.id == photo_id for c in (self.before, self.after)):
            self._show_images()

    def _show_images(self) -> None:
        """New pixels arrived: swap them in without touching the view or the notes."""
        for side, candidate in zip(self.canvas.sides, (self.before, self.after), strict=False):
            if candidate is None:
                continue
            image = self.store.image(candidate.photo, detail=self._want_detail)
            if image is not None and (side.pixmap is None or image.width() > side.pixmap.width()):
                side.pixmap = QPixmap.fromImage(image)
        self.canvas.update()

    def _on_store_failed(self, photo_id: int, reason: str) -> None:
        if any(c and c.photo.id == photo_id for c in (self.before, self.after)):
            self.canvas.placeholder = self.tr("A photo cannot be shown: {reason}").format(reason=reason)
            self._set_notes([self.tr("A photo cannot be shown: {reason}").format(reason=reason)])

    def _on_canvas_needs_detail(self) -> None:
        self._want_detail = True
        for candidate in (self.before, self.after):
            if candidate is not None:
                self.store.image(candidate.photo, detail=True)

    def _on_eyes_detected(self, photo_id: int) -> None:
        if self.isVisible() and any(c and c.photo.id == photo_id for c in (self.before, self.after)):
            self.reload(keep=True)

    def _on_canvas_eyes_edited(self, index: int, left: QPointF, right: QPointF) -> None:
        candidate = self.before if index == 0 else self.after
        if candidate is None or self._journal is None or self._journal.read_only:
            return
        photo = candidate.photo
        self._undo.push(
            SetEyePoints(
                self._journal,
                photo.id,
                (left.x() / photo.width, left.y() / photo.height),
                (right.x() / photo.width, right.y() / photo.height),
            )
        )

    # ----------------------------------------------------------------- lighting and pose

    def _check_lighting(self) -> None:
        if self._journal is None or self.before is None or self.after is None:
            return
        pair = (self.before.photo, self.after.photo)
        keys = [(p.id, p.eyes) for p in pair]
        missing = [p for p, key in zip(pair, keys, strict=True) if key not in self._measures]
        if not missing:
            self._show_lighting()
            return
        journal = self._journal

        def work(_progress: Any) -> list[tuple[tuple[int, Any], Any]]:
            import numpy as np
            from PIL import Image

            from journal.core import lighting

            out = []
            for photo in missing:
                path = journal.cache.ensure_preview(photo.sha256, journal.photo_path(photo))
                with Image.open(path) as im:
                    pixels = np.asarray(im.convert("RGB"))
                eyes = None
                if photo.eyes is not None:
                    eyes = photo.eyes.in_pixels(pixels.shape[1], pixels.shape[0])
                out.append(((photo.id, photo.eyes), lighting.measure(pixels, eyes)))
            return out

        task = BackgroundTask(work, self._pool, self)
        self._tasks.append(task)
        task.done.connect(lambda results: (self._measures.update(results), self._show_lighting()))
        task.failed.connect(
            lambda message: self._set_notes(
                [*self._lighting_notes, self.tr("The light could not be checked: {m}").format(m=message)]
            )
        )
        task.start()

    def _show_lighting(self) -> None:
        from journal.core import lighting

        if self.before is None or self.after is None:
            return
        before = self._measures.get((self.before.photo.id, self.before.photo.eyes))
        after = self._measures.get((self.after.photo.id, self.after.photo.eyes))
        if before is None or after is None:
            return
        self.last_check = lighting.compare(before, after)
        self._set_notes([*self._lighting_notes, *self.last_check.notes])

    # ----------------------------------------------------------------- export

    def save_image(self) -> None:
        from journal.ui.compare_export import ask_and_save

        ask_and_save(self)
