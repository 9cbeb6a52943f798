"""The course as a short film: one aligned, cropped, labelled frame per session of one angle.

`plan` picks the photos (the session's marked photo of the angle, else its first) and says
which sessions are left out and why; `write` renders the frames and encodes them into a GIF,
an animated WebP or a video, through a temporary file that only replaces the target when the
whole film is done; `preview` makes the same frames small, for the player in the app.

Frames are made from the cached previews (the original is decoded only when the requested
size would enlarge a preview more than twice) and aligned exactly as Compare aligns a pair: every photo
is mapped by `eyes_to_eyes` onto the first frame's eyes, then all share the first frame's
face crop (timelapse_frames). Nothing of the originals' metadata reaches the output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from journal.core.course import course_positions
from journal.core.errors import Cancelled
from journal.core.models import EyesReason, Photo
from journal.core.timelapse_model import (
    ANIMATION_FPS,
    DEFAULT_SIZE,
    END_HOLD_SECONDS,
    FADE_SECONDS,
    GIF_FPS,
    LOOKAHEAD,
    SECONDS_RANGE,
    SIZE_RANGE,
    VIDEO_FPS,
    Format,
    Point,
    Progress,
    Shot,
    Skip,
    Step,
    TimelapseError,
    TimelapseOptions,
    TimelapsePlan,
    Written,
)

__all__ = [
    "ANIMATION_FPS",
    "DEFAULT_SIZE",
    "END_HOLD_SECONDS",
    "FADE_SECONDS",
    "GIF_FPS",
    "LOOKAHEAD",
    "SECONDS_RANGE",
    "SIZE_RANGE",
    "VIDEO_FPS",
    "Format",
    "Point",
    "Progress",
    "Shot",
    "Skip",
    "Step",
    "TimelapseError",
    "TimelapseOptions",
    "TimelapsePlan",
    "Written",
    "label_for",
    "plan",
    "preview",
    "schedule",
    "write",
]

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.core.timelapse_frames import Frame

# --------------------------------------------------------------------------- choosing the photos

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def label_for(day: dt.date, week: int | None, days: int | None) -> str:
    """ "9 Jul 2026 · week 12" (month names fixed, so the burned-in font has every glyph)."""
    date = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if week is not None:
        return f"{date} · week {week}"
    if days is not None and days < 0:
        return f"{date} · before treatment"
    return date


def plan(journal: Journal, options: TimelapseOptions, progress: Progress | None = None) -> TimelapsePlan:
    """Which photo stands for each session in the range, and which sessions are left out.

    A photo whose eyes were never looked for is looked at now, on its preview, and the points
    are stored as Compare stores them; in a read-only journal they serve this film only.
    """
    options = options.validated()
    sessions = [
        s
        for s in journal.sessions()
        if (options.first is None or s.date >= options.first)
        and (options.last is None or s.date <= options.last)
    ]
    positions = course_positions(journal.sessions())
    marks = journal.marked_photos()
    by_session: dict[int, list[Photo]] = {}
    for photo in journal.photos():
        if photo.angle is options.angle:
            by_session.setdefault(photo.session_id, []).append(photo)
    angle = options.angle.value
    shots: list[Shot] = []
    skipped: list[Skip] = []
    for done, session in enumerate(sessions, 1):
        photos = by_session.get(session.id, [])
        if not photos:
            skipped.append(Skip(session, f"no {angle} photo"))
        else:
            marked = marks.get((session.id, options.angle))
            photo = next((p for p in photos if p.id == marked), photos[0])
            eyes, why = _eyes_of(journal, photo)
            if eyes is None:
                reason = f"no eye points on the {angle} photo {photo.original_name!r} ({why})"
                skipped.append(Skip(session, reason))
            else:
                position = positions[session.id]
                shots.append(
                    Shot(session, photo, eyes, label_for(session.date, position.week, position.days))
                )
        if progress is not None and progress(done, len(sessions)) is False:
            raise Cancelled()
    return TimelapsePlan(options, shots, skipped)


def _eyes_of(journal: Journal, photo: Photo) -> tuple[tuple[Point, Point] | None, str]:
    """The photo's eye points in upright original pixels, or None and why there are none: the
    reason stored with the photo ("only one eye can be seen"), as Compare and `eyes` say it."""
    from journal.core.eyes import with_eye_points

    if not photo.eyes_checked:
        (photo,) = with_eye_points(journal, [photo])  # stored, as Compare would: found once
        if not photo.eyes_checked:
            return None, "its preview could not be read"
    if photo.eyes is None:
        reason = EyesReason.parse(photo.eyes_reason)
        return None, reason.text if reason is not None else "no face with two eyes found"
    return photo.eyes.in_pixels(photo.width, photo.height), ""


# --------------------------------------------------------------------------- timing


def schedule(count: int, seconds: float, crossfade: bool, fps: int) -> list[Step]:
    """The film in ticks of 1/fps s: each session holds for its share of `seconds`, the last
    one END_HOLD_SECONDS longer; a cross-fade takes the end of a session's share."""
    steps: list[Step] = []
    fade = round(min(FADE_SECONDS, seconds / 2) * fps) if crossfade else 0
    for index in range(count):
        start = round(index * seconds * fps)
        end = round((index + 1) * seconds * fps)
        if index == count - 1:
            end += round(END_HOLD_SECONDS * fps)
        share = max(1, end - start)
        steps_fade = fade if index < count - 1 and share > fade else 0
        steps.append(Step(index, index, 0.0, share - steps_fade))
        steps += [Step(index, index + 1, (k + 1) / (steps_fade + 1), 1) for k in range(steps_fade)]
    return steps


