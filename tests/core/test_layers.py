"""The core is plain Python: importing all of it must not load Qt."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

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


# ----------------------------------------------------------------- the import graph


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Every import of a journal module by a journal module, wherever it stands: at the top,
    inside a function (run-time imports), or under TYPE_CHECKING (type-only imports)."""
    files = {_module_name(p): p for p in (REPO / "journal").rglob("*.py") if "__pycache__" not in p.parts}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target.startswith("journal") and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_import_graph_is_read_whole() -> None:
    """The graph the tests below rely on sees type-only and run-time imports."""
    graph = _import_graph()
    assert "journal.core.journal" in graph["journal.ui.app"]  # inside a function
    assert "journal.ui.compare.view" in graph["journal.ui.compare"]  # under TYPE_CHECKING
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_not_even_type_only_ones() -> None:
    assert _cycles(_import_graph()) == []


def test_layers_point_one_way() -> None:
    """core imports neither render nor ui; render does not import ui; nothing imports the cli.
    (Any of them may read the package's own constants: journal/__init__.py.)"""
    for module, imports in _import_graph().items():
        layer = module.split(".")[1] if "." in module else ""
        for target in imports - {"journal"}:
            if layer == "core":
                assert target.startswith("journal.core"), f"{module} imports {target}"
            if layer == "render":
                assert not target.startswith("journal.ui"), f"{module} imports {target}"
            if not module.startswith("journal.cli") and module != "journal.__main__":
                assert not target.startswith("journal.cli"), f"{module} imports {target}"


def _feature(module: str) -> str | None:
    """The feature package a module belongs to (journal.ui.compare.view -> compare)."""
    parts = module.split(".")
    if len(parts) > 2 and parts[:2] == ["journal", "ui"] and (REPO / "journal" / "ui" / parts[2]).is_dir():
        return parts[2]
    return None


def test_features_meet_only_through_each_others_public_names() -> None:
    """A feature imports core, render, the shared place and other features' packages (their
    __init__, which exports the public names), never another feature's modules. Nothing below
    the window imports the window or the app that put it together, and shared imports no feature."""
    features = {p.name for p in (REPO / "journal" / "ui").iterdir() if (p / "__init__.py").exists()}
    assert {"window", "timeline", "session", "compare", "sheets", "reminders", "shared"} <= features
    problems = []
    for module, imports in _import_graph().items():
        mine = _feature(module)
        if mine is None:
            continue
        for target in imports:
            theirs = _feature(target)
            if target == "journal.ui.app" or (theirs == "window" and mine != "window"):
                problems.append(f"{module} imports {target}: the window and the app sit on top")
            elif theirs is None or theirs == mine or theirs == "shared":
                if mine == "shared" and theirs not in (None, "shared"):
                    problems.append(f"{module} imports {target}: shared must not know the features")
            elif target != f"journal.ui.{theirs}":
                problems.append(f"{module} imports {target}: use journal.ui.{theirs}'s public names")
    assert problems == []


def test_render_never_imports_qt_widgets() -> None:
    """journal.render serves the CLI and print alike: QtGui only (QtPrintSupport needs widgets)."""
    import journal.render

    modules = [f"journal.render.{m.name}" for m in pkgutil.iter_modules(journal.render.__path__)]
    assert "journal.render.sheet_painter" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m in ('PySide6.QtWidgets', 'PySide6.QtPrintSupport'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.strip() == "", f"journal.render pulled in {done.stdout}"
