"""A row of controls that wraps onto more lines when the window is narrow.

A toolbar of a dozen buttons and two long drop-downs is wider than a small screen (or a
HiDPI one at 200 %); a QHBoxLayout would then force the whole window wider than the screen.
`FlowLayout` lays its items out left to right and starts a new line when the next one does
not fit, so its minimum width is that of its widest item.

Items come in groups that wrap as a whole: `addSpacing` and `addStretch` end a group (as
they separate groups in a QHBoxLayout), so a label stays with its drop-down and the four
zoom buttons stay together. A group after `addStretch` goes to the right end of its line,
as it did in the box layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget

GROUP_GAP = 12


@dataclass
class _Group:
    first: int  # index of its first item
    gap: int  # space before it on its line
    right: bool  # pushed to the right end of its line (after a stretch)


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._groups: list[_Group] = [_Group(0, 0, False)]
        self.setContentsMargins(0, 0, 0, 0)

    # ----------------------------------------------------------------- building

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def addSpacing(self, size: int) -> None:
        """End the current group; the next one starts `size` pixels after it."""
        self._new_group(size, right=False)

    def addStretch(self, stretch: int = 0) -> None:
        """End the current group; the next one goes to the right end of its line."""
        self._new_group(GROUP_GAP, right=True)

    def _new_group(self, gap: int, right: bool) -> None:
        last = self._groups[-1]
        if last.first == len(self._items):  # nothing in it yet: change it instead
            last.gap = max(last.gap, gap)
            last.right = last.right or right
        else:
            self._groups.append(_Group(len(self._items), gap, right))

    # ----------------------------------------------------------------- QLayout

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        for group in self._groups:
            if group.first > index:
                group.first -= 1
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        margins = self.contentsMargins()
        width = 0
        height = 0
        for index, (group, items) in enumerate(self._visible_groups()):
            width += self._width_of(items) + (group.gap if index else 0)
            height = max([height, *(item.sizeHint().height() for item in items)])
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item (every other one goes to a line of its own)."""
        margins = self.contentsMargins()
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ----------------------------------------------------------------- layout

    def _spacing(self) -> int:
        spacing = self.spacing()
        if spacing >= 0:
            return spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        style = parent.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent) if style else 6

    def _visible_groups(self) -> list[tuple[_Group, list[QLayoutItem]]]:
        out: list[tuple[_Group, list[QLayoutItem]]] = []
        for number, group in enumerate(self._groups):
            end = self._groups[number + 1].first if number + 1 < len(self._groups) else len(self._items)
            items = [item for item in self._items[group.first : end] if not item.isEmpty()]
            if items:
                out.append((group, items))
        return out

    def _width_of(self, items: list[QLayoutItem]) -> int:
        return sum(item.sizeHint().width() for item in items) + self._spacing() * (len(items) - 1)

    def _arrange(self, rect: QRect, apply: bool) -> int:
        """Place the items in `rect` (only measure when not `apply`); returns the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        spacing = self._spacing()
        line_gap = spacing
        # Lines of (group, items, width), each line's groups fitting in the width where they can.
        lines: list[list[tuple[_Group, list[QLayoutItem], list[int]]]] = [[]]
        used = 0
        for group, items in self._visible_groups():
            widths = [min(item.sizeHint().width(), area.width()) for item in items]
            widths = [max(w, item.minimumSize().width()) for w, item in zip(widths, items, strict=True)]
            group_width = sum(widths) + spacing * (len(items) - 1)
            gap = group.gap if lines[-1] else 0
            if lines[-1] and used + gap + group_width > area.width():
                lines.append([])
                used, gap = 0, 0
            if group_width <= area.width() or len(items) == 1:
                lines[-1].append((group, items, widths))
                used += gap + group_width
                continue
            # A group wider than the whole line: it wraps inside itself.
            part: list[QLayoutItem] = []
            part_widths: list[int] = []
            for item, width in zip(items, widths, strict=True):
                extra = width + (spacing if part else 0)
                if part and used + extra > area.width():
                    lines[-1].append((group, part, part_widths))
                    lines.append([])
                    used, part, part_widths = 0, [], []
                    extra = width
                part.append(item)
                part_widths.append(width)
                used += extra
            if part:
                lines[-1].append((group, part, part_widths))
        y = area.top()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for _g, items, _w in line for item in items)
            if apply:
                self._place_line(line, area, y, height, spacing)
            y += height + line_gap
        return y - line_gap - area.top() + margins.top() + margins.bottom() if y > area.top() else 0

    def _place_line(
        self,
        line: list[tuple[_Group, list[QLayoutItem], list[int]]],
        area: QRect,
        y: int,
        height: int,
        spacing: int,
    ) -> None:
        total = sum(sum(w) + spacing * (len(w) - 1) for _g, _i, w in line)
        total += sum(group.gap for group, _i, _w in line[1:])
        slack = max(0, area.width() - total)
        x = area.left()
        for number, (group, items, widths) in enumerate(line):
            if number:
                x += group.gap
            if group.right and slack:
                x += slack
                slack = 0
            for item, width in zip(items, widths, strict=True):
                item_height = height
                widget = item.widget()
                if widget is None or widget.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Fixed:
                    item_height = min(height, item.sizeHint().height())
                top = y + (height - item_height) // 2
                item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
                x += width + spacing
            x -= spacing
