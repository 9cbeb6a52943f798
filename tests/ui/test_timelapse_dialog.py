"""File → Make timelapse…, driven as a user would: the sessions left out and why, the preview
playing, Save writing the film, Cancel and failures leaving no file, the save dialog never
opening inside the journal; and the session's-photo mark in the session page."""

from __future__ import annotations

import datetime as dt
import errno
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QImage
from PySide6.QtWidgets import QApplication

from journal.core import timelapse_encode, timelapse_frames
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from journal.ui.session.strip_model import MarkedRole
from journal.ui.shared.settings import TimelapseChoices
from tests.helpers import photo_like, save_jpeg

START = dt.date(2026, 1, 5)
SMALL = TimelapseChoices(seconds=0.2, width=120, height=150, format="gif")


def _face(seed: int, size: tuple[int, int] = (240, 300)) -> Image.Image:
    """A photo-like picture with a bright block whose colour says which session it is."""
    image = photo_like(size, seed)
    tint = ((230, 40, 40), (40, 200, 40), (40, 40, 230), (230, 200, 40), (200, 40, 200), (40, 200, 200))
    ImageDraw.Draw(image).rectangle((60, 100, 180, 220), fill=tint[seed % len(tint)])
    return image


def _day(index: int) -> dt.date:
    return START + dt.timedelta(days=21 * index)


class Course:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.front: dict[int, int] = {}  # session index -> its (first) front photo id
        self.sessions: list[int] = []


def _course(folder: Path) -> Course:
    """Six sessions three weeks apart: 0, 1, 3 and 4 with a front photo and eye points, 2 with a
    left photo only, 5 with a front photo in which no eyes were found."""
    journal = Journal.create(folder / "journal", JournalSettings(name="Cheeks: 2026"), folder / "cache")
    course = Course(journal)
    for index in range(6):
        session = journal.add_session(_day(index), Kind.TREATMENT)
        course.sessions.append(session.id)
        angle = Angle.LEFT if index == 2 else Angle.FRONT
        source = save_jpeg(folder / "originals" / f"s{index}-{angle.value}.jpg", _face(index))
        photo = journal.import_file(source, session.id, angle).photo
        assert photo is not None
        if index == 5:
            journal.set_eye_points(photo.id, None, None, "auto", "no-face")
        else:
            shift = 0.01 * index
            journal.set_eye_points(photo.id, (0.38 + shift, 0.40), (0.62 + shift, 0.41), "manual")
        if angle is Angle.FRONT:
            course.front[index] = photo.id
    return course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    """The course (the window it is shown in closes it)."""
    return _course(tmp_path)


