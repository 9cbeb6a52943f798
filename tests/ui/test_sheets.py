"""Comparison sheets from the demo journal: PDF text, pages, images, metadata and privacy,
print preview, and the command line."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from journal.core.models import Angle
from journal.render.sheet_data import SheetError, pair_sheet, timeline_sheet
from journal.render.sheet_painter import write_pdf
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo journal with its eye points detected (built once for this module)."""
    from journal.core.demo import build_demo
    from journal.core.eyes import locate

    root = tmp_path_factory.mktemp("demo")
    journal = build_demo(root / "journal", root / "cache", today=dt.date(2026, 11, 25))
    for photo in journal.photos():
        locate(journal, photo)
    yield journal
    journal.close()


def _pdf(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)  # Qt places words one by one: tabs come out between them


def _images(reader: PdfReader) -> list[bytes]:
    return [image.data for page in reader.pages for image in page.images]


def test_before_after_pdf_names_both_dates_and_the_time_between(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sessions = demo.sessions()
    first, last = sessions[0], [s for s in sessions if s.kind.value == "treatment"][-1]
    data = pair_sheet(demo, first.date, last.date, Angle.FRONT)
    out = tmp_path / "pair.pdf"
    pages = write_pdf(data, out, demo, "a4")
    reader, text = _pdf(out)
    assert len(reader.pages) == pages == 1
    assert "Thu 9 Jul 2026" in text and "Sat 31 Oct 2026" in text
    assert "16 weeks apart" in text and "session 1 → session 5" in text
    assert "Session 1 · week 0" in text and "Session 5 · week 16" in text
    assert "Page 1 of 1" in text and "not a medical assessment" in text
    assert "Self-ratings" in text and "First session, at home." in text
    assert len(_images(reader)) == 2
    assert reader.metadata.title == "Progress Journal — front, 9 Jul → 31 Oct 2026"
    data_bytes = out.read_bytes()
    assert str(demo.folder).encode() not in data_bytes and b"/photos/" not in data_bytes
    assert out.stat().st_size < 3_000_000


def test_all_angles_and_timeline_pages(qapp, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sessions = demo.sessions()
    data = pair_sheet(demo, sessions[0].date, sessions[-1].date, None)
    out = tmp_path / "all.pdf"
    write_pdf(data, out, demo, "letter", landscape=True)
    reader, text = _pdf(out)
    assert len(_images(reader)) == 6
    assert all(angle in text for angle in ("Front", "Left", "Right"))
    assert "18 weeks apart · session 1 → check-in" in text  # 128 days

    timeline = timeline_sheet(demo, Angle.FRONT)
    assert len(timeline.sessions) == 7  # all five treatments and both check-ins: none dropped
    out = tmp_path / "timeline.pdf"
    pages = write_pdf(timeline, out, demo, "a4")
    reader, text = _pdf(out)
    assert len(reader.pages) == pages
    assert len(_images(reader)) == 7
    for number in range(1, 6):
        assert f"Session {number} · week" in text
    assert "Check-in · week 18" in text and "Check-in · week 2" in text
    assert f"Page {pages} of {pages}" in text


def test_no_gps_or_exif_reaches_the_pdf(qapp, tmp_path: Path, photos: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    source = photos / "camera" / "DSCN0010.jpg"
    with Image.open(source) as im:
        assert im.getexif().get_ifd(0x8825)
    journal = Journal.create(tmp_path / "j", JournalSettings(name="GPS"), tmp_path / "cache")
    for day, path in (
        (dt.date(2026, 1, 1), source),
        (dt.date(2026, 2, 1), photos / "camera" / "Canon_40D.jpg"),
    ):
        journal.import_file(path, journal.add_session(day).id, Angle.FRONT)
    out = tmp_path / "gps.pdf"
    write_pdf(pair_sheet(journal, dt.date(2026, 1, 1), dt.date(2026, 2, 1), Angle.FRONT), out, journal)
    data = out.read_bytes()
    assert b"Exif" not in data and b"GPS" not in data
    reader, _text = _pdf(out)
    images = _images(reader)
    assert len(images) == 2
    for blob in images:
        with Image.open(io.BytesIO(blob)) as embedded:
            assert not embedded.getexif()
            assert embedded.width <= 1100  # ≤ 300 dpi for a ~90 mm wide cell
    journal.close()


def test_unknown_dates_and_missing_photos_are_clear_errors(qapp, demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SheetError, match=r"no session on 2026-03-01; recent sessions: "):
        pair_sheet(demo, dt.date(2026, 3, 1), demo.sessions()[-1].date, Angle.FRONT)
    with pytest.raises(SheetError, match="has no other photo"):
        pair_sheet(demo, demo.sessions()[0].date, demo.sessions()[-1].date, Angle.OTHER)


def test_print_preview_builds_its_pages_offscreen(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from journal.render.sheet_images import prepare
    from journal.render.sheet_painter import paint, picture_size, plan

    data = timeline_sheet(demo, Angle.FRONT)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    pages = plan(printer, data)
    pictures = prepare(demo, data.photos, picture_size(printer, pages))
    preview = QPrintPreviewWidget(printer)
    qtbot.addWidget(preview)
    drawn = []
    preview.paintRequested.connect(lambda p: drawn.append(paint(p, data, pictures, plan(p, data))))
    preview.updatePreview()
    assert drawn and preview.pageCount() == drawn[0] == len(pages)


def test_sheet_command_line(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = str(demo.folder)
    first, last = demo.sessions()[0].date.isoformat(), demo.sessions()[-1].date.isoformat()
    out = tmp_path / "cli.pdf"
    done = run_cli(
        "--journal",
        folder,
        "sheet",
        "--before",
        first,
        "--after",
        last,
        "--angle",
        "all",
        "--page",
        "letter",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"written: {out} (") and out.exists()
    done = run_cli("--journal", folder, "sheet", "--timeline", "--landscape", "-o", str(tmp_path / "t.pdf"))
    assert done.returncode == 0, done.stderr
    bad_date = run_cli(
        "--journal", folder, "sheet", "--before", "2020-01-01", "--after", last, "-o", str(tmp_path / "x.pdf")
    )
    assert bad_date.returncode == 1
    assert bad_date.stderr.startswith("progress-journal: no session on 2020-01-01; recent sessions: ")
    missing = run_cli(
        "--journal",
        folder,
        "sheet",
        "--before",
        first,
        "--after",
        last,
        "--angle",
        "front",
        "-o",
        str(tmp_path / "nowhere" / "x.pdf"),
    )
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    usage = run_cli("--journal", folder, "sheet", "--before", first, "-o", str(tmp_path / "x.pdf"))
    assert usage.returncode == 2 and "--before needs --after" in usage.stderr
    unwritable = tmp_path / "locked"
    unwritable.mkdir()
    (unwritable / "x.pdf").mkdir()  # a folder where the file should go
    folder_out = run_cli("--journal", folder, "sheet", "--timeline", "-o", str(unwritable / "x.pdf"))
    assert folder_out.returncode == 2 and "is a folder" in folder_out.stderr
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
