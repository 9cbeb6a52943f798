"""Progress: the ratings and redness charts beside the timeline, the region editor, and the
chart sheet (print, preview, PDF, SVG, PNG).

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.progress.region_editor import RegionEditor
    from journal.ui.progress.sheet_dialog import ChartSheetDialog
    from journal.ui.progress.view import ProgressView

__all__ = ["ChartSheetDialog", "ProgressView", "RegionEditor"]
__getattr__ = lazy_exports(
    __name__,
    {"ChartSheetDialog": "sheet_dialog", "ProgressView": "view", "RegionEditor": "region_editor"},
)
