"""File → Print progress charts…: the chart sheet from the app, through the same pages as
`progress-journal chart`: preview, PDF (vector), SVG, PNG, black and white, Cancel, and never a
file inside the journal."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt

from journal.core.errors import JournalError
from journal.core.redness import LABEL
from tests.ui.progress_course import build_course, open_copy


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chart-sheet")
    build_course(root / "journal", root / "cache")
    return root


@pytest.fixture
def dialog(qtbot, window, built: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The dialog as the File menu opens it, on a journal of six sessions."""
    from journal.ui.progress import ChartSheetDialog

    window.workspace.set_journal(open_copy(built, tmp_path))
    window.actions.print_charts.trigger()
    found = window.frame.findChild(ChartSheetDialog)
    assert found is not None and found.isVisible()
    return found


def _saved(qtbot, dialog, out: Path) -> str:  # type: ignore[no-untyped-def]
    dialog.save(out)
    qtbot.waitUntil(lambda: not dialog.progress.isVisible(), timeout=20_000)
    return str(dialog.status.text())


def test_the_chart_sheet_is_saved_as_vector_pdf_svg_and_png(qtbot, dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert [a.value for a in dialog.angles()] == ["front"]  # the angle with regions, ticked
    pdf = tmp_path / "out" / "charts.pdf"
    pdf.parent.mkdir()
    assert _saved(qtbot, dialog, pdf).startswith(f"Saved {pdf} (1 page)")
    reader = PdfReader(str(pdf))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for words in ("Self-ratings over time", "Redness measured from the front photos", "week 0", LABEL):
        assert words in text, words
    assert all(not page.images for page in reader.pages)  # drawn, not a picture of the screen
    svg = tmp_path / "out" / "charts.svg"
    assert _saved(qtbot, dialog, svg).startswith("Saved")
    assert "<image" not in svg.read_text() and "Self-ratings over time" in svg.read_text()
    dialog.colours.setCurrentIndex(1)  # black and white
    png = tmp_path / "out" / "charts.png"
    assert _saved(qtbot, dialog, png).startswith("Saved")
    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    spread = pixels.max(axis=-1) - pixels.min(axis=-1)
    assert spread.max() <= 8 and (pixels < 60).any()  # ink, and only greys


def test_a_sheet_is_never_written_inside_the_journal(qtbot, dialog, window) -> None:  # type: ignore[no-untyped-def]
    inside = window.workspace.journal.folder / "charts.pdf"
    status = _saved(qtbot, dialog, inside)
    assert status.startswith("Not done:") and "inside the journal folder" in status
    assert not inside.exists()


def test_write_sheet_refuses_a_journal_folder_for_the_command_line_too(qapp, built, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from journal.render.chart_sheet import chart_sheet, write_sheet

    journal = open_copy(built, tmp_path)
    try:
        sheet = chart_sheet(journal, [])
        with pytest.raises(JournalError, match="inside the journal folder"):
            write_sheet(sheet, journal.folder / "photos" / "charts.svg")
        assert not (journal.folder / "photos" / "charts.svg").exists()
    finally:
        journal.close()
    from journal.cli import EXIT_FAILED, main

    inside = journal.folder / "charts.pdf"
    assert main(["--journal", str(journal.folder), "chart", "-o", str(inside)]) == EXIT_FAILED
    assert "inside the journal folder" in capsys.readouterr().err and not inside.exists()


def test_preview_shows_the_sheet_and_measuring_can_be_cancelled(qtbot, dialog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=20_000)
    widget = dialog.preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() == 1, timeout=10_000)
    dialog.preview.close()

    import journal.core.redness_trend as trend

    release = threading.Event()
    measure = trend.measure_photo

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(10)
        return measure(*args, **kwargs)

    monkeypatch.setattr(trend, "measure_photo", slow)
    dialog.preview = None
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isVisible() and not dialog.preview_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog.preview_button.isEnabled(), timeout=10_000)
    assert dialog.preview is None and "Stopped" in dialog.status.text()
