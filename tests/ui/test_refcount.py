"""Guard against PySide6 6.12.0 on Python 3.11, which drops a reference to None on every void
Qt call: a real app aborts with "none_dealloc" after ~5,000 UI updates (FACTS.md, section 0).
pytest keeps its own references to None and hides it, so this runs in a bare subprocess."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for i in range(20_000):
    label.setText(str(i))
    label.update()
app.processEvents()
after = sys.getrefcount(None)
print(before, after)
"""


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, f"the process died (rc {done.returncode}): {done.stderr[-500:]}"
    before, after = map(int, done.stdout.split())
    assert abs(after - before) < 300, f"None's refcount drifted by {after - before} over 40,000 void calls"


def test_installed_pyside6_is_not_the_broken_release_on_python_311() -> None:
    import PySide6

    if sys.version_info < (3, 12):
        major, minor = map(int, PySide6.__version__.split(".")[:2])
        assert (major, minor) < (6, 12), f"PySide6 {PySide6.__version__} on Python 3.11 aborts the app"
