"""Sheet layout: on A4 and Letter, portrait and landscape, 2 to 12 sessions, nothing overlaps,
nothing leaves the margins, and captions fit the text measured with QFontMetrics."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QFontMetricsF

from journal.render.sheet_layout import NOTE_LINES, Rect, SheetSpec, layout
from journal.render.sheet_painter import Fonts


@pytest.fixture
def device(tmp_path):  # type: ignore[no-untyped-def]
    """A real PDF device at 72 dpi (pixels = points), so fonts measure as they will print."""
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(72)
    return writer


def _pages(device, size: str, landscape: bool, spec: SheetSpec):  # type: ignore[no-untyped-def]
    from journal.render.sheet_painter import page_layout, page_rect

    device.setPageLayout(page_layout(size, landscape, 12.0))  # 12 mm margins
    page = page_rect(device)  # the printable area inside the margins
    fonts = Fonts(device)
    return page, layout(page, spec, fonts.lines(), margin=0.0), fonts


def _check(page_rect: Rect, pages) -> None:  # type: ignore[no-untyped-def]
    for page in pages:
        rects = page.rects()
        for rect in rects:
            assert rect.inside(page_rect), f"{rect} leaves the margins of {page_rect}"
            assert rect.w > 0 and rect.h > 0
        for a, b in itertools.combinations(rects, 2):
            assert not a.overlaps(b), f"{a} overlaps {b}"


CASES = [(size, landscape) for size in ("a4", "letter") for landscape in (False, True)]


@pytest.mark.parametrize(("size", "landscape"), CASES)
@pytest.mark.parametrize("sessions", list(range(2, 13)))
def test_timeline_layout_fits(qtbot, device, size: str, landscape: bool, sessions: int) -> None:  # type: ignore[no-untyped-def]
    spec = SheetSpec("timeline", sessions, 1, ratings=True, notes=True, note_lines=(NOTE_LINES,) * sessions)
    page, pages, fonts = _pages(device, size, landscape, spec)
    _check(page, pages)
    cells = [c for p in pages for c in p.cells]
    assert sorted(c.session for c in cells) == list(range(sessions))  # every session once
    assert sum(len(p.notes) for p in pages) == sessions  # every note placed, none dropped
    sizes = {(round(c.photo.w, 3), round(c.photo.h, 3)) for c in cells}
    assert len(sizes) == 1  # photos all the same size
    _captions_fit(cells, fonts, device)


@pytest.mark.parametrize(("size", "landscape"), CASES)
@pytest.mark.parametrize("rows", [1, 3])
def test_pair_layout_fits(qtbot, device, size: str, landscape: bool, rows: int) -> None:  # type: ignore[no-untyped-def]
    spec = SheetSpec("pair", 2, rows, ratings=True, notes=True, note_lines=(NOTE_LINES, NOTE_LINES))
    page, pages, fonts = _pages(device, size, landscape, spec)
    _check(page, pages)
    cells = [c for p in pages for c in p.cells]
    assert len(cells) == 2 * rows
    assert pages[0].gap is not None  # the time between sits above the pair
    for row in range(rows):
        pair = [c for c in cells if c.row == row]
        # Side by side (or, for all angles on landscape, before above after): same size, lined up.
        first, second = sorted(pair, key=lambda c: c.session)
        assert (first.photo.w, first.photo.h) == (second.photo.w, second.photo.h)
        assert first.photo.y == second.photo.y or first.photo.x == second.photo.x
    _captions_fit(cells, fonts, device)


def _captions_fit(cells, fonts: Fonts, device) -> None:  # type: ignore[no-untyped-def]
    bold, plain = QFontMetricsF(fonts.caption_bold, device), QFontMetricsF(fonts.caption, device)
    for cell in cells:
        assert cell.caption.h >= bold.height() + plain.height() - 0.5
        assert bold.horizontalAdvance("Wed 30 Sep 2026") <= cell.caption.w
        assert plain.horizontalAdvance("Session 12 · week 52") <= cell.caption.w


def test_margins_that_leave_no_room_are_refused() -> None:
    from journal.render.sheet_layout import Lines

    lines = Lines(10, 10, 10, 10, 10, 10, 10)
    with pytest.raises(ValueError, match="no room"):
        layout(Rect(0, 0, 100, 100), SheetSpec("pair", 2), lines, margin=60)
