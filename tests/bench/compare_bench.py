"""Compare-view benchmarks on the large journal (issue 12).

Run: `.venv/bin/python tests/bench/compare_bench.py [--only open,switch,zoom] [--runs N]`.
Every measurement runs in a fresh process, 1280 x 800, interleaved with its reference; the
median and the range over the runs are printed, the verdict is on the median.

  1. open Compare: the menu action to both photos painted, the first time in a process (the
     compare modules load then) and again (target <= 0.3 s);
  2. switch the pair: a session chosen in the After list to the new pair painted, its
     previews in memory (seen before), and from the disk cache (nothing in memory), against
     what the app does without the app: two cached previews as pixmaps swapped into a canvas
     and painted; from the disk cache, the two preview files decoded in two threads first
     (targets: median <= 30 ms, worst <= 50 ms, both ways);
  3. zoom to 100 % on a pair of 48 MP photos: the command to the first sharp view painted,
     and the memory it takes (the peak resident size over the one before), against two full
     48 MP decodes with Pillow in two threads (targets: <= +300 MB, <= 0.6 s); and what is
     left once the view is fitted again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402

from tests.bench.children import run_child, spin, wait_for  # noqa: E402
from tests.bench.common import ratio_spread, spread, verdict  # noqa: E402
from tests.bench.journals import FACE_SESSIONS, face_photo, fingerprint, large, working_copy  # noqa: E402

SCREEN = (1280, 800)
SWITCH_AFTER = [s for s in FACE_SESSIONS if s > 900]  # the After sides chosen in turn
ROUNDS = 12


def face_12mp(path: Path, seed: int) -> Path:
    """The portrait in a 4032 x 3024 frame with sensor-like noise (a 12 MP phone photo)."""
    return face_photo(path, (4032, 3024), seed)


def draft_decode(path: Path) -> float:
    began = time.perf_counter()
    with Image.open(path) as im:
        im.draft("RGB", SCREEN)
        im.load()
    return time.perf_counter() - began


# ----------------------------------------------------------------------------- in the child


def _window(folder: Path, cache: Path) -> Any:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tests.bench.common import make_window, open_and_wait

    QApplication.instance() or QApplication([])
    parts = make_window(QSettings(str(cache.parent / "compare.ini"), QSettings.Format.IniFormat), cache)
    parts.frame.resize(*SCREEN)
    open_and_wait(parts, folder)
    wait_for(parts.thumbnails.idle)
    return parts


class _Painted:
    """Counts the paints of a widget that show what `wanted` says (tested as each one starts),
    and ends `loop` after such a paint: waiting runs Qt's event loop, which waits in C++ with
    the GIL released as the app's own loop does (a Python loop spinning processEvents would
    hold it, and slow the workers whose results it waits for)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.count = 0
        self.wanted: Any = None
        self.loop: Any = None

        class Filter(QObject):
            def eventFilter(inner, _obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and self.wanted is not None and self.wanted():
                    self.count += 1
                    if self.loop is not None:
                        QTimer.singleShot(0, self.loop.quit)  # once this paint is done
                return False

        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _both_shown(view: Any, before: int, after: int) -> bool:
    sides = view.canvas.sides
    return (
        view.before is not None
        and view.after is not None
        and view.before.session.id == before
        and view.after.session.id == after
        and len(sides) == 2
        and all(s.pixmap is not None for s in sides)
    )


def _until_painted(view: Any, paints: _Painted, done: Any, timeout: float = 60.0) -> None:
    """Run the event loop until the canvas has painted a frame in which `done()` holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    seen = paints.count
    paints.wanted = done
    loop = QEventLoop()
    paints.loop = loop
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    if paints.count == seen:
        loop.exec()
    paints.wanted = paints.loop = None
    if paints.count == seen:
        raise AssertionError("the view never showed it")


def compare_app(folder: str, cache: str) -> dict[str, Any]:
    """Open Compare (first time, again), then switch pairs from memory and from the disk cache."""
    parts = _window(Path(folder), Path(cache))
    journal = parts.workspace.journal
    sessions = journal.sessions()
    first_treatment = sessions[1].id

    def open_compare() -> float:
        began = time.perf_counter()
        parts.actions.compare.trigger()
        view = parts.workspace.compare
        paints = _Painted(view.canvas)
        _until_painted(view, paints, lambda: _both_shown(view, first_treatment, sessions[-1].id))
        return time.perf_counter() - began

    opened = open_compare()
    parts.workspace.show_journal_page()
    spin(0.3)
    again = open_compare()
    view = parts.workspace.compare
    paints = _Painted(view.canvas)
    ids = [sessions[i].id for i in SWITCH_AFTER]
    index_of = {c.session.id: i for i, c in enumerate(view.candidates)}

    def switch(after: int) -> float:
        began = time.perf_counter()
        view.controls.after_combo.activated.emit(index_of[after])
        _until_painted(view, paints, lambda: _both_shown(view, first_treatment, after))
        return time.perf_counter() - began

    for after in ids:  # see every pair once: their previews are in memory now
        switch(after)
        spin(0.05)
    memory = []
    for round_ in range(ROUNDS):
        memory.append(switch(ids[round_ % len(ids)]))
        spin(0.05)
    disk = []
    for round_ in range(ROUNDS):
        view.store.set_journal(journal)  # forget every image in memory; the files stay cached
        disk.append(switch(ids[round_ % len(ids)]))
        spin(0.05)
    previews = [str(journal.preview_file(_front(journal, sid))) for sid in [first_treatment, *ids]]
    parts.frame.close()
    return {"open": opened, "again": again, "memory": memory, "disk": disk, "previews": previews}


def _front(journal: Any, session_id: int) -> Any:
    """The session's front photo: the one Compare shows (ids follow the order imports ended)."""
    from journal.core.models import Angle

    return next(p for p in journal.photos(session_id) if p.angle is Angle.FRONT)


def compare_bare(previews: list[str]) -> dict[str, Any]:
    """Two cached previews swapped into a canvas and painted; from disk, decoded first."""
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    _app = QApplication.instance() or QApplication([])

    class Canvas(QWidget):
        pair: tuple[QPixmap, QPixmap] | None = None

        def paintEvent(self, _event: object) -> None:
            painter = QPainter(self)
            painter.fillRect(self.rect(), Qt.GlobalColor.darkGray)
            if self.pair is None:
                return
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            half = (self.width() - 8) / 2
            for index, pixmap in enumerate(self.pair):
                box = QRectF(index * (half + 8), 0, half, self.height())
                scale = min(box.width() / pixmap.width(), box.height() / pixmap.height())
                w, h = pixmap.width() * scale, pixmap.height() * scale
                target = QRectF(box.center().x() - w / 2, box.center().y() - h / 2, w, h)
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))

    canvas = Canvas()
    canvas.resize(SCREEN[0] - 12, SCREEN[1] - 90)
    canvas.show()
    paints = _Painted(canvas)
    spin(0.2)
    pixmaps = [QPixmap.fromImage(QImage(p)) for p in previews]
    pool = ThreadPoolExecutor(2)

    def show(pair: tuple[QPixmap, QPixmap]) -> None:
        canvas.pair = pair
        canvas.update()
        _until_painted(canvas, paints, lambda: True)

    memory, disk = [], []
    for round_ in range(ROUNDS):
        after = 1 + round_ % (len(previews) - 1)
        began = time.perf_counter()
        show((pixmaps[0], pixmaps[after]))
        memory.append(time.perf_counter() - began)
        spin(0.05)
    for round_ in range(ROUNDS):
        after = 1 + round_ % (len(previews) - 1)
        began = time.perf_counter()
        images = list(pool.map(QImage, [previews[0], previews[after]]))
        show((QPixmap.fromImage(images[0]), QPixmap.fromImage(images[1])))
        disk.append(time.perf_counter() - began)
        spin(0.05)
    pool.shutdown()
    canvas.close()
    return {"memory": memory, "disk": disk}


