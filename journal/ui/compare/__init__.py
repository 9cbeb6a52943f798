"""Comparing two sessions: the view, its canvas and controls, pairs, eyes, lighting, export.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.compare.eyes import EyeWorker
    from journal.ui.compare.view import CompareView

__all__ = ["CompareView", "EyeWorker"]
__getattr__ = lazy_exports(__name__, {"CompareView": "view", "EyeWorker": "eyes"})
