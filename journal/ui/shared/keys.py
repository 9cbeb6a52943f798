"""Named actions with their keys, for a part of the app that has keys of its own (the photo
viewer, the capture page, the region editor): the part binds them to what they do, and Help →
Keyboard shortcuts lists the same actions, so the list cannot drift from the keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

Key = QKeySequence | QKeySequence.StandardKey | str


def named_actions(
    owner: QObject,
    context: str,
    specs: Mapping[str, tuple[str, Sequence[Key]]],
    shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> dict[str, QAction]:
    """An action per name: its text (translated in `context`) and keys, owned by `owner`."""
    actions = {}
    for name, (text, keys) in specs.items():
        action = QAction(QCoreApplication.translate(context, text), owner)
        action.setShortcuts([key if isinstance(key, QKeySequence) else QKeySequence(key) for key in keys])
        action.setShortcutContext(shortcut_context)
        actions[name] = action
    return actions
