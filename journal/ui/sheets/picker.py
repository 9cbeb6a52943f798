"""The timeline sheet's session picker: every session with a photo of the angle, the default
choice ticked (all of them while they fit on a page of photos, else the first, the latest
and some spread evenly between), and the rule said whenever some are left out."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import CoursePosition
from journal.core.dates import long_date
from journal.core.models import Session
from journal.render.sheet_layout import MAX_TIMELINE_PER_PAGE


class SessionPicker(QWidget):
    """Signals:
    changed(): the sessions ticked are not the same as before.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._default: list[int] = []
        self._rule = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Sessions on the sheet"))
        self.list.setMinimumHeight(140)
        self.list.itemChanged.connect(self._on_list_item_changed)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.all_button = QPushButton(self.tr("All"))
        self.all_button.setToolTip(self.tr("Tick every session"))
        self.all_button.clicked.connect(self._on_all_button_clicked)
        self.default_button = QPushButton(self.tr("As suggested"))
        self.default_button.setToolTip(
            self.tr("All sessions while they fit on one page; else the first, the latest and some between")
        )
        self.default_button.clicked.connect(self._on_default_button_clicked)
        row.addWidget(self.all_button)
        row.addWidget(self.default_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

    def show_sessions(
        self,
        candidates: list[Session],
        positions: Mapping[int, CoursePosition],
        default: list[Session],
        rule: str,
    ) -> None:
        """Offer `candidates` (in date order) with `default` ticked; `rule` says why some are not."""
        self._default = [s.id for s in default]
        self._rule = rule
        ticked = set(self._default)
        self.list.blockSignals(True)
        self.list.clear()
        for session in candidates:
            position = positions.get(session.id)
            label = position.label(session.kind) if position is not None else ""
            item = QListWidgetItem(
                f"{long_date(session.date)} · {label}" if label else long_date(session.date)
            )
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if session.id in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_summary()
        self.changed.emit()

    def chosen(self) -> list[int]:
        """The ids of the sessions ticked, in date order."""
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() is Qt.CheckState.Checked
        ]

    @property
    def rule(self) -> str:
        """Which sessions the suggested choice leaves out, and why ("" when it shows them all)."""
        return self._rule

    def is_default(self) -> bool:
        return self.chosen() == self._default

    def count(self) -> int:
        return self.list.count()

    def set_ticked(self, session_ids: list[int]) -> None:
        wanted = set(session_ids)
        self.list.blockSignals(True)
        for item in self._items():
            on = int(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_summary()
        self.changed.emit()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_summary()
        self.changed.emit()

    def _on_all_button_clicked(self) -> None:
        self.set_ticked([int(item.data(Qt.ItemDataRole.UserRole)) for item in self._items()])

    def _on_default_button_clicked(self) -> None:
        self.set_ticked(self._default)

    def _update_summary(self) -> None:
        total, chosen = self.list.count(), len(self.chosen())
        self.all_button.setEnabled(chosen < total)
        self.default_button.setEnabled(not self.is_default())
        if total == 0:
            text = ""
        elif chosen == 0:
            text = self.tr("Tick the sessions to put on the sheet.")
        elif self.is_default() and self._rule:
            text = self._rule
        elif chosen == total:
            text = self.tr("All %n session(s).", "", total)
        else:
            text = self.tr("{chosen} of %n session(s).", "", total).format(chosen=chosen)
        if chosen > MAX_TIMELINE_PER_PAGE:
            more = self.tr("More than %n photos: they go on to further pages.", "", MAX_TIMELINE_PER_PAGE)
            text = f"{text} {more}"
        self.summary.setText(text)
