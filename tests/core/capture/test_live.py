"""Live feedback and auto-capture on generated footage: the shared portrait under moving
transforms, lined up on a ghost imported into the journal."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from journal.core.capture.analysis import HintKind, LiveAnalysis, LiveReport, describe
from journal.core.capture.auto import Phase, Rules, Trigger
from journal.core.capture.files import FileSource
from journal.core.capture.frames import Frame
from journal.core.capture.ghost import Guide
from journal.core.capture.session import CaptureSession, CaptureSettings, LiveCapture, ShotOutcome, ShotStatus
from journal.core.models import Angle
from journal.core.verify import verify
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, Stage, render, replace, timeline, write_video
from tests.helpers import mean_abs_diff

H = HintKind


def _analyse(analysis: LiveAnalysis, pixels: np.ndarray, index: int = 1, time: float = 0.0) -> LiveReport:
    pixels = np.ascontiguousarray(pixels)
    pixels.flags.writeable = False
    return analysis.analyse(Frame(pixels, index, time))


@pytest.fixture(scope="module")
def guide(face: np.ndarray, tmp_path_factory: pytest.TempPathFactory) -> Guide:
    """The first treatment's front photo as the ghost (one journal for the module: hints only read it)."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    root = tmp_path_factory.mktemp("hints")
    with Journal.create(root / "journal", JournalSettings(), root / "cache") as journal:
        first = journal.add_session(dt.date(2026, 1, 10))
        add_photo(journal, first.id, render(face, Pose())[0], root / "src", "baseline-front.jpg")
        today = journal.add_session(dt.date(2026, 2, 7))
        made = CaptureSession(journal, today.id).guide(Angle.FRONT)
    assert made.ghost is not None and made.ghost.eyes is not None
    assert made.ghost.session.date == dt.date(2026, 1, 10)
    return made


@pytest.mark.parametrize(
    "condition, pose, expected",
    [
        ("aligned", Pose(), []),
        (
            "small-and-off-to-the-frame-left-and-low",
            Pose(scale=0.7, dx=-0.8, dy=0.3),
            [H.CLOSER, H.LEFT, H.UP],
        ),
        ("too-close", Pose(scale=1.25), [H.BACK]),
        # Camera space: the eye on the frame's right is the person's left eye.
        ("head-tilted-to-the-persons-left", Pose(roll=6), [H.TILT_RIGHT]),
        ("head-tilted-to-the-persons-right", Pose(roll=-6), [H.TILT_LEFT]),
        ("far-off-to-the-frame-right", Pose(dx=1.5), [H.RIGHT]),
        ("a-little-high", Pose(dy=-0.3), [H.DOWN]),
        ("darker-light", Pose(gain=0.7), [H.MORE_LIGHT]),
        ("brighter-light", Pose(gain=1.3), [H.LESS_LIGHT]),
        ("warmer-light", Pose(warm=0.12), [H.WARMER]),
        ("cooler-light", Pose(warm=-0.12), [H.COOLER]),
    ],
)
def test_hints_for_each_way_a_face_can_be_off(
    face: np.ndarray, guide: Guide, condition: str, pose: Pose, expected: list
) -> None:
    frame, _truth = render(face, pose, Stage())
    report = _analyse(LiveAnalysis(guide), frame)
    assert [h.kind for h in report.hints] == expected, (condition, [h.text for h in report.hints])
    assert report.ready is (expected == [])
    assert report.match is not None
    geometry = {H.CLOSER, H.BACK, H.TILT_LEFT, H.TILT_RIGHT, H.LEFT, H.RIGHT, H.UP, H.DOWN}
    if set(expected) & geometry:
        assert report.match.score < 86 and not report.match.aligned  # the score falls as the face moves off
    else:
        assert report.match.score >= 90 and report.match.aligned


