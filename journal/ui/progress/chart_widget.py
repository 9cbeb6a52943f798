"""One progress chart on screen, drawn by the same painter as the sheets and the CLI.

The painter returns the layout it drew, so what the pointer is over is looked up in exactly
the positions on screen (`ChartLayout.hit`): a point or a session mark shows its session in a
tooltip and highlights its column; a click opens the session; a click on a series in the
legend hides or shows it. From the keyboard, Left and Right step through the sessions, Enter
opens the one highlighted, and the context menu (or Shift+F10) turns series on and off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from journal.core.dates import long_date
from journal.render.chart_layout import ChartData, ChartLayout, Hit, Series, SessionMark, Value
from journal.render.chart_painter import paint_chart, palette_for
from journal.render.sheet_layout import Rect

SESSION_KEYS = frozenset({"treatment", "check-in", "greyed"})  # legend items that are not series
MARGIN = 10
MIN_HEIGHT = 270  # below this the plot gets too flat to read: the page scrolls instead


class ChartWidget(QWidget):
    """Signals:
    sessionActivated(int): the user clicked a point or a session mark (or pressed Enter on
        the highlighted session): open that session.
    hiddenChanged(object): the frozenset of series keys the user turned off.
    hoveredChanged(object): the session id under the pointer, or None (another chart can
        highlight the same session).
    """

    sessionActivated = Signal(int)
    hiddenChanged = Signal(object)
    hoveredChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.layout_drawn: ChartLayout | None = None
        self.hidden: frozenset[str] = frozenset()
        self.hovered: int | None = None  # the session under the pointer
        self.selected: int | None = None  # the session chosen in the timeline or with the keys
        self.placeholder = ""
        self.paints = 0
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, MIN_HEIGHT)

    # ----------------------------------------------------------------- content

    def set_data(self, data: ChartData | None, placeholder: str = "") -> None:
        self.data = data
        self.placeholder = placeholder
        self.layout_drawn = None
        known = {m.session_id for m in data.sessions} if data is not None else set()
        if self.hovered not in known:
            self.hovered = None
        self.setAccessibleName(data.title if data is not None else placeholder)
        self.setAccessibleDescription(self.summary())
        self.update()

    def set_hidden(self, hidden: frozenset[str]) -> None:
        self.hidden = frozenset(hidden)
        self.update()

    def set_selected(self, session_id: int | None) -> None:
        self.selected = session_id
        self.update()

    def set_hovered(self, session_id: int | None) -> None:
        """Highlight a session the pointer is over in another chart."""
        if session_id != self.hovered:
            self.hovered = session_id if self.mark(session_id or -1) is not None else None
            self.update()

    def series_keys(self) -> list[tuple[str, str]]:
        return [(s.key, s.label) for s in self.data.series] if self.data is not None else []

    def toggle_series(self, key: str) -> None:
        self.hidden = self.hidden ^ {key}
        self.update()
        self.hiddenChanged.emit(self.hidden)

    # ----------------------------------------------------------------- painting

    def chart_rect(self) -> Rect:
        return Rect(
            MARGIN, MARGIN * 0.6, max(1, self.width() - 2 * MARGIN), max(1, self.height() - MARGIN * 1.2)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        painter = QPainter(self)
        palette = palette_for(self.palette())
        if palette.background is not None:
            painter.fillRect(self.rect(), palette.background)
        if self.data is None:
            painter.setPen(palette.muted)
            painter.drawText(
                self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.placeholder,
            )
            return
        highlight = self.hovered if self.hovered is not None else self.selected
        self.layout_drawn = paint_chart(
            painter, self.chart_rect(), self.data, palette, self.hidden, highlight
        )
        if self.hasFocus():
            painter.setPen(self.palette().color(self.palette().ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # the chart follows a light or dark palette
        super().changeEvent(event)

    # ----------------------------------------------------------------- what is where

    def radius(self) -> float:
        return max(7.0, self.fontMetrics().height() * 0.6)

    def hit_at(self, pos: QPointF) -> Hit | None:
        if self.layout_drawn is None:
            return None
        return self.layout_drawn.hit(pos.x(), pos.y(), self.radius())

    def mark(self, session_id: int) -> SessionMark | None:
        if self.data is None:
            return None
        return next((m for m in self.data.sessions if m.session_id == session_id), None)

    def describe(self, hit: Hit) -> str:
        """The tooltip for what is under the pointer: the session, and its values."""
        if self.data is None:
            return ""
        if hit.kind == "legend":
            if hit.series in SESSION_KEYS:
                return ""
            shown = hit.series not in self.hidden
            return self.tr("Click to hide this line") if shown else self.tr("Click to show this line")
        if hit.session_id is None:
            return ""
        mark = self.mark(hit.session_id)
        lines = [f"<nobr><b>{mark.label}</b> — {long_date(mark.day)}</nobr>"] if mark is not None else []
        series = [s for s in self.data.series if s.key not in self.hidden]
        if hit.kind == "value" and hit.series is not None:
            series = [s for s in series if s.key == hit.series]
        for each in series:
            for value in each.values:
                if value.session_id == hit.session_id:
                    lines.append(self._value_line(each, value))
        lines.append(f"<i>{self.tr('Click to open this session')}</i>")
        return "<br>".join(f"<nobr>{line}</nobr>" if "<nobr>" not in line else line for line in lines)

    def _value_line(self, series: Series, value: Value) -> str:
        assert self.data is not None
        if self.data.signed:
            number = _signed(value.value)
            if value.error is not None:
                number += f" ± {value.error:.1f}"
        else:
            number = f"{value.value:g}"
        line = f"{series.label}: {number}"
        if value.greyed:
            line += "<br>" + self.tr("Left out of the line: {reason}").format(reason=value.note or "")
        return line

    def summary(self) -> str:
        """The chart in words, for screen readers: each session and its values."""
        if self.data is None:
            return self.placeholder
        parts = []
        for mark in self.data.sessions:
            values = [
                f"{s.label} {_signed(v.value) if self.data.signed else f'{v.value:g}'}"
                for s in self.data.series
                for v in s.values
                if v.session_id == mark.session_id
            ]
            if values:
                parts.append(f"{mark.label}, {long_date(mark.day)}: {', '.join(values)}")
        return "; ".join(parts) if parts else self.data.empty_text

    # ----------------------------------------------------------------- pointer

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        session = hit.session_id if hit is not None and hit.kind != "legend" else None
        if session != self.hovered:
            self.hovered = session
            self.update()
            self.hoveredChanged.emit(session)
        text = self.describe(hit) if hit is not None else ""
        clickable = hit is not None and (hit.kind != "legend" or hit.series not in SESSION_KEYS)
        self.setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def leaveEvent(self, event: QEvent) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.update()
            self.hoveredChanged.emit(None)
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.hit_at(event.position())
        if hit is None:
            return
        if hit.kind == "legend":
            if hit.series is not None and hit.series not in SESSION_KEYS:
                self.toggle_series(hit.series)
        elif hit.session_id is not None:
            self.selected = hit.session_id
            self.sessionActivated.emit(hit.session_id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.series_menu().popup(event.globalPos())

    def series_menu(self) -> QMenu:
        """Show or hide each line (the legend's clicks, for the keyboard)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key, label in self.series_keys():
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key not in self.hidden)
            action.triggered.connect(lambda _checked=False, k=key: self.toggle_series(k))
        return menu

    # ----------------------------------------------------------------- keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.data is not None and self.data.sessions and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            ids = [m.session_id for m in self.data.sessions]
            current = self.selected if self.selected in ids else None
            if current is None:
                index = 0 if key == Qt.Key.Key_Right else len(ids) - 1
            else:
                step = 1 if key == Qt.Key.Key_Right else -1
                index = max(0, min(len(ids) - 1, ids.index(current) + step))
            self.selected = ids[index]
            self.update()
            self._tell_selected()
            return
        entered = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if entered and self.selected is not None and self.mark(self.selected) is not None:
            self.sessionActivated.emit(self.selected)
            return
        super().keyPressEvent(event)

    def _tell_selected(self) -> None:
        """Show the highlighted session's tooltip under its mark, as hovering would."""
        if self.selected is None or self.layout_drawn is None:
            self.repaint()
        layout = self.layout_drawn
        if layout is None or self.selected is None:
            return
        mark = next((m for m in layout.marks if m.mark.session_id == self.selected), None)
        if mark is None:
            return
        text = self.describe(Hit("session", self.selected))
        QToolTip.showText(self.mapToGlobal(QPoint(round(mark.x), round(mark.y))), text, self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)


def _signed(value: float) -> str:
    text = f"{abs(value):.1f}"
    if value <= -0.05:
        return "−" + text
    return "+" + text if value >= 0.05 else text
