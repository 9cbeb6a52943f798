"""Capture benchmark (issue 15). Run: `.venv/bin/python tests/bench/capture_bench.py`.

At 1280x720, with the shared portrait moving about (tests/core/capture/scenes.py):
  - the file source through the grabber, paced at 30 fps while the live analysis runs beside
    it: the frame rate delivered (target: at least 20 fps), for a video and a folder of JPEGs;
    and unpaced, as a ratio to a bare OpenCV read loop of the same video (same run);
  - the live analysis per frame, with a face and without, against one Pillow decode of a
    1280x720 JPEG and against the eye detection alone (same run);
  - shutter to photo in the session (encode, import, database), against importing a 1280x720
    JPEG file with `journal.import_file` (same run).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tests.bench.common import verdict  # noqa: E402
from tests.core.capture.scenes import Pose, Stage, portrait, render, timeline, write_frames, write_video  # noqa: E402

SIZE = Stage(width=1280, height=720, eye_distance=150)
SECONDS = 5.0
FPS = 30


def footage() -> list[np.ndarray]:
    keys = [
        (0.0, Pose(scale=0.8, dx=-0.6)),
        (2.0, Pose(roll=4, dy=0.2)),
        (4.0, Pose()),
        (SECONDS, Pose(dx=0.1)),
    ]
    return [render(portrait(), pose, SIZE)[0] for _t, pose in timeline(keys, FPS)]


def raw_read_fps(video: Path) -> float:
    """A bare OpenCV read loop, timed like the grabber: first frame to last."""
    capture = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    times = []
    while True:
        ok, _bgr = capture.read()
        if not ok:
            break
        times.append(time.perf_counter())
    capture.release()
    return (len(times) - 1) / (times[-1] - times[0])


def grabbed_fps(path: Path, paced: bool, analyse: bool) -> tuple[float, int]:
    """Frames per second the grabber delivered, and how many analyses ran meanwhile."""
    from journal.core.capture.analysis import Analyser, LiveAnalysis
    from journal.core.capture.files import FileSource
    from journal.core.capture.frames import Grabber, GrabState
    from journal.core.capture.ghost import Guide
    from journal.core.models import Angle

    times: list[float] = []
    grabber = Grabber(
        FileSource(path, fps=FPS, paced=paced), on_frame=lambda f: times.append(time.perf_counter())
    )
    analyser = Analyser(grabber, LiveAnalysis(Guide(None, Angle.FRONT)))
    grabber.start()
    if analyse:
        analyser.start()
    while grabber.status.state not in (GrabState.ENDED, GrabState.FAILED):
        time.sleep(0.01)
    analyser.stop()
    grabber.stop()
    return (len(times) - 1) / (times[-1] - times[0]), analyser.count


def per_frame(actions: dict, inputs: dict, repeat: int = 2) -> dict:  # type: ignore[type-arg]
    """Median seconds per call of each action, the actions taking turns on each input (so a
    change in the machine's load falls on all of them alike)."""
    spent: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for i in range(len(next(iter(inputs.values())))):
            for name, action in actions.items():
                began = time.perf_counter()
                action(inputs[name][i])
                spent[name].append(time.perf_counter() - began)
    return {name: statistics.median(times) for name, times in spent.items()}


def main() -> int:
    from journal.core.capture.analysis import LiveAnalysis
    from journal.core.capture.frames import Frame
    from journal.core.capture.session import CaptureSession
    from journal.core.eyes import detect_eyes
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings

    scratch = Path(tempfile.mkdtemp(prefix="pj-capture-bench-"))
    try:
        frames = footage()
        video = write_video(scratch / "clip.avi", frames, FPS)
        folder = write_frames(scratch / "frames", frames)
        print(f"footage: {len(frames)} frames of 1280x720, {SECONDS:.0f} s at {FPS} fps")

        raw = statistics.median(raw_read_fps(video) for _ in range(3))
        fast, _ = grabbed_fps(video, paced=False, analyse=False)
        print(
            f"video, unpaced: {fast:.0f} fps through the grabber vs {raw:.0f} fps bare OpenCV read ({fast / raw:.2f}x)"
        )
        for label, path in (("video", video), ("folder of JPEGs", folder)):
            rate, analyses = grabbed_fps(path, paced=True, analyse=True)
            print(
                f"{label}, paced at {FPS} fps with the analysis running: {rate:.1f} fps delivered, "
                f"{analyses / SECONDS:.1f} analyses/s ({verdict(rate >= 20)}: >= 20 fps)"
            )

        # The analysis, per 1280x720 frame.
        with Journal.create(scratch / "journal", JournalSettings(), scratch / "cache") as journal:
            first = journal.add_session(dt.date(2026, 1, 10))
            ghost_path = scratch / "ghost.jpg"
            Image.fromarray(render(portrait(), Pose(), SIZE)[0]).save(ghost_path, quality=92)
            journal.import_file(ghost_path, first.id, Angle.FRONT)
            today = journal.add_session(dt.date(2026, 2, 7))
            session = CaptureSession(journal, today.id)
            analysis = LiveAnalysis(session.guide(Angle.FRONT))
            sample = frames[:: len(frames) // 12][:12]
            faces = [Frame(f, i, i * 0.2) for i, f in enumerate(sample)]
            empty = [Frame(np.full((720, 1280, 3), 110, np.uint8), i, i * 0.2) for i in range(6)]
            jpeg = io.BytesIO()
            Image.fromarray(frames[0]).save(jpeg, "JPEG", quality=90)
            data = jpeg.getvalue()

            def decode(_frame: object) -> None:
                Image.open(io.BytesIO(data)).load()

            empty = empty * 2
            t = per_frame(
                {
                    "decode": decode,
                    "with_face": analysis.analyse,
                    "detect": detect_eyes,
                    "without": LiveAnalysis(session.guide(Angle.FRONT)).analyse,
                },
                {"decode": sample, "with_face": faces, "detect": sample, "without": empty},
            )
            reference, with_face, detect, without = t["decode"], t["with_face"], t["detect"], t["without"]
            print(
                f"analysis per 1280x720 frame: {with_face * 1000:.0f} ms with a face "
                f"({with_face / reference:.1f}x a Pillow decode of the frame as JPEG, {reference * 1000:.1f} ms; "
                f"{with_face / detect:.2f}x the eye detection alone), {without * 1000:.0f} ms without a face"
            )

            # Shutter to photo in the session.
            shots = [np.ascontiguousarray(f) for f in frames[1:8]]
            refs = []
            for i, f in enumerate(shots):
                path = scratch / f"ref-{i}.jpg"
                Image.fromarray(f[:, ::-1]).save(path, quality=95, subsampling=0)
                refs.append(path)
            take, plain = [], []
            for shot, ref in zip(shots, refs, strict=True):
                session.go_to(Angle.FRONT)
                began = time.perf_counter()
                outcome = session.take(shot)
                take.append(time.perf_counter() - began)
                assert outcome.photo is not None, outcome.line()
                began = time.perf_counter()
                assert journal.import_file(ref, today.id, Angle.LEFT).ok
                plain.append(time.perf_counter() - began)
            shutter, imported = statistics.median(take), statistics.median(plain)
            print(
                f"shutter to photo in the session: {shutter * 1000:.0f} ms "
                f"({shutter / imported:.2f}x importing a 1280x720 JPEG file, {imported * 1000:.0f} ms)"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