def _rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(field)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS


def zoom_app(folder: str, cache: str) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    parts = _window(Path(folder), Path(cache))
    parts.actions.compare.trigger()
    view = parts.workspace.compare
    paints = _Painted(view.canvas)
    sessions = parts.workspace.journal.sessions()
    _until_painted(view, paints, lambda: _both_shown(view, sessions[0].id, sessions[1].id))
    spin(0.5)
    import gc

    gc.collect()
    before = _rss_mb()
    _reset_peak()
    canvas = view.canvas

    def sharp() -> bool:
        check = getattr(canvas, "sharp_on_screen", None)
        if check is not None:
            return bool(check())
        return all(s.pixmap is not None and s.pixmap.width() >= s.size.width() for s in canvas.sides)

    began = time.perf_counter()
    view.controls.zoomRequested.emit(_zoom_step("ACTUAL"))
    _until_painted(view, paints, sharp)
    seconds = time.perf_counter() - began
    spin(0.3)
    peak = _rss_mb("VmHWM")
    view.controls.zoomRequested.emit(_zoom_step("FIT"))
    spin(0.5)
    gc.collect()
    after_fit = _rss_mb()
    QApplication.processEvents()
    parts.frame.close()
    return {"seconds": seconds, "before": before, "peak": peak, "fitted": after_fit}


def _zoom_step(name: str) -> Any:
    from journal.ui.compare.modes import ZoomStep

    return getattr(ZoomStep, name)


