"""The reminder banner at the top of the window: what is due, and the actions that fit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.schedule import Reminder, Schedule, State, complete_text, describe
from journal.ui.shared.palette import TintedFrame, Tone


class ReminderBanner(TintedFrame):
    """Signals:
    logSession(), takeCheckIn(), moveDate(), snooze()
    """

    logSession = Signal()
    takeCheckIn = Signal()
    moveDate = Signal()
    snooze = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        texts = QVBoxLayout()
        self.lines: list[QLabel] = []
        for _ in range(2):
            label = QLabel()
            label.setWordWrap(True)
            texts.addWidget(label)
            self.lines.append(label)
        layout.addLayout(texts, 1)
        self.log_button = QPushButton(self.tr("Log the session now"))
        self.checkin_button = QPushButton(self.tr("Take check-in photos now"))
        self.move_button = QPushButton(self.tr("Move the date…"))
        self.snooze_button = QPushButton(self.tr("Snooze until tomorrow"))
        for button, signal in (
            (self.log_button, self.logSession),
            (self.checkin_button, self.takeCheckIn),
            (self.move_button, self.moveDate),
            (self.snooze_button, self.snooze),
        ):
            button.clicked.connect(signal)
            layout.addWidget(button)
        self.hide()

    def show_plan(
        self, plan: Schedule | None, visible: list[Reminder], read_only: bool, started: bool = False
    ) -> None:
        """Show what is due (reminders not snoozed), with the actions that fit. `started`: a
        treatment session logged today that has no photo or details yet (it does not count
        as done until it has): the banner says so instead of "due today"."""
        texts: list[str] = []
        urgent = False
        if plan is None:
            self.hide()
            return
        if started:
            texts.append(
                self.tr("Today's session is logged: add its photos or details, and it counts as done.")
            )
            visible = [r for r in visible if not (r.kind == "treatment" and r.pressing)]
        elif plan.state is State.NO_SESSIONS:
            texts.append(self.tr("No sessions yet: log your first session to start the schedule."))
        elif plan.state is State.COMPLETE:
            texts.append(complete_text(plan))
        for reminder in visible:
            texts.append(describe(reminder))
            urgent = urgent or reminder.pressing
        for label, text in zip(self.lines, [*texts, "", ""], strict=False):
            label.setText(text)
            label.setVisible(bool(text))
        kinds = {r.kind for r in visible}
        self.log_button.setText(
            self.tr("Open today's session") if started else self.tr("Log the session now")
        )
        self.log_button.setVisible(
            not read_only and (started or plan.state is State.NO_SESSIONS or "treatment" in kinds)
        )
        self.checkin_button.setVisible(not read_only and "check-in" in kinds)
        self.move_button.setVisible(not read_only and "treatment" in kinds)
        self.snooze_button.setVisible(bool(visible))
        self.set_tone(Tone.URGENT if urgent else Tone.INFO)  # tints of the palette, light or dark
        self.setVisible(bool(texts))

    def text(self) -> str:
        return "\n".join(label.text() for label in self.lines if label.text())
