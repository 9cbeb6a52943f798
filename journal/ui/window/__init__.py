"""The main window: its frame, the workspace that shows the open journal, the menus and their
actions, opening journals, the welcome page, file actions, and the factory that makes them.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.window.factory import WindowParts, build_parts
    from journal.ui.window.main_window import MainWindow

__all__ = ["MainWindow", "WindowParts", "build_parts"]
__getattr__ = lazy_exports(
    __name__, {"MainWindow": "main_window", "WindowParts": "factory", "build_parts": "factory"}
)
