"""Public names of a feature package, imported on first use.

A feature's `__init__.py` is its public face: other features import `from journal.ui.compare
import CompareView`, never its modules. Importing the module behind a name only when the name
is first used (PEP 562) keeps start-up light: the compare view's modules load when Compare
opens, not when the window is built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, modules: Mapping[str, str]) -> Callable[[str], object]:
    """A module-level `__getattr__` for `package`: `modules` maps each public name to the
    module (inside the package) that defines it."""

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