def test_hint_words(face: np.ndarray, guide: Guide) -> None:
    analysis = LiveAnalysis(guide)
    texts = [h.text for h in _analyse(analysis, render(face, Pose(scale=0.7, dx=-0.8, dy=0.3))[0]).hints]
    assert texts == ["Move closer", "A little to the left", "A little up"]
    far = _analyse(LiveAnalysis(guide), render(face, Pose(dx=1.5))[0])
    assert [h.text for h in far.hints] == ["Move to the right"]
    tilted = _analyse(LiveAnalysis(guide), render(face, Pose(roll=-6))[0])
    assert [h.text for h in tilted.hints] == ["Tilt your head to the left"]
    assert describe(_analyse(LiveAnalysis(guide), render(face, Pose(scale=0.7, dx=-0.8))[0])) == (
        "Move closer; A little to the left"
    )
    assert describe(_analyse(LiveAnalysis(guide), render(face, Pose())[0])) == "Aligned: hold still"
    nobody = _analyse(LiveAnalysis(guide), np.full((360, 640, 3), 90, np.uint8))
    assert nobody.hints[0].text == "No face found: look into the camera" and nobody.match is None


@pytest.mark.parametrize("mirror_saved", [False, True], ids=["saved-as-the-camera-sees", "saved-mirrored"])
def test_the_target_follows_a_ghost_saved_mirrored(
    course, face: np.ndarray, tmp_path: Path, mirror_saved: bool
) -> None:  # type: ignore[no-untyped-def]
    """A ghost whose face sits left of centre: saved mirrored, the camera must see it right of centre."""
    journal, today = course
    off_centre = Stage(centre=0.35)
    ghost_photo = add_photo(
        journal, today.id - 1, render(face, Pose(), off_centre)[0], tmp_path / "g", "left-of-centre.jpg"
    )
    session = CaptureSession(journal, today.id, CaptureSettings(mirror_saved=mirror_saved))
    session.choose_ghost(Angle.FRONT, ghost_photo.id)
    analysis = LiveAnalysis(session.guide())
    as_ghost = _analyse(analysis, render(face, Pose(), off_centre)[0])
    as_mirror = _analyse(LiveAnalysis(session.guide()), render(face, Pose(), Stage(centre=0.65))[0])
    aligned, off = (as_mirror, as_ghost) if mirror_saved else (as_ghost, as_mirror)
    assert aligned.ready and aligned.hints == ()
    # The face must travel 0.3 frame widths: towards the frame's right (the person's left) when
    # the ghost is mirrored into camera space, else towards the frame's left.
    assert [h.text for h in off.hints] == ["Move to the left" if mirror_saved else "Move to the right"]


def test_hold_still_while_moving_and_blurred_then_not(face: np.ndarray, guide: Guide) -> None:
    analysis = LiveAnalysis(guide)
    moving = Pose(blur=15)  # blurred as a face moving ~1 eye distance per second at 1/30 s is
    poses = [
        (0.0, Pose()),
        (0.2, Pose()),
        (0.4, replace(moving, dx=0.2)),  # moving at 1.0 eye distances per second
        (0.6, replace(moving, dx=0.5)),
        (0.8, Pose(dx=0.3)),  # sharp again, but still moving (1.0/s)
        (1.0, Pose(dx=0.3)),  # still
        (1.2, Pose(dx=0.3, blur=15)),  # blurred without moving (the lens, the focus)
        (1.4, Pose(dx=0.3)),
    ]
    reports = [_analyse(analysis, render(face, pose)[0], i + 1, t) for i, (t, pose) in enumerate(poses)]
    still = [H.HOLD_STILL in [h.kind for h in r.hints] for r in reports]
    expected = [False, False, True, True, True, False, True, False]
    assert still == expected, [(r.sharpness.value, r.sharpness.reference, r.sharpness.speed) for r in reports]
    assert [r.ready for r in reports][:2] == [True, True] and not any(r.ready for r in reports[2:5])


