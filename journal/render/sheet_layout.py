"""Where everything goes on a comparison sheet: a pure function from a page and a spec to
rectangles. No painting, no Qt: the painter measures its fonts (and how many lines a text needs
at a width) and passes that in, so the same layout serves print preview, printing, PDF and the
command line, and can be tested for overlaps and margins on any page size.

How a sheet is filled:
  - the photos get the largest size at which the text still fits on the same page: below the
    photos, or in a column beside them (landscape pages), whichever leaves bigger photos;
  - when the page's width is what limits the photos, they grow taller (down to a 0.64 aspect,
    about 9:14) instead of leaving the bottom of the page empty;
  - a pair's ratings always stay on its page; its notes (a timeline's ratings and notes)
    share the first page while the photos keep at least KEEP_SHARE of their size without
    them; otherwise they go, all of them, to the following page(s), in two columns where the
    page is wide enough, never a lone note or two split off.

Units are whatever the caller uses for the page (device pixels when painting, points in
tests); all that matters is that page, margins, line heights and `measure` share them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PHOTO_ASPECT = 0.8  # widest photo cell (width / height): a face, a little taller than wide
MIN_PHOTO_ASPECT = 0.64  # tallest: where the width is used up, photos grow taller instead
MAX_TIMELINE_PER_PAGE = 12
NOTE_LINES = 4  # a note keeps this many lines' worth of text at the page's full width
MAX_NOTE_LINES = 10  # however narrow its column
KEEP_SHARE = 0.8  # text shares the photos' page while they keep this share of their size
NOTE_COLUMN_MIN = 22.0  # in note line heights: two note columns only when each is this wide
MAX_TABLE_COLUMNS = 12  # sessions per ratings table: more would not stay readable

_TABLE_ROWS = ("redness", "bumps", "active_acne", "scar_visibility", "pain")

# (text, width, style) -> lines it wraps to; style: "note", "head" (a note's date line, in the
# bold caption font), "remark" or "lead".
Measure = Callable[[str, float, str], int]
HEAD_LINES = 2  # a note's head wraps to at most this many lines in a narrow column


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
    """Heights of one line of text in each sheet font (measured by the painter), and the
    widths the ratings table needs."""

    title: float
    subtitle: float
    gap: float
    caption: float
    table: float
    note: float
    footer: float
    table_label: float = 0.0  # the label column ("Scar visibility"); 0: 12 table lines
    table_column: float = 0.0  # the least width of one session's column; 0: 4.5 table lines

    @property
    def label_width(self) -> float:
        return self.table_label or 12 * self.table

    @property
    def column_width(self) -> float:
        return self.table_column or 4.5 * self.table


@dataclass(frozen=True)
class SheetSpec:
    kind: str  # "pair" or "timeline"
    sessions: int  # a pair: 2; a timeline: one per session
    rows: int = 1  # angles shown (pair: 1 to 3; timeline: 1)
    ratings: bool = True
    notes: bool = True
    note_lines: tuple[int, ...] = ()  # lines each note needs at the body's full width, or:
    note_texts: tuple[str, ...] = ()  # the notes themselves, measured with `measure`
    note_heads: tuple[str, ...] = ()  # each note's head ("Thu 9 Jul 2026 · Session 1 · week 0")
    remarks: tuple[str, ...] = ()  # printed under the photos (the lighting note, angles left out)
    lead: str = ""  # printed above the photos (a timeline: which sessions it shows)
    charts: int = 0  # progress charts after the ratings (render/chart_painter.py draws them)


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
    lead: Rect | None = None  # a timeline's "12 of 20 sessions: ..." above the photos
    row_labels: list[tuple[int, Rect]] = field(default_factory=list)  # angle names: "Front", ...
    cells: list[Cell] = field(default_factory=list)
    remarks: list[tuple[int, Rect]] = field(default_factory=list)  # index into spec.remarks
    tables: list[tuple[list[int], Rect]] = field(default_factory=list)  # ratings: a column per session
    notes: list[tuple[int, Rect]] = field(default_factory=list)
    charts: list[tuple[int, Rect]] = field(default_factory=list)  # (index into the sheet's charts, where)

    def rects(self) -> list[Rect]:
        out = [self.header, self.footer, *(c.photo for c in self.cells), *(c.caption for c in self.cells)]
        out += [r for _i, r in self.row_labels]
        out += [r for _i, r in self.remarks]
        out += [r for _i, r in self.notes]
        out += [r for r in (self.gap, self.lead) if r is not None]
        out += [r for _s, r in self.tables]
        out += [r for _i, r in self.charts]
        return out


def table_rows() -> tuple[str, ...]:
    return _TABLE_ROWS


def table_height(lines: Lines) -> float:
    """A two-line header (date; session) and one line per rating."""
    return (len(_TABLE_ROWS) + 2) * lines.table * 1.25


def note_line_limit(full_width: float, width: float) -> int:
    """How many lines a note may take at `width`: the same amount of text as NOTE_LINES at the
    page's full width, up to MAX_NOTE_LINES."""
    return max(NOTE_LINES, min(MAX_NOTE_LINES, math.ceil(NOTE_LINES * full_width / max(width, 1e-6) - 1e-9)))


