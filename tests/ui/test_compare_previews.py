"""Compare decodes a pair at the size the screen shows it, and the whole previews only for a
pair that stays on screen (issue 12): what is seen is as sharp as before, zoom and saving get
the whole previews, and the pairs a person steps past cost no more than they showed."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from PySide6.QtGui import QImageReader

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from tests.helpers import photo_like, save_jpeg

SIZE = (1800, 1350)  # its own size as the preview: at fit on a 1280 px window each side shows ~630 px


@pytest.fixture
def compare(request, qtbot, window, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    if (
        getattr(request, "param", "normal-screen") == "hidpi-2x"
    ):  # two device pixels per point: twice the pixels across
        from journal.ui.compare.canvas import CompareCanvas

        monkeypatch.setattr(CompareCanvas, "devicePixelRatioF", lambda self: 2.0)
    journal = Journal.create(tmp_path / "c", JournalSettings(name="Pairs"), tmp_path / "cache")
    for i in range(4):
        session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * i))
        photo = journal.import_file(
            save_jpeg(tmp_path / f"f{i}.jpg", photo_like(SIZE, seed=i)), session.id, Angle.FRONT
        ).photo
        assert photo is not None
        journal.set_eye_points(photo.id, None, None, "auto")  # nothing to detect meanwhile
    window.frame.resize(1280, 820)
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    return window.workspace.compare, journal


def _whole_width(journal: Journal, photo) -> int:  # type: ignore[no-untyped-def]
    return QImageReader(str(journal.preview_file(photo))).size().width()


def _first_shown(qtbot, view) -> list[int]:  # type: ignore[no-untyped-def]
    """The widths of the two pictures the moment both are on screen."""
    seen: list[int] = []

    def both() -> bool:
        sides = view.canvas.sides
        if len(sides) == 2 and all(s.pixmap is not None for s in sides) and not seen:
            seen.extend(s.pixmap.width() for s in sides)
        return bool(seen)

    qtbot.waitUntil(both, timeout=10_000)
    return seen


@pytest.mark.parametrize("compare", ["normal-screen", "hidpi-2x"], indirect=True)
def test_a_pair_at_fit_is_decoded_at_the_screens_size_and_whole_once_it_stays(qtbot, compare) -> None:  # type: ignore[no-untyped-def]
    view, journal = compare
    canvas = view.canvas
    first = _first_shown(qtbot, view)
    photos = [view.before.photo, view.after.photo]
    whole = [_whole_width(journal, p) for p in photos]
    ratio = canvas.devicePixelRatioF()
    for index, side in enumerate(canvas.sides):
        on_screen = math.ceil(side.size.width() * canvas.screen_scale(index) * ratio)
        assert on_screen <= first[index], (on_screen, first, whole)  # as sharp as the screen
        if on_screen * 2 <= whole[index]:
            assert first[index] < whole[index], (on_screen, first, whole)  # with fewer pixels
        else:  # a HiDPI screen shows more than half the preview: the whole one
            assert first[index] == whole[index]
    assert canvas.sharp_on_screen()
    # Stayed on screen: the whole previews in memory, for zoom and for a saved image; the
    # picture on screen stays as it is (a sharper one would change nothing there but its grain).
    qtbot.waitUntil(lambda: all(map(view.store.whole, photos)), timeout=10_000)
    qtbot.waitUntil(lambda: all(s.whole is not None for s in canvas.sides), timeout=5_000)
    assert [s.whole.width() for s in canvas.sides] == whole
    assert [s.pixmap.width() for s in canvas.sides] == first
    assert view.store.region_bytes() == 0  # and never the originals


def test_pairs_stepped_past_are_never_decoded_whole(qtbot, compare) -> None:  # type: ignore[no-untyped-def]
    """ "[" pressed as soon as each pair shows: only the pair that stays gets its whole previews
    (and its neighbours theirs at the screen's size)."""
    view, _journal = compare
    _first_shown(qtbot, view)
    passed = [view.after.photo]
    view.step_after(-1)
    _first_shown(qtbot, view)
    passed.append(view.after.photo)
    view.step_after(-1)
    stays = [view.before.photo, view.after.photo]
    qtbot.waitUntil(lambda: all(map(view.store.whole, stays)), timeout=10_000)
    qtbot.wait(50)
    assert len({p.id for p in [*passed, *stays]}) == 4
    assert not any(map(view.store.whole, passed)), [p.id for p in passed]
    assert all(view.store.has(p.id) for p in passed)  # still in memory, at the screen's size


@pytest.mark.parametrize("zoom", ["twice-fit", "one-photo-over-the-view"])
def test_zoomed_within_the_preview_the_whole_preview_shows_not_the_original(qtbot, compare, zoom) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.compare.modes import CompareMode

    view, journal = compare
    canvas = view.canvas
    _first_shown(qtbot, view)
    if zoom == "twice-fit":
        canvas.zoom_by(2.0)  # ~1,260 px across: more than the screen-sized picture holds
    else:
        view.set_mode(CompareMode.WIPE)
        canvas.zoom_by(1.5)
    photos = [view.before.photo, view.after.photo]
    needed = [math.ceil(s.size.width() * canvas.screen_scale(i)) for i, s in enumerate(canvas.sides)]
    assert all(n < _whole_width(journal, p) for n, p in zip(needed, photos, strict=True))
    qtbot.waitUntil(
        lambda: all(s.pixmap.width() >= n for s, n in zip(canvas.sides, needed, strict=True)), timeout=10_000
    )
    assert canvas.sharp_on_screen()
    assert view.store.region_bytes() == 0 and all(s.detail is None for s in canvas.sides)
