"""Logging out (SIGTERM) or Ctrl+C quits the app as File → Quit does, leaving nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("signum", "delay"),
    [(signal.SIGTERM, 0.0), (signal.SIGTERM, 1.5), (signal.SIGINT, 1.5)],
    ids=["SIGTERM-while-the-demo-is-built", "SIGTERM", "SIGINT"],
)
def test_a_signal_closes_the_demo_and_removes_its_temporary_folder(
    tmp_path: Path, signum: int, delay: float
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(
        os.environ,
        TMPDIR=str(temp),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "journal", "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        databases: list[Path] = []
        while time.monotonic() < deadline and not databases:
            databases = list(temp.glob("progress-journal-demo-*/journal/journal.sqlite3"))
            time.sleep(0.1)
        assert databases, "the demo journal never appeared"
        time.sleep(delay)  # 0: the demo's photos are still being imported
        app.send_signal(signum)
        _, stderr = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, stderr
    assert b"Traceback" not in stderr
    assert list(temp.iterdir()) == []  # the demo's journal and cache are gone
