"""The reminder banner at the top of the window: what is due, and the actions that fit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.schedule import Reminder, Schedule, State, complete_text, describe
from journal.ui.shared.palette import TintedFrame, Tone


class ReminderBanner(TintedFrame):
    """Signals:
    logSession(), moveDate(), snooze()
    takeCheckIn(): check-in photos from files; takeCheckInWithCamera(): with the camera.
    checkInWayChosen(bool): the user chose the camera (True) or files from the button's menu.
    checkInOffered(): the check-in button has come up (look for a camera now).
    """

    logSession = Signal()
    takeCheckIn = Signal()
    takeCheckInWithCamera = Signal()
    checkInWayChosen = Signal(bool)
    checkInOffered = Signal()
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
        self.move_button = QPushButton(self.tr("Move the date…"))
        self.snooze_button = QPushButton(self.tr("Snooze until tomorrow"))
        layout.addWidget(self.log_button)
        layout.addWidget(self._checkin_button())
        for button, signal in (
            (self.log_button, self.logSession),
            (self.move_button, self.moveDate),
            (self.snooze_button, self.snooze),
        ):
            button.clicked.connect(signal)
            if button is not self.log_button:
                layout.addWidget(button)
        self.camera_available = False
        self.camera_preferred = True
        self._checkin_offered = False
        self._show_checkin_way()
        self.hide()

    def _checkin_button(self) -> QToolButton:
        """The check-in button: a click takes the photos the way preferred (the camera when
        there is one), its menu offers both ways."""
        self.checkin_button = QToolButton()
        self.checkin_button.setText(self.tr("Take check-in photos now"))
        self.checkin_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.checkin_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.checkin_camera_action = QAction(self.tr("With the camera…"), self)
        self.checkin_files_action = QAction(self.tr("From files…"), self)
        self._checkin_menu = QMenu(self.checkin_button)
        self._checkin_menu.addAction(self.checkin_camera_action)
        self._checkin_menu.addAction(self.checkin_files_action)
        self.checkin_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.checkin_button.clicked.connect(self._on_checkin_button_clicked)
        self.checkin_camera_action.triggered.connect(self._on_checkin_camera_action_triggered)
        self.checkin_files_action.triggered.connect(self._on_checkin_files_action_triggered)
        return self.checkin_button

    def set_camera(self, available: bool, preferred: bool) -> None:
        """Whether a camera is there now, and whether the user would rather use it."""
        self.camera_available, self.camera_preferred = available, preferred
        self._show_checkin_way()

    def _show_checkin_way(self) -> None:
        camera = self.camera_available and self.camera_preferred
        # A menu of two ways only when there are two: without a camera the button is plain.
        self.checkin_button.setMenu(self._checkin_menu if self.camera_available else None)  # type: ignore[arg-type]
        self.checkin_camera_action.setEnabled(self.camera_available)
        self.checkin_button.setToolTip(
            self.tr("Take them with the camera (the arrow: from files instead)")
            if camera
            else self.tr("Add them from files (the arrow: with the camera instead)")
            if self.camera_available
            else self.tr("Add them from files (no camera was found)")
        )

    def _on_checkin_button_clicked(self) -> None:
        if self.camera_available and self.camera_preferred:
            self.takeCheckInWithCamera.emit()
        else:
            self.takeCheckIn.emit()

    def _on_checkin_camera_action_triggered(self) -> None:
        self.set_camera(self.camera_available, True)
        self.checkInWayChosen.emit(True)
        self.takeCheckInWithCamera.emit()

    def _on_checkin_files_action_triggered(self) -> None:
        self.set_camera(self.camera_available, False)
        self.checkInWayChosen.emit(False)
        self.takeCheckIn.emit()

    def show_plan(
        self, plan: Schedule | None, visible: list[Reminder], read_only: bool, started: bool = False
    ) -> None:
        """Show what is due (reminders not snoozed), with the actions that fit. `started`: a
        treatment session logged today that has no photo or details yet (it does not count
        as done until it has): the banner says so instead of "due today"."""
        texts: list[str] = []
        urgent = False
        if plan is None:
            self._checkin_offered = False
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
        offered = not read_only and "check-in" in kinds
        if offered and not self._checkin_offered:
            self.checkInOffered.emit()
        self._checkin_offered = offered
        self.checkin_button.setVisible(offered)
        self.move_button.setVisible(not read_only and "treatment" in kinds)
        self.snooze_button.setVisible(bool(visible))
        self.set_tone(Tone.URGENT if urgent else Tone.INFO)  # tints of the palette, light or dark
        self.setVisible(bool(texts))

    def text(self) -> str:
        return "\n".join(label.text() for label in self.lines if label.text())