def _open_dialog(qtbot, window, course: Course, choices: TimelapseChoices = SMALL):  # type: ignore[no-untyped-def]
    window.workspace.set_journal(course.journal)
    window.workspace.settings.timelapse_choices = choices
    window.actions.make_timelapse.trigger()
    dialog = window.timelapse.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.player.has_film and not dialog.busy, timeout=20_000)
    return dialog


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _pixels(image) -> np.ndarray:  # type: ignore[no-untyped-def]
    image = image.convertToFormat(image.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return data[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


# --------------------------------------------------------------------------- the dialog


def test_skipped_sessions_listed_and_the_preview_plays(qtbot, window, course) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_dialog(qtbot, window, course)
    lines = dialog.skipped_lines()
    assert dialog.skipped_title.text() == "Left out (2 sessions):"
    assert lines[0] == "Mon 16 Feb 2026: no front photo"
    assert lines[1].startswith("Mon 20 Apr 2026: no eye points on the front photo 's5-front.jpg'")
    assert dialog.summary.text().startswith("4 sessions in the film")
    assert dialog.save_button.isEnabled()
    assert len(lines) == 2
    # Each date is a link to its session in the journal, to go and fix it (here by keyboard).
    window.workspace.select_session(course.sessions[0])
    dialog.skipped.setFocus()
    qtbot.keyClick(dialog.skipped, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.skipped, Qt.Key.Key_Return)
    assert window.workspace.current_session_id() == course.sessions[2]

    # It plays by itself, one session after another, each a different picture, in a loop.
    player = dialog.player
    assert player.playing and player.play_button.text() == "Pause"
    seen: dict[int, np.ndarray] = {}

    def shown(shot: int) -> None:
        seen.setdefault(shot, _pixels(player.image))

    player.shotShown.connect(shown)
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=10_000)
    assert all(abs(seen[i].astype(int) - seen[i + 1].astype(int)).mean() > 10 for i in range(3))

    # Space pauses; Right steps on a session; the slider and the caption say where the film is.
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert not player.playing and player.play_button.text() == "Play"
    player.go_to(1)
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert player.shot == 2 and player.slider.value() == 2
    assert player.position.text() == "3 / 4  ·  9 Mar 2026 · week 9"
    assert np.array_equal(_pixels(player.image), seen[2])

    # Cross-fades: a picture between two sessions that is neither of them.
    dialog.form.crossfade.setChecked(True)
    assert any(0 < step.alpha < 1 for step in player._steps)
    player.play()
    blends: list[float] = []

    def fading() -> bool:
        step = player._steps[player._step]
        if 0 < step.alpha < 1:
            blends.append(step.alpha)
        return len(blends) >= 2

    qtbot.waitUntil(fading, timeout=10_000)

    # Dates off: the burned-in label goes at once (no new preview needed).
    player.go_to(0)
    with_dates = _pixels(player.image)
    dialog.form.dates.setChecked(False)
    assert not dialog.busy
    without = _pixels(player.image)
    height = without.shape[0]
    bottom = slice(int(height * 0.85), height)
    assert abs(with_dates[bottom].astype(int) - without[bottom].astype(int)).mean() > 3
    assert np.array_equal(with_dates[: height // 2], without[: height // 2])


def test_fewer_than_two_frames_says_so_and_cannot_be_saved(qtbot, window, course) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_dialog(qtbot, window, course)
    dialog.form.first.setDate(dialog.form.last.date().addDays(-30))  # only the last two sessions
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert not dialog.player.has_film
    assert dialog.player.film.message == (
        "Only one session in 21 Mar – 20 Apr 2026 has a front photo with eye points. "
        "A timelapse needs at least two."
    )
    assert not dialog.save_button.isEnabled()
    # The left angle has one photo in all: none to film.
    dialog.form.first.setDate(dialog.form.first.minimumDate())
    dialog.form.angle.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.player.film.message.startswith("Only one session in 5 Jan – 20 Apr 2026 has a left photo")
    # Dates the wrong way round: said as such.
    dialog.form.angle.setCurrentIndex(0)
    dialog.form.first.setDate(dialog.form.last.date())
    dialog.form.last.setDate(dialog.form.last.date().addDays(-1))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.player.film.message == "The first date is after the last."
    assert not dialog.save_button.isEnabled()
    dialog.form.first.setDate(dialog.form.first.minimumDate())
    qtbot.waitUntil(lambda: dialog.player.has_film and not dialog.busy, timeout=10_000)
    assert dialog.save_button.isEnabled()


@pytest.mark.parametrize("fmt", ["gif", "video"])
def test_save_writes_the_film_and_says_where(qtbot, window, course, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    chosen = timelapse_encode.available_formats()[0].value if fmt == "video" else "gif"
    dialog = _open_dialog(
        qtbot, window, course, TimelapseChoices(seconds=0.2, width=120, height=150, format=chosen)
    )
    out = tmp_path / "films" / f"course.{chosen}"
    out.parent.mkdir()
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        dialog.save_to(out)
        assert dialog.saving and dialog.cancel_button.isVisible() and not dialog.form.isEnabled()
    assert saved.args == [out]
    assert dialog.status.text().startswith(f"Saved {out}: 4 sessions")
    assert not dialog.saving and dialog.save_button.isVisible() and dialog.form.isEnabled()
    assert _leftovers(out.parent) == []
    if chosen == "gif":
        with Image.open(out) as film:
            assert film.size == (120, 150) and film.n_frames == 4
    else:
        import av

        with av.open(str(out)) as container:
            frames = list(container.decode(video=0))
        assert (frames[0].width, frames[0].height) == (120, 150) and len(frames) >= 4
    # The choices and the folder are kept for next time.
    kept = window.workspace.settings.timelapse_choices
    assert kept.folder == str(out.parent) and kept.format == chosen and kept.seconds == 0.2


@pytest.mark.parametrize(
    ("typed", "written", "shown"),
    [("film.gif", "film.gif", "Animated GIF"), ("film.v2", "film.v2.webp", "Animated WebP")],
    ids=["another-format-typed", "unknown-ending"],
)
def test_the_name_typed_decides_the_format(
    qtbot, window, course, tmp_path: Path, typed, written, shown
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_dialog(
        qtbot, window, course, TimelapseChoices(seconds=0.2, width=120, height=150, format="webp")
    )
    with qtbot.waitSignal(dialog.saved, timeout=30_000) as saved:
        dialog.save_to(tmp_path / typed)
    assert saved.args == [tmp_path / written] and sorted(p.name for p in tmp_path.glob("film*")) == [written]
    with Image.open(tmp_path / written) as film:
        assert film.format == ("GIF" if written.endswith(".gif") else "WEBP")
    assert dialog.form.format.currentText() == shown
    assert f", {shown}, " in dialog.status.text() and dialog.status.text().endswith(" MB.")


@pytest.mark.parametrize("existing", [False, True], ids=["new-name", "over-an-existing-file"])
def test_cancel_while_saving_leaves_no_file(
    qtbot, window, course, tmp_path: Path, monkeypatch, existing: bool
) -> None:  # type: ignore[no-untyped-def]
    """A slow disk: the third frame waits until the user has pressed Cancel."""
    dialog = _open_dialog(qtbot, window, course)
    out = tmp_path / "out" / "course.gif"
    out.parent.mkdir()
    if existing:
        out.write_bytes(b"an older film")
    pressed = threading.Event()
    render = timelapse_frames.render
    calls: list[int] = []

    def slow_render(journal, shot, framing, dates):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            pressed.wait(20)
        return render(journal, shot, framing, dates)

    monkeypatch.setattr(timelapse_frames, "render", slow_render)
    dialog.save_to(out)
    qtbot.waitUntil(lambda: len(calls) >= 3, timeout=10_000)
    assert dialog.progress.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=20_000)
    assert dialog.status.text() == "Cancelled: nothing was saved."
    assert _leftovers(out.parent) == []
    if existing:
        assert out.read_bytes() == b"an older film"
    else:
        assert not out.exists()
    assert dialog.save_button.isEnabled() and not dialog.progress.isVisible()


@pytest.mark.parametrize("damage", ["damaged-photo", "disk-full"])
def test_failed_save_says_why_and_leaves_no_file(
    qtbot, window, course, tmp_path: Path, monkeypatch, damage: str
) -> None:  # type: ignore[no-untyped-def]
    journal = course.journal
    if damage == "damaged-photo":
        photo = journal.photo(course.front[3])
        original = journal.photo_path(photo)
        original.chmod(0o600)
        original.write_bytes(b"\xff\xd8\xff not a photo any more")
        for cached in journal.cache.root.rglob(f"*{photo.sha256[:16]}*"):
            cached.unlink()
    else:

        def full(self, steps, frames):  # type: ignore[no-untyped-def]
            self.path.write_bytes(b"GIF89a half a film")
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(timelapse_encode.GifEncoder, "encode", full)
    dialog = _open_dialog(qtbot, window, course) if damage == "disk-full" else None
    if dialog is None:  # the preview already fails on the damaged photo: it says so
        window.workspace.set_journal(journal)
        window.workspace.settings.timelapse_choices = SMALL
        window.actions.make_timelapse.trigger()
        dialog = window.timelapse.dialog
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
        assert "s3-front.jpg" in dialog.player.film.message
    out = tmp_path / "out" / "course.gif"
    out.parent.mkdir()
    dialog.save_to(out)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=20_000)
    box = dialog.message
    assert box is not None and box.isVisible() and box.windowTitle() == "Not saved"
    assert box.text().startswith("The timelapse was not saved: ")
    assert "Traceback" not in box.text()
    if damage == "damaged-photo":
        assert "s3-front.jpg" in box.text()
    else:
        assert "full" in box.text().lower()
    assert not out.exists() and _leftovers(out.parent) == []
    assert dialog.save_button.isEnabled()


def test_the_save_dialog_never_opens_inside_the_journal(qtbot, window, course, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inside = course.journal.folder / "photos"
    dialog = _open_dialog(
        qtbot, window, course, TimelapseChoices(width=120, height=150, format="gif", folder=str(inside))
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    file_dialog = dialog.save_dialog
    assert file_dialog is not None and file_dialog.isVisible()
    folder = Path(file_dialog.directory().absolutePath()).resolve()
    journal_folder = course.journal.folder.resolve()
    assert folder != journal_folder and not folder.is_relative_to(journal_folder)
    assert file_dialog.selectedFiles()[0].endswith("Cheeks 2026 front timelapse.gif")
    file_dialog.reject()

    # A name typed inside the journal anyway: refused in plain words, nothing written there.
    before = sorted(p.name for p in inside.rglob("*"))
    dialog.save_to(inside / "film.gif")
    assert dialog.message is not None and "inside the journal folder" in dialog.message.text()
    assert not dialog.saving
    assert sorted(p.name for p in inside.rglob("*")) == before


def test_escape_while_saving_cancels_and_closing_the_journal_closes_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, window, course, tmp_path: Path, monkeypatch
) -> None:
    dialog = _open_dialog(qtbot, window, course)
    out = tmp_path / "course.gif"
    pressed = threading.Event()
    render = timelapse_frames.render

    def slow_render(journal, shot, framing, dates):  # type: ignore[no-untyped-def]
        pressed.wait(20)
        return render(journal, shot, framing, dates)

    monkeypatch.setattr(timelapse_frames, "render", slow_render)
    dialog.save_to(out)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    pressed.set()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=20_000)
    assert dialog.isVisible() and not out.exists()

    window.workspace.set_journal(None)  # closing the journal takes the dialog with it
    qtbot.waitUntil(lambda: window.timelapse.dialog is None, timeout=5_000)


# --------------------------------------------------------------------------- the session's photo


# A popped-up menu under the offscreen platform: it cannot raise itself or grab the keyboard.
POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "does not support grabbing the keyboard"
)


def _right_click(strip, row: int) -> None:  # type: ignore[no-untyped-def]
    """What a right click on a tile sends (the strip opens its menu from it)."""
    center = strip.visualRect(strip.model().index(row, 0)).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, center, strip.viewport().mapToGlobal(center))
    QApplication.sendEvent(strip.viewport(), event)


def _mark_action(groups):  # type: ignore[no-untyped-def]
    actions = [a for a in groups.last_menu.actions() if a.text().startswith("The session's")]
    return actions[0] if actions else None


@POPUP
def test_mark_the_sessions_photo_shown_on_it_undoable_and_used_by_the_timelapse(  # type: ignore[no-untyped-def]
    qtbot, window, course, tmp_path: Path
) -> None:
    journal = course.journal
    session = course.sessions[1]
    second = journal.import_file(
        save_jpeg(tmp_path / "originals" / "s1-front-b.jpg", _face(5)), session, Angle.FRONT
    ).photo
    journal.set_eye_points(second.id, (0.4, 0.4), (0.6, 0.4), "manual")
    dialog = _open_dialog(qtbot, window, course)
    assert dialog.current_plan.shots[1].photo.id == course.front[1]  # unmarked: the first photo

    window.workspace.select_session(session)
    groups = window.view.session_page.photos
    strip, model = groups.strips[Angle.FRONT], groups.models[Angle.FRONT]
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5_000)
    strip.viewport().grab()  # painted: the thumbnails are asked for
    qtbot.waitUntil(
        lambda: all(
            isinstance(model.index(r, 0).data(Qt.ItemDataRole.DecorationRole), QImage) for r in range(2)
        ),
        timeout=10_000,
    )
    row = [model.photo(r).id for r in range(2)].index(second.id)
    _right_click(strip, row)
    action = _mark_action(groups)
    assert action is not None and action.text() == "The session's front photo (for the timelapse)"
    assert action.isCheckable() and not action.isChecked() and action.isEnabled()
    groups.last_menu.close()
    action.trigger()

    assert journal.marked_photos() == {(session, Angle.FRONT): second.id}
    assert model.index(row, 0).data(MarkedRole) and not model.index(1 - row, 0).data(MarkedRole)
    assert "stands for the session in a timelapse" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    # The star is on the photo: a disc in the highlight colour at its top-right corner.
    assert _star_on(strip, row) and not _star_on(strip, 1 - row)
    # The open timelapse follows: the marked photo now stands for the session.
    qtbot.waitUntil(
        lambda: dialog.current_plan is not None and dialog.current_plan.shots[1].photo.id == second.id,
        timeout=10_000,
    )

    # Undo takes the mark away (the first photo stands for the session again); redo brings it back.
    undo = window.actions.undo
    assert undo.text() == "&Undo Mark the session's front photo"
    undo.trigger()
    assert journal.marked_photos() == {}
    assert not model.index(row, 0).data(MarkedRole)
    window.actions.redo.trigger()
    assert journal.marked_photos() == {(session, Angle.FRONT): second.id}

    # The menu shows the mark as checked; unchecking it is one more undoable step.
    _right_click(strip, row)
    action = _mark_action(groups)
    assert action.isChecked()
    groups.last_menu.close()
    action.trigger()
    assert journal.marked_photos() == {}
    undo.trigger()
    assert journal.marked_photos() == {(session, Angle.FRONT): second.id}


