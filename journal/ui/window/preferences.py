"""Preferences: the Reminders page. Journal settings (interval, check-in offset, planned
sessions, lead time) are saved in the journal as you change them; start at login and
minimise to tray belong to this computer (the app's Settings and the login entry)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from journal import autostart
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import CHECKIN_OFFSET_RANGE, INTERVAL_RANGE
from journal.ui.shared.settings import Settings


def _plural_suffix(box: QSpinBox, one: str, many: str) -> None:
    """Keep a day count grammatical: "1 day before", "3 days before"."""

    def update(value: int) -> None:
        box.setSuffix(one if value == 1 else many)

    box.valueChanged.connect(update)
    update(box.value())


class PreferencesDialog(QDialog):
    def __init__(self, journal: Journal | None, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._journal, self._settings = journal, settings
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)  # one page: no tab bar; a second page brings it back
        self.tabs.addTab(self._reminders_page(), self.tr("Reminders"))
        layout.addWidget(self.tabs)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def _reminders_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        settings = self._journal.settings if self._journal else None
        self.interval = QSpinBox()
        self.interval.setRange(*INTERVAL_RANGE)
        self.interval.setSuffix(self.tr(" days"))
        self.checkin = QSpinBox()
        self.checkin.setRange(*CHECKIN_OFFSET_RANGE)
        _plural_suffix(self.checkin, self.tr(" day after a session"), self.tr(" days after a session"))
        self.planned = QSpinBox()
        self.planned.setRange(0, 100)
        self.planned.setSpecialValueText(self.tr("not set"))
        self.lead = QSpinBox()
        self.lead.setRange(0, 14)
        self.lead.setSpecialValueText(self.tr("on the day"))
        _plural_suffix(self.lead, self.tr(" day before"), self.tr(" days before"))
        if settings is not None:
            self.interval.setValue(settings.interval_days)
            self.checkin.setValue(settings.checkin_offset_days)
            self.planned.setValue(settings.planned_sessions or 0)
            self.lead.setValue(settings.reminder_lead_days)
        journal_ok = self._journal is not None and not self._journal.read_only
        for box in (self.interval, self.checkin, self.planned, self.lead):
            box.setEnabled(journal_ok)
            box.setKeyboardTracking(False)
            box.valueChanged.connect(self._on_journal_value_changed)
        hint = QLabel(
            self.tr(
                "Clinics commonly space sessions 2–6 weeks apart; use what you agreed with your practitioner."
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(self.tr("Session interval"), self.interval)
        form.addRow("", hint)
        form.addRow(self.tr("Check-in photos"), self.checkin)
        form.addRow(self.tr("Planned sessions"), self.planned)
        form.addRow(self.tr("Remind me"), self.lead)
        self.login = QCheckBox(self.tr("Start at login, in the tray, to remind me"))
        self.login.setChecked(autostart.is_enabled())
        self.login.toggled.connect(self._on_login_toggled)
        self.tray = QCheckBox(self.tr("Closing the window keeps Progress Journal in the tray"))
        self.tray.setChecked(self._settings.minimise_to_tray)
        tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray.setEnabled(tray_available)
        # Why the option is greyed, said where it is read without hovering over it.
        self.tray_hint = QLabel(
            self.tr(
                "This desktop has no system tray, so closing the window quits; reminders show in the window."
            )
        )
        self.tray_hint.setWordWrap(True)
        self.tray_hint.setEnabled(False)
        self.tray_hint.setVisible(not tray_available)
        if not tray_available:
            self.tray.setToolTip(self.tray_hint.text())
        self.tray.toggled.connect(self._on_tray_toggled)
        form.addRow(self.login)
        form.addRow(self.tray)
        form.addRow(self.tray_hint)
        return page

    def _on_journal_value_changed(self) -> None:
        if self._journal is None:
            return
        try:
            self._journal.update_settings(
                interval_days=self.interval.value(),
                checkin_offset_days=self.checkin.value(),
                planned_sessions=self.planned.value() or None,
                reminder_lead_days=self.lead.value(),
            )
        except (ValueError, JournalError) as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()

    def _on_tray_toggled(self, on: bool) -> None:
        self._settings.minimise_to_tray = on

    def _on_login_toggled(self, on: bool) -> None:
        try:
            autostart.set_enabled(on)
        except OSError as exc:
            self.error.setText(self.tr("The login entry could not be changed: {e}").format(e=exc))
