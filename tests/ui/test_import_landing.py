"""Photos landing on the session page while an import runs (issue 12): each one shows in its
place with the import's own thumbnail, made in the worker, looking as the cached thumbnail
looks once the journal is opened again; photos that land out of order, or come back from the
trash, go where a full reload would put them, their marks with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from journal.core.journal import Journal
from journal.core.models import Angle, EventKind, JournalEvent, JournalSettings
from journal.ui.session.strip_model import MarkedRole, PhotoIdRole
from journal.ui.shared.thumbnails import icon_image
from tests.helpers import photo_like, save_jpeg


@pytest.fixture
def shown(qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A journal with one session, shown with that session selected."""
    journal = Journal.create(tmp_path / "j", JournalSettings(name="Landing"), tmp_path / "cache")
    journal.add_session(dt.date(2026, 11, 25))
    window.workspace.set_journal(journal)
    qtbot.waitUntil(lambda: window.view.session_page.session is not None, timeout=10_000)
    return journal


def _mean_difference(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_RGB888)
    b = b.convertToFormat(QImage.Format.Format_RGB888)
    assert (a.width(), a.height()) == (b.width(), b.height())
    one, two = bytes(a.constBits()), bytes(b.constBits())  # type: ignore[call-overload]
    return sum(abs(x - y) for x, y in zip(one[::7], two[::7], strict=True)) / len(one[::7])


@pytest.mark.parametrize(
    ("case", "size", "orientation"),
    [
        pytest.param("landscape", (640, 480), None, id="landscape"),
        pytest.param("portrait", (640, 480), 6, id="portrait-exif-6"),
        pytest.param("small", (200, 150), None, id="small-under-icon-size"),
        pytest.param("panorama", (1400, 300), None, id="narrow-panorama"),
    ],
)
def test_an_imported_photo_shows_the_thumbnail_a_reopened_journal_shows(
    qtbot, window, shown, tmp_path: Path, case: str, size: tuple[int, int], orientation: int | None
) -> None:  # type: ignore[no-untyped-def]
    source = save_jpeg(tmp_path / f"{case}.jpg", photo_like(size, seed=len(case)), orientation)
    decoded = window.thumbnails.decodes
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        assert window.workspace.imports.import_into_current([str(source)], Angle.FRONT)
    strip = window.view.session_page.photos.models[Angle.FRONT]
    qtbot.waitUntil(lambda: strip.rowCount() == 1, timeout=10_000)
    image = strip.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(image, QImage) and not image.isNull()
    assert window.thumbnails.decodes == decoded  # the import's own, not decoded again
    photo = shown.photo(strip.index(0, 0).data(PhotoIdRole))
    cached = icon_image(QImage(str(shown.cache.thumbnail_path(photo.sha256))))
    assert (image.width(), image.height()) == (cached.width(), cached.height())
    upright_wide = (size[0] >= size[1]) != (orientation == 6)
    assert (image.width() >= image.height()) == upright_wide
    assert _mean_difference(image, cached) < 6  # the same picture (JPEG and filter noise only)


def _front_ids(window) -> list[int]:  # type: ignore[no-untyped-def]
    model = window.view.session_page.photos.models[Angle.FRONT]
    return [model.index(r, 0).data(PhotoIdRole) for r in range(model.rowCount())]


def _import(journal: Journal, tmp_path: Path, count: int, angle: Angle = Angle.FRONT) -> list[int]:
    session = journal.sessions()[0]
    ids = []
    for i in range(count):
        source = save_jpeg(
            tmp_path / f"{angle.value}{i}.jpg", photo_like((96, 72), seed=10 + i + 7 * len(angle.value))
        )
        result = journal.import_file(source, session.id, angle)
        assert result.photo is not None
        ids.append(result.photo.id)
    return ids


def test_photos_landing_out_of_order_end_up_in_order(qtbot, window, shown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two workers: the second photo's event may reach the page before the first one's."""
    first = _import(shown, tmp_path, 1)
    qtbot.waitUntil(lambda: _front_ids(window) == first, timeout=10_000)
    page = window.view.session_page
    bridge = window.workspace._bridge
    assert bridge is not None
    bridge.detach()  # the page is told below, in the order the two workers might tell it
    ids = _import(shown, tmp_path / "more", 2)
    session_id = shown.sessions()[0].id
    page.on_journal_event(JournalEvent(EventKind.PHOTO_ADDED, session_id, ids[1]))
    assert _front_ids(window) == first + ids[1:]
    page.on_journal_event(JournalEvent(EventKind.PHOTO_ADDED, session_id, ids[0]))
    assert _front_ids(window) == first + ids
    header = page.photos.headers[Angle.FRONT].text()
    assert "(3)" in header


def test_photos_of_several_angles_land_in_their_own_strips(qtbot, window, shown, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fronts = _import(shown, tmp_path, 2)
    lefts = _import(shown, tmp_path, 1, Angle.LEFT)
    fronts += _import(shown, tmp_path / "later", 1)
    photos = window.view.session_page.photos
    qtbot.waitUntil(lambda: photos.models[Angle.LEFT].rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: _front_ids(window) == fronts, timeout=10_000)
    assert photos.models[Angle.LEFT].index(0, 0).data(PhotoIdRole) == lefts[0]
    assert photos.models[Angle.RIGHT].rowCount() == 0
    assert "(1)" in photos.headers[Angle.LEFT].text() and "(3)" in photos.headers[Angle.FRONT].text()


@pytest.mark.parametrize("which", ["older-photo", "newest-photo-marked"])
def test_a_photo_back_from_the_trash_takes_its_place_and_its_mark(
    qtbot, window, shown, tmp_path: Path, which: str
) -> None:  # type: ignore[no-untyped-def]
    ids = _import(shown, tmp_path, 3)
    qtbot.waitUntil(lambda: _front_ids(window) == ids, timeout=10_000)
    back = ids[0] if which == "older-photo" else ids[-1]
    session_id = shown.sessions()[0].id
    shown.mark_session_photo(session_id, Angle.FRONT, back)
    shown.trash_photo(back)
    qtbot.waitUntil(lambda: back not in _front_ids(window), timeout=10_000)
    shown.restore_photo(back)
    qtbot.waitUntil(lambda: _front_ids(window) == ids, timeout=10_000)
    model = window.view.session_page.photos.models[Angle.FRONT]
    marked = [
        model.index(r, 0).data(PhotoIdRole)
        for r in range(model.rowCount())
        if model.index(r, 0).data(MarkedRole)
    ]
    assert marked == [back]