def _star_on(strip, row: int) -> bool:  # type: ignore[no-untyped-def]
    """The tile's top-right quarter, unselected, holds the highlight colour."""
    strip.clearSelection()
    tile = strip.visualRect(strip.model().index(row, 0))
    pixels = _pixels(strip.viewport().grab(tile).toImage()).astype(int)
    corner = pixels[: pixels.shape[0] // 3, pixels.shape[1] // 2 :]
    colour = strip.palette().color(strip.palette().ColorRole.Highlight)
    target = np.array([colour.red(), colour.green(), colour.blue()])
    return bool((np.abs(corner - target).sum(axis=2) < 30).sum() > 40)


@POPUP
@pytest.mark.parametrize("case", ["read-only-journal", "other-angle"])
def test_no_mark_where_it_cannot_be_set(qtbot, window, course, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    journal = course.journal
    session = course.sessions[0]
    if case == "other-angle":
        journal.set_photo_angle(course.front[0], Angle.OTHER)
        window.workspace.set_journal(journal)
        angle = Angle.OTHER
    else:
        folder, cache = journal.folder, tmp_path / "cache"
        journal.close()
        journal = Journal.open(folder, cache, read_only=True)
        course.journal = journal
        window.workspace.set_journal(journal)
        angle = Angle.FRONT
    window.workspace.select_session(session)
    groups = window.view.session_page.photos
    strip, model = groups.strips[angle], groups.models[angle]
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    _right_click(strip, 0)
    action = _mark_action(groups)
    groups.last_menu.close()
    if case == "other-angle":
        assert action is None  # a timelapse shows front, left or right
    else:
        assert action is not None and not action.isEnabled()
