"""Progress charts on paper and in files: vector PDF and SVG (no picture of a chart), PNG,
light, dark and black-and-white, on the timeline sheet and as their own sheet, and from the
command line."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from journal.cli import EXIT_OK, EXIT_USAGE, main
from journal.core.models import Angle
from journal.core.redness import LABEL
from journal.core.regions import RegionSet, suggested
from journal.render.chart_data import ratings_chart
from journal.render.chart_painter import DARK, LIGHT, PRINT, ChartPalette, paint_chart, palette_for
from journal.render.chart_sheet import chart_sheet, write_sheet
from journal.render.sheet_layout import Rect


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo course (its dates, kinds and ratings) with a made-up front photo per session
    whose treated cheek gets less red, eye points set, and the suggested front regions."""
    import numpy as np

    from journal.core.colour import lab_to_srgb
    from journal.core.demo import load_course
    from journal.core.journal import Journal
    from journal.core.models import RATINGS, JournalSettings, Kind

    root = tmp_path_factory.mktemp("charts")
    course = load_course()
    journal = Journal.create(root / "journal", JournalSettings(name=course["name"]), root / "cache")
    start = dt.date(2026, 7, 9)
    rng = np.random.default_rng(0)
    ys, xs = np.mgrid[0:400, 0:400] + 0.5
    cheeks = ((xs - 140) ** 2 + (ys - 224) ** 2 < 30**2) | ((xs - 260) ** 2 + (ys - 224) ** 2 < 30**2)
    for index, entry in enumerate(course["sessions"]):
        ratings = {name: entry.get("ratings", {}).get(name) for name in RATINGS}
        session = journal.add_session(
            start + dt.timedelta(days=entry["day"]), Kind(entry["kind"]), pain=entry.get("pain"), **ratings
        )
        lab = np.stack([np.full((400, 400), 66.0), np.full((400, 400), 12.0), np.full((400, 400), 17.0)], -1)
        lab += rng.normal(0, 0.8, lab.shape)
        lab[..., 1][cheeks] += 8.0 * entry["look"]["redness"]
        path = root / f"front-{index}.png"
        Image.fromarray(lab_to_srgb(lab)).save(path, compress_level=1)
        photo = journal.import_file(path, session.id, Angle.FRONT).photo
        assert photo is not None
        journal.set_eye_points(photo.id, (0.4, 0.4), (0.6, 0.4), "manual")  # 80 px apart
    journal.set_redness_regions(Angle.FRONT, suggested(Angle.FRONT))
    yield journal
    journal.close()


def _pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    return reader, re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_chart_sheet_pdf_is_vector_with_dates_weeks_and_the_label(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = chart_sheet(demo)
    assert [c.key for c in sheet.charts] == ["ratings", "redness-front"]
    out = tmp_path / "charts.pdf"
    assert write_sheet(sheet, out, "a4") == 1
    reader, text = _pdf_text(out)
    for words in (
        "Self-ratings over time",
        "Redness measured from the front photos",
        "week 0",
        "13 Jul",
        "2026",
    ):
        assert words in text, words
    assert LABEL in text and "not a medical assessment" in text
    assert "Treatment" in text and "Check-in" in text and "Scar visibility" in text
    assert all(not page.images for page in reader.pages)  # drawn, not a screenshot
    assert reader.metadata.title.startswith("Progress Journal — progress charts")


def test_svg_is_vector_and_png_is_the_same_picture(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = chart_sheet(demo)
    svg = tmp_path / "charts.svg"
    write_sheet(sheet, svg)
    root = ET.parse(svg).getroot()
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert "image" not in tags and ("path" in tags or "polyline" in tags)
    words = " ".join(t.strip() for t in root.itertext() if t.strip())
    assert "Self-ratings over time" in words and "week" in words and "Colour measured from photos" in words
    png = tmp_path / "charts.png"
    write_sheet(sheet, png, palette=DARK)
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width > 1500
        assert not image.info.get("exif")
        corner = image.convert("RGB").getpixel((5, 5))
    assert corner == DARK.background.getRgb()[:3]  # type: ignore[union-attr]


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("palette", [LIGHT, DARK, PRINT], ids=["light", "dark", "print"])
def test_every_line_and_text_stands_out_from_the_background(palette: ChartPalette) -> None:
    background = palette.background or QColor(255, 255, 255)
    assert _contrast(palette.text, background) >= 7
    assert _contrast(palette.muted, background) >= 4.5
    for colour in palette.series:
        assert _contrast(colour, background) >= 3, colour.name()  # WCAG: graphics need 3:1
    assert _contrast(palette.treatment, background) >= 3


def test_the_app_palette_decides_light_or_dark(qapp) -> None:  # type: ignore[no-untyped-def]
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.WindowText, QColor(230, 230, 230))
    chosen = palette_for(dark)
    assert chosen.series == DARK.series and chosen.background == QColor(30, 30, 30)
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor(246, 246, 246))
    light.setColor(QPalette.ColorRole.WindowText, QColor(20, 20, 20))
    assert palette_for(light).series == LIGHT.series


