"""Taking a session's photos with the camera: the capture page, its picture and its checks.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.capture.cameras import CameraAccess
    from journal.ui.capture.keys import capture_actions
    from journal.ui.capture.launcher import CaptureLauncher
    from journal.ui.capture.view import CaptureView

__all__ = ["CameraAccess", "CaptureLauncher", "CaptureView", "capture_actions"]
__getattr__ = lazy_exports(
    __name__,
    {
        "CameraAccess": "cameras",
        "CaptureLauncher": "launcher",
        "CaptureView": "view",
        "capture_actions": "keys",
    },
)
