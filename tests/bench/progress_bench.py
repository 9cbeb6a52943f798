"""Progress benchmark (issue 14). Run: `.venv/bin/python tests/bench/progress_bench.py`.

Redness: measuring every front photo of a journal of 12 MP photos, first with an empty result
cache and then again, against the bare cost of decoding the same previews in the same run
(the measurement cannot avoid that decode; target: within 3x of it cold, a tenth of it warm).

Charts: laying out and painting the ratings chart of a 1,000-session journal on a 1600x900
image (what a hover redraw costs), against raw QPainter calls drawing the same number of
markers and line segments (target: within 3x). `--charts-only` skips the redness part.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import median_time, variants, verdict  # noqa: E402
from tests.bench.compare_bench import face_12mp  # noqa: E402

PHOTOS = 12
SESSIONS = 1000


def redness(scratch: Path) -> bool:
    import numpy as np
    from PIL import Image

    from journal.core.eyes import locate
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from journal.core.redness_trend import measure_trend
    from journal.core.regions import suggested

    source = face_12mp(scratch / "face.jpg", 0)
    files = variants(source, scratch / "in", PHOTOS)
    journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
    for i, path in enumerate(files):
        session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * i))
        photo = journal.import_file(path, session.id, Angle.FRONT).photo
        assert photo is not None
        locate(journal, photo)
    regions = suggested(Angle.FRONT)
    previews = [journal.cache.preview_path(p.sha256) for p in journal.photos()]

    def decode_all() -> None:
        for path in previews:
            with Image.open(path) as im:
                np.asarray(im.convert("RGB"))

    def cold() -> None:
        shutil.rmtree(journal.cache.root / "redness", ignore_errors=True)
        measure_trend(journal, Angle.FRONT, regions)

    decode_all()
    reference = median_time(decode_all)
    cold_time = median_time(cold)
    trend = measure_trend(journal, Angle.FRONT, regions)
    warm_time = median_time(lambda: measure_trend(journal, Angle.FRONT, regions))
    measured = sum(p.passed for p in trend.photos)
    pixels = trend.photos[0].measurement
    journal.close()
    size = Image.open(previews[0]).size
    print(f"redness, {PHOTOS} photos ({size[0]}x{size[1]} previews, {measured} measured):")
    used = f"{pixels.treated.used} + {pixels.reference.used}" if pixels else "?"
    print(f"  bare preview decode: {reference * 1000 / PHOTOS:.1f} ms/photo (reference)")
    print(
        f"  measure, empty cache: {cold_time * 1000 / PHOTOS:.1f} ms/photo = {cold_time / reference:.2f}x ({used} px)"
    )
    print(f"  measure again: {warm_time * 1000 / PHOTOS:.2f} ms/photo = {warm_time / reference:.3f}x")
    ok = cold_time <= 3 * reference and warm_time <= 0.1 * reference
    print(f"  {verdict(ok)} (cold within 3x, warm within 0.1x)")
    return ok


def chart() -> bool:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from journal.core.models import Kind, Session
    from journal.render.chart_data import ratings_chart
    from journal.render.chart_painter import LIGHT, paint_chart
    from journal.render.sheet_layout import Rect

    start = dt.date(2020, 1, 6)
    sessions = [
        Session(
            i + 1,
            start + dt.timedelta(days=7 * i),
            Kind.TREATMENT if i % 2 == 0 else Kind.CHECK_IN,
            redness=i % 11,
            bumps=(i * 3) % 11,
            active_acne=(i * 7) % 11,
            scar_visibility=10 - i % 11,
            pain=(i * 5) % 11 if i % 2 == 0 else None,
        )
        for i in range(SESSIONS)
    ]
    data = ratings_chart(sessions)
    image = QImage(1600, 900, QImage.Format.Format_ARGB32_Premultiplied)

    def ours() -> None:
        painter = QPainter(image)
        paint_chart(painter, Rect(0, 0, 1600, 900), data, LIGHT)
        painter.end()

    points = [
        [QPointF(100 + i * 1.4, 100 + (v.value * 70)) for i, v in enumerate(s.values)] for s in data.series
    ]

    def raw() -> None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(image.rect(), QColor(255, 255, 255))
        painter.setPen(QPen(QColor(0, 0, 0), 1.6))
        for line in points:
            for a, b in itertools.pairwise(line):
                painter.drawLine(a, b)
            for point in line:
                painter.drawEllipse(point, 3.5, 3.5)
        painter.end()

    ours()
    reference = median_time(raw, 7)
    time_ours = median_time(ours, 7)
    print(f"ratings chart, {SESSIONS} sessions, 1600x900:")
    print(f"  raw QPainter markers and lines: {reference * 1000:.1f} ms (reference)")
    print(f"  layout and paint: {time_ours * 1000:.1f} ms = {time_ours / reference:.2f}x")
    ok = time_ours <= 3 * reference
    print(f"  {verdict(ok)} (within 3x)")
    return ok


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="pj-progress-bench-"))
    try:
        ok = (redness(scratch) if "--charts-only" not in sys.argv else True) & chart()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - started:.1f} s)")
    sys.exit(code)
