"""Printing comparison sheets: the dialog with page options, preview, print and PDF.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.sheets.dialog import SheetDialog, pair_dialog, timeline_dialog

__all__ = ["SheetDialog", "pair_dialog", "timeline_dialog"]
__getattr__ = lazy_exports(
    __name__, {"SheetDialog": "dialog", "pair_dialog": "dialog", "timeline_dialog": "dialog"}
)
