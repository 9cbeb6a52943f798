"""Importing photos from the GUI: the controller, its progress bar and its report.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.importing.controller import ImportController, ImportSummary
    from journal.ui.importing.progress import ImportProgress
    from journal.ui.importing.report import ImportReport

__all__ = ["ImportController", "ImportProgress", "ImportReport", "ImportSummary"]
__getattr__ = lazy_exports(
    __name__,
    {
        "ImportController": "controller",
        "ImportSummary": "controller",
        "ImportProgress": "progress",
        "ImportReport": "report",
    },
)
