"""Compare-view benchmarks (issue 4). Run: `.venv/bin/python tests/bench/compare_bench.py`.

1. first view of an uncached pair of 12 MP photos (previews on disk, nothing in memory),
   against two Pillow draft decodes of the same photos to screen size (limit 1.5x);
2. switching between two pairs already seen (limit 50 ms);
3. zoom and pan: repaints, and whether anything was decoded meanwhile (target: nothing);
4. eye detection per photo, and its share of the import time.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tests.bench.common import verdict  # noqa: E402
from tests.helpers import SHARED_PHOTOS  # noqa: E402

SCREEN = (1280, 800)


def face_12mp(path: Path, seed: int) -> Path:
    """The portrait, enlarged into a 4032x3024 frame with sensor-like noise (a 12 MP phone photo)."""
    rng = np.random.default_rng(seed)
    source = np.asarray(Image.open(SHARED_PHOTOS / "face" / "astronaut.png").convert("RGB"))
    matrix = cv2.getRotationMatrix2D((256, 256), float(rng.uniform(-5, 5)), 5.0)
    matrix[0, 2] += 2016 - 256 + rng.uniform(-100, 100)
    matrix[1, 2] += 1512 - 256 + rng.uniform(-100, 100)
    image = cv2.warpAffine(
        source, matrix, (4032, 3024), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    noisy = np.clip(image.astype(np.int16) + rng.normal(0, 6, image.shape).astype(np.int16), 0, 255).astype(
        np.uint8
    )
    Image.fromarray(noisy).save(path, quality=90)
    return path


def draft_decode(path: Path) -> float:
    began = time.perf_counter()
    with Image.open(path) as im:
        im.draft("RGB", SCREEN)
        im.load()
    return time.perf_counter() - began


def main() -> int:
    from PySide6.QtCore import QPointF, QSettings
    from PySide6.QtWidgets import QApplication

    from journal.core.eyes import locate
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from tests.bench.common import make_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="pj-compare-bench-"))
    sources = [face_12mp(scratch / f"face{i}.jpg", i) for i in range(4)]
    journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
    imports, detections = [], []
    for i, source in enumerate(sources):
        session = journal.add_session(dt.date(2026, 1, 1) + dt.timedelta(days=28 * i))
        began = time.perf_counter()
        photo = journal.import_file(source, session.id, Angle.FRONT).photo
        imports.append(time.perf_counter() - began)
        began = time.perf_counter()
        photo = locate(journal, photo)
        detections.append(time.perf_counter() - began)
        assert photo.eyes is not None
    parts = make_window(QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat), scratch / "cache")
    parts.frame.resize(*SCREEN)
    window = parts.workspace
    window.set_journal(journal)
    app.processEvents()

    def wait_painted(view) -> None:  # type: ignore[no-untyped-def]
        while not all(s.pixmap is not None for s in view.canvas.sides):
            app.processEvents()
            time.sleep(0.0005)
        view.canvas.repaint()

    # 1. First view of an uncached pair, median over fresh stores, interleaved with the bare
    #    decodes so that the machine's load drifts over both alike. Two ways in: opening the
    #    compare page from the journal, and choosing another pair on the compare page.
    sessions = journal.sessions()
    opened, switched, drafts = [], [], []
    for round_ in range(9):
        window.show_journal_page()
        app.processEvents()
        window.compare.store.set_journal(journal)  # forget every image in memory
        began = time.perf_counter()
        window.show_compare(after_session=sessions[1].id, before_session=sessions[0].id)
        wait_painted(window.compare)
        opened.append(time.perf_counter() - began)
        drafts.append(draft_decode(sources[0]) + draft_decode(sources[1]))
        window.compare.store.set_journal(journal)
        began = time.perf_counter()
        window.compare.show_pair(sessions[0].id, sessions[2 + round_ % 2].id)
        wait_painted(window.compare)
        switched.append(time.perf_counter() - began)
    draft = statistics.median(drafts)
    for way, times in (("opening Compare", opened), ("choosing it in Compare", switched)):
        first = statistics.median(times)
        print(
            f"first view of an uncached 12 MP pair, {way}: {first * 1000:.0f} ms; two Pillow draft decodes "
            f"to screen size: {draft * 1000:.0f} ms -> {first / draft:.2f}x; limit 1.5x -> "
            f"{verdict(first <= 1.5 * draft)}"
        )

    # 2. Switching between pairs already seen.
    view = window.compare
    for after in (sessions[2], sessions[3]):  # see both pairs once
        view.show_pair(sessions[0].id, after.id)
        wait_painted(view)
    switches = []
    for round_ in range(10):
        after = sessions[2 + round_ % 2]
        began = time.perf_counter()
        view.show_pair(sessions[0].id, after.id)
        wait_painted(view)
        switches.append(time.perf_counter() - began)
    switch = max(switches)
    print(
        f"switching between cached pairs: median {statistics.median(switches) * 1000:.1f} ms, worst "
        f"{switch * 1000:.1f} ms; limit 50 ms -> {verdict(switch <= 0.05)}"
    )

    # 3. Zoom and pan: count repaints and decodes.
    decodes = view.store.decodes
    paints = view.canvas.paints
    began = time.perf_counter()
    for _step in range(20):
        view.canvas.zoom_by(1.05)
        view.canvas.repaint()
    for _step in range(20):
        view.state.pan_to(view.state.center + QPointF(0.005, 0.003))
        view.canvas.repaint()
    per_frame = (time.perf_counter() - began) / 40
    repaints = view.canvas.paints - paints
    print(
        f"zoom and pan: {repaints} repaints, {per_frame * 1000:.1f} ms each, "
        f"{view.store.decodes - decodes} decodes while zoomed within the preview -> "
        f"{verdict(view.store.decodes == decodes and repaints == 40)}"
    )

    # 4. Eye detection.
    detect, imported = statistics.median(detections), statistics.median(imports)
    print(
        f"eye detection per 12 MP photo (on its preview): {detect * 1000:.0f} ms; import of the photo "
        f"{imported * 1000:.0f} ms; detection adds {detect / imported * 100:.0f} % to the import time "
        f"(it runs afterwards, in its own worker)"
    )
    parts.frame.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
