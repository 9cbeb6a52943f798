"""Shots land in the session through the normal import path; failures keep what was taken;
the ghost is the first treatment's photo unless another is picked."""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from journal.core import fsutil
from journal.core.capture import shots
from journal.core.capture.ghost import Guide, ghost_candidates, ghost_rect
from journal.core.capture.session import CaptureSession, CaptureSettings, ShotStatus
from journal.core.errors import JournalReadOnly, NotFound
from journal.core.journal import Journal
from journal.core.models import Angle, Kind
from journal.core.verify import verify
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, Stage, render
from tests.helpers import mean_abs_diff

NOON = dt.datetime(2026, 2, 7, 12, 0, 5).astimezone()


def _frame(seed: int = 0) -> np.ndarray:
    """A picture whose left and right differ, so a mirror image is told apart."""
    rng = np.random.default_rng(seed)
    frame = np.full((240, 320, 3), 90, np.uint8)
    frame[:, :100] = (200, 60, 40)
    frame[100:140, 150:300] = rng.integers(0, 255, (40, 150, 3), dtype=np.uint8)
    frame.flags.writeable = False
    return frame


def _capture_files(journal: Journal) -> list[Path]:
    return sorted(
        p for p in journal.folder.rglob("*") if (p.is_file() and ".capture" in p.parts) or p.suffix == ".part"
    )


@pytest.mark.parametrize("mirror_saved", [False, True], ids=["as-the-camera-sees", "mirrored-as-set"])
def test_a_shot_lands_in_the_session_with_its_angle_dated_now(course, mirror_saved: bool) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    session = CaptureSession(
        journal, today.id, CaptureSettings(mirror_saved=mirror_saved), clock=lambda: NOON
    )
    frame = _frame()
    outcome = session.take(frame)
    assert outcome.status is ShotStatus.SAVED, outcome.line()
    photo = outcome.photo
    assert photo is not None and photo.session_id == today.id and photo.angle is Angle.FRONT
    assert photo.taken_at == NOON.replace(tzinfo=None) and not photo.taken_at_from_file
    assert photo.rel_path.startswith("photos/2026-02-07/front-capture-2026-02-07-120005-")
    stored = Image.open(journal.photo_path(photo))
    expected = frame[:, ::-1] if mirror_saved else frame
    assert mean_abs_diff(stored, Image.fromarray(np.ascontiguousarray(expected))) < 2
    assert mean_abs_diff(stored, Image.fromarray(np.ascontiguousarray(expected[:, ::-1]))) > 20
    # Nothing in the file but its capture time: no camera, no place, no software.
    exif = stored.getexif()
    assert set(exif) | set(exif.get_ifd(0x8769)) <= {0x0132, 0x8769, 0x9003, 0x9004, 0x9011}
    assert exif.get_ifd(0x8825) == {}
    assert _capture_files(journal) == [] and verify(journal).clean
    assert session.angle is Angle.LEFT


def test_the_same_picture_twice_is_a_duplicate_in_the_report(course) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    session = CaptureSession(journal, today.id, clock=lambda: NOON)
    first = session.take(_frame())
    session.go_to(Angle.FRONT)
    again = session.take(_frame())
    assert (first.status, again.status) == (ShotStatus.SAVED, ShotStatus.DUPLICATE)
    assert (
        again.line() == f"duplicate: camera shot, front, 12:00:05 (already stored as {first.photo.rel_path})"
    )
    assert len(journal.photos(today.id)) == 1


def test_the_angles_come_in_turn_and_the_capture_is_done_with_all_three(course) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    session = CaptureSession(journal, today.id)
    seen = []
    for seed in range(3):
        seen.append(session.angle)
        assert session.take(_frame(seed)).status is ShotStatus.SAVED
    assert seen == [Angle.FRONT, Angle.LEFT, Angle.RIGHT] and session.done
    assert sorted(p.angle.value for p in journal.photos(today.id)) == ["front", "left", "right"]


def _fill_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", full)


