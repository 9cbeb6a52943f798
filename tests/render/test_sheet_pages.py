"""What a reader of a printed sheet notices: the photos fill the page, the ratings and notes are
on the page with them (or, all together, on the next), nothing asked for is dropped without a
word, and a photo turned in the app is turned on paper."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageEnhance
from pypdf import PdfReader

from journal.core.models import Angle, Kind
from journal.render.sheet_layout import MIN_PHOTO_ASPECT, Page, Rect, SheetSpec, layout
from journal.render.sheet_painter import Fonts, page_layout, page_rect, wrap
from tests.helpers import photo_like, run_cli, save_jpeg

SHORT = "Added the forehead. Redness settled in a day and a half."
LONG = (
    "First session, at home. Numbing cream for 30 minutes before. Pinpoint bleeding on the cheeks; the "
    "redness was gone by the next evening. Baseline photos taken in the morning, by the bathroom window."
)
LIGHT = (
    "The after photo is 19 % brighter, warmer and less red; differences in redness and contrast may come "
    "from the light, not the skin."
)
PAGES = [("a4", False), ("a4", True), ("letter", False), ("letter", True)]
PAGE_IDS = ["a4-portrait", "a4-landscape", "letter-portrait", "letter-landscape"]


@pytest.fixture
def device(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A PDF device at 72 dpi (pixels = points), so fonts measure as they print."""
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(72)
    return writer


def _plan(device, size: str, landscape: bool, spec: SheetSpec) -> tuple[Rect, list[Page]]:  # type: ignore[no-untyped-def]
    device.setPageLayout(page_layout(size, landscape, 12.0))
    fonts = Fonts(device)
    page = page_rect(device)

    def measure(text: str, width: float, style: str) -> int:
        return len(wrap(text, fonts.caption_bold if style == "head" else fonts.note, width, 10_000, device))

    return page, layout(page, spec, fonts.lines(), 0.0, measure)