def test_no_ghost_yet_lines_up_on_a_standard_framing(journal, face: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    first = journal.add_session(dt.date(2026, 1, 10))
    session = CaptureSession(journal, first.id)
    framing = session.guide(Angle.FRONT)
    assert framing.ghost is None
    centred = Stage(eye_distance=0.18 * 360)  # the framing's eye distance, centred, eye line at 42 %
    report = _analyse(LiveAnalysis(framing), render(face, Pose(), centred)[0])
    assert report.ready and report.light is None
    side = session.guide(Angle.LEFT)
    report = _analyse(LiveAnalysis(side), render(face, Pose(), centred)[0])
    assert report.match is None and not report.ready  # nothing to line a side view up on


def test_a_ghost_without_eye_points_says_how_to_get_hints(course, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    blank = add_photo(
        journal, today.id - 1, np.full((360, 640, 3), 120, np.uint8), tmp_path / "b", "wall.jpg"
    )
    session = CaptureSession(journal, today.id)
    session.choose_ghost(Angle.FRONT, blank.id)
    guide = session.guide()
    assert guide.ghost is not None and guide.ghost.eyes is None
    report = _analyse(LiveAnalysis(guide), np.full((360, 640, 3), 120, np.uint8))
    assert H.NO_GHOST_EYES in [h.kind for h in report.hints] and not report.ready


# ----------------------------------------------------------------- the whole run, on a video

FPS = 10
APPROACH = [
    (0.0, Pose(scale=0.7, dx=-0.8, dy=0.3)),
    (1.0, Pose(scale=0.7, dx=-0.8, dy=0.3)),
    (2.0, Pose()),
    (7.0, Pose()),
]


def test_video_hints_over_time_then_auto_capture_fires_once_and_the_photo_lands(
    course, face: np.ndarray, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    poses = timeline(APPROACH, FPS)
    video = write_video(tmp_path / "approach.avi", [render(face, p)[0] for _t, p in poses], FPS)
    before = dt.datetime.now().replace(microsecond=0)
    session = CaptureSession(journal, today.id, CaptureSettings(auto=True))
    analysis = LiveAnalysis(session.guide())
    source = FileSource(video, paced=False)
    source.open()
    start = None
    reports: list[LiveReport] = []
    shots: list[tuple[float, ShotOutcome]] = []
    last_analysis = -1.0
    while (frame := source.read()) is not None:
        start = frame.time if start is None else start
        t = frame.time - start
        trigger = session.tick(frame.time)
        if trigger is None and t - last_analysis >= 0.3 - 1e-6:
            last_analysis = t
            report = analysis.analyse(frame)
            reports.append(report)
            trigger = session.observe(report)
        if trigger is not None:
            shots.append((t, session.take(frame.pixels, trigger)))
            analysis.guide = session.guide()
    source.close()
    assert start is not None

    def kinds(report: LiveReport) -> list[HintKind]:
        return [h.kind for h in report.hints]

    early = [r for r in reports if r.frame_time - start <= 1.0]
    assert len(early) >= 3 and all(kinds(r) == [H.CLOSER, H.LEFT, H.UP] for r in early), [
        kinds(r) for r in early
    ]
    moving = [r for r in reports if 1.2 <= r.frame_time - start <= 1.6]
    assert moving and all(not r.ready for r in moving)
    settled = [r for r in reports if 2.2 <= r.frame_time - start < 5.0]
    assert settled and all(r.ready and r.hints == () for r in settled), [kinds(r) for r in settled]
    assert max(r.match.score for r in settled if r.match) >= 90

    # Every check holds from the first still analysis after the approach; half a second of
    # that (to the analysis after, 0.6 s here), then the 3-second countdown, then one shot.
    first_ready = next(r.frame_time - start for r in reports if r.ready)
    assert 2.0 <= first_ready <= 2.5
    assert [(o.trigger, o.status) for _t, o in shots] == [(Trigger.AUTO, ShotStatus.SAVED)]
    assert shots[0][0] - first_ready == pytest.approx(3.6, abs=0.05)
    photo = shots[0][1].photo
    assert photo is not None
    assert [p.id for p in journal.photos(today.id)] == [photo.id]
    assert photo.angle is Angle.FRONT and (photo.width, photo.height) == (640, 360)
    assert photo.taken_at is not None and not photo.taken_at_from_file
    assert before <= photo.taken_at <= dt.datetime.now()
    stored = Image.open(journal.photo_path(photo))
    shot_frame = render(face, Pose())[0]
    assert mean_abs_diff(stored, Image.fromarray(shot_frame)) < 3  # the picture as the camera saw it
    assert mean_abs_diff(stored, Image.fromarray(shot_frame[:, ::-1])) > 10  # not mirrored
    assert session.angle is Angle.LEFT  # on to the next angle
    assert session.report_lines() == [
        f"imported: camera shot, front, {photo.taken_at:%H:%M:%S} -> {photo.rel_path}"
    ]
    assert verify(journal).clean


# ----------------------------------------------------------------- threads, as the view runs it


def test_live_capture_runs_the_picture_and_the_analysis_side_by_side_and_shoots(
    course, face: np.ndarray, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    frames = [render(face, p)[0] for _t, p in timeline([(0.0, Pose()), (6.0, Pose())], 30)]
    video = write_video(tmp_path / "still.avi", frames, 30)
    fast = Rules(hold=0.3, countdown=0.5, grace=0.6, cooldown=1.0)
    session = CaptureSession(journal, today.id, CaptureSettings(auto=True, rules=fast))
    shot = threading.Event()
    outcomes: list[ShotOutcome] = []
    during_analysis = []
    analysing = threading.Event()

    live = LiveCapture(
        session,
        FileSource(video),
        on_frame=lambda f: during_analysis.append(analysing.is_set()),
        on_shot=lambda o: (outcomes.append(o), shot.set()),
    )
    real = live.analysis.analyse

    def watched(frame: Frame) -> LiveReport:
        analysing.set()
        try:
            return real(frame)
        finally:
            analysing.clear()

    live.analysis.analyse = watched  # type: ignore[method-assign]
    live.start()
    try:
        assert shot.wait(timeout=30), f"no auto shot; status {live.status}, report {live.latest_report()}"
    finally:
        assert live.stop()
    assert outcomes[0].trigger is Trigger.AUTO and outcomes[0].status is ShotStatus.SAVED
    assert any(during_analysis), "no frame arrived while an analysis ran: the analysis blocks the picture"
    assert live.analyser.count >= 3
    assert len(journal.photos(today.id)) == 1
    assert not [t for t in threading.enumerate() if t.name.startswith("pj-capture")]


def test_shutter_takes_the_newest_frame_whatever_the_checks(course, face: np.ndarray, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    frames = [render(face, Pose(scale=0.6, dx=1.2))[0]] * 40  # far off: no check holds
    video = write_video(tmp_path / "off.avi", frames, 20)
    session = CaptureSession(journal, today.id)
    shot = threading.Event()
    outcomes: list[ShotOutcome] = []
    live = LiveCapture(
        session, FileSource(video, loop=True), on_shot=lambda o: (outcomes.append(o), shot.set())
    )
    live.start()
    try:
        while live.latest_frame() is None:
            threading.Event().wait(0.01)
        assert live.shutter()
        assert shot.wait(timeout=20)
    finally:
        assert live.stop()
    assert outcomes[0].trigger is Trigger.SHUTTER and outcomes[0].status is ShotStatus.SAVED
    assert session.auto.phase is Phase.OFF
    assert session.angle is Angle.LEFT


def test_camera_unplugged_mid_session_keeps_the_shots_taken(course, face: np.ndarray, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.capture.devices import CameraDevice, DeviceSource
    from journal.core.capture.frames import CameraProblem, GrabState

    journal, today = course
    node = tmp_path / "video0"
    node.touch()
    bgr = np.ascontiguousarray(render(face, Pose())[0][..., ::-1])

    class Camera:
        def isOpened(self) -> bool:
            return True

        def set(self, prop: int, value: float) -> bool:
            return True

        def read(self) -> tuple[bool, np.ndarray | None]:
            threading.Event().wait(1 / 30)
            return (True, bgr) if node.exists() else (False, None)

        def release(self) -> None:
            pass

    statuses = []
    shot = threading.Event()
    source = DeviceSource(CameraDevice(str(node), "HD Webcam", 0, str(node)), opener=lambda *a: Camera())
    live = LiveCapture(
        CaptureSession(journal, today.id), source, on_status=statuses.append, on_shot=lambda o: shot.set()
    )
    live.start()
    try:
        while live.latest_frame() is None:
            threading.Event().wait(0.01)
        assert live.shutter() and shot.wait(timeout=20)
        node.unlink()  # unplugged
        deadline = threading.Event()
        for _ in range(500):
            if live.status.state is GrabState.FAILED:
                break
            deadline.wait(0.02)
    finally:
        assert live.stop()
    assert live.status.problem is not None and live.status.problem.problem is CameraProblem.DISCONNECTED
    assert (
        live.status.message
        == "HD Webcam stopped sending pictures (unplugged?). The photos taken so far are kept."
    )
    assert [s.state for s in statuses] == [GrabState.RUNNING, GrabState.FAILED]
    assert [o.status for o in live.session.outcomes] == [ShotStatus.SAVED]
    assert len(journal.photos(today.id)) == 1 and verify(journal).clean


def test_an_aligned_face_stays_aligned_through_small_jitter(face: np.ndarray, guide: Guide) -> None:
    """A little over the tolerance: a hint when coming from afar, none once aligned (no flicker)."""
    just_off = Pose(dx=0.18)  # the tolerance is 0.15 eye distances
    fresh = _analyse(LiveAnalysis(guide), render(face, just_off)[0])
    assert [h.kind for h in fresh.hints] == [H.RIGHT] and not fresh.ready
    analysis = LiveAnalysis(guide)
    drift = [(0.0, Pose()), (0.2, Pose()), (1.2, just_off)]  # slowly: not "hold still"
    settled = [_analyse(analysis, render(face, pose)[0], i + 1, t) for i, (t, pose) in enumerate(drift)]
    assert [r.ready for r in settled] == [True, True, True] and settled[-1].hints == ()
    gone = _analyse(analysis, render(face, Pose(dx=0.3))[0], 4, 3.0)  # twice the tolerance
    assert [h.kind for h in gone.hints] == [H.RIGHT]


def test_a_shot_is_reported_before_the_next_angles_ghost_loads(
    course, face: np.ndarray, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The view says "saved" at once; loading the left ghost (a decode, maybe an eye search) comes after."""
    journal, today = course
    add_photo(journal, today.id - 2, render(face, Pose(dx=0.1))[0], tmp_path / "g", "left.jpg", Angle.LEFT)
    video = write_video(tmp_path / "still.avi", [render(face, Pose())[0]] * 20, 20)
    events: list[str] = []
    landed = threading.Event()

    def guide(angle: Angle, made: Guide) -> None:
        events.append(f"guide {angle.value}")
        if angle is Angle.LEFT:
            landed.set()

    live = LiveCapture(
        CaptureSession(journal, today.id),
        FileSource(video, loop=True),
        on_shot=lambda o: events.append(f"shot {o.angle.value}"),
        on_guide=guide,
    )
    live.start()
    try:
        while live.latest_frame() is None or "guide front" not in events:
            threading.Event().wait(0.01)
        assert live.shutter()
        assert landed.wait(timeout=20)
    finally:
        assert live.stop()
    assert events == ["guide front", "shot front", "guide left"]