def test_in_black_and_white_each_series_still_looks_different(qapp, demo) -> None:  # type: ignore[no-untyped-def]
    """Drawn in black only, the legend samples (line style and marker) differ pixel for pixel."""
    image = QImage(900, 420, QImage.Format.Format_Grayscale8)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    chart = paint_chart(painter, Rect(0, 0, 900, 420), ratings_chart(demo.sessions()), PRINT)
    painter.end()
    samples = []
    for item in chart.legend:
        if item.style is None:
            continue
        s = item.sample
        crop = image.copy(round(s.x), round(s.y), round(s.w), round(s.h))
        samples.append((item.key, bytes(crop.constBits())[: crop.sizeInBytes()]))
    assert len(samples) == 5
    for (key_a, a), (key_b, b) in itertools.combinations(samples, 2):
        differing = sum(x != y for x, y in zip(a, b, strict=False))
        assert differing > len(a) * 0.05, (key_a, key_b)


def test_the_timeline_sheet_carries_the_charts(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.render.sheet_data import timeline_sheet
    from journal.render.sheet_painter import write_pdf

    data = timeline_sheet(demo, Angle.FRONT)
    assert data.spec.charts == 2 and data.redness_angle is Angle.FRONT
    out = tmp_path / "timeline.pdf"
    write_pdf(data, out, demo, "a4")
    _reader, text = _pdf_text(out)
    assert "Self-ratings over time" in text and "Redness measured from the front photos" in text
    assert LABEL in text and "13 Jul" in text
    previous = demo.set_redness_regions(Angle.FRONT, RegionSet())
    try:
        unmeasured = timeline_sheet(demo, Angle.FRONT)  # no regions: the ratings chart only
    finally:
        demo.set_redness_regions(Angle.FRONT, previous)
    assert unmeasured.spec.charts == 1 and unmeasured.redness_angle is None
    no_charts = timeline_sheet(demo, Angle.FRONT, charts=False)
    assert no_charts.spec.charts == 0 and no_charts.charts == []


def test_a_journal_without_ratings_gets_no_empty_chart_on_its_sheet(qapp, journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.render.sheet_data import timeline_sheet
    from tests.helpers import photo_like, save_jpeg

    session = journal.add_session(dt.date(2026, 3, 1))
    journal.import_file(save_jpeg(tmp_path / "front.jpg", photo_like((300, 400))), session.id, Angle.FRONT)
    data = timeline_sheet(journal, Angle.FRONT)
    assert data.spec.charts == 0 and data.charts == []
    journal.update_session(session.id, redness=4)
    assert timeline_sheet(journal, Angle.FRONT).spec.charts == 1


@pytest.mark.parametrize(
    ("size", "landscape"), [("a4", False), ("letter", True)], ids=["a4", "letter-landscape"]
)
@pytest.mark.parametrize("sessions", [2, 12])
def test_timeline_layout_with_charts_stays_inside_and_never_overlaps(
    qapp, tmp_path, size, landscape, sessions
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPdfWriter

    from journal.render.sheet_layout import NOTE_LINES, SheetSpec, layout
    from journal.render.sheet_painter import Fonts, page_layout, page_rect

    writer = QPdfWriter(str(tmp_path / "layout.pdf"))
    writer.setResolution(72)
    writer.setPageLayout(page_layout(size, landscape, 12.0))
    page = page_rect(writer)
    spec = SheetSpec("timeline", sessions, 1, True, True, (NOTE_LINES,) * sessions, charts=2)
    pages = layout(page, spec, Fonts(writer).lines(), margin=0.0)
    charts = [rect for p in pages for _i, rect in p.charts]
    assert len(charts) == 2 and all(r.h >= min(page.w, page.h) * 0.35 for r in charts)
    for each in pages:
        rects = each.rects()
        assert all(r.inside(page) for r in rects)
        for a, b in itertools.combinations(rects, 2):
            assert not a.overlaps(b), (a, b)


def test_chart_command_writes_pdf_svg_and_png(qapp, demo, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = str(demo.folder)
    for name in ("c.pdf", "c.svg", "c.png"):
        out = tmp_path / name
        code = main(["--journal", folder, "chart", "-o", str(out)])
        lines = capsys.readouterr().out.splitlines()
        assert code == EXIT_OK and out.stat().st_size > 1000
        assert lines == [
            f"written: {out} (1 page, 2 charts, Progress Journal — progress charts, 9 Jul – 14 Nov 2026)"
        ]
    assert (
        main(
            ["--journal", folder, "chart", "--no-redness", "--theme", "print", "-o", str(tmp_path / "r.pdf")]
        )
        == 0
    )
    assert "1 chart," in capsys.readouterr().out
    assert main(["--journal", folder, "chart", "-o", str(tmp_path / "c.jpg")]) == EXIT_USAGE
    assert "must end in .pdf, .png or .svg" in capsys.readouterr().err


def test_many_charts_go_on_as_many_pages_as_they_need(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.render.chart_sheet import ChartSheet

    ratings = ratings_chart(demo.sessions())
    sheet = ChartSheet("Four charts", "Microneedling", "Progress Journal — four charts", [ratings] * 4)
    out = tmp_path / "four.pdf"
    pages = write_sheet(sheet, out, "a4", landscape=True)
    reader, text = _pdf_text(out)
    assert pages == len(reader.pages) >= 2
    assert text.count("Self-ratings over time") == 4 and f"Page {pages} of {pages}" in text


def test_regions_are_drawn_where_they_are_measured(qapp) -> None:  # type: ignore[no-untyped-def]
    """The outline on the photo is the boundary of the pixels the measurement uses."""
    import numpy as np

    from journal.core.faceframe import FaceFrame
    from journal.core.redness import region_mask
    from journal.core.regions import Circle, Polygon
    from journal.render.region_overlay import TREATED_COLOUR, draw_regions

    frame = FaceFrame((150.0, 140.0), (250.0, 160.0))  # a tilted head
    regions = RegionSet(
        (Circle(0.5, 0.8, 0.3),), (Polygon(((-0.3, -0.8), (0.3, -0.8), (0.3, -0.4), (-0.3, -0.4))),)
    )
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor(128, 128, 128))
    painter = QPainter(image)
    draw_regions(painter, frame, regions, width=2.0, labels=False)
    painter.end()
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(400, 400, 4)[..., 2::-1]
    drawn = np.any(np.abs(rgb.astype(int) - 128) > 40, axis=-1)
    for shapes in (regions.treated, regions.reference):
        mask, (x0, y0), _off = region_mask((400, 400), frame, shapes)
        full = np.zeros((400, 400), bool)
        full[y0 : y0 + mask.shape[0], x0 : x0 + mask.shape[1]] = mask
        edge = full & ~np.roll(full, 1, 0) | full & ~np.roll(full, -1, 0) | full & ~np.roll(full, 1, 1)
        near = np.zeros_like(drawn)
        for dy, dx in itertools.product(range(-3, 4), repeat=2):
            near |= np.roll(np.roll(drawn, dy, 0), dx, 1)
        assert near[edge].mean() > 0.6  # dashes leave gaps in the reference outline
        inner = full & ~near
        assert inner.sum() > 0.5 * full.sum() and not drawn[inner].any()  # the skin itself is left clear
    cx, cy = frame.pixel((0.5, 0.8))
    r = 0.3 * frame.iod
    around = [
        image.pixelColor(round(cx + r) + dx, round(cy) + dy) for dx in range(-2, 3) for dy in range(-2, 3)
    ]
    orange = TREATED_COLOUR
    closest = min(
        abs(c.red() - orange.red()) + abs(c.green() - orange.green()) + abs(c.blue() - orange.blue())
        for c in around
    )
    assert closest < 40  # the treated outline is in its own colour (the reference's is blue and dashed)