def chart_height(body: Rect) -> float:
    """A progress chart block: as wide as the page, a little under half as tall."""
    return min(body.h * 0.45, body.w * 0.42)


def layout(
    page: Rect, spec: SheetSpec, lines: Lines, margin: float, measure: Measure | None = None
) -> list[Page]:
    """Pages for `spec` on a page of size `page`, keeping `margin` clear all round."""
    area = Rect(page.x + margin, page.y + margin, page.w - 2 * margin, page.h - 2 * margin)
    if area.w <= 0 or area.h <= 0:
        raise ValueError("the margins leave no room on the page")
    if spec.kind not in ("pair", "timeline"):
        raise ValueError(f"unknown sheet kind: {spec.kind}")
    return _Planner(area, spec, lines, measure).pages()


# ----------------------------------------------------------------- the planner


@dataclass(frozen=True)
class _Shape:
    columns: int
    rows: int
    label_w: float = 0.0  # angle names left of the rows
    label_h: float = 0.0  # angle names above the columns
    across: bool = False  # a pair of several angles: angles across, before above after


@dataclass(frozen=True)
class _Grid:
    shape: _Shape
    width: float  # of one photo
    height: float

    @property
    def size(self) -> float:
        return math.sqrt(self.width * self.height)


@dataclass(frozen=True)
class _Option:
    """One way to lay out the first page: a grid, and the text beside or below it."""

    grid: _Grid
    beside: float  # width of the text column beside the photos; 0: text below them
    ratings: bool
    notes: bool


