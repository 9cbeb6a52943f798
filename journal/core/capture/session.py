"""Taking a session's photos: the angles in turn, the ghost for each, auto-capture, the shots.

`CaptureSession` is the plain logic (no threads): which angle is next, which ghost it is lined
up on, the auto-capture state, the shots and their import report. `LiveCapture` runs it
against a frame source: the grabber and the analysis on their own threads, and one worker for
the slow parts (loading a ghost, importing a shot), so neither the picture nor the GUI ever
waits. A capture view owns one LiveCapture, paints `latest_frame()` and `latest_report()`
from a timer, and reports what the callbacks say; `progress-journal capture --source FILE` is
the same with a FileSource.
"""

from __future__ import annotations

import datetime as dt
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from journal.core.capture import devices, shots
from journal.core.capture.analysis import INTERVAL, Analyser, LiveAnalysis, LiveReport
from journal.core.capture.auto import AutoCapture, Rules, Trigger
from journal.core.capture.files import FileSource
from journal.core.capture.frames import Frame, FrameSource, Grabber, GrabStatus, Pixels
from journal.core.capture.ghost import Guide, default_ghost, load_ghost
from journal.core.errors import JournalError, JournalReadOnly, NotFound
from journal.core.journal import Journal
from journal.core.models import Angle, ImportResult, NewSession, Photo

ANGLES: tuple[Angle, ...] = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)


def source_for(file: Path | None, camera: devices.CameraChoice | None = None) -> FrameSource:
    """The source `capture` runs on: a video or a folder of frames (`--source FILE`, played in a
    loop at its own rate), else the remembered camera (else the first). Raises CameraError
    (no camera); nothing is opened until the grabber starts."""
    if file is not None:
        return FileSource(file, loop=True)
    return devices.open_device_source(camera)


@dataclass(frozen=True)
class CaptureSettings:
    mirror_saved: bool = False  # save the mirror image instead of what the camera saw
    auto: bool = False  # auto-capture when aligned
    require_light: bool = True  # auto-capture waits for the light to match the ghost's too
    rules: Rules = field(default_factory=Rules)
    angles: tuple[Angle, ...] = ANGLES


class ShotStatus(StrEnum):
    SAVED = "saved"
    DUPLICATE = "duplicate"  # the same picture is already in the journal
    REFUSED = "refused"
    FAILED = "failed"  # the journal could not take it (disk full, read-only): kept for a retry


@dataclass(frozen=True)
class ShotOutcome:
    angle: Angle
    trigger: Trigger
    status: ShotStatus
    result: ImportResult | None
    message: str = ""

    @property
    def photo(self) -> Photo | None:
        return self.result.photo if self.result is not None else None

    def line(self) -> str:
        if self.result is not None:
            return self.result.line()
        return f"not saved: {self.message}"


@dataclass
class _Choice:
    photo_id: int | None  # None: no ghost


@dataclass
class _State:
    angle_index: int = 0
    auto: AutoCapture = field(default_factory=AutoCapture)
    choices: dict[Angle, _Choice] = field(default_factory=dict)
    guides: dict[Angle, Guide] = field(default_factory=dict)
    ghost_problems: dict[Angle, str] = field(default_factory=dict)
    outcomes: list[ShotOutcome] = field(default_factory=list)
    unsaved: shots.Shot | None = None