@pytest.mark.parametrize("failure", ["disk-full", "session-trashed-in-another-window"])
def test_a_shot_that_fails_leaves_the_session_as_it_was_and_keeps_the_earlier_shots(
    course, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    session = CaptureSession(journal, today.id)
    kept = session.take(_frame(1))
    assert kept.status is ShotStatus.SAVED
    if failure == "disk-full":
        _fill_disk(monkeypatch)
    else:
        journal.trash_session(today.id)
    failed = session.take(_frame(2))
    assert failed.status is ShotStatus.FAILED and failed.result is None
    assert ("disk is full" if failure == "disk-full" else "in the trash") in failed.message
    assert failed.line().startswith("not saved: ")
    assert session.unsaved is not None and session.angle is Angle.LEFT  # waits to be tried again
    monkeypatch.undo()
    if failure != "disk-full":
        journal.restore_session(today.id)
    assert [p.id for p in journal.photos(today.id)] == [kept.photo.id]
    assert list(journal.folder.rglob("*.part")) == [] and _capture_files(journal) == []
    assert verify(journal).clean

    retried = session.retry()
    assert retried is not None and retried.status is ShotStatus.SAVED and retried.photo.angle is Angle.LEFT
    assert session.unsaved is None and session.angle is Angle.RIGHT
    assert [o.status for o in session.outcomes] == [ShotStatus.SAVED, ShotStatus.FAILED, ShotStatus.SAVED]


def test_a_shot_left_by_a_crash_is_removed_when_capture_starts_again(course) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    folder = journal.folder / shots.CAPTURE_DIR
    folder.mkdir(mode=0o700)
    (folder / "capture-2026-02-07-120005.jpg").write_bytes(b"\xff\xd8 half a face")
    CaptureSession(journal, today.id)
    assert list(folder.iterdir()) == []
    assert verify(journal).clean


def test_capture_refuses_a_read_only_journal_or_a_trashed_session(course, cache_root: Path) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    journal.trash_session(today.id)
    with pytest.raises(NotFound, match="in the trash"):
        CaptureSession(journal, today.id)
    journal.restore_session(today.id)
    folder = journal.folder
    journal.close()
    with (
        Journal.open(folder, cache_root, read_only=True) as viewer,
        pytest.raises(JournalReadOnly, match="read-only"),
    ):
        CaptureSession(viewer, today.id)


# ----------------------------------------------------------------- the ghost


def test_the_default_ghost_is_the_first_treatments_photo_of_the_angle(
    journal, face: np.ndarray, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    before = journal.add_session(dt.date(2026, 1, 3), Kind.CHECK_IN)  # photos before the course began
    first = journal.add_session(dt.date(2026, 1, 10))
    second = journal.add_session(dt.date(2026, 2, 7))
    today = journal.add_session(dt.date(2026, 3, 7))
    frames = {name: render(face, Pose(dx=i / 10))[0] for i, name in enumerate(["a", "b", "c", "d", "e"])}
    add_photo(journal, before.id, frames["a"], src, "a.jpg")
    baseline = add_photo(journal, first.id, frames["b"], src, "b.jpg")
    add_photo(journal, second.id, frames["c"], src, "c.jpg")
    left_later = add_photo(journal, second.id, frames["d"], src, "d.jpg", Angle.LEFT)
    add_photo(journal, today.id, frames["e"], src, "e.jpg")

    session = CaptureSession(journal, today.id)
    assert session.ghost_photo(Angle.FRONT) == baseline
    # The first treatment has no left photo: the earliest session that has one.
    assert session.ghost_photo(Angle.LEFT) == left_later
    assert session.ghost_photo(Angle.RIGHT) is None
    assert [s.date.day for s, _p in ghost_candidates(journal, Angle.FRONT)] == [3, 10, 7, 7]

    # The first treatment's own capture never ghosts itself.
    assert CaptureSession(journal, first.id).ghost_photo(Angle.FRONT).session_id == before.id

    session.choose_ghost(Angle.FRONT, left_later.id - 1)  # the second session's front photo
    assert session.guide(Angle.FRONT).ghost.session.id == second.id
    with pytest.raises(ValueError, match="not a front photo"):
        session.choose_ghost(Angle.FRONT, left_later.id)
    session.choose_ghost(Angle.FRONT, None)
    assert session.guide(Angle.FRONT).ghost is None


def test_eye_points_set_by_hand_on_the_ghost_are_the_target(course) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    ghost_photo = CaptureSession(journal, today.id).ghost_photo(Angle.FRONT)
    journal.set_eye_points(ghost_photo.id, (0.25, 0.5), (0.5, 0.5), "manual")
    guide = CaptureSession(journal, today.id).guide(Angle.FRONT)
    target = guide.target((640, 360))
    assert target is not None and target.eyes == ((160.0, 180.0), (320.0, 180.0))
    mirrored = Guide(guide.ghost, Angle.FRONT, mirror_saved=True).target((640, 360))
    assert mirrored is not None and mirrored.eyes == ((320.0, 180.0), (480.0, 180.0))


def test_a_ghost_that_cannot_be_read_leaves_capture_working_without_it(course) -> None:  # type: ignore[no-untyped-def]
    journal, today = course
    photo = CaptureSession(journal, today.id).ghost_photo(Angle.FRONT)
    journal.cache.preview_path(photo.sha256).unlink()
    original = journal.photo_path(photo)
    os.chmod(original, 0o600)
    original.write_bytes(original.read_bytes()[:300])
    session = CaptureSession(journal, today.id)
    assert session.guide(Angle.FRONT).ghost is None
    problem = session.ghost_problem(Angle.FRONT)
    assert problem.startswith("The ghost photo could not be read (truncated") and "without it" in problem
    assert session.take(_frame()).status is ShotStatus.SAVED


@pytest.mark.parametrize(
    "ghost, frame, rect",
    [
        ("portrait-phone-photo-over-a-webcam", (3024, 4032), (1280, 720)),
        ("same-shape", (1280, 720), (1280, 720)),
        ("wider-than-the-frame", (2000, 800), (1280, 720)),
    ],
)
def test_the_ghost_is_drawn_whole_and_centred(ghost: str, frame: tuple, rect: tuple) -> None:
    placed = ghost_rect(frame, rect)
    assert placed.width <= rect[0] + 1e-9 and placed.height <= rect[1] + 1e-9
    assert max(placed.width / rect[0], placed.height / rect[1]) == pytest.approx(1.0)
    assert placed.x + placed.width / 2 == pytest.approx(rect[0] / 2)
    assert placed.y + placed.height / 2 == pytest.approx(rect[1] / 2)
    assert placed.width / placed.height == pytest.approx(frame[0] / frame[1])


def test_stage_helpers_put_the_face_where_asked(face: np.ndarray) -> None:
    """The footage generator itself: the detector finds the eyes where the scene says they are."""
    from journal.core.eyes import detect_eyes

    frame, truth = render(face, Pose(scale=1.2, roll=4, dx=0.3, dy=-0.2), Stage())
    found = detect_eyes(frame)
    assert found is not None
    iod = float(np.hypot(truth[1][0] - truth[0][0], truth[1][1] - truth[0][1]))
    assert (
        max(
            np.hypot(found.left[0] - truth[0][0], found.left[1] - truth[0][1]),
            np.hypot(found.right[0] - truth[1][0], found.right[1] - truth[1][1]),
        )
        / iod
        < 0.06
    )


def test_capture_into_a_session_made_when_the_first_shot_lands(course) -> None:  # type: ignore[no-untyped-def]
    """`capture` with no session of today's date: nothing is made until a photo is saved."""
    journal, _today = course
    before = [s.id for s in journal.sessions()]
    target = journal.import_target(dt.date(2026, 3, 7))
    session = CaptureSession(journal, target, clock=lambda: NOON)
    assert session.session_id is None
    ghost = session.ghost_photo(Angle.FRONT)
    assert ghost is not None and journal.session(ghost.session_id).date == dt.date(2026, 1, 10)
    assert [s.id for s in journal.sessions()] == before  # looking at the ghost made nothing
    first = session.take(_frame(1))
    assert first.status is ShotStatus.SAVED, first.line()
    made = [s for s in journal.sessions() if s.id not in before]
    assert [(s.date, s.kind) for s in made] == [(dt.date(2026, 3, 7), Kind.TREATMENT)]
    assert session.session_id == made[0].id
    second = session.take(_frame(2))
    assert second.photo is not None and second.photo.session_id == made[0].id
    assert [p.angle for p in journal.photos(made[0].id)] == [Angle.FRONT, Angle.LEFT]
    assert verify(journal).clean


def test_settings_changed_mid_capture_apply_to_the_next_shot_and_the_ghost(course) -> None:  # type: ignore[no-untyped-def]
    """The view's "save mirrored" and countdown can change while capturing: what was saved stays."""
    from journal.core.capture.auto import Phase, Rules

    journal, today = course
    session = CaptureSession(journal, today.id, CaptureSettings(auto=True), clock=lambda: NOON)
    plain = session.guide(Angle.FRONT).target((640, 360))
    first = session.take(_frame(1))
    session.update(replace(session.settings, mirror_saved=True, rules=Rules(countdown=10.0)))
    mirrored = session.guide(Angle.FRONT).target((640, 360))
    assert plain is not None and mirrored is not None
    assert mirrored.eyes[0][0] == pytest.approx(640 - plain.eyes[1][0])  # the ghost is mirrored too
    second = session.take(_frame(2))
    frame = _frame(2)
    assert (
        mean_abs_diff(
            Image.open(journal.photo_path(second.photo)),
            Image.fromarray(np.ascontiguousarray(frame[:, ::-1])),
        )
        < 2
    )
    assert mean_abs_diff(Image.open(journal.photo_path(first.photo)), Image.fromarray(_frame(1))) < 2
    # The new countdown: 10 s, from the next hold on.
    assert session.auto.phase is Phase.WAITING and session.auto.rules.countdown == 10.0
    assert session.angle is Angle.RIGHT
