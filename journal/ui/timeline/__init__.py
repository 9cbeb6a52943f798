"""The session timeline: the list model and the delegate that draws its rows.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.timeline.delegate import TimelineDelegate
    from journal.ui.timeline.model import TimelineModel
    from journal.ui.timeline.view import TimelineView

__all__ = ["TimelineDelegate", "TimelineModel", "TimelineView"]
__getattr__ = lazy_exports(
    __name__, {"TimelineModel": "model", "TimelineDelegate": "delegate", "TimelineView": "view"}
)
