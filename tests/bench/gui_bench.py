"""Main-window benchmarks on a large journal (issue 12): start, import stall, timeline scroll.

Run: `make bench` or `.venv/bin/python tests/bench/gui_bench.py [--only start,stall,scroll]`.
Offscreen Qt. The journals are 1,000 sessions / 3,000 photos, one with eye points recorded and
one without (tests/bench/journals.py; built once under $BENCH_TMP, never changed: each run
works on a copy and the masters' fingerprints are checked at the end). Every figure is taken
against its bare reference in the same run, interleaved, over several runs: the median and the
range are printed, and the verdict is on the median.

  1. start: process start -> the timeline painted with its 1,000 sessions (the app's own
     `--debug` milestone, read from its standard error by this process's clock), against a
     bare PySide6 QMainWindow's first paint started the same way (target <= 1.5x);
  2. stall: the longest gap, less its interval, between ticks of a 5 ms QTimer running inside
     `app.exec()` while 50 x 12 MP photos are imported into the large journal through the
     GUI's import path (target <= 50 ms); the reference is the same timer while the bare
     Pillow pipeline does the same image work in two threads;
  3. scroll: one wheel step on the timeline, event to painted, step by step over the whole
     list, against a bare QListView with a plain model and the default delegate drawing the
     same rows (same height, text and a 64 px picture) the same way (targets: median <= 1.2x
     bare, p95 <= 25 ms); once more on the journal without eye points while the app looks
     for them.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import ratio_spread, spread, verdict  # noqa: E402
from tests.bench.journals import fingerprint, large, working_copy  # noqa: E402

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("debug: painted", flush=True, file=sys.stderr)
            QApplication.instance().exit(0)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 820)
first = Painted()
window.installEventFilter(first)
window.show()
app.exec()
"""


def bench_root() -> Path:
    root = Path(os.environ.get("BENCH_TMP", tempfile.gettempdir())) / "pj-speed-bench"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _env(scratch: Path, cache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    env["XDG_CONFIG_HOME"] = str(scratch / "config")  # the app's settings: none, a first start
    env["XDG_DATA_HOME"] = str(scratch / "data")
    if cache is not None:
        env["PROGRESS_JOURNAL_CACHE"] = str(cache)
    return env


def _until(argv: list[str], env: dict[str, str], last: str) -> dict[str, float]:
    """Start a process; the seconds (by this clock) at which each `debug: <what> <n> ms` line
    arrived, until `last`; then stop it as logging out would (SIGTERM)."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stderr is not None
    seen: dict[str, float] = {}
    lines = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("debug: "):
                words = line[len("debug: ") :].split()
                what = " ".join(words[:-2]) if words[-1] == "ms" else " ".join(words)
                seen[what] = time.perf_counter() - began
                if what.startswith(last):
                    break
        else:
            raise AssertionError(f"{argv[-1]}: no {last!r} milestone: {''.join(lines)[-1500:]}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return seen


def start_times(masters: dict[str, tuple[Path, Path]], scratch: Path, runs: int) -> None:
    rows: dict[str, list[float]] = {"bare": []}
    ratios: dict[str, list[float]] = {}
    shell: dict[str, list[float]] = {}
    thumbs: dict[str, list[float]] = {}

    def app(label: str, run: int) -> dict[str, float]:
        folder, cache = working_copy(*masters[label], scratch / f"start-{label}-{run}")
        argv = [sys.executable, "-m", "journal", "--debug", "--journal", str(folder)]
        try:
            return _until(argv, _env(scratch / f"start-{label}-{run}", cache), "thumbnails visible")
        finally:
            shutil.rmtree(scratch / f"start-{label}-{run}", ignore_errors=True)

    bare_argv = [sys.executable, "-c", BARE_WINDOW]
    # The app's modules byte-compiled, as an installed app's are (and as `make run` does): with
    # PYTHONDONTWRITEBYTECODE set, each start would compile them again (3.6x instead of 2.9x).
    compileall.compile_dir(REPO / "journal", quiet=1)
    _until(bare_argv, _env(scratch), "painted")  # warm the page cache
    for label in masters:
        app(label, -1)
    for run in range(runs):
        bare = _until(bare_argv, _env(scratch), "painted")["painted"]
        rows["bare"].append(bare)
        for label in masters:
            seen = app(label, run)
            painted = next(v for k, v in seen.items() if k.startswith("timeline painted"))
            rows.setdefault(label, []).append(painted)
            ratios.setdefault(label, []).append(painted / bare)
            shell.setdefault(label, []).append(seen["window painted"])
            thumbs.setdefault(label, []).append(seen["thumbnails visible"])
    print(f"start, process start -> first paint; bare QMainWindow: {spread(rows['bare'])}")
    for label in masters:
        ok = statistics.median(ratios[label]) <= 1.5
        print(
            f"  {label}: timeline painted with its 1,000 sessions {spread(rows[label])} -> "
            f"{ratio_spread(ratios[label])} bare; limit 1.5x -> {verdict(ok)}"
        )
        print(
            f"  {label}: (the window's frame painted {spread(shell[label])}; the thumbnails on screen "
            f"{spread(thumbs[label])})"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="start,stall,scroll")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    only = set(args.only.split(","))
    root = bench_root()
    masters = {"eyes recorded": large(root, eyes=True), "no eye points yet": large(root, eyes=False)}
    prints = {label: fingerprint(folder) for label, (folder, _cache) in masters.items()}
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    try:
        if "start" in only:
            start_times(masters, scratch, args.runs)
        if "stall" in only:
            from tests.bench.gui_stall import import_stall

            import_stall(masters, scratch, max(1, args.runs // 2))
        if "scroll" in only:
            from tests.bench.gui_scroll import scroll

            scroll(masters, scratch, max(1, args.runs // 2))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for label, (folder, _cache) in masters.items():
        assert fingerprint(folder) == prints[label], f"the benchmark changed its input journal ({label})"
    print(f"(the input journals are unchanged; run on {dt.date.today()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
