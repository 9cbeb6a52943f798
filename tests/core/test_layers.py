"""The core is plain Python: importing all of it must not load Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import journal.core
from tests.helpers import REPO


def test_core_never_imports_pyside6() -> None:
    modules = [f"journal.core.{m.name}" for m in pkgutil.iter_modules(journal.core.__path__)]
    assert "journal.core.library" in modules and len(modules) >= 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(leaked))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "", f"journal.core pulled in Qt: {done.stdout}"


def test_cli_commands_do_not_load_qt() -> None:
    """Scripted use (cron, backups over ssh) must work where no Qt can start."""
    code = (
        "import sys\n"
        "from journal import cli\n"
        "cli.build_parser()\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "False"
