"""The redness trend in words under its chart: a summary (the sessions in the line, the photos
greyed or not measured, and why), and a table of each photo's measurement (Δa*, its
uncertainty, the pixels used, what became of it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from journal.core.course import CoursePosition
from journal.core.dates import day_month_year, long_date
from journal.core.redness_trend import Outcome, RednessTrend
from journal.core.text import plural

MAX_ROWS = 12  # the table is as tall as its rows up to this; the page scrolls, not the charts


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgressView", text)


def summary_text(trend: RednessTrend, waiting: set[int]) -> str:
    """What was measured: the sessions in the line and the baseline, each greyed photo with
    its reason, the photos whose eyes are being looked for (`waiting`), and the others not
    measured, with their reasons (one photo by its date, several counted)."""
    lines = []
    shown = [s for s in trend.sessions if s.passed]
    if trend.baseline is not None:
        lines.append(
            _tr("{sessions} in the line; the baseline is the photo of {day}.").format(
                sessions=plural(len(shown), "session"), day=day_month_year(trend.baseline.session.date)
            )
        )
    for photo in trend.photos:
        if photo.outcome is Outcome.GATED:
            lines.append(
                _tr("Greyed, left out: {day}: {reason}").format(
                    day=day_month_year(photo.session.date), reason=photo.reason
                )
            )
    if waiting:
        lines.append(
            _tr("Looking for the eyes on {photos}; they are measured once found.").format(
                photos=plural(len(waiting), "photo")
            )
        )
    skipped: dict[str, list[dt.date]] = {}
    for photo in trend.photos:
        if photo.outcome is Outcome.SKIPPED and photo.photo.id not in waiting:
            skipped.setdefault(photo.reason, []).append(photo.session.date)
    for reason, days in skipped.items():
        which = day_month_year(days[0]) if len(days) == 1 else plural(len(days), "photo")
        lines.append(_tr("Not measured: {which}: {reason}").format(which=which, reason=reason))
    if not trend.photos:
        lines.append(_tr("No {angle} photos yet.").format(angle=trend.angle.value))
    return "\n".join(lines)


class RednessDetails(QTreeWidget):
    """Signals:
    sessionActivated(int): a row was double-clicked (or Enter pressed): open its session.
    """

    sessionActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setHeaderLabels(
            [_tr("Date"), _tr("Session"), _tr("Δa*"), _tr("± (95 %)"), _tr("Pixels used"), _tr("Result")]
        )
        self.itemActivated.connect(self._on_self_item_activated)

    def show_trend(
        self, trend: RednessTrend, positions: Mapping[int, CoursePosition], waiting: set[int]
    ) -> None:
        self.clear()
        for photo in trend.photos:
            m = photo.measurement
            position = positions.get(photo.session.id)
            if photo.photo.id in waiting:
                result = _tr("not measured yet: looking for the eyes…")
            elif photo.outcome is Outcome.SKIPPED:
                result = _tr("not measured: {r}").format(r=photo.reason)
            elif photo.outcome is Outcome.GATED:
                result = _tr("left out: {r}").format(r=photo.reason)
            else:
                result = _tr("baseline") if photo.baseline else _tr("in the line")
            item = QTreeWidgetItem(
                [
                    long_date(photo.session.date),
                    position.label(photo.session.kind) if position else "",
                    _signed(photo.delta_a) if photo.delta_a is not None else "—",
                    f"{photo.uncertainty:.1f}" if photo.uncertainty is not None else "—",
                    f"{m.treated.used:,} + {m.reference.used:,}" if m is not None else "—",
                    result,
                ]
            )
            item.setToolTip(5, result)
            item.setData(0, Qt.ItemDataRole.UserRole, photo.session.id)
            self.addTopLevelItem(item)
        for column in range(5):
            self.resizeColumnToContents(column)
        count = self.topLevelItemCount()
        row = self.sizeHintForRow(0) if count else self.fontMetrics().height()
        header = self.header().sizeHint().height()
        self.setFixedHeight(header + min(MAX_ROWS, max(1, count)) * row + 2 * self.frameWidth() + 4)

    def _on_self_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        session_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(session_id, int):
            self.sessionActivated.emit(session_id)


def _signed(value: float) -> str:
    return f"−{abs(value):.1f}" if value < -0.05 else (f"+{value:.1f}" if value >= 0.05 else f"{value:.1f}")
