"""The capture page's keys, as actions with their names: the view binds them to what they do,
and Help → Keyboard shortcuts lists the same actions, so the list cannot drift from the keys."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from journal.core.models import Angle

ANGLE_KEYS = {Angle.FRONT: "1", Angle.LEFT: "2", Angle.RIGHT: "3"}


def capture_actions(owner: QObject) -> dict[str, QAction]:
    """The actions by name ("shutter", "done", "auto", and each angle's value: "front"...),
    owned by `owner`; they work while the capture page (or a widget in it) has the focus."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("CaptureView", text)

    specs: dict[str, tuple[str, str]] = {
        "shutter": (tr("Take the photo now"), "Space"),
        "done": (tr("Done: back to the journal"), "Esc"),
        "auto": (tr("Auto-capture on or off"), "A"),
        Angle.FRONT.value: (tr("Front photo"), ANGLE_KEYS[Angle.FRONT]),
        Angle.LEFT.value: (tr("Left photo"), ANGLE_KEYS[Angle.LEFT]),
        Angle.RIGHT.value: (tr("Right photo"), ANGLE_KEYS[Angle.RIGHT]),
    }
    actions = {}
    for name, (text, key) in specs.items():
        action = QAction(text, owner)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        actions[name] = action
    return actions
