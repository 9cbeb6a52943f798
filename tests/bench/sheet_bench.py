"""Sheet benchmark (issue 6). Run: `.venv/bin/python tests/bench/sheet_bench.py`.

A 2-up A4 PDF of two 12 MP photos (limit 0.5 s), against two Pillow draft decodes of the
same photos measured in the same run, and the PDF's size (limit 3 MB). Measured twice: with
the previews the import left in the cache (the usual case), and with an empty cache (the
originals decoded again).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import verdict  # noqa: E402
from tests.bench.compare_bench import draft_decode, face_12mp  # noqa: E402


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    from journal.core.eyes import locate
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from journal.render.sheet_data import pair_sheet
    from journal.render.sheet_painter import write_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="pj-sheet-bench-"))
    sources = [face_12mp(scratch / f"face{i}.jpg", i) for i in range(2)]
    journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
    days = [dt.date(2026, 1, 5), dt.date(2026, 3, 2)]
    for day, source in zip(days, sources, strict=True):
        photo = journal.import_file(source, journal.add_session(day).id, Angle.FRONT).photo
        locate(journal, photo)
    data = pair_sheet(journal, days[0], days[1], Angle.FRONT)

    def one(cold: bool) -> tuple[float, int]:
        if cold:
            shutil.rmtree(journal.cache.root / "previews", ignore_errors=True)
        out = scratch / "sheet.pdf"
        began = time.perf_counter()
        write_pdf(data, out, journal, "a4")
        return time.perf_counter() - began, out.stat().st_size

    one(False)
    warm = [one(False) for _ in range(5)]
    cold = [one(True) for _ in range(5)]
    drafts = [draft_decode(sources[0]) + draft_decode(sources[1]) for _ in range(5)]
    draft = statistics.median(drafts)
    for label, runs in (("previews in the cache", warm), ("empty cache", cold)):
        seconds = statistics.median(t for t, _ in runs)
        size = runs[-1][1]
        print(
            f"2-up A4 PDF from two 12 MP photos ({label}): {seconds * 1000:.0f} ms, {size / 1e6:.2f} MB; "
            f"{seconds / draft:.1f}x two Pillow draft decodes ({draft * 1000:.0f} ms); "
            f"limits 0.5 s -> {verdict(seconds <= 0.5)}, 3 MB -> {verdict(size <= 3_000_000)}"
        )
    journal.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