# --------------------------------------------------------------------------- making the film


def write(
    journal: Journal, timelapse: TimelapsePlan, path: Path, progress: Progress | None = None
) -> Written:
    """Render and encode the film to `path` (format from its extension).

    The file appears only when complete: a cancel (progress returned False: Cancelled) or a
    failure leaves nothing at `path`, and whatever was there before stays as it was.
    """
    from journal.core import timelapse_encode
    from journal.core.errors import as_journal_error
    from journal.core.fsutil import atomic_output

    fmt = Format.for_path(path)
    timelapse.require_frames()
    options = timelapse.options.for_format(fmt)
    timelapse_encode.check_available(fmt)
    if path.is_dir():
        raise TimelapseError(f"the output is a folder, not a file: {path}")
    if not path.parent.is_dir():
        raise TimelapseError(f"no such folder: {path.parent}")
    if path.parent.resolve().is_relative_to(journal.folder.resolve()):
        raise TimelapseError(f"save the film outside the journal folder ({journal.folder})")
    fps = fmt.fps
    steps = schedule(len(timelapse.shots), options.seconds_per_session, options.crossfade, fps)
    timelapse_encode.check_memory(fmt, steps, options.size)
    total = len(timelapse.shots)

    def told(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise Cancelled()

    try:
        with (
            atomic_output(path) as tmp,
            contextlib.closing(_rendered(journal, timelapse.shots, options, told)) as frames,
        ):
            encoder = timelapse_encode.encoder_for(fmt, tmp, options.size, fps)
            if fmt is Format.GIF:
                from journal.core.timelapse_frames import palette_for

                encoder.set_palette(palette_for(journal, timelapse.shots, options))
            count = encoder.encode(steps, frames)
            told(total)  # all encoded; the rename is all that is left
    except OSError as exc:
        raise as_journal_error(exc, path) from exc
    return Written(
        path,
        fmt,
        total,
        count,
        sum(s.frames for s in steps) / fps,
        options.size,
        path.stat().st_size,
    )


def _rendered(
    journal: Journal, shots: list[Shot], options: TimelapseOptions, told: Callable[[int], None]
) -> Generator[Frame, None, None]:
    """The shots' frames in order, rendered by two workers a few frames ahead of the encoder."""
    from journal.core.timelapse_frames import Framing, render

    framing = Framing.of(shots[0], options.size)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pj-timelapse") as pool:
        pending: list[Future[Frame]] = []
        submitted = 0
        try:
            for index in range(len(shots)):
                while submitted < len(shots) and submitted <= index + LOOKAHEAD:
                    shot = shots[submitted]
                    pending.append(pool.submit(render, journal, shot, framing, options.dates))
                    submitted += 1
                told(index)  # `index` frames handed to the encoder so far
                yield pending[index].result()
        finally:
            for future in pending:
                future.cancel()


def preview(
    journal: Journal, timelapse: TimelapsePlan, max_edge: int = 480, progress: Progress | None = None
) -> tuple[list[Frame], list[Step]]:
    """The frames at most `max_edge` px on their long side, and the schedule to play them
    with (ticks of 1/ANIMATION_FPS s), for the preview in the app."""
    from journal.core.timelapse_frames import Framing, render

    timelapse.require_frames()
    options = timelapse.options
    width, height = options.size
    factor = min(1.0, max_edge / max(width, height))
    size = (max(16, round(width * factor)), max(16, round(height * factor)))
    framing = Framing.of(timelapse.shots[0], size)
    frames = []
    total = len(timelapse.shots)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pj-timelapse") as pool:
        futures = [pool.submit(render, journal, shot, framing, options.dates) for shot in timelapse.shots]
        try:
            for done, future in enumerate(futures, 1):
                frames.append(future.result())
                if progress is not None and progress(done, total) is False:
                    raise Cancelled()
        finally:
            for future in futures:
                future.cancel()
    return frames, schedule(total, options.seconds_per_session, options.crossfade, ANIMATION_FPS)
