"""The GUI thread while 50 x 12 MP photos are imported into the large journal (gui_bench.py, 2).

Each measurement runs in a fresh process: a 5 ms QTimer inside `app.exec()` records how long
the GUI thread was away, from the import's start until 300 ms after it finished (what the
window does when it is over counts too). The reference is the same timer while the bare Pillow
pipeline (hash, draft decode, 2048 and 512 px JPEGs) does the same image work in two threads:
what image work alone costs the GUI thread (the GIL) on this machine.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from tests.bench.children import Ticks, run_child, spin
from tests.bench.common import percentile, photographic, save_photo, spread, variants, verdict
from tests.bench.journals import working_copy

PHOTOS = 50
TAIL_MS = 300


def stall_app(folder: str, cache: str, files: list[str], eyes_running: bool) -> dict[str, Any]:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from tests.bench.common import make_window, open_and_wait

    app = QApplication.instance() or QApplication([])
    parts = make_window(
        QSettings(str(Path(cache).parent / "stall.ini"), QSettings.Format.IniFormat), Path(cache)
    )
    open_and_wait(parts, Path(folder))
    spin(1.7 if eyes_running else 0.3)  # without eye points: the app is looking for them by now
    assert not eyes_running or parts.eyes.pending() > 0
    ticks = Ticks(5)
    finished: list[float] = []
    began = time.perf_counter()

    def on_finished(summary: Any) -> None:
        assert summary.count("imported") == len(files), summary.headline()
        finished.append(time.perf_counter() - began)
        QTimer.singleShot(TAIL_MS, app.quit)

    parts.importer.finished.connect(on_finished)
    ticks.start()
    QTimer.singleShot(0, lambda: parts.workspace.imports.import_into_current(files, None))
    app.exec()
    ticks.stop()
    stalls = ticks.stalls()
    parts.frame.close()
    return {"worst": max(stalls), "p99": percentile(stalls, 0.99), "seconds": finished[0]}


def stall_bare(files: list[str], out: str) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tests.bench.import_bench import bare_pipeline

    app = QApplication.instance() or QApplication([])
    Path(out).mkdir(parents=True, exist_ok=True)
    pool = ThreadPoolExecutor(2)
    ticks = Ticks(5)
    began = time.perf_counter()
    finished: list[float] = []

    def start() -> None:
        futures = [pool.submit(bare_pipeline, Path(f), Path(out)) for f in files]

        def check() -> None:
            if all(f.done() for f in futures):
                for f in futures:
                    f.result()
                finished.append(time.perf_counter() - began)
                QTimer.singleShot(TAIL_MS, app.quit)
            else:
                QTimer.singleShot(20, check)

        check()

    ticks.start()
    QTimer.singleShot(0, start)
    app.exec()
    ticks.stop()
    pool.shutdown()
    stalls = ticks.stalls()
    return {"worst": max(stalls), "p99": percentile(stalls, 0.99), "seconds": finished[0]}


def import_stall(masters: dict[str, tuple[Path, Path]], scratch: Path, runs: int) -> None:
    base = save_photo(scratch / "stall-12mp.jpg", photographic((4032, 3024), seed=11))
    files = [str(p) for p in variants(base, scratch / "stall-src", PHOTOS)]
    results: dict[str, list[dict[str, Any]]] = {}
    conditions = [(label, label.startswith("no eye")) for label in masters]
    for run in range(runs):
        results.setdefault("bare", []).append(
            run_child("tests.bench.gui_stall", "stall_bare", files, str(scratch / f"stall-bare-{run}"))
        )
        for index, (label, eyes_running) in enumerate(conditions):
            folder, cache = working_copy(*masters[label], scratch / f"stall-{run}-{index}")
            results.setdefault(label, []).append(
                run_child("tests.bench.gui_stall", "stall_app", folder, cache, files, eyes_running)
            )
    bare = results.pop("bare")
    print(f"GUI stall (5 ms timer in app.exec()) while {PHOTOS} x 12 MP photos are imported:")
    print(
        f"  bare pipeline, 2 threads: longest {spread([r['worst'] / 1000 for r in bare], digits=1)}, "
        f"p99 {statistics.median(r['p99'] for r in bare):.1f} ms"
    )
    for label, rows in results.items():
        worst = [r["worst"] / 1000 for r in rows]
        note = " (eye detection of the older photos running)" if label.startswith("no eye") else ""
        print(
            f"  {label}{note}: longest {spread(worst, digits=1)}, p99 "
            f"{statistics.median(r['p99'] for r in rows):.1f} ms, import {spread([r['seconds'] for r in rows], 1, 's', 2)}; "
            f"limit 50 ms -> {verdict(statistics.median(worst) <= 0.05)}"
        )
