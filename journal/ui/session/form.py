"""The editable fields of a session, saved as you go (no Save button to forget).

The form only reports edits (`edited(field, value)`); the page turns each into an undoable
command that writes through the core. Loading values never reports an edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import RATING_LABELS, RATINGS, Kind, Session
from journal.ui.session.rating import RatingControl

NOTES_IDLE_MS = 700
TEXT_FIELDS = ("device", "product", "areas")


def _form(box: QGroupBox) -> QFormLayout:
    """A form whose fields go under their labels when the column is too narrow for both
    side by side (a small screen, or a large scale factor), instead of being cut off."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class SessionForm(QWidget):
    """Signals:
    edited(str, object): a field the user changed, with its new value.
    """

    edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._loading = False
        self._suggestions: dict[QLineEdit, QStringListModel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        when = QGroupBox(self.tr("Session"))
        when_form = _form(when)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.editingFinished.connect(self._on_date_edited)
        self.date.calendarWidget().clicked.connect(lambda _d: self._on_date_edited())
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Treatment"), Kind.TREATMENT.value)
        self.kind.addItem(self.tr("Check-in (photos only)"), Kind.CHECK_IN.value)
        self.kind.activated.connect(self._on_kind_activated)
        when_form.addRow(self.tr("&Date"), self.date)
        when_form.addRow(self.tr("&Kind"), self.kind)
        layout.addWidget(when)

        self.details = QGroupBox(self.tr("Treatment details"))
        details = _form(self.details)
        self.device = self._line(self.tr("e.g. Dr. Pen A6S, derma roller"))
        # Not "depth": that would hide QPaintDevice.depth(), which Qt calls when painting.
        self.needle_depth = QDoubleSpinBox()
        self.needle_depth.setRange(0.0, 5.0)
        self.needle_depth.setSingleStep(0.25)
        self.needle_depth.setDecimals(2)
        self.needle_depth.setSuffix(" mm")
        self.needle_depth.setSpecialValueText(self.tr("—"))
        self.needle_depth.setKeyboardTracking(False)
        self.needle_depth.valueChanged.connect(self._on_needle_depth_changed)
        self.product = self._line(self.tr("serum or product used"))
        self.provider = QComboBox()
        self.provider.setEditable(True)
        self.provider.addItems(["", self.tr("Home"), self.tr("Clinic")])
        provider_text = self.provider.lineEdit()
        assert provider_text is not None  # an editable combo box always has its line edit
        provider_text.setPlaceholderText(self.tr("home, clinic or a name"))
        provider_text.editingFinished.connect(lambda: self._on_text_edited("provider"))
        self.provider.activated.connect(lambda _i: self._on_text_edited("provider"))
        self.areas = self._line(self.tr("e.g. both cheeks, temples"))
        self.pain = RatingControl(self.tr("Pain"))
        self.pain.edited.connect(lambda value: self._report("pain", value))
        details.addRow(self.tr("De&vice"), self.device)
        details.addRow(self.tr("Needle &depth"), self.needle_depth)
        details.addRow(self.tr("&Product"), self.product)
        details.addRow(self.tr("P&rovider"), self.provider)
        details.addRow(self.tr("&Areas"), self.areas)
        details.addRow(self.tr("Pain"), self.pain)
        self.device.editingFinished.connect(lambda: self._on_text_edited("device"))
        self.product.editingFinished.connect(lambda: self._on_text_edited("product"))
        self.areas.editingFinished.connect(lambda: self._on_text_edited("areas"))
        layout.addWidget(self.details)

        ratings = QGroupBox(self.tr("How it looks to you (0–10)"))
        ratings_form = _form(ratings)
        self.ratings: dict[str, RatingControl] = {}
        for name in RATINGS:
            control = RatingControl(RATING_LABELS[name])
            control.edited.connect(lambda value, n=name: self._report(n, value))
            ratings_form.addRow(RATING_LABELS[name], control)
            self.ratings[name] = control
        hint = QLabel(self.tr("Your own impression on the day; leave blank what you did not judge."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        ratings_form.addRow(hint)
        layout.addWidget(ratings)

        notes_box = QGroupBox(self.tr("Notes"))
        notes_layout = QVBoxLayout(notes_box)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("How it went, aftercare, how the skin felt the days after…"))
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._on_notes_changed)
        self.notes.installEventFilter(self)
        notes_layout.addWidget(self.notes)
        layout.addWidget(notes_box, 1)
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_IDLE_MS)
        self._notes_timer.timeout.connect(self._commit_notes)

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        model = QStringListModel(edit)
        completer = QCompleter(model, edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(completer)
        self._suggestions[edit] = model
        return edit

    # ----------------------------------------------------------------- loading

    def set_suggestions(self, field: str, values: list[str]) -> None:
        """Earlier values of a text field, offered as completions."""
        self._suggestions[getattr(self, field)].setStringList(values)

    def load(self, session: Session | None) -> None:
        """Show a session (or nothing); never reports edits."""
        self.flush()
        self._session = session
        self._loading = True
        try:
            self.setEnabled(session is not None)
            if session is None:
                return
            self.date.setDate(QDate(session.date.year, session.date.month, session.date.day))
            self.kind.setCurrentIndex(0 if session.kind is Kind.TREATMENT else 1)
            self.details.setVisible(session.kind is Kind.TREATMENT)
            self._set_text(self.device, session.device)
            self.needle_depth.setValue(session.needle_depth_mm or 0.0)
            self._set_text(self.product, session.product)
            self.provider.setEditText(session.provider or "")
            self._set_text(self.areas, session.areas)
            self.pain.set_value(session.pain)
            for name, control in self.ratings.items():
                control.set_value(getattr(session, name))
            if self.notes.toPlainText() != session.notes:
                self.notes.setPlainText(session.notes)
        finally:
            self._loading = False

    @staticmethod
    def _set_text(edit: QLineEdit, value: str | None) -> None:
        if edit.text() != (value or ""):
            edit.setText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.device, self.product, self.areas):
            edit.setReadOnly(read_only)
        self.provider.setEnabled(not read_only)
        self.notes.setReadOnly(read_only)
        self.date.setReadOnly(read_only)
        self.kind.setEnabled(not read_only)
        self.needle_depth.setReadOnly(read_only)
        self.pain.setReadOnly(read_only)
        for control in self.ratings.values():
            control.setReadOnly(read_only)

    # ----------------------------------------------------------------- edits

    def flush(self) -> None:
        """Commit pending notes now (before switching sessions, closing, or undoing)."""
        if self._notes_timer.isActive():
            self._notes_timer.stop()
            self._commit_notes()

    def _report(self, field: str, value: Any) -> None:
        if self._loading or self._session is None:
            return
        if getattr(self._session, field if field != "date" else "date") == value:
            return
        self.edited.emit(field, value)

    def _on_date_edited(self) -> None:
        qdate = self.date.date()
        self._report("date", dt.date(qdate.year(), qdate.month(), qdate.day()))

    def _on_kind_activated(self, _index: int) -> None:
        self._report("kind", Kind(self.kind.currentData()))

    def _on_needle_depth_changed(self, value: float) -> None:
        self._report("needle_depth_mm", round(value, 2) if value > 0 else None)

    def _on_text_edited(self, field: str) -> None:
        text = self.provider.currentText() if field == "provider" else getattr(self, field).text()
        self._report(field, text.strip() or None)

    def _on_notes_changed(self) -> None:
        if not self._loading:
            self._notes_timer.start()

    def _commit_notes(self) -> None:
        self._report("notes", self.notes.toPlainText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)