class CaptureSession:
    """The photos of one session being taken. Thread-safe: every method takes a lock."""

    def __init__(
        self,
        journal: Journal,
        session: int | NewSession,
        settings: CaptureSettings = CaptureSettings(),
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone(),
    ) -> None:
        """`session`: a session's id, or a NewSession (`journal.import_target`) that is made
        when the first shot lands, so a capture that saves nothing leaves no empty session."""
        if journal.read_only:
            raise JournalReadOnly("this journal is open read-only: photos cannot be added")
        if not isinstance(session, NewSession) and journal.session(session).deleted_at is not None:
            raise NotFound("that session is in the trash")
        if not settings.angles:
            raise ValueError("capture needs at least one angle")
        self.journal = journal
        self.target = session
        self.settings = settings
        self._clock = clock
        self._lock = threading.RLock()
        self._state = _State(auto=AutoCapture.start(settings.auto, settings.rules))
        shots.clear_leftovers(journal)

    @property
    def session_id(self) -> int | None:
        """The session the shots go into; None while it is a NewSession no shot has landed in."""
        if isinstance(self.target, NewSession):
            made = self.target.session
            return made.id if made is not None else None
        return self.target

    def update(self, settings: CaptureSettings) -> None:
        """New settings mid-capture (the view's options): the next shot and the ghost follow
        them; what was saved stays as it is. A new countdown starts from the next hold."""
        if settings.angles != self.settings.angles:
            raise ValueError("the angles of a capture cannot change")
        with self._lock:
            before, self.settings = self.settings, settings
            if settings.mirror_saved != before.mirror_saved:
                self._state.guides.clear()  # a guide knows which way the ghost faces
            if settings.rules != before.rules or settings.auto != self._state.auto.enabled:
                self._state.auto = AutoCapture.start(settings.auto, settings.rules)

    # ----------------------------------------------------------------- angles

    @property
    def angle(self) -> Angle:
        with self._lock:
            return self.settings.angles[self._state.angle_index]

    def go_to(self, angle: Angle) -> None:
        with self._lock:
            self._state.angle_index = self.settings.angles.index(angle)
            self._state.auto = self._state.auto.reset()

    def taken(self) -> set[Angle]:
        """The angles with a photo from this capture (saved, or already in the journal)."""
        with self._lock:
            return {
                o.angle for o in self._state.outcomes if o.status in (ShotStatus.SAVED, ShotStatus.DUPLICATE)
            }

    @property
    def done(self) -> bool:
        return self.taken() >= set(self.settings.angles)

    def _advance(self) -> None:
        taken = self.taken()
        angles = self.settings.angles
        start = self._state.angle_index
        for step in range(1, len(angles) + 1):
            index = (start + step) % len(angles)
            if angles[index] not in taken:
                self._state.angle_index = index
                return

    # ----------------------------------------------------------------- ghosts

    def ghost_photo(self, angle: Angle | None = None) -> Photo | None:
        """The photo ghosted for `angle`: the user's pick, else the first treatment's."""
        angle = angle or self.angle
        with self._lock:
            choice = self._state.choices.get(angle)
        if choice is not None:
            return self.journal.photo(choice.photo_id) if choice.photo_id is not None else None
        return default_ghost(self.journal, angle, self.session_id)

    def choose_ghost(self, angle: Angle, photo_id: int | None) -> None:
        """Ghost this photo for `angle` (None: no ghost). It must be a photo of that angle."""
        if photo_id is not None:
            photo = self.journal.photo(photo_id)
            if photo.angle is not angle or photo.deleted_at is not None:
                raise ValueError(f"photo {photo_id} is not a {angle.value} photo in the journal")
        with self._lock:
            self._state.choices[angle] = _Choice(photo_id)
            self._state.guides.pop(angle, None)

    def guide(self, angle: Angle | None = None) -> Guide:
        """What `angle` is lined up on, loading the ghost the first time (slow: off the GUI thread)."""
        angle = angle or self.angle
        with self._lock:
            known = self._state.guides.get(angle)
        if known is not None:
            return known
        photo = self.ghost_photo(angle)
        ghost, problem = None, ""
        if photo is not None:
            try:
                ghost = load_ghost(self.journal, photo)
            except (JournalError, OSError) as exc:  # a damaged original: capture goes on without it
                problem = f"The ghost photo could not be read ({exc}); lining up without it."
        made = Guide(ghost, angle, self.settings.mirror_saved)
        with self._lock:
            self._state.guides[angle] = made
            self._state.ghost_problems[angle] = problem
        return made

    def ghost_problem(self, angle: Angle | None = None) -> str:
        with self._lock:
            return self._state.ghost_problems.get(angle or self.angle, "")

    # ----------------------------------------------------------------- auto-capture

    @property
    def auto(self) -> AutoCapture:
        with self._lock:
            return self._state.auto

    def set_auto(self, on: bool) -> None:
        with self._lock:
            self._state.auto = self._state.auto.enable(on)

    def observe(self, report: LiveReport) -> Trigger | None:
        with self._lock:
            step = self._state.auto.observe(report.frame_time, report.ready)
            self._state.auto = step.state
            return step.shoot

    def tick(self, time: float) -> Trigger | None:
        with self._lock:
            step = self._state.auto.tick(time)
            self._state.auto = step.state
            return step.shoot

    def shutter(self, time: float) -> Trigger:
        with self._lock:
            step = self._state.auto.shutter(time)
            self._state.auto = step.state
            return Trigger.SHUTTER

    # ----------------------------------------------------------------- shots

    def take(self, pixels: Pixels, trigger: Trigger = Trigger.SHUTTER) -> ShotOutcome:
        """Import a shot of the current angle now (blocking: off the GUI thread). On success
        the next angle without a photo comes up; on failure the shot waits for `retry`."""
        with self._lock:
            angle = self.angle
        shot = shots.Shot(pixels, angle, self._clock(), self.settings.mirror_saved, trigger)
        return self._import(shot)

    def retry(self) -> ShotOutcome | None:
        """Try the shot that failed to save again (after freeing space, say)."""
        with self._lock:
            shot = self._state.unsaved
        return self._import(shot) if shot is not None else None

    @property
    def unsaved(self) -> shots.Shot | None:
        with self._lock:
            return self._state.unsaved

    def _import(self, shot: shots.Shot) -> ShotOutcome:
        try:
            result = shots.import_shot(self.journal, self.target, shot)
        except JournalError as exc:
            outcome = ShotOutcome(shot.angle, shot.trigger, ShotStatus.FAILED, None, str(exc))
            with self._lock:
                self._state.unsaved = shot
                self._state.outcomes.append(outcome)
            return outcome
        status = {"imported": ShotStatus.SAVED, "duplicate": ShotStatus.DUPLICATE}.get(
            result.status, ShotStatus.REFUSED
        )
        outcome = ShotOutcome(shot.angle, shot.trigger, status, result, result.reason)
        with self._lock:
            self._state.outcomes.append(outcome)
            if self._state.unsaved is shot:
                self._state.unsaved = None
            if status in (ShotStatus.SAVED, ShotStatus.DUPLICATE) and shot.angle == self.angle:
                self._advance()
        return outcome

    @property
    def outcomes(self) -> list[ShotOutcome]:
        with self._lock:
            return list(self._state.outcomes)

    def report_lines(self) -> list[str]:
        return [o.line() for o in self.outcomes]