def zoom_bare(photos: list[str]) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    def decode(path: str) -> Image.Image:
        with Image.open(path) as im:
            im.load()
            return im

    before = _rss_mb()
    _reset_peak()
    began = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        images = list(pool.map(decode, photos))
    seconds = time.perf_counter() - began
    assert all(im.width * im.height > 40e6 for im in images)
    return {"seconds": seconds, "before": before, "peak": _rss_mb("VmHWM")}


# ----------------------------------------------------------------------------- the parent


def zoom_journal(root: Path) -> tuple[Path, Path, list[Path]]:
    """Two sessions, one 48 MP portrait each (built once)."""
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings, Kind

    base = root / "zoom-48mp"
    folder, cache = base / "journal", base / "cache"
    sources = [base / f"face48-{i}.jpg" for i in range(2)]
    if (base / "complete").exists():
        return folder, cache, sources
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    for i, path in enumerate(sources):
        face_photo(path, (8064, 6048), seed=20 + i)
    with Journal.create(folder, JournalSettings(name="Zoom"), cache) as journal:
        for i, path in enumerate(sources):
            session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=56 * i), Kind.TREATMENT)
            photo = journal.import_file(path, session.id, Angle.FRONT).photo
            assert photo is not None
            from journal.core.eyes import locate

            locate(journal, photo)
    (base / "complete").write_text("built\n")
    return folder, cache, sources


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="open,switch,zoom")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    only = set(args.only.split(","))
    from tests.bench.gui_bench import bench_root

    root = bench_root()
    folder, cache = large(root, eyes=True)
    zoom_folder, zoom_cache, zoom_sources = zoom_journal(root)
    prints = {folder: fingerprint(folder), zoom_folder: fingerprint(zoom_folder)}
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    try:
        if only & {"open", "switch"}:
            apps, bares = [], []
            for run in range(args.runs):
                copy = working_copy(folder, cache, scratch / f"compare-{run}")
                apps.append(run_child("tests.bench.compare_bench", "compare_app", *copy))
                bares.append(run_child("tests.bench.compare_bench", "compare_bare", apps[-1]["previews"]))
            if "open" in only:
                first, again = [a["open"] for a in apps], [a["again"] for a in apps]
                print("open Compare on the 1,000-session journal, the action to both photos painted:")
                print(
                    f"  first time: {spread(first)}; again: {spread(again)}; limit 0.3 s -> "
                    f"{verdict(statistics.median(first) <= 0.3)}"
                )
            if "switch" in only:
                print(f"switch the compare pair (12 MP photos, {ROUNDS} switches a run):")
                for way, label in (("memory", "previews in memory"), ("disk", "from the disk cache")):
                    medians = [statistics.median(a[way]) for a in apps]
                    worst = [max(a[way]) for a in apps]
                    bare = [statistics.median(b[way]) for b in bares]
                    ratios = [m / b for m, b in zip(medians, bare, strict=True)]
                    ok = statistics.median(medians) <= 0.03 and statistics.median(worst) <= 0.05
                    print(
                        f"  {label}: median {spread(medians, digits=1)}, worst {spread(worst, digits=1)}; "
                        f"bare {spread(bare, digits=1)} -> {ratio_spread(ratios)}; "
                        f"limits 30 / 50 ms -> {verdict(ok)}"
                    )
        if "zoom" in only:
            apps, bares = [], []
            for run in range(args.runs):
                copy = working_copy(zoom_folder, zoom_cache, scratch / f"zoom-{run}")
                apps.append(run_child("tests.bench.compare_bench", "zoom_app", *copy))
                bares.append(
                    run_child("tests.bench.compare_bench", "zoom_bare", [str(p) for p in zoom_sources])
                )
            seconds = [a["seconds"] for a in apps]
            grown = [(a["peak"] - a["before"]) / 1000 for a in apps]
            kept = [(a["fitted"] - a["before"]) / 1000 for a in apps]
            bare_s = [b["seconds"] for b in bares]
            bare_mb = [(b["peak"] - b["before"]) / 1000 for b in bares]
            ok = statistics.median(seconds) <= 0.6 and statistics.median(grown) <= 0.3
            print("zoom to 100 % on a 48 MP pair:")
            print(
                f"  first sharp view {spread(seconds)}, {ratio_spread([s / b for s, b in zip(seconds, bare_s, strict=True)])} "
                f"two full decodes ({spread(bare_s)}); memory +{spread(grown, unit='MB')} at the peak "
                f"(two full decodes: +{spread(bare_mb, unit='MB')}); limits 0.6 s, +300 MB -> {verdict(ok)}"
            )
            print(f"  fitted again: +{spread(kept, unit='MB')} over before the zoom")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for master, print_ in prints.items():
        assert fingerprint(master) == print_, f"the benchmark changed its input journal {master}"
    print("(the input journals are unchanged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