def _no_overlaps(page_area: Rect, pages: list[Page]) -> None:
    for page in pages:
        rects = page.rects()
        assert all(r.inside(page_area) for r in rects)
        assert not any(a.overlaps(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


@pytest.mark.parametrize(("size", "landscape"), PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize(
    "notes", [(SHORT, SHORT), (LONG, LONG), ("", LONG)], ids=["short-notes", "long-notes", "one-empty"]
)
@pytest.mark.parametrize("remarks", [(), (LIGHT,)], ids=["fair-light", "lighting-note"])
def test_a_pair_fills_its_page_and_keeps_its_text_there(
    device, size: str, landscape: bool, notes: tuple[str, str], remarks: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    spec = SheetSpec("pair", 2, 1, note_texts=notes, remarks=remarks)
    area, pages = _plan(device, size, landscape, spec)
    _no_overlaps(area, pages)
    assert len(pages) == 1  # ratings, notes and the lighting note never go to a second page
    [page] = pages
    assert len(page.tables) == 1 and len(page.notes) == 2 and len(page.remarks) == len(remarks)
    photos = sum(c.photo.w * c.photo.h for c in page.cells) / (area.w * area.h)
    blank = (page.footer.y - max(r.bottom for r in page.rects() if r is not page.footer)) / area.h
    # Room may be left only when the photos cannot grow: as wide as the page, as tall as a cell gets.
    first, second = sorted(page.cells, key=lambda c: c.session)
    maxed = (
        second.photo.right - first.photo.x >= area.w * 0.97
        and first.photo.w / first.photo.h <= MIN_PHOTO_ASPECT + 1e-6
    )
    assert photos >= 0.45 and (blank <= 0.14 or maxed), (
        f"photos cover {photos:.0%} of the page, {blank:.0%} left empty"
    )
    assert (first.photo.w, first.photo.h, first.photo.y) == (second.photo.w, second.photo.h, second.photo.y)
    if remarks:  # under the pair, whether the rest of the text is below or beside it
        note = page.remarks[0][1]
        assert note.y >= first.caption.bottom - 1e-6 and note.x <= first.photo.x + 1e-6


@pytest.mark.parametrize(("size", "landscape"), PAGES, ids=PAGE_IDS)
def test_all_three_angles_keep_the_ratings_on_the_page(device, size: str, landscape: bool) -> None:  # type: ignore[no-untyped-def]
    area, pages = _plan(device, size, landscape, SheetSpec("pair", 2, 3, note_texts=(LONG, SHORT)))
    _no_overlaps(area, pages)
    assert len(pages[0].cells) == 6 and len(pages[0].tables) == 1


@pytest.mark.parametrize(("size", "landscape"), PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("sessions", [2, 4, 6, 7, 9, 12])
def test_a_timelines_details_stay_whole(device, size: str, landscape: bool, sessions: int) -> None:  # type: ignore[no-untyped-def]
    """Either every note and rating shares the photos' page, or they all start the next one:
    never a page of photos with a few notes and a second page with the rest."""
    notes = tuple(LONG if n % 2 else SHORT for n in range(sessions))
    area, pages = _plan(device, size, landscape, SheetSpec("timeline", sessions, 1, note_texts=notes))
    _no_overlaps(area, pages)
    photo_pages = [p for p in pages if p.cells]
    assert len(photo_pages) == 1 and sorted(c.session for c in photo_pages[0].cells) == list(range(sessions))
    on_first = {s for s, _r in pages[0].notes}
    assert on_first in (set(), set(range(sessions)))
    assert bool(pages[0].tables) == bool(on_first)
    assert sorted(s for p in pages for s, _r in p.notes) == list(range(sessions))
    later = [p for p in pages[1:] if p.notes]
    if later and len(later[0].notes) > 2 and area.w > 500:  # a wide page flows its notes in two columns
        assert len({round(r.x) for _s, r in later[0].notes}) == 2


def _journal_with(
    tmp_path: Path, sessions: list[tuple[dt.date, Kind, tuple[Angle, ...]]], bright: float = 1.0
):  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "journal", JournalSettings(name="Sheet test"), tmp_path / "cache")
    for n, (day, kind, angles) in enumerate(sessions):
        session = journal.add_session(day, kind, notes=f"Notes of {day.isoformat()}.")
        for m, angle in enumerate(angles):
            image = photo_like((96, 120), seed=7)  # the same face every time, the light changes
            if n and bright != 1.0:
                image = ImageEnhance.Brightness(image).enhance(bright)
            path = save_jpeg(tmp_path / "src" / f"{n}-{m}-{angle.value}.jpg", image)
            assert journal.import_file(path, session.id, angle).ok
    return journal


def _text(path: Path) -> str:
    reader = PdfReader(str(path))
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))  # ﬁ -> fi
    return re.sub(r"\s+", " ", text)


def _image_count(path: Path) -> int:
    return sum(len(page.images) for page in PdfReader(str(path)).pages)


def test_angle_all_shows_the_angles_both_sessions_have_and_says_which_were_left_out(tmp_path: Path) -> None:
    both = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)
    journal = _journal_with(
        tmp_path,
        [
            (dt.date(2026, 1, 6), Kind.TREATMENT, both),
            (dt.date(2026, 2, 3), Kind.TREATMENT, (Angle.FRONT, Angle.RIGHT)),
        ],
    )
    folder = str(journal.folder)
    journal.close()
    out = tmp_path / "all.pdf"
    done = run_cli(
        "--journal",
        folder,
        "sheet",
        "--before",
        "2026-01-06",
        "--after",
        "2026-02-03",
        "--angle",
        "all",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "left out: left: no left photo on Tue 3 Feb 2026" in done.stdout.splitlines()
    assert _image_count(out) == 4
    text = _text(out)
    assert "Front" in text and "Right" in text and "Left out: left: no left photo on Tue 3 Feb 2026." in text


def test_a_before_later_than_the_after_is_swapped_with_a_line(tmp_path: Path) -> None:
    journal = _journal_with(
        tmp_path,
        [
            (dt.date(2026, 7, 15), Kind.TREATMENT, (Angle.FRONT,)),
            (dt.date(2026, 11, 20), Kind.CHECK_IN, (Angle.FRONT,)),
        ],
    )
    folder = str(journal.folder)
    journal.close()
    out = tmp_path / "swapped.pdf"
    done = run_cli(
        "--journal", folder, "sheet", "--before", "2026-11-20", "--after", "2026-07-15", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("swapped: the before session (Fri 20 Nov 2026) is later than the after one")
        for line in lines
    )
    assert lines[-1].endswith("(1 page, Progress Journal — front, 15 Jul → 20 Nov 2026)")
    text = _text(out)
    assert text.index("Wed 15 Jul 2026") < text.index("Fri 20 Nov 2026")  # before on the left


def test_the_lighting_note_compare_shows_is_printed_under_the_pair(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.render.sheet_data import pair_sheet
    from journal.render.sheet_painter import write_pdf

    journal = _journal_with(
        tmp_path,
        [
            (dt.date(2026, 1, 6), Kind.TREATMENT, (Angle.FRONT,)),
            (dt.date(2026, 2, 3), Kind.TREATMENT, (Angle.FRONT,)),
        ],
        bright=1.3,
    )
    data = pair_sheet(journal, dt.date(2026, 1, 6), dt.date(2026, 2, 3), Angle.FRONT)
    out = tmp_path / "light.pdf"
    assert write_pdf(data, out, journal) == 1
    text = _text(out)
    assert (
        "The after photo is" in text
        and "brighter" in text
        and "may come from the light, not the skin" in text
    )
    journal.close()


def test_a_timeline_of_many_sessions_keeps_check_ins_and_prints_its_rule(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.render.sheet_data import timeline_sheet
    from journal.render.sheet_painter import write_pdf

    start = dt.date(2026, 1, 1)
    days = [
        (start + dt.timedelta(days=14 * n), Kind.CHECK_IN if n % 2 else Kind.TREATMENT, (Angle.FRONT,))
        for n in range(15)
    ]
    days.append((start + dt.timedelta(days=300), Kind.TREATMENT, (Angle.LEFT,)))  # no front photo
    journal = _journal_with(tmp_path, days)
    data = timeline_sheet(journal, Angle.FRONT)
    shown = [info.session.date for info in data.sessions]
    assert len(shown) == 12 and shown[0] == start and shown[-1] == days[14][0]
    assert any(info.session.kind is Kind.CHECK_IN for info in data.sessions)
    rule = "12 of 15 sessions with a front photo: the first, the latest and 10 spread evenly between them."
    assert data.lead == rule and data.notices == [f"shown: {rule}"]
    out = tmp_path / "timeline.pdf"
    write_pdf(data, out, journal)
    assert rule in _text(out) and _image_count(out) == 12
    folder = str(journal.folder)
    journal.close()

    chosen = f"{days[0][0]},{days[3][0]},{days[15][0]}"
    done = run_cli(
        "--journal", folder, "sheet", "--timeline", "--sessions", chosen, "-o", str(tmp_path / "mine.pdf")
    )
    assert done.returncode == 0, done.stderr
    assert "left out: Wed 28 Oct 2026 (no front photo)" in done.stdout
    assert _image_count(tmp_path / "mine.pdf") == 2
    unknown = run_cli(
        "--journal", folder, "sheet", "--timeline", "--sessions", "2020-01-01", "-o", str(tmp_path / "x.pdf")
    )
    assert unknown.returncode == 1 and "no session on 2020-01-01" in unknown.stderr


@pytest.mark.photos
def test_a_photo_turned_in_the_app_is_turned_on_the_sheet(qapp, photos: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.render.sheet_data import pair_sheet
    from journal.render.sheet_images import prepare

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Turned"), tmp_path / "cache")
    first = journal.add_session(dt.date(2026, 3, 1))
    sideways = journal.import_file(photos / "bad-metadata" / "corrupted.jpg", first.id, Angle.FRONT).photo
    assert sideways is not None
    second = journal.add_session(dt.date(2026, 4, 1))
    other = save_jpeg(tmp_path / "other.jpg", photo_like((300, 400), seed=3))
    assert journal.import_file(other, second.id, Angle.FRONT).ok

    def top_minus_bottom() -> float:
        data = pair_sheet(journal, first.date, second.date, Angle.FRONT)
        picture = prepare(journal, data.photos, (240, 320))[(0, 0)].image
        picture.save(str(tmp_path / "cell.png"))
        with Image.open(tmp_path / "cell.png") as cell:
            grey = cell.convert("L")
            # The photo is letterboxed in its cell: compare the sky side with the ground side.
            from PIL import ImageStat

            w, h = grey.size
            return (
                ImageStat.Stat(grey.crop((w // 4, h // 8, 3 * w // 4, h // 4))).mean[0]
                - ImageStat.Stat(grey.crop((w // 4, 3 * h // 4, 3 * w // 4, 7 * h // 8))).mean[0]
            )

    journal.set_photo_turn(sideways.id, sideways.turn.rotated_right())
    assert top_minus_bottom() > 20  # the sky is up
    journal.close()


@pytest.mark.parametrize("cache", ["previews-cached", "cache-emptied"])
def test_a_face_crop_past_the_preview_is_printed_from_that_part_of_the_original_only(
    qapp, tmp_path: Path, monkeypatch, cache: str
) -> None:  # type: ignore[no-untyped-def]
    """At 300 dpi a face crop needs more pixels than a preview holds: only the crop is read
    from the original (a 12-session timeline read twelve originals whole), and it is the crop."""
    import shutil

    from journal.core.journal import Journal
    from journal.core.models import JournalSettings
    from journal.render import sheet_images
    from journal.render.sheet_data import timeline_sheet

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Crop"), tmp_path / "cache")
    for i in range(2):
        halves = Image.new("RGB", (4000, 3000), (190 + 30 * i, 30, 30))
        halves.paste((30, 30, 200), (2000, 0, 4000, 3000))  # left red, right blue, split between the eyes
        path = tmp_path / f"face{i}.jpg"
        halves.save(path, quality=85)
        session = journal.add_session(dt.date(2026, 3, 1) + dt.timedelta(days=28 * i))
        result = journal.import_file(path, session.id, Angle.FRONT)
        photo = result.photo
        assert photo is not None, result.line()
        journal.set_eye_points(photo.id, (1880 / 4000, 0.5), (2120 / 4000, 0.5), "auto")  # 240 px apart
    if cache == "cache-emptied":
        shutil.rmtree(journal.cache.root / "previews")

    def whole(*_args: object) -> None:
        raise AssertionError("the original was read whole")

    monkeypatch.setattr(sheet_images, "_read_original", whole)
    data = timeline_sheet(journal, Angle.FRONT)
    pictures = sheet_images.prepare(journal, data.photos, (600, 800))
    for picture in pictures.values():
        image = picture.image
        assert picture.aligned
        left, right = image.pixelColor(150, 400), image.pixelColor(450, 400)
        assert (left.red(), left.blue()) > (150, 0) and left.blue() < 80  # red on the left of the split
        assert right.blue() > 150 and right.red() < 80  # blue on the right
    journal.close()


def test_a_sheet_draws_each_picture_as_soon_as_it_is_ready_and_misses_none(
    qapp, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Twelve face crops from 12 MP originals take ~75 ms each to make: drawing the page only
    after the last was ready made a 12-session sheet 1.1 s instead of 0.85 s."""
    import threading

    import journal.render.sheet_images as sheet_images
    import journal.render.sheet_painter as sheet_painter
    from journal.render.sheet_data import timeline_sheet
    from journal.render.sheet_painter import write_pdf

    start = dt.date(2026, 1, 1)
    days = [(start + dt.timedelta(days=14 * n), Kind.TREATMENT, (Angle.FRONT,)) for n in range(6)]
    journal = _journal_with(tmp_path, days)
    data = timeline_sheet(journal, Angle.FRONT)
    last = max(data.photos, key=lambda key: data.sessions[key[0]].session.date)  # the one made last
    drawing = threading.Event()
    waited: list[bool] = []
    real_picture, real_page = sheet_images._picture, sheet_painter._page

    def picture(journal, photo, reference, crop, size):  # type: ignore[no-untyped-def]
        if photo.id == data.photos[last].id:
            waited.append(drawing.wait(10))  # made only once the page is being drawn
        return real_picture(journal, photo, reference, crop, size)

    def page(*args):  # type: ignore[no-untyped-def]
        drawing.set()
        real_page(*args)

    monkeypatch.setattr(sheet_images, "_picture", picture)
    monkeypatch.setattr(sheet_painter, "_page", page)
    out = tmp_path / "timeline.pdf"
    write_pdf(data, out, journal)
    assert waited == [True], "the page waited for every picture before drawing one"
    assert _image_count(out) == 6
    journal.close()