class _Planner:
    def __init__(self, area: Rect, spec: SheetSpec, lines: Lines, measure: Measure | None) -> None:
        self.spec, self.lines, self._measure = spec, lines, measure
        self.spacing = lines.caption * 0.8
        self.header = Rect(area.x, area.y, area.w, lines.title + lines.subtitle + self.spacing * 0.5)
        self.footer = Rect(area.x, area.bottom - lines.footer * 2, area.w, lines.footer * 2)
        top = self.header.bottom + self.spacing
        self.body = Rect(area.x, top, area.w, self.footer.y - self.spacing - top)
        self.caption_h = 2 * lines.caption
        self._cache: dict[tuple[str, str, float], int] = {}

    # ------------------------------------------------------------- text sizes

    def _wrap(self, text: str, width: float, style: str = "note") -> int:
        key = (style, text, round(width, 3))
        if key not in self._cache:
            if self._measure is not None:
                count = self._measure(text, width, style)
            else:  # an estimate: half a line height per character
                count = math.ceil(len(text) * self.lines.note * 0.5 / max(width, 1e-6))
            self._cache[key] = max(1, count)
        return self._cache[key]

    def head_lines(self, session: int, width: float) -> int:
        if session >= len(self.spec.note_heads) or self._measure is None:
            return 1
        return min(HEAD_LINES, self._wrap(self.spec.note_heads[session], width, "head"))

    def note_height(self, session: int, width: float) -> float:
        spec = self.spec
        if session < len(spec.note_texts) and (self._measure is not None or spec.note_texts[session]):
            wanted = self._wrap(spec.note_texts[session] or "No notes.", width)
        elif session < len(spec.note_lines):
            wanted = math.ceil(spec.note_lines[session] * self.body.w / max(width, 1e-6) - 1e-9)
        else:
            wanted = NOTE_LINES
        limit = note_line_limit(self.body.w, width)
        return (
            self.head_lines(session, width) * self.lines.caption
            + max(1, min(limit, wanted)) * self.lines.note
        )

    def remark_height(self, index: int, width: float) -> float:
        return self._wrap(self.spec.remarks[index], width, "remark") * self.lines.note

    def table_width(self, count: int) -> float:
        return self.lines.label_width + count * self.lines.column_width

    def note_columns(self, width: float) -> int:
        return 2 if width >= 2 * NOTE_COLUMN_MIN * self.lines.note + self.spacing else 1

    def _chunks(self, width: float) -> list[list[int]]:
        """The sessions of each ratings table at `width`: as many as fit, in tables of even
        size (7 sessions on a narrow column: 4 and 3, not 6 and 1)."""
        sessions = list(range(self.spec.sessions))
        fits = int((width - self.lines.label_width) / self.lines.column_width + 1e-9)
        per_table = max(1, min(MAX_TABLE_COLUMNS, fits, len(sessions)))
        tables = math.ceil(len(sessions) / per_table)
        size = math.ceil(len(sessions) / tables)
        return [sessions[i : i + size] for i in range(0, len(sessions), size)]

    def _note_split(self, heights: Sequence[float], columns: int) -> tuple[int, float]:
        """Where the notes go to the second column, and the height the notes then take."""
        gap = self.spacing * 0.5

        def run(part: Sequence[float]) -> float:
            return sum(part) + gap * max(0, len(part) - 1)

        if columns == 1 or len(heights) < 2:
            return len(heights), run(heights)
        return min(
            ((k, max(run(heights[:k]), run(heights[k:]))) for k in range(1, len(heights))),
            key=lambda kh: kh[1],
        )

    def text_block(
        self, x: float, y: float, width: float, ratings: bool, notes: bool, remarks: bool = True
    ) -> tuple[float, list[tuple[str, object, Rect]]]:
        """The remarks, ratings tables and notes stacked from (x, y) in `width`: their height
        and where each goes."""
        placed: list[tuple[str, object, Rect]] = []
        top = y
        if remarks and self.spec.remarks:
            y = self._remarks(x, y, width, placed)
        if ratings and self.spec.ratings:
            for chunk in self._chunks(width):
                rect = Rect(x, y, width, table_height(self.lines))
                placed.append(("table", chunk, rect))
                y = rect.bottom + self.spacing
        if notes and self.spec.notes and self.spec.sessions:
            columns = self.note_columns(width)
            column_w = (width - (columns - 1) * self.spacing) / columns
            heights = [self.note_height(s, column_w) for s in range(self.spec.sessions)]
            split, _height = self._note_split(heights, columns)
            column_y = y
            for session, height in enumerate(heights):
                column = 0 if session < split else 1
                if session == split:
                    column_y = y
                rect = Rect(x + column * (column_w + self.spacing), column_y, column_w, height)
                placed.append(("note", session, rect))
                column_y = rect.bottom + self.spacing * 0.5
        bottom = max((r.bottom for _k, _i, r in placed), default=top)
        return bottom - top, placed

    def _remarks(self, x: float, y: float, width: float, placed: list[tuple[str, object, Rect]]) -> float:
        """The remarks (the lighting note, angles left out) from (x, y); returns where the next
        thing may start."""
        for index in range(len(self.spec.remarks)):
            rect = Rect(x, y, width, self.remark_height(index, width))
            placed.append(("remark", index, rect))
            y = rect.bottom
        return y + self.spacing * 0.6

    def remarks_height(self, width: float) -> float:
        if not self.spec.remarks:
            return 0.0
        return sum(self.remark_height(i, width) for i in range(len(self.spec.remarks))) + self.spacing * 0.6

    # ------------------------------------------------------------- grids

    def shapes(self) -> list[_Shape]:
        spec, lines = self.spec, self.lines
        if spec.kind == "pair":
            if spec.rows == 1:
                return [_Shape(2, 1)]
            return [
                _Shape(2, spec.rows, label_w=lines.caption * 3.2),
                _Shape(spec.rows, 2, label_h=lines.caption, across=True),
            ]
        count = min(spec.sessions, MAX_TIMELINE_PER_PAGE)
        return [_Shape(c, math.ceil(count / c)) for c in range(1, count + 1)]

    def fit(self, shape: _Shape, box_w: float, box_h: float) -> _Grid:
        """The largest photos of `shape` in a box: as wide as the box allows, then as tall as
        the height allows (between PHOTO_ASPECT and MIN_PHOTO_ASPECT)."""
        s = self.spacing
        width_room = (box_w - shape.label_w - (shape.columns - 1) * s) / shape.columns
        height_room = (
            box_h - shape.label_h - shape.rows * self.caption_h - (shape.rows - 1) * s
        ) / shape.rows
        if width_room <= 0 or height_room <= 0:
            return _Grid(shape, 0.0, 0.0)
        width = min(width_room, height_room * PHOTO_ASPECT)
        return _Grid(shape, width, min(width / MIN_PHOTO_ASPECT, height_room))

    def grid_height(self, grid: _Grid) -> float:
        shape = grid.shape
        return shape.label_h + shape.rows * (grid.height + self.caption_h) + (shape.rows - 1) * self.spacing

    def grid_width(self, grid: _Grid) -> float:
        shape = grid.shape
        return shape.label_w + shape.columns * grid.width + (shape.columns - 1) * self.spacing

    def top_height(self) -> float:
        """The gap line above a pair, or a timeline's lead."""
        if self.spec.kind == "pair":
            return self.lines.gap + self.spacing
        if self.spec.lead:
            return self._wrap(self.spec.lead, self.body.w, "lead") * self.lines.note + self.spacing
        return 0.0

    # ------------------------------------------------------------- choosing

    def best(self, ratings: bool, notes: bool) -> _Option | None:
        body, s = self.body, self.spacing
        room_h = body.h - self.top_height()
        with_text = bool(self.spec.remarks) or (ratings and self.spec.ratings) or (notes and self.spec.notes)
        options: list[_Option] = []
        below_h = self.text_block(0, 0, body.w, ratings, notes)[0] + s if with_text else 0.0
        for shape in self.shapes():
            grid = self.fit(shape, body.w, room_h - below_h)
            if grid.width > 0:
                options.append(_Option(grid, 0.0, ratings, notes))
        if with_text:
            least = self.table_width(min(2, self.spec.sessions)) if ratings and self.spec.ratings else 0
            least = max(least, 10 * self.lines.note)
            for step in range(16, 51):  # the column's share of the width, in hundredths
                column = max(least, step / 100 * body.w)
                beside_h = self.text_block(0, 0, column, ratings, notes, remarks=False)[0]
                if column > 0.6 * body.w or beside_h > room_h:
                    continue
                # The remarks stay under the photos (the lighting note belongs with the pair).
                box_w = body.w - column - 1.5 * s
                under = self.remarks_height(box_w) + (s * 0.4 if self.spec.remarks else 0.0)
                for shape in self.shapes():
                    grid = self.fit(shape, box_w, room_h - under)
                    if grid.width > 0:
                        options.append(_Option(grid, column, ratings, notes))
        return max(options, key=lambda o: (o.grid.size, -o.beside), default=None)

    def pages(self) -> list[Page]:
        spec = self.spec
        if spec.kind == "timeline" and spec.sessions > MAX_TIMELINE_PER_PAGE:
            return self._long_timeline()
        # In order of preference: everything on the first page; else a pair keeps its ratings
        # there and its notes go to the next page, while a timeline's page 1 holds its photos
        # and page 2 all their details (never split between the two).
        wanted = [(True, True), (True, False)] if spec.kind == "pair" else [(True, True), (False, False)]
        found = [(r, n, self.best(r, n)) for r, n in wanted]
        usable = [(r, n, o) for r, n, o in found if o is not None]
        if not usable:
            raise ValueError("the page is too small for the photos and their text")
        most = max(o.grid.size for _r, _n, o in usable)
        for ratings, notes, option in usable:
            if option.grid.size >= KEEP_SHARE * most - 1e-9:
                return self._build(option, ratings, notes)
        raise AssertionError("unreachable: the largest option always qualifies")

    # ------------------------------------------------------------- building pages

    def _page(self) -> Page:
        return Page(self.header, self.footer)

    def _top(self, page: Page) -> float:
        body = self.body
        if self.spec.kind == "pair":
            page.gap = Rect(body.x, body.y, body.w, self.lines.gap)
        elif self.spec.lead:
            page.lead = Rect(body.x, body.y, body.w, self.top_height() - self.spacing)
        return body.y + self.top_height()

    def _place_grid(self, page: Page, grid: _Grid, x: float, y: float, sessions: Sequence[int]) -> None:
        shape, s = grid.shape, self.spacing
        row_y = y + shape.label_h
        for r in range(shape.rows):
            cx = x
            if shape.label_w:
                page.row_labels.append((r, Rect(cx, row_y, shape.label_w - s * 0.5, self.lines.caption)))
                cx += shape.label_w
            for c in range(shape.columns):
                if self.spec.kind == "pair":
                    session, angle = (r, c) if shape.across else (c, r)
                else:
                    index = r * shape.columns + c
                    if index >= len(sessions):
                        break
                    session, angle = sessions[index], 0
                if shape.across and r == 0:
                    page.row_labels.append((angle, Rect(cx, y, grid.width, self.lines.caption)))
                photo = Rect(cx, row_y, grid.width, grid.height)
                page.cells.append(
                    Cell(session, angle, photo, Rect(cx, photo.bottom, grid.width, self.caption_h))
                )
                cx += grid.width + s
            row_y += grid.height + self.caption_h + s

    def _put(self, page: Page, placed: list[tuple[str, object, Rect]]) -> None:
        for kind, index, rect in placed:
            if kind == "remark":
                assert isinstance(index, int)
                page.remarks.append((index, rect))
            elif kind == "table":
                assert isinstance(index, list)
                page.tables.append((index, rect))
            else:
                assert isinstance(index, int)
                page.notes.append((index, rect))

    def _build(self, option: _Option, ratings: bool, notes: bool) -> list[Page]:
        body, s = self.body, self.spacing
        first = self._page()
        y = self._top(first)
        grid = option.grid
        grid_w = self.grid_width(grid)
        sessions = list(range(self.spec.sessions))
        if option.beside:
            box_w = body.w - option.beside - 1.5 * s
            x = body.x + (box_w - grid_w) / 2
            self._place_grid(first, grid, x, y, sessions)
            placed: list[tuple[str, object, Rect]] = []
            if self.spec.remarks:
                self._remarks(body.x, y + self.grid_height(grid) + s * 0.4, box_w, placed)
            _h, beside = self.text_block(
                body.x + box_w + 1.5 * s, y, option.beside, ratings, notes, remarks=False
            )
            placed += beside
            bottom = max([y + self.grid_height(grid)] + [r.bottom for _k, _i, r in placed])
        else:
            self._place_grid(first, grid, body.x + (body.w - grid_w) / 2, y, sessions)
            y += self.grid_height(grid) + s
            _h, placed = self.text_block(body.x, y, body.w, ratings, notes)
            bottom = max([y] + [r.bottom + s for _k, _i, r in placed])
        self._put(first, placed)
        pages = [first]
        self._flow(pages, bottom, ratings=not ratings, notes=not notes)
        return pages

    def _long_timeline(self) -> list[Page]:
        """More sessions than a page of photos holds (chosen by hand): pages of photos, all
        the same size, then the ratings and notes."""
        count, per_page = self.spec.sessions, MAX_TIMELINE_PER_PAGE
        room_h = self.body.h - self.top_height()
        grid = max((self.fit(shape, self.body.w, room_h) for shape in self.shapes()), key=lambda g: g.size)
        pages: list[Page] = []
        y = self.body.y
        for start in range(0, count, per_page):
            page = self._page()
            top = self._top(page) if not pages else self.body.y
            chunk = list(range(start, min(count, start + per_page)))
            self._place_grid(page, grid, self.body.x + (self.body.w - self.grid_width(grid)) / 2, top, chunk)
            rows = math.ceil(len(chunk) / grid.shape.columns)
            y = top + rows * (grid.height + self.caption_h + self.spacing)
            pages.append(page)
        self._flow(pages, y, ratings=True, notes=True, remarks=True)
        return pages

    def _flow(self, pages: list[Page], top: float, ratings: bool, notes: bool, remarks: bool = False) -> None:
        """What did not fit beside the photos, below `top` on the last page and on as many new
        pages as it needs: nothing is dropped, nothing crosses the footer."""
        body, s = self.body, self.spacing
        page, y = pages[-1], top

        def room_for(height: float) -> None:
            nonlocal page, y
            if y + height > body.bottom + 1e-6:
                if height > body.h + 1e-6:
                    raise ValueError("the page is too small for the ratings or a note")
                page = self._page()
                pages.append(page)
                y = body.y

        if remarks:
            for index in range(len(self.spec.remarks)):
                height = self.remark_height(index, body.w)
                room_for(height)
                page.remarks.append((index, Rect(body.x, y, body.w, height)))
                y += height
            y += s * 0.6 if self.spec.remarks else 0.0
        if ratings and self.spec.ratings:
            for chunk in self._chunks(body.w):
                room_for(table_height(self.lines))
                page.tables.append((chunk, Rect(body.x, y, body.w, table_height(self.lines))))
                y += table_height(self.lines) + s
        for index in range(self.spec.charts):
            room_for(chart_height(body))
            page.charts.append((index, Rect(body.x, y, body.w, chart_height(body))))
            y += chart_height(body) + s
        if not (notes and self.spec.notes):
            return
        columns = self.note_columns(body.w)
        column_w = (body.w - (columns - 1) * s) / columns
        heights = [self.note_height(session, column_w) for session in range(self.spec.sessions)]
        if any(height > body.h + 1e-6 for height in heights):
            raise ValueError("the page is too small for a note")
        pending = list(range(self.spec.sessions))
        while pending:
            split, needed = self._note_split([heights[i] for i in pending], columns)
            if y + needed <= body.bottom + 1e-6:  # the rest fits here: columns of even length
                columns_of = [pending[:split], pending[split:]]
                for column, sessions in enumerate(columns_of):
                    cy = y
                    for session in sessions:
                        page.notes.append(
                            (session, Rect(body.x + column * (column_w + s), cy, column_w, heights[session]))
                        )
                        cy += heights[session] + s * 0.5
                return
            if page.cells or y + heights[pending[0]] > body.bottom + 1e-6:
                # Notes never trail in a corner under the photos: they start a page of their own.
                page = self._page()
                pages.append(page)
                y = body.y
                continue
            column, cy = 0, y  # more than this page holds: fill its columns in turn
            while pending:
                session = pending[0]
                if cy + heights[session] > body.bottom + 1e-6:
                    if column + 1 >= columns:
                        break
                    column, cy = column + 1, y
                    continue
                page.notes.append(
                    (session, Rect(body.x + column * (column_w + s), cy, column_w, heights[session]))
                )
                cy += heights[session] + s * 0.5
                pending.pop(0)
            if pending:
                page = self._page()
                pages.append(page)
                y = body.y
