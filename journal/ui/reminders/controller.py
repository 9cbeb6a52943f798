"""Reminders while the app runs: a banner in the window, the tray when there is one, and a
timer that notices the due time, midnight and a machine waking up.

Where no system tray exists (many desktops, and offscreen), nothing is lost: the banner shows
the reminder, and a reminder that could not be shown as a notification is kept and shown at
the next start.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QMenu,
    QSystemTrayIcon,
)

from journal.core.journal import Journal
from journal.core.models import JournalEvent
from journal.core.schedule import Reminder, Schedule, describe, schedule
from journal.ui.reminders.banner import ReminderBanner

CHECK_EVERY_MS = 5 * 60 * 1000
JUMP_SECONDS = 120  # wall clock moving this much more than the monotonic one: sleep or a clock change


class ReminderController(QObject):
    """Keeps the banner, the tray and notifications in step with the schedule.

    Signals:
        openRequested(): the tray icon or a notification was clicked.
        quitRequested(): Quit from the tray menu.
    """

    openRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        banner: ReminderBanner,
        settings: QSettings,
        icon: QIcon,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.banner = banner
        self.settings = settings
        self.today = today
        self._journal: Journal | None = None
        self.plan: Schedule | None = None
        self.tray: QSystemTrayIcon | None = None
        self.notified: list[str] = []  # what was shown as a notification in this run (for tests)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._make_tray(icon)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._on_timer)
        self._timer.start()
        self._clock = (time.monotonic(), time.time(), today())

    # ----------------------------------------------------------------- tray

    def _make_tray(self, icon: QIcon) -> None:
        if icon.isNull():  # a tray entry without an icon is invisible on most desktops
            from journal.ui.app import app_icon

            icon = app_icon()
        self.tray = QSystemTrayIcon(icon, self)
        self.tray.setToolTip("Progress Journal")
        menu = QMenu()
        self.tray_menu = menu
        open_action = QAction(self.tr("Open Progress Journal"), menu)
        open_action.triggered.connect(self.openRequested)
        self.next_action = QAction("", menu)
        self.next_action.setEnabled(False)
        quit_action = QAction(self.tr("Quit"), menu)
        quit_action.triggered.connect(self.quitRequested)
        for action in (open_action, self.next_action, quit_action):
            menu.addAction(action)
        self.tray.setContextMenu(menu)
        self.tray.activated.connect(lambda _reason: self.openRequested.emit())
        self.tray.messageClicked.connect(self.openRequested)
        self.tray.show()

    @property
    def has_tray(self) -> bool:
        return self.tray is not None

    # ----------------------------------------------------------------- state

    def set_journal(self, journal: Journal | None) -> None:
        self._journal = journal
        self.refresh()
        self._show_pending_notices()

    def on_journal_event(self, event: JournalEvent) -> None:
        if (
            event.kind.startswith("session-")
            or event.kind == "settings-changed"
            or event.kind == "trash-emptied"
        ):
            self.refresh()

    def refresh(self, notify: bool = True) -> None:
        journal = self._journal
        if journal is None:
            self.plan = None
            self.banner.show_plan(None, [], True)
            return
        self.plan = schedule(journal.sessions(), journal.settings, self.today())
        visible = [r for r in self.plan.reminders if not self._snoozed(r)]
        self.banner.show_plan(self.plan, visible, journal.read_only)
        if self.tray is not None:
            first = self.plan.treatment or self.plan.check_in
            self.next_action.setText(describe(first) if first else self.tr("Nothing due"))
        if notify:
            self._notify(visible)

    def upcoming(self) -> list[Reminder]:
        """Reminders to notify about now: pressing, or within the lead time."""
        if self.plan is None or self._journal is None:
            return []
        lead = self._journal.settings.reminder_lead_days
        return [r for r in self.plan.reminders if r.days <= lead and not self._snoozed(r)]

    # ----------------------------------------------------------------- snooze

    def _snooze_key(self) -> str:
        return f"reminders/{self._journal.id if self._journal else 'none'}/snoozed"

    def _snoozed(self, reminder: Reminder) -> bool:
        stored = str(self.settings.value(self._snooze_key(), "") or "")
        keys, _, until = stored.partition("|")
        return bool(until) and self.today().isoformat() < until and reminder.key() in keys.split(",")

    def snooze(self) -> None:
        """Hide today's reminders until tomorrow."""
        if self.plan is None:
            return
        tomorrow = (self.today() + dt.timedelta(days=1)).isoformat()
        keys = ",".join(r.key() for r in self.plan.reminders)
        self.settings.setValue(self._snooze_key(), f"{keys}|{tomorrow}")
        self.refresh(notify=False)

    # ----------------------------------------------------------------- notifications

    def _notify(self, visible: list[Reminder]) -> None:
        if self._journal is None:
            return
        day = self.today().isoformat()
        key = f"reminders/{self._journal.id}/notified"
        done = str(self.settings.value(key, "") or "").split(",")
        for reminder in self.upcoming():
            stamp = f"{reminder.key()}@{day}"
            if stamp in done:
                continue
            text = describe(reminder)
            if self.tray is not None and self.tray.supportsMessages():
                self.tray.showMessage(
                    "Progress Journal", text, QSystemTrayIcon.MessageIcon.Information, 20_000
                )
            elif not self.banner.isVisible() or not self.banner.window().isVisible():
                # No tray and no window to show it in: keep it for the next start.
                self._keep_notice(text)
            self.notified.append(text)
            done.append(stamp)
        self.settings.setValue(key, ",".join(d for d in done[-20:] if d))

    def _keep_notice(self, text: str) -> None:
        pending = [p for p in str(self.settings.value("reminders/pending", "") or "").split("\n") if p]
        if text not in pending:
            pending.append(text)
        self.settings.setValue("reminders/pending", "\n".join(pending[-5:]))

    def _show_pending_notices(self) -> None:
        pending = [p for p in str(self.settings.value("reminders/pending", "") or "").split("\n") if p]
        if pending and self.banner.window().isVisible():
            self.settings.remove("reminders/pending")
            self.banner.window().statusBar().showMessage(  # type: ignore[attr-defined]
                self.tr("While Progress Journal was closed: {notes}").format(notes="; ".join(pending)), 30_000
            )

    def _on_timer(self) -> None:
        """Every few minutes: a new day (midnight, or the machine woke up) re-reads the schedule."""
        now = (time.monotonic(), time.time(), self.today())
        monotonic, wall, day = self._clock
        jumped = abs((now[1] - wall) - (now[0] - monotonic)) > JUMP_SECONDS
        self._clock = now
        if jumped or now[2] != day or self.upcoming():
            self.refresh()

    def check_now(self) -> None:
        self._on_timer()
