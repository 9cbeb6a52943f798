"""The capture page's keys, as actions with their names: the view binds them to what they do,
and Help → Keyboard shortcuts lists the same actions, so the list cannot drift from the keys."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from journal.core.models import Angle
from journal.ui.shared.keys import named_actions

ANGLE_KEYS = {Angle.FRONT: "1", Angle.LEFT: "2", Angle.RIGHT: "3"}


def capture_actions(owner: QObject) -> dict[str, QAction]:
    """The actions by name ("shutter", "done", "auto", and each angle's value: "front"...),
    owned by `owner`; they work while the capture page (or a widget in it) has the focus."""
    return named_actions(
        owner,
        "CaptureView",
        {
            "shutter": ("Take the photo now", ["Space"]),
            "done": ("Done: back to the journal", ["Esc"]),
            "auto": ("Auto-capture on or off", ["A"]),
            Angle.FRONT.value: ("Front photo", [ANGLE_KEYS[Angle.FRONT]]),
            Angle.LEFT.value: ("Left photo", [ANGLE_KEYS[Angle.LEFT]]),
            Angle.RIGHT.value: ("Right photo", [ANGLE_KEYS[Angle.RIGHT]]),
        },
        Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )
