"""File → Make timelapse…: the dialog with its options, the preview that plays, and saving
with progress and Cancel.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.timelapse.dialog import TimelapseDialog
    from journal.ui.timelapse.launcher import TimelapseLauncher
    from journal.ui.timelapse.player import TimelapsePlayer

__all__ = ["TimelapseDialog", "TimelapseLauncher", "TimelapsePlayer"]
__getattr__ = lazy_exports(
    __name__,
    {"TimelapseDialog": "dialog", "TimelapseLauncher": "launcher", "TimelapsePlayer": "player"},
)
