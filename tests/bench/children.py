"""Running one measurement in a fresh process (no state left over from the one before), and
the QApplication helpers those processes share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def run_child(module: str, function: str, *args: object, timeout: float = 600) -> Any:
    """`module.function(*args)` in a new interpreter; its JSON result (the last stdout line)."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        f"from {module} import {function} as run\n"
        "result = run(*json.loads(sys.argv[1]))\n"
        "print(json.dumps(result), flush=True)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps([str(a) if isinstance(a, Path) else a for a in args])],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"{module}.{function} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Ticks:
    """A QTimer of `interval` ms in the running event loop, recording the gaps between its
    ticks: the longest gap less the interval is the longest the GUI thread was not there."""

    def __init__(self, interval: int = 5) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.interval = interval
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        self.gaps.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()

    def stalls(self) -> list[float]:
        """Each gap less the interval, in ms (the first one, from start, left out)."""
        return [max(0.0, gap - self.interval) for gap in self.gaps[1:]]


def spin(seconds: float) -> None:
    """Run the event loop for a while (what a person's pause between actions lets happen)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError("timed out")
        QApplication.processEvents()
        time.sleep(0.0005)
