"""Reminders while the app runs: the banner, the controller with tray and timer, small dialogs.

Other features import the names in `__all__` from here, never the modules themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ui.shared.lazy import lazy_exports

if TYPE_CHECKING:
    from journal.ui.reminders.banner import ReminderBanner
    from journal.ui.reminders.controller import ReminderController

__all__ = ["ReminderBanner", "ReminderController"]
__getattr__ = lazy_exports(__name__, {"ReminderBanner": "banner", "ReminderController": "controller"})
