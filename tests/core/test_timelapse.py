"""The timelapse, end to end: a course made from the shared portrait under random similarity
transforms (position, size, tilt), on plain and busy backgrounds, in varied light, some photos
stored sideways with an EXIF orientation; imported, eyes detected, then written as GIF, WebP,
MP4 and WebM and decoded again. In every decoded frame the eyes are detected afresh
(core/eyes.py) and must sit within 2 % of the eye distance of the first frame's.

Most photos carry their true eye points (known from the transform, stored as if set by hand in
Compare); one is found by the detector at import and one by the timelapse itself, so a detector
that leans (its points off the true ones the same way on every photo) shows as a film that
really is misaligned on those two frames. Measured with the true points mapped through the
film's own alignment: the detector's points on those originals put their frames 0.9-1.0 % of
the eye distance off; the eyes of identically aligned frames are detected again within 0.35 %
(codec and labels move them by at most 0.3 %); the test sees at most 1.0 % of its 2 %. (With
the iris model's centre alone, which sits 1 px low on this portrait, it was 1.9-2.6 % off.)
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageSequence

from journal.core import timelapse, timelapse_encode
from journal.core.errors import Cancelled, JournalError
from journal.core.eyes import detect_eyes, locate
from journal.core.journal import Journal
from journal.core.models import Angle, EyesReason, JournalSettings
from journal.core.timelapse import Format, Point, TimelapseOptions
from tests.helpers import SHARED_PHOTOS, photo_like, save_jpeg

TRUE_EYES = ((204.0, 100.1), (246.8, 102.6))  # astronaut.png (tests/core/test_eyes_alignment.py)
JOURNAL_NAME = "Ada's private journal"
SECRET = "SECRET-NAME"  # in every original's file name: it must not reach an output
START = dt.date(2026, 1, 5)
SECONDS = 0.2


def _day(index: int) -> dt.date:
    return START + dt.timedelta(days=21 * index)


def _portrait() -> np.ndarray:
    path = SHARED_PHOTOS / "face" / "astronaut.png"
    if not path.exists():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"missing {path}")
        pytest.skip(f"missing {path}")
    return np.asarray(Image.open(path).convert("RGB"))


def _transformed(source: np.ndarray, seed: int, busy: bool) -> np.ndarray:
    return _transformed_with_eyes(source, seed, busy)[0]


def _transformed_with_eyes(source: np.ndarray, seed: int, busy: bool) -> tuple[np.ndarray, list[Point]]:
    """The portrait under a random similarity (±15°, ×0.8–1.5, ±10 % shift), in random light,
    on its own edges stretched out (plain) or over a photo-like scene (busy)."""
    rng = random.Random(seed)
    rotation, scale = rng.uniform(-15, 15), rng.uniform(0.8, 1.5)
    width, height = rng.randint(640, 960), rng.randint(640, 960)
    matrix = cv2.getRotationMatrix2D((256, 256), rotation, scale)
    matrix[0, 2] += width / 2 - 256 + rng.uniform(-0.1, 0.1) * width
    matrix[1, 2] += height / 2 - 256 + rng.uniform(-0.1, 0.1) * height
    if busy:
        canvas = np.asarray(photo_like((width, height), seed)).copy()
        image = cv2.warpAffine(
            source,
            matrix,
            (width, height),
            dst=canvas,
            flags=cv2.INTER_CUBIC,
            borderMode=cv2.BORDER_TRANSPARENT,
        )
    else:
        image = cv2.warpAffine(
            source, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
        )
    light = rng.uniform(0.85, 1.15)
    # The eyes in continuous coordinates (pixel i spans [i, i+1)), as eye_set places them:
    # warpAffine maps pixel centres, so half a pixel comes off before and goes back after.
    corners = np.array([[x - 0.5, y - 0.5, 1.0] for x, y in TRUE_EYES])
    eyes = [(float(x) + 0.5, float(y) + 0.5) for x, y in (matrix @ corners.T).T]
    return np.clip(image.astype(np.float32) * light, 0, 255).astype(np.uint8), eyes


class Course:
    """Sessions 0..8 of one journal (dates 3 weeks apart), and what each holds."""

    def __init__(self, journal: Journal, folder: Path) -> None:
        self.journal = journal
        self.folder = folder
        self.faces: list[int] = []  # sessions that have an aligned front frame, in order
        self.photo: dict[int, Any] = {}  # session index -> the front photo that stands for it
        self.session_ids: list[int] = []


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    """0 plain, 1 busy, 2 left photo only, 3 sideways (EXIF 6) busy, 4 a front photo with no
    face, 5 plain with eyes never looked for, 6 busy with a second front photo that is marked
    (both found by the detector), 7 plain, 8 busy."""
    source = _portrait()
    root = tmp_path_factory.mktemp("timelapse")
    journal = Journal.create(root / "journal", JournalSettings(name=JOURNAL_NAME), root / "cache")
    result = Course(journal, root)
    originals = root / "originals"
    taken = dt.datetime(2026, 1, 5, 9, 30)
    for index in range(9):
        session = journal.add_session(_day(index))
        result.session_ids.append(session.id)
        name = originals / f"{SECRET}-{index:03d}.jpg"
        if index == 2:
            save_jpeg(name, Image.fromarray(_transformed(source, index, False)), taken=taken, gps=True)
            journal.import_file(name, session.id, Angle.LEFT)
            continue
        if index == 4:
            save_jpeg(name, photo_like((800, 640), seed=4), taken=taken, gps=True)
            locate(journal, journal.import_file(name, session.id, Angle.FRONT).photo)
            continue
        pixels, eyes = _transformed_with_eyes(source, index, busy=index % 2 == 1 or index == 6)
        upright = Image.fromarray(pixels)
        if index == 3:  # stored sideways, as a phone held on its side writes it
            save_jpeg(
                name, upright.transpose(Image.Transpose.ROTATE_90), orientation=6, taken=taken, gps=True
            )
        else:
            save_jpeg(name, upright, taken=taken, gps=True)
        photo = journal.import_file(name, session.id, Angle.FRONT).photo
        assert photo is not None
        if index == 6:  # found by the detector
            photo = locate(journal, photo)
        elif index != 5:  # 5: never looked for; the others as set by hand in Compare (exact)
            (lx, ly), (rx, ry) = eyes
            w, h = photo.width, photo.height
            photo = journal.set_eye_points(photo.id, (lx / w, ly / h), (rx / w, ry / h), "manual")
        if index == 6:
            second = originals / f"{SECRET}-{index:03d}-b.jpg"
            save_jpeg(second, Image.fromarray(_transformed(source, 100, busy=False)), taken=taken, gps=True)
            photo = locate(journal, journal.import_file(second, session.id, Angle.FRONT).photo)
            assert journal.mark_session_photo(session.id, Angle.FRONT, photo.id) is None
        result.faces.append(index)
        result.photo[index] = photo
    yield result
    journal.close()


def _options(**changes: Any) -> TimelapseOptions:
    values: dict[str, Any] = {"size": (480, 600), "seconds_per_session": SECONDS} | changes
    return TimelapseOptions(**values)


def _decoded(path: Path) -> tuple[list[np.ndarray], list[float], float]:
    """Every frame as a player shows it, when each starts (s), and how long the film lasts (s)."""
    if path.suffix in (".gif", ".webp"):
        images, starts, clock = [], [], 0.0
        with Image.open(path) as im:
            for frame in ImageSequence.Iterator(im):
                images.append(np.asarray(frame.convert("RGB")))
                starts.append(clock)
                clock += frame.info["duration"] / 1000
        return images, starts, clock
    import av

    with av.open(str(path)) as container:
        decoded = [(f.to_ndarray(format="rgb24"), float(f.time)) for f in container.decode(video=0)]
        length = (container.duration or 0) / av.time_base
    return [d[0] for d in decoded], [d[1] for d in decoded], length


def _at(frames: list[np.ndarray], starts: list[float], when: float) -> np.ndarray:
    """The frame on screen at `when` seconds."""
    return frames[max(i for i, start in enumerate(starts) if start <= when + 1e-6)]


def _outside_pictures(path: Path) -> bytes:
    """The file's bytes less the compressed pictures of a GIF or WebP (where any 3 bytes, "XMP"
    or "GPS", turn up by chance), so that a search finds only what its blocks and chunks say.
    A video is returned whole."""
    data = path.read_bytes()
    if path.suffix == ".gif":
        kept, at = bytearray(data[:13]), 13
        if data[10] & 0x80:  # the global colour table
            at += 3 << ((data[10] & 7) + 1)
        while data[at] != 0x3B:  # the trailer
            if data[at] == 0x2C:  # a picture: its descriptor, colour table, then LZW sub-blocks
                kept += data[at : at + 10]
                flags, at = data[at + 9], at + 10
                if flags & 0x80:
                    at += 3 << ((flags & 7) + 1)
                at += 1
                while data[at]:
                    at += data[at] + 1
                at += 1
                continue
            start, at = at, at + 2  # an extension: introducer, label, sub-blocks
            while data[at]:
                at += data[at] + 1
            at += 1
            kept += data[start:at]
        return bytes(kept)
    if path.suffix == ".webp":
        kept = bytearray()

        def chunks(body: bytes) -> None:
            at = 0
            while at + 8 <= len(body):
                fourcc, size = body[at : at + 4], int.from_bytes(body[at + 4 : at + 8], "little")
                payload = body[at + 8 : at + 8 + size]
                kept.extend(fourcc)
                if fourcc == b"ANMF":
                    kept.extend(payload[:16])
                    chunks(payload[16:])
                elif fourcc not in (b"VP8 ", b"VP8L", b"ALPH"):
                    kept.extend(payload)
                at += 8 + size + size % 2

        chunks(data[12:])
        return bytes(kept)
    return data


# --------------------------------------------------------------------------- the film


@pytest.mark.parametrize(
    ("fmt", "size"),
    [
        (Format.GIF, (480, 600)),  # portrait 4:5
        (Format.WEBP, (640, 360)),  # landscape 16:9
        (Format.MP4, (480, 600)),
        (Format.WEBM, (400, 400)),  # square
    ],
    ids=["gif-portrait", "webp-landscape", "mp4-portrait", "webm-square"],
)
def test_every_frame_has_its_eyes_where_the_first_frame_has_them(
    course: Course, fmt: Format, size: tuple[int, int], tmp_path: Path
) -> None:
    if fmt.is_video and fmt not in timelapse_encode.video_formats():
        pytest.fail(f"this PyAV build cannot write {fmt.label}")
    plan = timelapse.plan(course.journal, _options(size=size))
    assert [s.session.id for s in plan.shots] == [course.session_ids[i] for i in course.faces]
    out = tmp_path / f"course.{fmt.value}"
    written = timelapse.write(course.journal, plan, out)
    frames, starts, length = _decoded(out)
    # One frame per session (a video repeats the last on its last tick, so the end hold lasts).
    assert len(frames) == len(course.faces) + fmt.is_video == written.frames
    assert {f.shape[:2] for f in frames} == {(size[1], size[0])}
    expected = len(course.faces) * SECONDS + timelapse.END_HOLD_SECONDS
    assert length == pytest.approx(expected, abs=0.05) and written.seconds == pytest.approx(
        expected, abs=0.05
    )
    assert starts[: len(course.faces)] == pytest.approx(
        [i * SECONDS for i in range(len(course.faces))], abs=0.02
    )
    shown = [_at(frames, starts, (i + 0.5) * SECONDS) for i in range(len(course.faces))]
    eyes = [detect_eyes(f) for f in shown]
    assert all(e is not None for e in eyes), [i for i, e in zip(course.faces, eyes, strict=True) if e is None]
    first = eyes[0]
    assert first is not None
    iod = math.dist(first.left, first.right)
    errors = [
        max(math.dist(e.left, first.left), math.dist(e.right, first.right)) / iod
        for e in eyes
        if e is not None
    ]
    assert max(errors) <= 0.02, [f"{e:.3f}" for e in errors]
    # The face fills the frame as a face crop should: the eyes ~3.2 eye distances across the
    # narrow side at most, in the upper half.
    assert iod >= min(size[0], size[1] * 0.8) / 3.4
    assert 0.3 * size[1] < (first.left[1] + first.right[1]) / 2 < 0.55 * size[1]


def test_sessions_left_out_are_named_with_the_reason(course: Course) -> None:
    plan = timelapse.plan(course.journal, _options())
    assert [s.line() for s in plan.skipped] == [
        f"skipped: {_day(2)}: no front photo",
        f"skipped: {_day(4)}: no eye points on the front photo '{SECRET}-004.jpg' (no face found)",
    ]
    left = timelapse.plan(course.journal, _options(angle=Angle.LEFT))
    assert [s.session.date for s in left.shots] == [_day(2)]
    assert len(left.skipped) == 8 and all(s.reason == "no left photo" for s in left.skipped)


@pytest.mark.parametrize("reason", list(EyesReason), ids=[r.value for r in EyesReason])
def test_a_session_left_out_for_its_eyes_says_why_they_were_not_found(
    journal: Journal, tmp_path: Path, reason: EyesReason
) -> None:
    """The reason the eyes were not taken (one eye hidden by hair, a pair that does not fit the
    face...) is the one stored with the photo, not a blanket "no face"."""
    for index in range(3):
        session = journal.add_session(_day(index))
        source = save_jpeg(tmp_path / f"{SECRET}-{index}.jpg", photo_like((160, 200), seed=index))
        photo = journal.import_file(source, session.id, Angle.FRONT).photo
        assert photo is not None
        if index == 1:
            journal.set_eye_points(photo.id, None, None, "auto", reason=reason.value)
        else:
            journal.set_eye_points(photo.id, (0.4, 0.4), (0.6, 0.4), "manual")
    plan = timelapse.plan(journal, _options())
    assert [s.line() for s in plan.skipped] == [
        f"skipped: {_day(1)}: no eye points on the front photo '{SECRET}-1.jpg' ({reason.text})"
    ]


def test_fewer_than_two_frames_writes_nothing(course: Course, tmp_path: Path) -> None:
    out = tmp_path / "one.mp4"
    plan = timelapse.plan(course.journal, _options(first=_day(3), last=_day(4)))
    assert len(plan.shots) == 1
    with pytest.raises(timelapse.TimelapseError, match="only one session has a front photo with eye points"):
        timelapse.write(course.journal, plan, out)
    left = timelapse.plan(course.journal, _options(angle=Angle.LEFT))
    with pytest.raises(timelapse.TimelapseError, match="needs at least two: nothing written"):
        timelapse.write(course.journal, left, out)
    assert list(tmp_path.iterdir()) == []


def test_a_film_is_never_written_into_the_journal_or_past_the_memory_it_may_use(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = timelapse.plan(course.journal, _options())
    inside = course.journal.folder / "photos" / "film.gif"
    with pytest.raises(timelapse.TimelapseError, match="outside the journal folder"):
        timelapse.write(course.journal, plan, inside)
    assert not inside.exists()
    # A 1000-session WebP at 4K would need gigabytes before Pillow writes a byte: refused.
    monkeypatch.setattr(timelapse_encode, "MAX_HELD_BYTES", 480 * 600 * 3)
    out = tmp_path / "film.webp"
    with pytest.raises(timelapse.TimelapseError, match="too many frames for an animated WebP"):
        timelapse.write(course.journal, plan, out)
    assert list(tmp_path.iterdir()) == []
    # A GIF is written frame by frame: it holds no film in memory, whatever its length.
    assert timelapse.write(course.journal, plan, tmp_path / "film.gif").frames == len(plan.shots)


def test_the_marked_photo_stands_for_its_session_and_the_mark_can_be_undone(course: Course) -> None:
    journal = course.journal
    session_id = course.session_ids[6]
    first, marked = journal.photos(session_id)
    assert journal.marked_photos() == {(session_id, Angle.FRONT): marked.id}
    shot = next(s for s in timelapse.plan(journal, _options()).shots if s.session.id == session_id)
    assert shot.photo.id == marked.id
    try:
        assert (
            journal.mark_session_photo(session_id, Angle.FRONT, None) == marked.id
        )  # undo gets the old mark
        shot = next(s for s in timelapse.plan(journal, _options()).shots if s.session.id == session_id)
        assert shot.photo.id == first.id  # no mark: the angle's first photo
        with pytest.raises(JournalError, match="another session"):
            journal.mark_session_photo(course.session_ids[0], Angle.FRONT, marked.id)
        with pytest.raises(JournalError, match="not left"):
            journal.mark_session_photo(session_id, Angle.LEFT, marked.id)
    finally:
        assert journal.mark_session_photo(session_id, Angle.FRONT, marked.id) is None
    journal.trash_photo(marked.id)
    try:
        assert journal.marked_photos() == {}  # a mark on a photo in the trash does not count
    finally:
        journal.restore_photo(marked.id)
    assert journal.marked_photos() == {(session_id, Angle.FRONT): marked.id}


def test_crossfades_blend_each_session_into_the_next(course: Course, tmp_path: Path) -> None:
    plan = timelapse.plan(
        course.journal, _options(size=(240, 300), seconds_per_session=1.0, crossfade=True, dates=False)
    )
    out = tmp_path / "fade.gif"
    timelapse.write(course.journal, plan, out)
    decoded, starts, length = _decoded(out)
    frames = [f.astype(np.float32) for f in decoded]
    steps = timelapse.schedule(len(plan.shots), 1.0, True, Format.GIF.fps)
    fades = round(timelapse.FADE_SECONDS * Format.GIF.fps)
    assert len(frames) == len(steps) == len(plan.shots) + (len(plan.shots) - 1) * fades
    assert length == pytest.approx(len(plan.shots) * 1.0 + timelapse.END_HOLD_SECONDS, abs=0.03)
    assert starts[1 + fades] == pytest.approx(1.0)  # the next session is in full view on its second
    assert steps[1 + fades // 2 - 1].alpha == pytest.approx(0.5, abs=0.15)
    # Between the two sessions that differ most (light, background), the middle of the fade
    # is their mix, far nearer to it than either is (GIF dithering adds its own noise).
    holds = [i * (fades + 1) for i in range(len(plan.shots))]
    start = max(holds[:-1], key=lambda i: float(np.abs(frames[i] - frames[i + fades + 1]).mean()))
    a, middle, b = frames[start], frames[start + fades // 2], frames[start + fades + 1]
    assert np.abs(a - b).mean() > 8
    assert np.abs(middle - (a + b) / 2).mean() < 0.4 * np.abs(a - b).mean()


def test_dates_and_weeks_are_burned_in_or_left_out(course: Course) -> None:
    plan = timelapse.plan(course.journal, _options())
    assert [s.label for s in plan.shots[:2]] == ["5 Jan 2026 · week 0", "26 Jan 2026 · week 3"]
    frames, steps = timelapse.preview(course.journal, plan, max_edge=300)
    bare, _steps = timelapse.preview(
        course.journal, timelapse.plan(course.journal, _options(dates=False)), 300
    )
    assert len(frames) == len(plan.shots) and len(steps) == len(plan.shots)
    assert {f.image.shape for f in frames} == {(300, 240, 3)}
    for frame, plain in zip(frames, bare, strict=True):
        changed = np.argwhere(np.abs(frame.shown().astype(int) - plain.shown().astype(int)).sum(axis=2) > 30)
        rows, cols = changed[:, 0], changed[:, 1]
        # Text in the bottom-left corner, tall enough to read (~4.5 % of the height), nowhere else.
        assert rows.min() > 0.85 * 300 and cols.max() < 0.75 * 240
        assert rows.max() - rows.min() >= 0.03 * 300
    first, second = (f.shown()[255:, :180] for f in frames[:2])
    assert np.abs(first.astype(int) - second.astype(int)).mean() > 1  # two dates, two labels


# --------------------------------------------------------------------------- safety and privacy


@pytest.mark.parametrize("fmt", [Format.GIF, Format.WEBP, Format.MP4, Format.WEBM])
def test_nothing_of_the_originals_metadata_reaches_the_output(
    course: Course, fmt: Format, tmp_path: Path
) -> None:
    if fmt.is_video and fmt not in timelapse_encode.video_formats():
        pytest.fail(f"this PyAV build cannot write {fmt.label}")
    plan = timelapse.plan(course.journal, _options(size=(161, 201)))
    out = tmp_path / f"film.{fmt.value}"
    written = timelapse.write(course.journal, plan, out)
    # Video needs even sides: odd ones lose a pixel, and the line says so.
    assert written.size == ((160, 200) if fmt.is_video else (161, 201))
    assert {f.shape[:2] for f in _decoded(out)[0]} == {written.size[::-1]}
    data = _outside_pictures(out)
    assert len(data) > 100
    for needle in (
        SECRET.encode(),
        b"Exif",
        b"GPS",
        b"XMP",
        b"xmpmeta",
        JOURNAL_NAME.encode(),
        b"2026:01:05",
    ):
        assert needle not in data, needle
    assert out.stat().st_mode & 0o077 == 0  # face photos: readable by the user only
    if not fmt.is_video:
        with Image.open(out) as im:
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(im.info)
        return
    import av

    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        tags = {**container.metadata, **stream.metadata}
    # What the containers always hold (brands, track language and handler, the length) is
    # not about the user; beyond it, at most the muxer's name ("Lavf").
    structural = {"major_brand", "minor_version", "compatible_brands"}
    structural |= {"language", "handler_name", "vendor_id", "DURATION"}
    assert set(tags) - structural <= {"encoder", "ENCODER"}, tags
    assert all(v.startswith("Lav") for k, v in tags.items() if k.lower() == "encoder"), tags
    assert b"x264 - core" not in data  # x264's settings message is filtered out


@pytest.mark.parametrize("fmt", [Format.MP4, Format.GIF], ids=["cancel-mp4", "cancel-gif"])
def test_a_cancelled_export_leaves_no_file_and_keeps_what_was_there(
    course: Course, fmt: Format, tmp_path: Path
) -> None:
    plan = timelapse.plan(course.journal, _options())
    out = tmp_path / f"film.{fmt.value}"
    out.write_bytes(b"the user's earlier film")
    seen = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 3

    with pytest.raises(Cancelled):
        timelapse.write(course.journal, plan, out, progress)
    assert seen == [(done, len(plan.shots)) for done in range(4)]
    assert out.read_bytes() == b"the user's earlier film"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


def test_progress_goes_from_nothing_to_everything(course: Course, tmp_path: Path) -> None:
    plan = timelapse.plan(course.journal, _options(size=(96, 120)))
    seen: list[tuple[int, int]] = []
    timelapse.write(
        course.journal, plan, tmp_path / "film.webm", lambda done, total: seen.append((done, total))
    )
    total = len(plan.shots)
    assert seen == [(done, total) for done in range(total + 1)]


def test_a_photo_that_cannot_be_read_fails_the_export_cleanly(course: Course, tmp_path: Path) -> None:
    """File damage: the cached preview is garbage and the original has vanished."""
    journal = course.journal
    photo = course.photo[7]
    original = journal.photo_path(photo)
    preview = journal.cache.preview_path(photo.sha256)
    kept_original, kept_preview = original.read_bytes(), preview.read_bytes()
    plan = timelapse.plan(journal, _options())
    out = tmp_path / "film.mp4"
    try:
        preview.write_bytes(b"\xff\xd8 not a JPEG any more")
        original.chmod(0o600)
        original.unlink()
        with pytest.raises(JournalError, match=f"cannot read '{SECRET}-007.jpg'"):
            timelapse.write(journal, plan, out)
        assert list(tmp_path.iterdir()) == []
    finally:
        original.write_bytes(kept_original)
        original.chmod(0o400)
        preview.write_bytes(kept_preview)


@pytest.mark.parametrize("fmt", [Format.MP4, Format.WEBM])
def test_a_full_disk_is_a_message_and_leaves_no_file(
    course: Course, fmt: Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import io

    class FullDisk(io.FileIO):
        room = 3000  # bytes the disk still takes

        def write(self, data: Any) -> int:
            FullDisk.room -= len(data)
            if FullDisk.room < 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    monkeypatch.setattr(timelapse_encode, "open", lambda path, mode: FullDisk(path, mode), raising=False)
    out = tmp_path / f"film.{fmt.value}"
    with pytest.raises(JournalError, match=f"disk is full: {out}"):
        timelapse.write(course.journal, timelapse.plan(course.journal, _options(size=(160, 200))), out)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_named_like_a_url_is_only_a_folder(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MP4's faststart reopens the file by name: FFmpeg must take it as a local file, never as
    a protocol (no network call, ever)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rtmp:localhost").mkdir()
    out = Path("rtmp:localhost") / "film.mp4"
    timelapse.write(course.journal, timelapse.plan(course.journal, _options(size=(96, 120))), out)
    data = (tmp_path / out).read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # the index is at the front: plays while loading


def test_a_damaged_preview_is_replaced_by_the_original(course: Course, tmp_path: Path) -> None:
    journal = course.journal
    photo = course.photo[1]
    preview = journal.cache.preview_path(photo.sha256)
    kept = preview.read_bytes()
    plan = timelapse.plan(journal, _options(dates=False))
    try:
        preview.write_bytes(kept[: len(kept) // 3])  # truncated, as a full disk leaves it
        damaged, _steps = timelapse.preview(journal, plan, max_edge=300)
    finally:
        preview.write_bytes(kept)
    clean, _steps = timelapse.preview(journal, plan, max_edge=300)
    index = course.faces.index(1)
    difference = np.abs(damaged[index].image.astype(int) - clean[index].image.astype(int)).mean()
    assert difference < 3  # the same aligned face, from the original instead of the preview


def test_mp4_without_h264_says_which_formats_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timelapse_encode, "video_formats", lambda: frozenset({Format.WEBM}))
    assert timelapse_encode.available_formats() == [Format.WEBM, Format.GIF, Format.WEBP]
    with pytest.raises(timelapse.TimelapseError, match=r"no MP4 \(H.264\): save as .webm, .gif, .webp"):
        timelapse_encode.check_available(Format.MP4)
    monkeypatch.setattr(timelapse_encode, "video_formats", lambda: frozenset())
    with pytest.raises(timelapse.TimelapseError, match="needs PyAV"):
        timelapse_encode.check_available(Format.WEBM)
    timelapse_encode.check_available(Format.GIF)


# --------------------------------------------------------------------------- command line and schema


def test_the_command_writes_the_film_and_names_what_it_left_out(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal.cli import main

    folder = str(course.journal.folder)
    out = tmp_path / "course.gif"
    base = ["timelapse", "--journal", folder, "--seconds-per-session", "0.3", "--size", "200x250"]
    assert main([*base, "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        f"skipped: {_day(2)}: no front photo",
        f"skipped: {_day(4)}: no eye points on the front photo '{SECRET}-004.jpg' (no face found)",
    ]
    assert lines[2] == f"written: {out} (7 sessions, 3.1 s, 200x250, GIF)"
    with Image.open(out) as im:
        assert im.size == (200, 250) and im.n_frames == 7

    lonely = tmp_path / "lonely.webp"
    assert main([*base, "--from", str(_day(5)), "--to", str(_day(5)), "-o", str(lonely)]) == 1
    err = capsys.readouterr().err
    assert "only one session has a front photo with eye points" in err and not lonely.exists()
    with pytest.raises(SystemExit) as exit_info:
        main([*base, "--size", "big", "-o", str(out)])
    assert exit_info.value.code == 2
    assert main([*base, "--seconds-per-session", "0", "-o", str(out)]) == 2
    assert main([*base, "-o", str(tmp_path / "film.avi")]) == 2
    err = capsys.readouterr().err
    assert "seconds per session must be 0.1–10" in err and "unknown timelapse format .avi" in err


def test_an_old_journal_gains_photo_marks_on_open(journal: Journal, cache_root: Path) -> None:
    folder = journal.folder
    journal.close()
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.execute("DROP TABLE session_photo")
    conn.execute("ALTER TABLE photo DROP COLUMN eyes_reason")
    conn.execute("PRAGMA user_version=2")
    conn.close()
    with Journal.open(folder, cache_root) as upgraded:
        session = upgraded.add_session(START)
        assert upgraded.marked_photos() == {}
        assert upgraded.mark_session_photo(session.id, Angle.FRONT, None) is None
    assert list((folder / "backups").glob("pre-migration-v2-to-v*.sqlite3"))


def test_a_read_only_journal_finds_missing_eye_points_without_writing(tmp_path: Path) -> None:
    """The command opens the journal read-only (the app may have it open): eyes never looked
    for are found for the film without a write."""
    source = _portrait()
    folder, cache = tmp_path / "journal", tmp_path / "cache"
    with Journal.create(folder, JournalSettings(name=JOURNAL_NAME), cache) as journal:
        for index in range(2):
            image = Image.fromarray(_transformed(source, 200 + index, busy=False))
            path = save_jpeg(tmp_path / f"{SECRET}-{index}.jpg", image)
            journal.import_file(path, journal.add_session(_day(index)).id, Angle.FRONT)
    with Journal.open(folder, cache, read_only=True) as journal:
        plan = timelapse.plan(journal, _options())
        assert len(plan.shots) == 2 and plan.skipped == []
        assert not any(p.eyes_checked for p in journal.photos())


def test_emptying_the_trash_takes_a_photo_with_its_mark(journal: Journal, tmp_path: Path) -> None:
    session = journal.add_session(START)
    path = save_jpeg(tmp_path / "front.jpg", photo_like((320, 240)))
    photo = journal.import_file(path, session.id, Angle.FRONT).photo
    assert photo is not None
    journal.mark_session_photo(session.id, Angle.FRONT, photo.id)
    journal.trash_photo(photo.id)
    assert journal.empty_trash() == 1
    assert journal.marked_photos() == {} and journal.store.integrity_check() == []
    journal.trash_session(session.id)
    journal.empty_trash()
    assert journal.sessions() == []
