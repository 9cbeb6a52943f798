"""PySide6's import hook reads the whole source of every module imported after PySide6 (to
see whether it says "PySide6"); the app turns that off, which is a tenth of its start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

SCRIPT = r"""
import linecache, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
if sys.argv[2] == "app":
    import journal.ui.app  # the app's start (journal.ui turns the scan off as it loads)
import later_module
from PySide6.QtWidgets import QLabel
print(later_module.__file__ in linecache.cache, later_module.label_text(QLabel))
"""


def _import_after_pyside(tmp_path: Path, how: str) -> tuple[bool, str]:
    (tmp_path / "later_module.py").write_text(
        "def label_text(cls):\n    return cls('shown').text()\n", encoding="utf-8"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), how],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    read, text = done.stdout.split()
    return read == "True", text


def test_pyside_reads_the_source_of_modules_imported_after_it(tmp_path: Path) -> None:
    # The cost the app avoids, on this PySide6: if it goes away, so can journal/ui/shared/pyside_imports.py.
    assert _import_after_pyside(tmp_path, "bare") == (True, "shown")


def test_after_the_app_starts_no_module_source_is_read_and_qt_still_works(tmp_path: Path) -> None:
    assert _import_after_pyside(tmp_path, "app") == (False, "shown")