class LiveCapture:
    """A CaptureSession run against a frame source.

    Callbacks (all optional) run on the capture's own threads; a Qt view turns them into
    queued signals: `on_frame(frame)` for each picture, `on_report(report)` a few times a
    second, `on_status(status)` when the source starts, ends or fails, `on_shot(outcome)` when
    a shot has been imported (or not), `on_guide(angle, guide)` when the ghost for the current
    angle is ready.
    """

    def __init__(
        self,
        session: CaptureSession,
        source: FrameSource,
        on_frame: Callable[[Frame], None] | None = None,
        on_report: Callable[[LiveReport], None] | None = None,
        on_status: Callable[[GrabStatus], None] | None = None,
        on_shot: Callable[[ShotOutcome], None] | None = None,
        on_guide: Callable[[Angle, Guide], None] | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.session = session
        self.source = source
        self._on_frame = on_frame
        self._on_report = on_report
        self._on_shot = on_shot
        self._on_guide = on_guide
        self._guide_lock = threading.Lock()
        self._guide_angle: Angle | None = None  # the angle the analysis is lined up for
        self.analysis = LiveAnalysis(
            Guide(None, session.angle, session.settings.mirror_saved), session.settings.require_light
        )
        self.grabber = Grabber(source, self._frame_arrived, on_status)
        self.analyser = Analyser(self.grabber, self.analysis, self._report_arrived, interval)
        self._work: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work_loop, name="pj-capture-work", daemon=True)
        self._shooting = threading.Event()

    def start(self) -> None:
        self._worker.start()
        self._work.put(self._refresh_guide)
        self.grabber.start()
        self.analyser.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the picture and the analysis, and wait for a shot being imported to land."""
        stopped = self.analyser.stop(timeout)
        stopped = self.grabber.stop(timeout) and stopped
        self._work.put(None)
        if self._worker.is_alive():
            self._worker.join(timeout)
        return stopped and not self._worker.is_alive()

    def latest_frame(self) -> Frame | None:
        return self.grabber.latest()

    def latest_report(self) -> LiveReport | None:
        return self.analyser.latest()

    @property
    def status(self) -> GrabStatus:
        return self.grabber.status

    @property
    def busy(self) -> bool:
        """A shot is being imported."""
        return self._shooting.is_set()

    # ----------------------------------------------------------------- what the view asks for

    def shutter(self) -> bool:
        """Take a shot of the newest frame now. False when there is no picture yet, or while
        the last shot is still being saved (a double click is not two photos)."""
        frame = self.grabber.latest()
        if frame is None or self._shooting.is_set():
            return False
        trigger = self.session.shutter(frame.time)
        self._shoot(frame, trigger)
        return True

    def set_auto(self, on: bool) -> None:
        self.session.set_auto(on)

    def go_to(self, angle: Angle) -> None:
        self.session.go_to(angle)
        self._work.put(self._refresh_guide)

    def choose_ghost(self, angle: Angle, photo_id: int | None) -> None:
        self.session.choose_ghost(angle, photo_id)
        self._work.put(self._refresh_guide)

    def retry(self) -> None:
        self._work.put(self._retry)

    def update(self, settings: CaptureSettings) -> None:
        """New settings mid-capture (see CaptureSession.update); the ghost is lined up again."""
        self.session.update(settings)
        self._work.put(self._refresh_guide)

    # ----------------------------------------------------------------- threads

    def _frame_arrived(self, frame: Frame) -> None:
        if self._on_frame is not None:
            self._on_frame(frame)
        if self.session.tick(frame.time) is not None:
            self._shoot(frame, Trigger.AUTO)

    def _report_arrived(self, report: LiveReport) -> None:
        with self._guide_lock:
            current = self._guide_angle == self.session.angle and report.guide is self.analysis.guide
        if current and not self._shooting.is_set():
            trigger = self.session.observe(report)
            if trigger is not None:
                frame = self.grabber.latest()
                if frame is not None:
                    self._shoot(frame, trigger)
        if self._on_report is not None:
            self._on_report(report)

    def _shoot(self, frame: Frame, trigger: Trigger) -> None:
        self._shooting.set()

        def job() -> None:
            try:
                outcome = self.session.take(frame.pixels, trigger)
            finally:
                self._shooting.clear()
            if self._on_shot is not None:  # said at once; the next angle's ghost loads after
                self._on_shot(outcome)
            self._refresh_guide()

        self._work.put(job)

    def _retry(self) -> None:
        outcome = self.session.retry()
        if outcome is not None:
            if self._on_shot is not None:
                self._on_shot(outcome)
            self._refresh_guide()

    def _refresh_guide(self) -> None:
        angle = self.session.angle
        guide = self.session.guide(angle)
        with self._guide_lock:
            self.analysis.guide = guide
            self._guide_angle = angle
        if self._on_guide is not None:
            self._on_guide(angle, guide)

    def _work_loop(self) -> None:
        while True:
            job = self._work.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a bug: report it like any thread's (the app shows a crash dialog)
                threading.excepthook(threading.ExceptHookArgs((*sys.exc_info(), self._worker)))
