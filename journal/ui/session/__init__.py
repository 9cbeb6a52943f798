"""One session: its page, the form of its fields, its photos by angle, the photo viewer.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.session.page import SessionPage
    from journal.ui.session.photo_viewer import PhotoViewer

__all__ = ["PhotoViewer", "SessionPage"]
__getattr__ = lazy_exports(__name__, {"SessionPage": "page", "PhotoViewer": "photo_viewer"})
