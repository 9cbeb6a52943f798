"""Main-window benchmarks (issue 3).

Run: `make bench` or `.venv/bin/python tests/bench/gui_bench.py`. Offscreen Qt.
  1. start time: process start -> first painted main window, on a journal of 1,000 sessions
     and 3,000 photos, against a bare PySide6 QMainWindow started the same way (target <= 1.5x);
  2. GUI stall while importing 50 x 12 MP photos: the longest gap between two ticks of a 10 ms
     QTimer (target <= 50 ms);
  3. scrolling the whole 1,000-session timeline: how many originals are decoded (target: none).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import (  # noqa: E402
    make_window,
    open_and_wait,
    photographic,
    save_photo,
    variants,
    verdict,
)

HARNESS = r"""
import sys, time
mode = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

class Painted(QObject):
    def __init__(self, label, stop):
        super().__init__()
        self.label, self.stop = label, stop
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.label:
            print(self.label, flush=True)
            self.label = None
            if self.stop:
                QApplication.instance().exit(0)
        return False

if mode == "bare":
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    first = Painted("painted", True)
    window.installEventFilter(first)
    window.show()
else:
    from pathlib import Path
    from journal.ui.app import make_application, start_window
    from journal.ui.shared.settings import Settings
    app = make_application(sys.argv[:1])
    settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)
    settings.setValue("window/geometry", None)
    first = Painted("painted", False)
    timeline = Painted("journal", True)
    def on_ready(parts):
        def on_journal(journal):
            assert parts.view.timeline_model.rowCount() == 1000, parts.view.timeline_model.rowCount()
            parts.view.timeline.viewport().installEventFilter(timeline)
            parts.view.timeline.viewport().update()
        parts.workspace.journalChanged.connect(on_journal)
    window = start_window(Settings(settings), Path(sys.argv[2]), ready=on_ready)
    window.installEventFilter(first)
