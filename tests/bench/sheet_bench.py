"""Sheet benchmarks (issues 6 and 12). Run: `.venv/bin/python tests/bench/sheet_bench.py [--runs N]`.

1. A 2-up A4 PDF of two 12 MP photos (limit 0.5 s), against two Pillow draft decodes of the
   same photos in the same run, and the PDF's size (limit 3 MB).
2. A timeline sheet of 12 sessions on the 1,000-session journal (their front photos are 12 MP
   portraits): the sheet's data and its A4 PDF, as `progress-journal sheet --timeline` makes
   them, with the previews in the cache (warm) and with an empty cache (cold: the originals
   decoded again), limit 1 s. The reference: the 12 cached previews decoded in two threads,
   the least any sheet of them can do.
Each measured twice in a row for every run, interleaved with its reference; median and range.
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

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import ratio_spread, spread, verdict  # noqa: E402
from tests.bench.compare_bench import draft_decode, face_12mp  # noqa: E402
from tests.bench.journals import FACE_SESSIONS, fingerprint, large, working_copy  # noqa: E402


def pair_sheet_bench(scratch: Path, runs: int) -> None:
    from journal.core.eyes import locate
    from journal.core.journal import Journal
    from journal.core.models import Angle, JournalSettings
    from journal.render.sheet_data import pair_sheet
    from journal.render.sheet_painter import write_pdf

    sources = [face_12mp(scratch / f"face{i}.jpg", i) for i in range(2)]
    journal = Journal.create(scratch / "journal", JournalSettings(name="bench"), scratch / "cache")
    days = [dt.date(2026, 1, 5), dt.date(2026, 3, 2)]
    for day, source in zip(days, sources, strict=True):
        photo = journal.import_file(source, journal.add_session(day).id, Angle.FRONT).photo
        assert photo is not None
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
    warm = [one(False) for _ in range(runs)]
    cold = [one(True) for _ in range(runs)]
    drafts = [draft_decode(sources[0]) + draft_decode(sources[1]) for _ in range(runs)]
    draft = statistics.median(drafts)
    for label, measured in (("previews in the cache", warm), ("empty cache", cold)):
        seconds = statistics.median(t for t, _ in measured)
        size = measured[-1][1]
        print(
            f"2-up A4 PDF from two 12 MP photos ({label}): {seconds * 1000:.0f} ms, {size / 1e6:.2f} MB; "
            f"{seconds / draft:.1f}x two Pillow draft decodes ({draft * 1000:.0f} ms); "
            f"limits 0.5 s -> {verdict(seconds <= 0.5)}, 3 MB -> {verdict(size <= 3_000_000)}"
        )
    journal.close()


def timeline_sheet_bench(master: tuple[Path, Path], scratch: Path, runs: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtGui import QImage

    from journal.core.journal import Journal
    from journal.core.models import Angle
    from journal.render.sheet_data import timeline_sheet
    from journal.render.sheet_painter import write_pdf

    folder, cache = working_copy(*master, scratch / "timeline")
    journal = Journal.open(folder, cache)
    every = journal.sessions()
    chosen = [every[i] for i in FACE_SESSIONS]
    previews = [
        journal.preview_file(next(p for p in journal.photos(s.id) if p.angle is Angle.FRONT)) for s in chosen
    ]
    kept = scratch / "previews-kept"
    shutil.copytree(journal.cache.root / "previews", kept)

    def sheet() -> float:
        out = scratch / "timeline.pdf"
        began = time.perf_counter()
        data = timeline_sheet(journal, Angle.FRONT, chosen)
        pages = write_pdf(data, out, journal, "a4")
        assert pages >= 1 and len(data.photos) == 12
        return time.perf_counter() - began

    def reference() -> float:
        began = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            images = list(pool.map(lambda p: QImage(str(p)), previews))
        assert all(not im.isNull() for im in images)
        return time.perf_counter() - began

    sheet()
    warm, cold, bare = [], [], []
    for _ in range(runs):
        bare.append(reference())
        warm.append(sheet())
        shutil.rmtree(journal.cache.root / "previews")
        cold.append(sheet())
        shutil.rmtree(journal.cache.root / "previews", ignore_errors=True)
        shutil.copytree(kept, journal.cache.root / "previews")  # as they were
    for label, times in (("previews in the cache", warm), ("empty cache", cold)):
        ratios = [t / b for t, b in zip(times, bare, strict=True)]
        print(
            f"timeline sheet, 12 sessions of 12 MP photos, A4 PDF ({label}): {spread(times)}; "
            f"{ratio_spread(ratios)} twelve preview decodes ({spread(bare)}); limit 1 s -> "
            f"{verdict(statistics.median(times) <= 1.0)}"
        )
    journal.close()


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="pair,timeline")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    from tests.bench.gui_bench import bench_root

    root = bench_root()
    master = large(root, eyes=True)
    before = fingerprint(master[0])
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    try:
        if "pair" in args.only:
            pair_sheet_bench(scratch, args.runs)
        if "timeline" in args.only:
            timeline_sheet_bench(master, scratch, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    assert fingerprint(master[0]) == before, "the benchmark changed its input journal"
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
