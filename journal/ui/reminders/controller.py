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

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QSystemTrayIcon,
)

from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import EventKind, JournalEvent, Kind, Session
from journal.core.schedule import Reminder, Schedule, describe, has_details, schedule
from journal.ui.reminders.banner import ReminderBanner
from journal.ui.shared.icons import app_icon
from journal.ui.shared.settings import Settings

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
        settings: Settings,
        undo_stack: QUndoStack,
        window: QMainWindow,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self.banner = banner
        self.settings = settings
        self.today = today
        self._undo = undo_stack
        self._window = window  # dialogs open over it; notices go to its status bar
        self._journal: Journal | None = None
        self.plan: Schedule | None = None
        self.started: Session | None = None  # a treatment logged today with nothing in it yet
        self._uncounted: set[int | None] = set()  # sessions with no photo or details yet
        self.tray: QSystemTrayIcon | None = None
        self.notified: list[str] = []  # what was shown as a notification in this run (for tests)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._make_tray(window.windowIcon())
        banner.moveDate.connect(self.ask_next_date)
        banner.snooze.connect(self.snooze)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._on_timer)
        self._timer.start()
        self._clock = (time.monotonic(), time.time(), today())

    # ----------------------------------------------------------------- tray

    def _make_tray(self, icon: QIcon) -> None:
        if icon.isNull():  # a tray entry without an icon is invisible on most desktops
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
        self.tray.activated.connect(self._on_tray_activated)
        self.tray.messageClicked.connect(self.openRequested)
        self.tray.show()

    def _on_tray_activated(self, _reason: QSystemTrayIcon.ActivationReason) -> None:
        self.openRequested.emit()

    @property
    def has_tray(self) -> bool:
        return self.tray is not None

    # ----------------------------------------------------------------- state

    def set_journal(self, journal: Journal | None) -> None:
        self._journal = journal
        self.refresh()
        self._show_pending_notices()

    def on_journal_event(self, event: JournalEvent) -> None:
        if event.kind.about_sessions or event.kind in (EventKind.SETTINGS_CHANGED, EventKind.TRASH_EMPTIED):
            self.refresh()
        elif event.kind is EventKind.PHOTO_REMOVED or (
            event.kind is EventKind.PHOTO_ADDED and event.session_id in self._uncounted | {None}
        ):
            # A session counts once it has a photo, and its own event may come before its first
            # photo is in: the first photo of a session not counted yet changes what is due (the
            # rest of a batch does not), and so may one taken away.
            self.refresh()

    def refresh(self, notify: bool = True) -> None:
        journal = self._journal
        if journal is None:
            self.plan = None
            self.started = None
            self.banner.show_plan(None, [], True)
            return
        today = self.today()
        summaries = journal.session_summaries()  # a session counts once it has a photo or details
        self._uncounted = {
            s.session.id for s in summaries if s.photo_count == 0 and not has_details(s.session)
        }
        self.plan = schedule(summaries, journal.settings, today)
        self.started = next(
            (
                s.session
                for s in reversed(summaries)
                if s.session.date == today
                and s.session.kind is Kind.TREATMENT
                and s.photo_count == 0
                and not has_details(s.session)
            ),
            None,
        )
        visible = [r for r in self.plan.reminders if not self._snoozed(r)]
        self.banner.show_plan(self.plan, visible, journal.read_only, started=self.started is not None)
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

    def _journal_key(self) -> str:
        return self._journal.id if self._journal else "none"

    def _snoozed(self, reminder: Reminder) -> bool:
        keys, until = self.settings.snoozed(self._journal_key())
        return bool(until) and self.today().isoformat() < until and reminder.key() in keys

    def snooze(self) -> None:
        """Hide today's reminders until tomorrow, say so, and let Edit → Undo bring them back."""
        if self.plan is None:
            return
        tomorrow = self.today() + dt.timedelta(days=1)
        key = self._journal_key()
        before = self.settings.snoozed(key)
        after = ([r.key() for r in self.plan.reminders], tomorrow.isoformat())
        self._undo.push(SnoozeReminders(self, key, before, after))
        self._window.statusBar().showMessage(
            self.tr("Reminders snoozed until tomorrow, {day}. Edit → Undo brings them back.").format(
                day=long_date(tomorrow)
            ),
            10_000,
        )

    def set_snooze(self, journal_key: str, keys: list[str], until: str) -> None:
        """Store a snooze (the undo command's way in) and show the banner as it now is."""
        self.settings.snooze(journal_key, keys, until)
        if journal_key == self._journal_key():
            self.refresh(notify=False)

    # ----------------------------------------------------------------- the banner's and menu's dialogs

    def ask_next_date(self) -> None:
        """The banner's "Move the date…": the last treatment's own "next session on" date (undoable)."""
        plan = self.plan
        if self._journal is None or plan is None or plan.treatment is None:
            return
        session_id = plan.treatment.source_session_id
        if session_id is not None:
            from journal.ui.reminders.dialogs import ask_next_date  # its dialogs load when first asked for

            ask_next_date(self._window, self._journal, self._undo, session_id, plan.treatment.due)

    def export_calendar(self) -> None:
        """File → Export to calendar…, as of the reminders' own day (so banner and file agree)."""
        if self._journal is not None:
            from journal.ui.reminders.dialogs import ask_calendar_file

            ask_calendar_file(self._window, self._journal, self.today())

    # ----------------------------------------------------------------- notifications

    def _notify(self, visible: list[Reminder]) -> None:
        if self._journal is None:
            return
        day = self.today().isoformat()
        done = self.settings.notified(self._journal.id)
        for reminder in self.upcoming():
            stamp = f"{reminder.key()}@{day}"
            if stamp in done:
                continue
            text = describe(reminder)
            if self.tray is not None and self.tray.supportsMessages():
                self.tray.showMessage(
                    "Progress Journal", text, QSystemTrayIcon.MessageIcon.Information, 20_000
                )
            elif not self.banner.isVisible() or not self._window.isVisible():
                # No tray and no window to show it in: keep it for the next start.
                self._keep_notice(text)
            self.notified.append(text)
            done.append(stamp)
        self.settings.set_notified(self._journal.id, done)

    def _keep_notice(self, text: str) -> None:
        pending = self.settings.pending_notices
        if text not in pending:
            pending.append(text)
        self.settings.pending_notices = pending

    def _show_pending_notices(self) -> None:
        pending = self.settings.pending_notices
        if pending and self._window.isVisible():
            self.settings.pending_notices = []
            self._window.statusBar().showMessage(
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


class SnoozeReminders(QUndoCommand):
    """The banner's "Snooze until tomorrow"; undo shows the reminders again."""

    def __init__(
        self,
        controller: ReminderController,
        journal_key: str,
        before: tuple[list[str], str],
        after: tuple[list[str], str],
    ) -> None:
        super().__init__(controller.tr("Snooze reminders"))
        self._controller, self._key, self._before, self._after = controller, journal_key, before, after

    def redo(self) -> None:
        self._controller.set_snooze(self._key, *self._after)

    def undo(self) -> None:
        self._controller.set_snooze(self._key, *self._before)
