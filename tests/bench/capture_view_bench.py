"""Capture view benchmark (issue 15). Run offscreen or under Xvfb (a real xcb window):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/capture_view_bench.py
    DISPLAY=:66 .venv/bin/python tests/bench/capture_view_bench.py

The capture view in a 1280x800 window, fed by a 1280x720 video played at 30 fps (the shared
portrait moving about, tests/core/capture/scenes.py), the ghost over it and the live analysis
running beside it, as in the app:
  - the frame rate the view shows (distinct frames painted per second; target: at least 20),
    against the frame rate the source delivered in the same seconds;
  - the painting of one frame, against a bare QPainter.drawImage of the same frame scaled to
    the same size (same run);
  - shutter to photo in the session as the view sees it (the shutter press to the photo
    listed), against importing a 1280x720 JPEG file with `journal.import_file` (same run).
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from tests.bench.capture_bench import FPS, SIZE, footage  # noqa: E402
from tests.bench.common import verdict  # noqa: E402
from tests.core.capture.scenes import Pose, portrait, render, write_video  # noqa: E402

SECONDS = 5.0


def spin(app: object, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def wait(app: object, condition: object, timeout: float = 20.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():  # type: ignore[operator]
        if time.perf_counter() > end:
            raise TimeoutError("the view did not get there")
        spin(app, 0.01)


def main() -> int:
    from PySide6.QtCore import QRectF, QSettings, QThreadPool
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from journal.core.capture.files import FileSource
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from journal.ui.capture import CaptureView
    from journal.ui.capture.canvas import image_of
    from journal.ui.shared.settings import Settings

    app = QApplication.instance() or QApplication([])
    scratch = Path(tempfile.mkdtemp(prefix="pj-capture-view-bench-"))
    try:
        frames = footage()
        video = write_video(scratch / "clip.avi", frames, FPS)
        print(
            f"platform {QApplication.platformName()}; footage: {len(frames)} frames of 1280x720 at {FPS} fps"
        )
        with Journal.create(scratch / "journal", JournalSettings(), scratch / "cache") as journal:
            first = journal.add_session(dt.date(2026, 1, 10))
            ghost = scratch / "ghost.jpg"
            Image.fromarray(render(portrait(), Pose(), SIZE)[0]).save(ghost, quality=92)
            journal.import_file(ghost, first.id, Angle.FRONT)
            today = journal.add_session(dt.date(2026, 2, 7))
            settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
            pool = QThreadPool()
            view = CaptureView(settings, pool)
            view.resize(1280, 800)
            view.show()
            view.start(journal, today.id, FileSource(video, loop=True))
            wait(app, lambda: view.canvas.frame is not None and view.canvas.ghost is not None)
            spin(app, 1.0)  # settle: the first analyses, the ghost scaled once

            feed = view.feed
            assert feed is not None
            shown0, index0, analyses0 = (
                view.canvas.frames_shown,
                feed.latest_frame().index,
                feed.live.analyser.count,
            )
            began = time.perf_counter()
            spin(app, SECONDS)
            spent = time.perf_counter() - began
            shown = (view.canvas.frames_shown - shown0) / spent
            delivered = (feed.latest_frame().index - index0) / spent
            analyses = (feed.live.analyser.count - analyses0) / spent
            print(
                f"shown: {shown:.1f} fps at 1280x720 in a {view.canvas.width()}x{view.canvas.height()} picture, "
                f"{shown / delivered:.2f}x the {delivered:.1f} fps the source delivered, "
                f"{analyses:.1f} analyses/s ({verdict(shown >= 20)}: >= 20 fps)"
            )

            # One frame's painting: the view's paintEvent into an image, against drawImage alone.
            canvas = view.canvas
            target = QImage(canvas.size(), QImage.Format.Format_ARGB32_Premultiplied)
            sample = [f for f in frames[:: len(frames) // 10]][:10]
            full: list[float] = []
            bare: list[float] = []
            for pixels in sample * 3:
                from journal.core.capture.frames import Frame

                canvas.show_frame(Frame(pixels, canvas.frames_shown + 10_000, 0.0))
                began = time.perf_counter()
                canvas.render(target)
                full.append(time.perf_counter() - began)
                began = time.perf_counter()
                painter = QPainter(target)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(QRectF(target.rect()), image_of(pixels))
                painter.end()
                bare.append(time.perf_counter() - began)
            paint, reference = statistics.median(full), statistics.median(bare)
            print(
                f"painting a frame: {paint * 1000:.1f} ms ({paint / reference:.2f}x a bare scaled drawImage "
                f"of it, {reference * 1000:.1f} ms)"
            )
            spin(app, 0.3)

            # Shutter to photo in the session.
            plain = []
            for i in range(6):
                view.go_to(Angle.FRONT)
                wait(app, lambda: view.canvas.frame is not None and not feed.busy)
                taken = len(view.shutter_to_photo)
                view.shutter()
                wait(app, lambda taken=taken: len(view.shutter_to_photo) > taken or not feed.busy)
                spin(app, 0.2)
                path = scratch / f"ref-{i}.jpg"
                Image.fromarray(frames[10 + i * 7]).save(path, quality=95, subsampling=0)
                began = time.perf_counter()
                assert journal.import_file(path, today.id, Angle.LEFT).ok
                plain.append(time.perf_counter() - began)
            shutter, imported = statistics.median(view.shutter_to_photo), statistics.median(plain)
            print(
                f"shutter to photo in the session (as the view lists it): {shutter * 1000:.0f} ms over "
                f"{len(view.shutter_to_photo)} shots ({shutter / imported:.2f}x importing a 1280x720 JPEG file, "
                f"{imported * 1000:.0f} ms)"
            )
            view.stop_work()
            pool.waitForDone()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
