"""Importing photos from the GUI: the angle question, the controller, its progress bar and its
report.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.importing.angle import AngleDialog, unnamed
    from journal.ui.importing.controller import ImportController, ImportSummary, expand_paths
    from journal.ui.importing.progress import ImportProgress
    from journal.ui.importing.report import ImportReport

__all__ = [
    "AngleDialog",
    "ImportController",
    "ImportProgress",
    "ImportReport",
    "ImportSummary",
    "expand_paths",
    "unnamed",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "AngleDialog": "angle",
        "unnamed": "angle",
        "expand_paths": "controller",
        "ImportController": "controller",
        "ImportSummary": "controller",
        "ImportProgress": "progress",
        "ImportReport": "report",
    },
)
