"""One wheel step on the 1,000-session timeline, event to painted (gui_bench.py, 3).

Each measurement runs in a fresh process, 1280 x 820 window. A step is one notch of the wheel
(120/8 degrees, three rows) sent to the timeline's viewport; its time runs until the viewport
has painted. Between steps the event loop runs for 20 ms, as it would between the notches of
a wheel turned briskly, so thumbnails arrive meanwhile (their repaints show in the longest
GUI gap, taken with a 5 ms timer over the whole scroll). The reference is a bare QListView of
the same size, in a window of the app's size (what a paint flushes is the window's), with a
QStandardItemModel and the default delegate drawing the same rows: the same height, the date,
the course position and the ratings, a 64 px picture.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from tests.bench.children import Ticks, run_child, spin, wait_for
from tests.bench.common import percentile, ratio_spread, spread, verdict
from tests.bench.journals import working_copy

PAUSE = 0.02


def _steps(view: Any, count: int) -> tuple[list[float], list[float]]:
    """Scroll `view` down by `count` wheel notches; per-step seconds, and the GUI's stalls."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF, QTimer
    from PySide6.QtWidgets import QApplication

    from tests.helpers import wheel_event

    viewport = view.viewport()
    painted = [0]
    waiting: list[QEventLoop] = []

    class Paints(QObject):
        """Counts the viewport's paints; ends the wait once one is done. (The wait runs Qt's
        event loop, which holds no GIL while idle, as the app's own loop.)"""

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted[0] += 1
                for loop in waiting:
                    QTimer.singleShot(0, loop.quit)
            return False

    counter = Paints()
    viewport.installEventFilter(counter)
    ticks = Ticks(5)
    ticks.start()
    times = []
    bar = view.verticalScrollBar()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    for _ in range(count):
        if bar.value() >= bar.maximum():
            break
        seen = painted[0]
        event = wheel_event(viewport, centre, -120)
        began = time.perf_counter()
        QApplication.sendEvent(viewport, event)
        if painted[0] == seen:
            loop = QEventLoop()
            waiting.append(loop)
            QTimer.singleShot(10_000, loop.quit)
            loop.exec()
            waiting.clear()
        times.append(time.perf_counter() - began)
        spin(PAUSE)
    ticks.stop()
    viewport.removeEventFilter(counter)
    return times, ticks.stalls()


def scroll_app(folder: str, cache: str, eyes_running: bool) -> dict[str, Any]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tests.bench.common import make_window, open_and_wait

    app = QApplication.instance() or QApplication([])
    parts = make_window(
        QSettings(str(Path(cache).parent / "scroll.ini"), QSettings.Format.IniFormat), Path(cache)
    )
    open_and_wait(parts, Path(folder))
    wait_for(parts.thumbnails.idle)
    spin(1.7 if eyes_running else 0.3)
    assert not eyes_running or parts.eyes.pending() > 0
    view = parts.view.timeline
    times, stalls = _steps(view, 400)
    result = {
        "steps": times,
        "stall": max(stalls),
        "rows": parts.view.timeline_model.rowCount(),
        "height": view.sizeHintForRow(0),
        "viewport": [view.viewport().width(), view.viewport().height()],
        "window": [parts.frame.width(), parts.frame.height()],
    }
    parts.frame.close()
    del app
    return result


def scroll_bare(
    rows: int, height: int, width: int, viewport_height: int, window_size: list[int]
) -> dict[str, Any]:
    """The same rows in a plain QListView: text and a 64 px picture, default delegate."""
    import datetime as dt

    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QColor, QPixmap, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QListView

    app = QApplication.instance() or QApplication([])
    model = QStandardItemModel()
    pictures = []
    for i in range(8):
        pixmap = QPixmap(64, 64)
        pixmap.fill(QColor(40 + 20 * i, 90, 140))
        pictures.append(pixmap)
    start = dt.date(2018, 1, 1)
    for i in range(rows):
        day = start + dt.timedelta(days=3 * i)
        item = QStandardItem(
            f"{day:%a} {day.day} {day:%b %Y}\nSession {i} · week {3 * i // 7}\nRed 3  Bumps 2"
        )
        item.setData(pictures[i % 8], Qt.ItemDataRole.DecorationRole)
        item.setSizeHint(QSize(280, height))
        model.appendRow(item)
    from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QWidget

    window = QMainWindow()  # the same window size as the app's: a paint flushes into it
    window.resize(*window_size)
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    view = QListView()
    view.setUniformItemSizes(True)
    view.setIconSize(QSize(64, 64))
    view.setModel(model)
    frame = view.frameWidth() * 2
    view.setFixedSize(width + frame, viewport_height + frame)
    layout.addWidget(view)
    layout.addStretch(1)
    window.setCentralWidget(holder)
    window.show()
    spin(0.3)
    times, stalls = _steps(view, 400)
    window.close()
    del app
    return {"steps": times, "stall": max(stalls)}


def scroll(masters: dict[str, tuple[Path, Path]], scratch: Path, runs: int) -> None:
    app_rows: dict[str, list[dict[str, Any]]] = {}
    bare_rows: list[dict[str, Any]] = []
    conditions = [(label, label.startswith("no eye")) for label in masters]
    for run in range(runs):
        for index, (label, eyes_running) in enumerate(conditions):
            folder, cache = working_copy(*masters[label], scratch / f"scroll-{run}-{index}")
            result = run_child("tests.bench.gui_scroll", "scroll_app", folder, cache, eyes_running)
            app_rows.setdefault(label, []).append(result)
            if index == 0:
                width, height = result["viewport"]
                bare_rows.append(
                    run_child(
                        "tests.bench.gui_scroll",
                        "scroll_bare",
                        result["rows"],
                        result["height"],
                        width,
                        height,
                        result["window"],
                    )
                )
    bare_medians = [statistics.median(r["steps"]) for r in bare_rows]
    bare_p95 = [percentile(r["steps"], 0.95) for r in bare_rows]
    print(
        f"timeline scroll, one wheel step (3 rows), event to painted, {len(bare_rows[0]['steps'])} steps a run:"
    )
    print(f"  bare QListView: median step {spread(bare_medians, digits=1)}, p95 {spread(bare_p95, digits=1)}")
    for label, rows in app_rows.items():
        medians = [statistics.median(r["steps"]) for r in rows]
        p95 = [percentile(r["steps"], 0.95) for r in rows]
        ratios = [m / b for m, b in zip(medians, bare_medians, strict=True)]
        ok = statistics.median(ratios) <= 1.2 and statistics.median(p95) <= 0.025
        note = " (eye detection of the older photos running)" if label.startswith("no eye") else ""
        print(
            f"  {label}{note}: median step {spread(medians, digits=1)} -> {ratio_spread(ratios)} bare; "
            f"p95 {spread(p95, digits=1)}; worst {spread([max(r['steps']) for r in rows], digits=1)}; "
            f"longest GUI gap {spread([r['stall'] / 1000 for r in rows], digits=1)}; "
            f"limits 1.2x and 25 ms -> {verdict(ok)}"
        )
