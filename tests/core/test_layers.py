"""The core is plain Python: importing all of it must not load Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import journal.core
from tests.helpers import REPO


def test_core_never_imports_pyside6() -> None:
    modules = [m.name for m in pkgutil.walk_packages(journal.core.__path__, "journal.core.")]
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


def test_every_package_folder_ships_in_the_wheel() -> None:
    """pyproject lists packages by name; a new feature package left out would be missing when installed."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "journal").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), f"add these to [tool.setuptools] packages: {sorted(found - listed)}"
