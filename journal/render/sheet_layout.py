"""Where everything goes on a comparison sheet: a pure function from a page and a spec to
rectangles. No painting, no Qt: the painter measures its fonts and passes the line heights in,
so the same layout serves print preview, printing, PDF and the command line, and can be
tested for overlaps and margins on any page size.

Units are whatever the caller uses for the page (device pixels when painting, points in
tests); all that matters is that page, margins and line heights share them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PHOTO_ASPECT = 0.8  # width / height of a photo cell: a face, a little taller than wide
MAX_TIMELINE_PER_PAGE = 12
NOTE_LINES = 4  # notes are cut to this many lines with "…"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Rect) -> bool:
        eps = 1e-6
        return (
            self.x < other.right - eps
            and other.x < self.right - eps
            and self.y < other.bottom - eps
            and other.y < self.bottom - eps
        )

    def inside(self, other: Rect) -> bool:
        eps = 1e-6
        return (
            self.x >= other.x - eps
            and self.y >= other.y - eps
            and self.right <= other.right + eps
            and self.bottom <= other.bottom + eps
        )


@dataclass(frozen=True)
class Lines:
    """Heights of one line of text in each sheet font (measured by the painter)."""

    title: float
    subtitle: float
    gap: float
    caption: float
    table: float
    note: float
    footer: float


@dataclass(frozen=True)
class SheetSpec:
    kind: str  # "pair" or "timeline"
    sessions: int  # columns: 2 for a pair, N for a timeline
    rows: int = 1  # angles shown (pair: 1 or 3; timeline: 1)
    ratings: bool = True
    notes: bool = True
    note_lines: tuple[int, ...] = ()  # lines each session's note needs (at most NOTE_LINES)
    charts: int = 0  # progress charts under the ratings table (render/chart_painter.py draws them)

    def note_height(self, session: int, lines: Lines) -> float:
        wanted = self.note_lines[session] if session < len(self.note_lines) else NOTE_LINES
        return lines.caption + max(1, min(NOTE_LINES, wanted)) * lines.note


@dataclass(frozen=True)
class Cell:
    """One photo and its two caption lines (date; session number and week)."""

    session: int  # index into the spec's sessions
    row: int  # which angle
    photo: Rect
    caption: Rect


@dataclass
class Page:
    header: Rect
    footer: Rect
    gap: Rect | None = None  # "8 weeks apart" above a pair
    row_labels: list[tuple[int, Rect]] = field(default_factory=list)  # angle names: "Front", "Left", "Right"
    cells: list[Cell] = field(default_factory=list)
    tables: list[tuple[list[int], Rect]] = field(default_factory=list)  # ratings: a column per session
    notes: list[tuple[int, Rect]] = field(default_factory=list)
    charts: list[tuple[int, Rect]] = field(default_factory=list)  # (index into the sheet's charts, where)

    def rects(self) -> list[Rect]:
        out = [self.header, self.footer, *(c.photo for c in self.cells), *(c.caption for c in self.cells)]
        out += [r for _i, r in self.row_labels]
        out += [r for _i, r in self.notes]
        if self.gap is not None:
            out.append(self.gap)
        out += [r for _s, r in self.tables]
        out += [r for _i, r in self.charts]
        return out


def layout(page: Rect, spec: SheetSpec, lines: Lines, margin: float) -> list[Page]:
    """Pages for `spec` on a page of size `page` (x, y = 0), keeping `margin` clear all round."""
    area = Rect(page.x + margin, page.y + margin, page.w - 2 * margin, page.h - 2 * margin)
    if area.w <= 0 or area.h <= 0:
        raise ValueError("the margins leave no room on the page")
    spacing = lines.caption * 0.8
    header = Rect(area.x, area.y, area.w, lines.title + lines.subtitle + spacing * 0.5)
    footer = Rect(area.x, area.bottom - lines.footer * 2, area.w, lines.footer * 2)
    body = Rect(area.x, header.bottom + spacing, area.w, footer.y - spacing - (header.bottom + spacing))
    if spec.kind == "pair":
        pages = _pair(body, spec, lines, spacing, header, footer)
    elif spec.kind == "timeline":
        pages = _timeline(body, spec, lines, spacing, header, footer)
    else:
        raise ValueError(f"unknown sheet kind: {spec.kind}")
    return pages


def _photo_grid(
    body: Rect, columns: int, rows: int, caption_h: float, spacing: float, label_w: float = 0.0
) -> tuple[float, float, float]:
    """The largest photo cell (width, height, left offset) for a columns x rows grid in `body`."""
    usable_w = body.w - label_w - (columns - 1) * spacing
    usable_h = body.h - rows * (caption_h + spacing) - (rows - 1) * spacing
    width = min(usable_w / columns, usable_h / rows * PHOTO_ASPECT)
    height = width / PHOTO_ASPECT
    used = columns * width + (columns - 1) * spacing + label_w
    return max(0.0, width), max(0.0, height), (body.w - used) / 2


TABLE_CHUNK = 6  # sessions per ratings table: more columns would not stay readable


def _table_height(lines: Lines) -> float:
    """A two-line header (date; session) and one line per rating."""
    return (len(_TABLE_ROWS) + 2) * lines.table * 1.25


def _extras_height(spec: SheetSpec, lines: Lines, spacing: float, sessions: int) -> float:
    total = 0.0
    if spec.ratings:
        total += math.ceil(sessions / TABLE_CHUNK) * (_table_height(lines) + spacing)
    if spec.notes:
        total += sum(spec.note_height(s, lines) + spacing * 0.5 for s in range(sessions))
    return total


def chart_height(body: Rect) -> float:
    """A progress chart block: as wide as the page, a little under half as tall."""
    return min(body.h * 0.45, body.w * 0.42)


_TABLE_ROWS = ("redness", "bumps", "active_acne", "scar_visibility", "pain")


def _pair(
    body: Rect, spec: SheetSpec, lines: Lines, spacing: float, header: Rect, footer: Rect
) -> list[Page]:
    caption_h = 2 * lines.caption
    gap = Rect(body.x, body.y, body.w, lines.gap)
    grid_top = gap.bottom + spacing
    label_w = lines.caption * 3.2 if spec.rows > 1 else 0.0
    room = body.bottom - grid_top
    extras = _extras_height(spec, lines, spacing, 2)
    # Ratings and notes share the page when the photos stay large (three quarters of what they
    # would be alone); otherwise they move to the next page and the photos get the room.
    # Several angles on a landscape page: angles across, before above after (bigger photos).
    across = spec.rows > 1 and body.w > body.h
    columns, rows = (spec.rows, 2) if across else (2, spec.rows)
    if across:
        label_w = 0.0
        grid_top += lines.caption  # angle names above the columns
        room -= lines.caption

    def grid_width(height: float) -> float:
        return _photo_grid(
            Rect(body.x, grid_top, body.w, height), columns, rows, caption_h, spacing, label_w
        )[0]

    grid_h = room - extras if extras and grid_width(room - extras) >= 0.75 * grid_width(room) else room
    grid = Rect(body.x, grid_top, body.w, grid_h)
    width, height, left = _photo_grid(grid, columns, rows, caption_h, spacing, label_w)
    first = Page(header, footer, gap=gap)
    y = grid.y
    for r in range(rows):
        x = grid.x + left
        if label_w:
            first.row_labels.append((r, Rect(x, y, label_w - spacing * 0.5, lines.caption)))
            x += label_w
        for c in range(columns):
            session, angle = (r, c) if across else (c, r)
            if across and r == 0:
                first.row_labels.append((angle, Rect(x, y - lines.caption, width, lines.caption)))
            photo = Rect(x, y, width, height)
            first.cells.append(Cell(session, angle, photo, Rect(x, photo.bottom, width, caption_h)))
            x += width + spacing
        y += height + caption_h + spacing
    pages = [first]
    _flow_extras(pages, y, body, spec, lines, spacing, header, footer)
    return pages


def _timeline(
    body: Rect, spec: SheetSpec, lines: Lines, spacing: float, header: Rect, footer: Rect
) -> list[Page]:
    count = spec.sessions
    caption_h = 2 * lines.caption
    per_page = min(count, MAX_TIMELINE_PER_PAGE)
    # The column count that gives the biggest photos for one page's worth.
    best = max(
        range(1, per_page + 1),
        key=lambda c: _photo_grid(body, c, math.ceil(per_page / c), caption_h, spacing)[0],
    )
    rows = math.ceil(per_page / best)
    width, height, left = _photo_grid(body, best, rows, caption_h, spacing)
    pages: list[Page] = []
    y = body.y
    for start in range(0, count, per_page):
        page = Page(header, footer)
        for i, session in enumerate(range(start, min(count, start + per_page))):
            row, column = divmod(i, best)
            x = body.x + left + column * (width + spacing)
            y = body.y + row * (height + caption_h + spacing)
            photo = Rect(x, y, width, height)
            page.cells.append(Cell(session, 0, photo, Rect(x, photo.bottom, width, caption_h)))
        y += height + caption_h + spacing
        pages.append(page)
    _flow_extras(pages, y, body, spec, lines, spacing, header, footer)
    return pages


def _flow_extras(
    pages: list[Page],
    top: float,
    body: Rect,
    spec: SheetSpec,
    lines: Lines,
    spacing: float,
    header: Rect,
    footer: Rect,
) -> None:
    """Ratings tables, the progress charts, then every session's note, below `top` on the last page and on as many
    new pages as they need: nothing is dropped, nothing crosses the footer."""
    page, y = pages[-1], top

    def room_for(height: float) -> Rect:
        nonlocal page, y
        if y + height > body.bottom + 1e-6:
            if height > body.h + 1e-6:
                raise ValueError("the page is too small for the ratings or a note")
            page = Page(header, footer)
            pages.append(page)
            y = body.y
        return Rect(body.x, y, body.w, height)

    sessions = list(range(spec.sessions))
    if spec.ratings:
        for start in range(0, len(sessions), TABLE_CHUNK):
            rect = room_for(_table_height(lines))
            page.tables.append((sessions[start : start + TABLE_CHUNK], rect))
            y = rect.bottom + spacing
    for index in range(spec.charts):
        rect = room_for(chart_height(body))
        page.charts.append((index, rect))
        y = rect.bottom + spacing
    if spec.notes:
        for session in sessions:
            rect = room_for(spec.note_height(session, lines))
            page.notes.append((session, rect))
            y = rect.bottom + spacing * 0.5


def table_rows() -> tuple[str, ...]:
    return _TABLE_ROWS