app.exec()
"""


def build_journal(root: Path) -> tuple[Path, Path]:
    """1,000 sessions, 3,000 small photos, imported through the core (made once, then reused)."""
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings, Kind

    folder, cache = root / "journal-1000", root / "cache-1000"
    if (folder / "journal.sqlite3").exists():
        return folder, cache
    print("building a journal of 1,000 sessions and 3,000 photos (once) ...", flush=True)
    base = save_photo(root / "small.jpg", photographic((640, 480), seed=5))
    files = variants(base, root / "small-src", 3000)
    with Journal.create(folder, JournalSettings(name="Bench"), cache) as journal:
        start = dt.date(2020, 1, 1)
        sessions = [
            journal.add_session(
                start + dt.timedelta(days=3 * i),
                Kind.TREATMENT if i % 3 else Kind.CHECK_IN,
                notes=f"session {i}",
                redness=i % 11,
            )
            for i in range(1000)
        ]
        angles = [Angle.FRONT, Angle.LEFT, Angle.RIGHT]
        jobs = [(files[i], sessions[i // 3].id, angles[i % 3]) for i in range(3000)]
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda job: journal.import_file(*job), jobs))
        assert len(journal.photos()) == 3000
    return folder, cache


def start_time(folder: Path, cache: Path, scratch: Path, runs: int = 9) -> tuple[float, float, float]:
    """Median seconds to: a bare window's first paint; our window's first paint; our timeline
    painted with the 1,000 sessions loaded."""
    env = dict(
        os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen", PROGRESS_JOURNAL_CACHE=str(cache)
    )

    def once(mode: str) -> list[float]:
        settings = scratch / f"settings-{time.monotonic_ns()}.ini"
        began = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", HARNESS, mode, str(folder), str(settings)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert proc.stdout is not None
        marks = []
        expected = ["painted"] if mode == "bare" else ["painted", "journal"]
        for label in expected:
            line = proc.stdout.readline()
            marks.append(time.perf_counter() - began)
            if line.strip() != label:
                _out, err = proc.communicate(timeout=60)
                raise AssertionError(f"{mode}: expected {label!r}, got {line!r}: {err[-800:]}")
        proc.communicate(timeout=60)
        return marks

    once("bare"), once("app")  # warm the page cache
    bare, app, journal = [], [], []
    for _ in range(runs):
        bare.append(once("bare")[0])
        first, shown = once("app")
        app.append(first)
        journal.append(shown)
    return statistics.median(bare), statistics.median(app), statistics.median(journal)


def import_stall(scratch: Path) -> tuple[float, float, int]:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    base = save_photo(scratch / "12mp.jpg", photographic((4032, 3024), seed=11))
    files = [str(p) for p in variants(base, scratch / "stall-src", 50)]
    folder = scratch / "stall-journal"
    Journal.create(folder, JournalSettings(name="Stall"), scratch / "stall-cache").close()
    window = make_window(
        QSettings(str(scratch / "stall.ini"), QSettings.Format.IniFormat), scratch / "stall-cache"
    )
    open_and_wait(window, folder)
    window.actions.new_session.trigger()
    gaps: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    timer.timeout.connect(tick)
    done: list[object] = []
    window.importer.finished.connect(done.append)
    clock.start()
    timer.start()
    began = time.perf_counter()
    window.workspace.import_into_current(files, None)
    while not done:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - began
    timer.stop()
    window.frame.close()
    return max(gaps[1:]), elapsed, len(gaps)


def scroll_timeline(folder: Path, cache: Path, scratch: Path) -> tuple[int, int, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from journal.core import imaging

    app = QApplication.instance() or QApplication(sys.argv[:1])
    originals: list[str] = []
    real_derivatives, real_load = imaging.make_derivatives, imaging.load_upright

    def spy_derivatives(path, *a, **k):  # type: ignore[no-untyped-def]
        originals.append(str(path))
        return real_derivatives(path, *a, **k)

    def spy_load(path, *a, **k):  # type: ignore[no-untyped-def]
        originals.append(str(path))
        return real_load(path, *a, **k)

    imaging.make_derivatives, imaging.load_upright = spy_derivatives, spy_load
    try:
        window = make_window(QSettings(str(scratch / "scroll.ini"), QSettings.Format.IniFormat), cache)
        open_and_wait(window, folder)
        bar = window.view.timeline.verticalScrollBar()
        began = time.perf_counter()
        for value in range(0, bar.maximum() + 1, max(1, bar.pageStep() // 2)):
            bar.setValue(value)
            app.processEvents()
        window.thumbnails.wait_idle()
        app.processEvents()
        elapsed = time.perf_counter() - began
        loaded = window.thumbnails.decodes
        window.frame.close()
    finally:
        imaging.make_derivatives, imaging.load_upright = real_derivatives, real_load
    return len([p for p in originals if str(folder) in p]), loaded, elapsed


def main() -> int:
    root = Path(os.environ.get("BENCH_TMP", tempfile.gettempdir())) / "pj-gui-bench"
    root.mkdir(exist_ok=True)
    folder, cache = build_journal(root)
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    bare, app, shown = start_time(folder, cache, scratch)
    ratio = app / bare
    print(
        f"start to first paint: bare QMainWindow {bare * 1000:.0f} ms, Progress Journal on 1,000 sessions / "
        f"3,000 photos {app * 1000:.0f} ms -> {ratio:.2f}x; limit 1.5x -> {verdict(ratio <= 1.5)}"
    )
    print(
        f"  ... and the timeline painted with all 1,000 sessions loaded: {shown * 1000:.0f} ms "
        f"({shown / bare:.2f}x the bare window)"
    )
    worst, elapsed, ticks = import_stall(scratch)
    print(
        f"GUI stall while importing 50 x 12 MP: longest gap between 10 ms ticks {worst:.1f} ms "
        f"({ticks} ticks over {elapsed:.1f} s); limit 50 ms -> {verdict(worst <= 50)}"
    )
    decoded, loaded, seconds = scroll_timeline(folder, cache, scratch)
    print(
        f"scrolling 1,000 sessions: {decoded} originals decoded, {loaded} cached thumbnails loaded "
        f"in {seconds:.2f} s; target 0 originals -> {verdict(decoded == 0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
