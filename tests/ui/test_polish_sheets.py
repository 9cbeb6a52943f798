"""Sheets in the app as a user meets them: Print timeline (Ctrl+P) on a journal with no front
photo, the session picker and its rule, a pair of every angle with one left out and the pair
chosen the wrong way round, all said in the dialog; the sheet built off the GUI thread."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from tests.helpers import photo_like, save_jpeg

FIRST = dt.date(2026, 1, 5)


def _course(tmp_path: Path, angles_per_session: list[tuple[Angle, ...]]) -> Journal:
    """A session every two weeks with tiny photos of the given angles, eye points set by hand
    (so no detection runs)."""
    journal = Journal.create(tmp_path / "j", JournalSettings(name="Sheets"), tmp_path / "cache")
    for number, angles in enumerate(angles_per_session):
        session = journal.add_session(
            FIRST + dt.timedelta(days=14 * number), Kind.TREATMENT, notes=f"s{number}"
        )
        for angle in angles:
            source = save_jpeg(tmp_path / "in" / f"{number}_{angle.value}.jpg", photo_like((90, 120), number))
            photo = journal.import_file(source, session.id, angle).photo
            assert photo is not None
            journal.set_eye_points(photo.id, (0.38, 0.4), (0.62, 0.4), "manual")
    return journal


def _print_timeline(qtbot, window):  # type: ignore[no-untyped-def]
    window.actions.print_timeline.trigger()  # File → Print timeline… (Ctrl+P)
    dialog = window.dialogs.sheet_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(str(path)).pages))


@pytest.mark.parametrize("photos", ["no-photos", "only-left-photos"])
def test_print_timeline_without_a_front_photo_says_so_and_never_reaches_the_crash_dialog(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, photos: str
) -> None:
    angles = [(), ()] if photos == "no-photos" else [(Angle.LEFT,), (Angle.LEFT,)]
    window.workspace.set_journal(_course(tmp_path, angles))
    dialog = _print_timeline(qtbot, window)
    if photos == "no-photos":
        reason = "No session has a front photo yet: add front photos to a session first."
        assert dialog.problem.isVisible() and dialog.problem.text() == reason
        for button in (dialog.preview_button, dialog.print_button, dialog.pdf_button):
            assert not button.isEnabled() and button.toolTip() == reason
        dialog.preview_button.click()  # greyed: nothing happens, and nothing crashes
        assert dialog.preview is None
        assert dialog.angles.itemText(1) == "Left (no photos yet)"
    else:
        assert dialog.angles.currentText() == "Left"  # the first angle that has photos
        assert dialog.angles.itemText(0) == "Front (no photos yet)"
        assert dialog.picker.count() == 2 and not dialog.problem.isVisible()
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible(), timeout=30_000)
        dialog.preview.close()
        dialog.angles.setCurrentIndex(0)  # the user picks Front anyway: said, not crashed
        assert dialog.problem.text().startswith("No session has a front photo yet")
        assert not dialog.preview_button.isEnabled()
    dialog.close()


@pytest.mark.parametrize("sessions", [3, 14], ids=["3-sessions-fit", "14-sessions-more-than-fit"])
def test_the_timeline_picker_suggests_what_fits_says_its_rule_and_prints_the_chosen_sessions(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, sessions: int
) -> None:
    journal = _course(tmp_path, [(Angle.FRONT,)] * sessions)
    window.workspace.set_journal(journal)
    dialog = _print_timeline(qtbot, window)
    picker = dialog.picker
    dates = [s.date for s in journal.sessions()]
    assert picker.count() == sessions
    ticked = picker.chosen()
    if sessions <= 12:
        assert len(ticked) == sessions and picker.summary.text() == f"All {sessions} sessions."
        assert not dialog.notices.isVisible()
    else:
        assert len(ticked) == 12
        rule = picker.summary.text()
        assert rule.startswith("12 of 14 sessions with a front photo: the first, the latest")
        assert ticked[0] == journal.sessions()[0].id and ticked[-1] == journal.sessions()[-1].id
        assert not dialog.notices.isVisible()  # the rule is said once, by the picker
    # Untick the second session: the count says so, and the sheet leaves it out.
    picker.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert picker.summary.text() == f"{len(ticked) - 1} of {sessions} sessions."
    qtbot.waitUntil(lambda: dialog.sheet() is not None, timeout=30_000)
    sheet = dialog.sheet()
    assert [info.session.date for info in sheet.sessions] == [
        d for d in dates if journal.sessions()[dates.index(d)].id in picker.chosen()
    ]
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    save = next(d for d in dialog.findChildren(QFileDialog) if d.isVisible())
    assert Path(save.selectedFiles()[0]).name.startswith("timeline front ")  # not a pair's name
    save.reject()
    out = tmp_path / "timeline.pdf"
    dialog.save_pdf(out)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"), timeout=30_000)
    assert re.fullmatch(r"Saved .*timeline\.pdf \(\d+ pages?\)\.", dialog.status.text())
    pages = len(PdfReader(str(out)).pages)
    assert dialog.status.text().endswith("(1 page)." if pages == 1 else f"({pages} pages).")
    text = _pdf_text(out)
    assert long_date(dates[0]) in text and long_date(dates[1]) not in text
    # Tick none: the dialog says what to do and the buttons wait.
    picker.set_ticked([])
    assert dialog.problem.text() == "Tick at least one session to put on the sheet."
    assert not dialog.pdf_button.isEnabled()
    qtbot.mouseClick(picker.default_button, Qt.MouseButton.LeftButton)
    assert picker.chosen() == ticked and dialog.pdf_button.isEnabled()
    dialog.close()


def test_a_pair_of_every_angle_says_which_was_left_out_and_that_before_and_after_were_swapped(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.core import lighting

    journal = _course(tmp_path, [(Angle.FRONT, Angle.LEFT, Angle.RIGHT), (Angle.FRONT, Angle.LEFT)])
    window.workspace.set_journal(journal)
    window.workspace.show_compare()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: len(view.canvas.sides) == 2, timeout=10_000)
    # The user picks the later session as "before" and the earlier one as "after".
    view.controls.before_combo.activated.emit(1)
    view.controls.after_combo.activated.emit(0)
    assert view.before.session.date > view.after.session.date
    readers: list[bool] = []
    real = lighting.measure_photo
    monkeypatch.setattr(
        lighting,
        "measure_photo",
        lambda j, p: (readers.append(threading.current_thread() is threading.main_thread()), real(j, p))[1],
    )
    qtbot.mouseClick(view.controls.print_button, Qt.MouseButton.LeftButton)
    dialog = view.sheet_dialog
    dialog.angles.setCurrentIndex(1)  # every angle both sessions have
    qtbot.waitUntil(lambda: dialog.sheet() is not None, timeout=30_000)
    first, second = (long_date(s.date) for s in journal.sessions())
    lines = dialog.notices.text().splitlines()
    assert dialog.notices.isVisible() and lines == [
        f"Before and after were swapped: the before session ({second}) is later than the after one "
        f"({first}); the sheet shows 5 Jan → 19 Jan 2026.",
        f"Left out: right (no right photo on {second}).",
    ]
    assert dialog.sheet().angles == [Angle.FRONT, Angle.LEFT]
    assert readers and not any(readers)  # the previews were read off the GUI thread
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    save = next(d for d in dialog.findChildren(QFileDialog) if d.isVisible())
    assert Path(save.selectedFiles()[0]).name == "comparison front left 5 Jan to 19 Jan 2026.pdf"
    save.reject()
    dialog.angles.setCurrentIndex(0)  # this angle only: the swap is still said, nothing left out
    qtbot.waitUntil(lambda: dialog.sheet() is not None, timeout=30_000)
    assert [line.split(":")[0] for line in dialog.notices.text().splitlines()] == [
        "Before and after were swapped"
    ]
    dialog.close()


@pytest.mark.parametrize(
    ("sheet", "printer"),
    [
        ("timeline-sheet", "no-printer"),
        ("chart-sheet", "no-printer"),
        pytest.param(
            "timeline-sheet",
            "print-to-a-file-that-cannot-be-written",
            marks=pytest.mark.qt_log_ignore("QPainter::begin"),  # Qt's own word on a refused job
        ),
    ],
)
def test_printing_with_no_printer_says_nothing_was_printed(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch, sheet: str, printer: str
) -> None:
    """Print… where no printer is set up (or to a file that cannot be written): the dialog says plainly
    that nothing was printed, never "Sent 1 page to the printer"."""
    window.workspace.set_journal(_course(tmp_path, [(Angle.FRONT,), (Angle.FRONT,)]))
    if sheet == "timeline-sheet":
        dialog = _print_timeline(qtbot, window)
    else:
        from journal.ui.progress import ChartSheetDialog

        window.actions.print_charts.trigger()
        dialog = window.frame.findChild(ChartSheetDialog)
    if printer == "print-to-a-file-that-cannot-be-written":
        make = dialog.printer

        def refusing():  # type: ignore[no-untyped-def]
            made = make()
            made.setOutputFileName(str(tmp_path / "no such folder" / "job.pdf"))  # cannot be opened
            return made

        monkeypatch.setattr(dialog, "printer", refusing)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=30_000)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.print_dialog is not None and dialog.print_dialog.isVisible(), timeout=30_000
    )
    dialog.print_dialog.accept()
    said = dialog.status.text()
    assert said.startswith("Nothing was printed: "), said
    if printer == "no-printer":
        assert "no printer is set up" in said and "PDF" in said  # and what to do instead
    else:
        assert said == f"Nothing was printed: {tmp_path / 'no such folder' / 'job.pdf'} could not be written."
    assert not (tmp_path / "no such folder").exists()
    dialog.close()
