"""What keeps the window quick on a long journal (issue 12): only what changed is repainted,
the import's progress waits for the next frame, background eye detection makes way for an
import, and a strip keeps its selection while photos land in it."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from journal.ui.timeline.model import ThumbnailRole
from tests.helpers import photo_like, save_jpeg, wheel_event
from tests.ui.conftest import wait_thumbnails

SESSIONS = 30  # more than a screen of rows


class _Paints(QObject):
    """The rectangles a widget is asked to paint."""

    def __init__(self, widget: object) -> None:
        super().__init__()
        self.rects: list[QRect] = []
        widget.installEventFilter(self)  # type: ignore[attr-defined]

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def _held_imports(monkeypatch) -> tuple[threading.Semaphore, threading.Event]:  # type: ignore[no-untyped-def]
    """Each import in the core waits for `release` once it has begun (said by `started`)."""
    started, release = threading.Semaphore(0), threading.Event()
    real = Journal.import_file

    def held(self, source, session_id, angle=Angle.OTHER, **kwargs):  # type: ignore[no-untyped-def]
        started.release()
        release.wait(20)
        return real(self, source, session_id, angle, **kwargs)

    monkeypatch.setattr(Journal, "import_file", held)
    return started, release


@pytest.fixture
def long_journal(qtbot, window, tmp_path: Path):  # type: ignore[no-untyped-def]
    journal = Journal.create(tmp_path / "long", JournalSettings(name="Long"), tmp_path / "cache")
    picture = save_jpeg(tmp_path / "p.jpg", photo_like((96, 72), seed=1))
    data = picture.read_bytes()
    for i in range(SESSIONS):
        session = journal.add_session(dt.date(2024, 1, 1) + dt.timedelta(days=14 * i))
        source = tmp_path / "src" / f"front{i}.jpg"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(data + f"{i}".encode())  # same picture, another file
        assert journal.import_file(source, session.id, Angle.FRONT).ok
    window.frame.activateWindow()
    qtbot.waitUntil(window.frame.isActiveWindow, timeout=10_000)  # its repaint is not ours to count
    window.workspace.set_journal(journal)
    model, loader = window.view.timeline_model, window.thumbnails

    def settled() -> bool:  # every row on screen has its thumbnail, and nothing is on its way
        window.frame.repaint()
        view = window.view.timeline
        rows = [
            r
            for r in range(model.rowCount())
            if view.visualRect(model.index(r, 0)).intersects(view.viewport().rect())
        ]
        return (
            bool(rows)
            and all(loader.settled(model.summary(r).front_photo.id) for r in rows)
            and loader.idle()
        )

    qtbot.waitUntil(settled, timeout=10_000)
    wait_thumbnails(qtbot, window)
    window.frame.repaint()
    QApplication.processEvents()
    return journal


def _row_height(window) -> int:  # type: ignore[no-untyped-def]
    return window.view.timeline.visualRect(window.view.timeline_model.index(0, 0)).height()


@pytest.mark.parametrize("change", ["thumbnail-arrives", "its-photo-turned"])
def test_a_change_to_one_row_repaints_that_row_only(
    qtbot, window, long_journal, tmp_path: Path, change
) -> None:  # type: ignore[no-untyped-def]
    model, view = window.view.timeline_model, window.view.timeline
    row = 2  # on screen, not the selected one
    summary = model.summary(row)
    paints = _Paints(view.viewport())
    if change == "thumbnail-arrives":
        window.thumbnails.forget(summary.front_photo.id)
        assert model.index(row, 0).data(ThumbnailRole) is None  # asks for it again
        qtbot.waitUntil(lambda: model.index(row, 0).data(ThumbnailRole) is not None, timeout=10_000)
    else:
        from journal.core.turn import Turn

        long_journal.set_photo_turn(summary.front_photo.id, Turn(quarters=2))
        qtbot.waitUntil(lambda: model.summary(row).front_photo.turn == Turn(quarters=2), timeout=10_000)
    qtbot.waitUntil(lambda: bool(paints.rects), timeout=10_000)
    QApplication.processEvents()
    expected = view.visualRect(model.index(row, 0))
    assert all(expected.contains(rect) for rect in paints.rects), (paints.rects, expected)
    assert max(rect.height() for rect in paints.rects) <= _row_height(window)


@pytest.mark.parametrize("change", ["eye-points-found", "photo-of-another-angle-imported"])
def test_what_the_timeline_does_not_show_repaints_nothing(
    qtbot, window, long_journal, tmp_path: Path, change
) -> None:  # type: ignore[no-untyped-def]
    model = window.view.timeline_model
    paints = _Paints(window.view.timeline.viewport())
    summary = model.summary(1)
    if change == "eye-points-found":
        long_journal.set_eye_points(summary.front_photo.id, (0.4, 0.4), (0.6, 0.4), "auto")
        qtbot.waitUntil(lambda: long_journal.photo(summary.front_photo.id).eyes_checked, timeout=5_000)
    else:  # the row shows the front photo, which stays the same
        extra = save_jpeg(tmp_path / "left.jpg", photo_like((96, 72), seed=9))
        assert long_journal.import_file(extra, summary.session.id, Angle.LEFT).ok
        qtbot.waitUntil(lambda: model.summary(1).photo_count == 2, timeout=10_000)
    QApplication.processEvents()
    assert paints.rects == []


def test_import_progress_is_painted_with_the_next_frame_not_at_once(qtbot, window, long_journal) -> None:  # type: ignore[no-untyped-def]
    progress = window.import_progress
    window.importer.started.emit(12)
    QApplication.processEvents()
    paints = _Paints(progress.bar)
    window.importer.progress.emit(3, 12, "IMG_0003.jpg")
    assert paints.rects == []  # QProgressBar.setValue painted right there, for every photo
    assert progress.bar.value() == 3 and progress.bar.text() == "3 of 12"
    qtbot.waitUntil(lambda: bool(paints.rects), timeout=5_000)


def test_photos_landing_quickly_repaint_the_import_bar_a_few_times_not_once_each(
    qtbot, window, long_journal
) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.importing.progress import SHOW_EVERY_MS

    progress = window.import_progress
    window.importer.started.emit(40)
    window.importer.progress.emit(1, 40, "IMG_0001.jpg")
    qtbot.waitUntil(lambda: progress.bar.value() == 1, timeout=5_000)
    QApplication.processEvents()
    paints = _Paints(progress.bar)
    for done in range(2, 31):  # thirty photos within one throttle interval
        window.importer.progress.emit(done, 40, f"IMG_{done:04d}.jpg")
        QApplication.processEvents()
    assert len(paints.rects) <= 1, "the bar repainted for each photo"
    qtbot.wait(SHOW_EVERY_MS + 50)
    QApplication.processEvents()
    assert progress.bar.value() == 30 and progress.bar.text() == "30 of 40"
    assert "30 of 40" in progress.label.text() and "IMG_0030.jpg" in progress.label.text()
    qtbot.waitUntil(lambda: len(paints.rects) >= 1, timeout=5_000)
    assert len(paints.rects) <= 3


def test_background_eye_detection_waits_while_held_but_not_the_photos_on_screen(
    qtbot, window, long_journal
) -> None:  # type: ignore[no-untyped-def]
    eyes = window.eyes
    older = long_journal.photos_unchecked_for_eyes()
    assert len(older) == SESSIONS
    eyes.hold(True)  # an import is running
    eyes.request(older)
    assert eyes.pending() == SESSIONS and not any(p.eyes_checked for p in long_journal.photos())
    on_screen = older[-1]
    with qtbot.waitSignal(eyes.detected, timeout=30_000) as detected:
        eyes.request([on_screen], urgent=True)
    assert detected.args == [on_screen]
    assert [p.id for p in long_journal.photos() if p.eyes_checked] == [on_screen]
    eyes.hold(False)
    qtbot.waitUntil(lambda: len(long_journal.photos_unchecked_for_eyes()) < SESSIONS - 2, timeout=60_000)


def test_the_last_imports_photos_wait_for_eyes_while_the_next_import_runs(
    qtbot, window, long_journal, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Photos just imported have their eyes looked for first, but not over the next import: a
    person dropping folder after folder would otherwise have each import share the cores with
    the detection of the one before (measured: 1.8x as long for 12 MP photos)."""
    first = [
        str(save_jpeg(tmp_path / "one" / f"a{i}.jpg", photo_like((96, 72), seed=40 + i))) for i in range(4)
    ]
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        assert window.workspace.imports.import_into_current(first, Angle.LEFT)
    landed = [r.photo.id for r in finished.args[0].results if r.photo is not None]
    assert len(landed) == 4
    assert window.eyes.making_way  # a moment's wait first: another import often follows

    started, release = _held_imports(monkeypatch)
    second = [
        str(save_jpeg(tmp_path / "two" / f"b{i}.jpg", photo_like((96, 72), seed=50 + i))) for i in range(2)
    ]
    assert window.workspace.imports.import_into_current(second, Angle.RIGHT)  # right after the first
    assert started.acquire(timeout=20)
    qtbot.wait(1500)  # a tiny photo's eyes take well under 100 ms: time for all four
    checked = [photo_id for photo_id in landed if long_journal.photo(photo_id).eyes_checked]
    assert len(checked) <= 1, "detected while the next import ran"  # one may have begun before it
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        release.set()
    qtbot.waitUntil(lambda: all(long_journal.photo(i).eyes_checked for i in landed), timeout=30_000)


def test_a_detection_running_when_an_import_starts_stops_at_once_and_is_done_after_it(
    qtbot, window, long_journal, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A 12 MP photo without a face takes 43 detector windows, ~160 ms alone and twice that
    beside an import, which shares the cores with it meanwhile. So an import stops the
    background detection it meets, within a window, and that photo is looked at after."""
    import journal.core.facenets as facenets

    windows: list[float] = []  # when each detector window began
    slow = threading.Event()
    slow.set()
    real = facenets.faces_in

    def timed(*args):  # type: ignore[no-untyped-def]
        windows.append(time.monotonic())
        if slow.is_set():
            time.sleep(0.03)  # a window of a large photo on a busy machine
        return real(*args)

    monkeypatch.setattr(facenets, "faces_in", timed)
    photo_id = long_journal.photos_unchecked_for_eyes()[0]
    window.eyes.request([photo_id], first=True)
    qtbot.waitUntil(lambda: len(windows) >= 2, timeout=10_000)  # it is being looked at

    started, release = _held_imports(monkeypatch)
    new = [str(save_jpeg(tmp_path / "new" / "n.jpg", photo_like((96, 72), seed=70)))]
    assert window.workspace.imports.import_into_current(new, Angle.LEFT)
    assert started.acquire(timeout=20)  # the import runs (and holds the detector)
    stopped_at = len(windows)
    qtbot.wait(500)  # ~16 more windows if it ran on
    assert len(windows) <= stopped_at + 1, "the detection ran on beside the import"
    assert not any(p.eyes_checked for p in long_journal.photos())
    assert window.eyes.pending() >= 1

    slow.clear()
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        release.set()
    qtbot.waitUntil(lambda: long_journal.photo(photo_id).eyes_checked, timeout=30_000)


def test_cancel_drops_the_files_waiting_behind_those_being_imported(
    qtbot, window, long_journal, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    started, release = _held_imports(monkeypatch)
    files = [
        str(save_jpeg(tmp_path / "new" / f"n{i}.jpg", photo_like((96, 72), seed=20 + i))) for i in range(8)
    ]
    before = len(long_journal.photos())
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        assert window.workspace.imports.import_into_current(files, Angle.LEFT)
        assert started.acquire(timeout=20) and started.acquire(timeout=20)  # two being imported
        window.import_progress.cancel_button.click()
        release.set()
    summary = finished.args[0]
    assert summary.cancelled and summary.count("imported") == 2 and summary.not_attempted == 6
    assert len(long_journal.photos()) == before + 2


def test_a_selected_photo_stays_selected_while_others_land_in_its_strip(
    qtbot, window, long_journal, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = window.view.session_page
    strip = page.photos.strips[Angle.FRONT]
    assert strip.model().rowCount() == 1
    strip.selectionModel().setCurrentIndex(
        strip.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    chosen = strip.selected_photo_ids()
    assert len(chosen) == 1
    for i in range(2):
        extra = save_jpeg(tmp_path / f"more{i}.jpg", photo_like((96, 72), seed=40 + i))
        assert long_journal.import_file(extra, page.session.id, Angle.FRONT).ok
    qtbot.waitUntil(lambda: strip.model().rowCount() == 3, timeout=10_000)
    assert strip.selected_photo_ids() == chosen


def test_a_turned_photo_shows_turned_in_the_timeline(qtbot, window, long_journal) -> None:  # type: ignore[no-untyped-def]
    from journal.core.turn import Turn

    model = window.view.timeline_model
    photo = model.summary(0).front_photo
    before = model.index(0, 0).data(ThumbnailRole)
    assert before.width() > before.height()  # as imported: landscape
    long_journal.set_photo_turn(photo.id, Turn(quarters=1))
    qtbot.waitUntil(lambda: model.index(0, 0).data(ThumbnailRole).height() > before.height(), timeout=10_000)
    turned = model.index(0, 0).data(ThumbnailRole)
    assert (turned.width(), turned.height()) == (before.height(), before.width())


def test_a_wheel_step_finds_the_rows_coming_in_drawn_already(qtbot, window, long_journal) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, QPointF

    view = window.view.timeline
    delegate = view.itemDelegate()
    viewport = view.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    for step in range(3):
        qtbot.waitUntil(lambda: not view.ahead_pending, timeout=5_000)  # idle: the next rows drawn
        window.thumbnails.wait_idle()
        qtbot.waitUntil(window.thumbnails.idle, timeout=5_000)
        QApplication.processEvents()
        drawn = delegate.rows_drawn
        first = view.indexAt(QPoint(0, 0)).row()
        wheel = wheel_event(viewport, centre, -120)
        QApplication.sendEvent(viewport, wheel)
        viewport.repaint()
        assert view.indexAt(QPoint(0, 0)).row() > first  # it scrolled
        assert delegate.rows_drawn == drawn, step  # every row that came in was ready


def test_photos_imported_in_the_window_show_the_imports_own_thumbnails(
    qtbot, window, long_journal, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    decoded = window.thumbnails.decodes
    files = [
        str(save_jpeg(tmp_path / "in" / f"r{i}.jpg", photo_like((640, 480), seed=60 + i))) for i in range(2)
    ]
    with qtbot.waitSignal(window.importer.finished, timeout=30_000):
        assert window.workspace.imports.import_into_current(files, Angle.RIGHT)
    strip = window.view.session_page.photos.models[Angle.RIGHT]
    qtbot.waitUntil(lambda: strip.rowCount() == 2, timeout=10_000)
    shown = [strip.index(r, 0).data(Qt.ItemDataRole.DecorationRole) for r in range(2)]
    assert all(isinstance(image, QImage) and image.width() > 0 for image in shown)  # at once
    assert window.thumbnails.decodes == decoded  # nothing decoded again to show them


def _wheel(view, notches: int = -1) -> None:  # type: ignore[no-untyped-def]
    """One notch of the mouse wheel over the list (negative: down the list)."""
    from PySide6.QtCore import QPointF

    viewport = view.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = wheel_event(viewport, centre, 120 * notches)
    QApplication.sendEvent(viewport, wheel)


def _visible_rows(view) -> range:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    area = view.viewport().rect()
    first, last = view.indexAt(area.topLeft()), view.indexAt(QPoint(0, area.bottom()))
    return range(first.row(), (last.row() if last.isValid() else view.model().rowCount() - 1) + 1)


@pytest.mark.parametrize("direction", ["down-from-the-top", "up-from-the-end"])
def test_scrolling_each_row_is_drawn_once_with_its_thumbnail_asked_for_a_screen_ahead(
    qtbot, window, long_journal, monkeypatch, direction
) -> None:  # type: ignore[no-untyped-def]
    """The rows coming in are drawn before they show, once, with their thumbnail (not first
    without it and again when it arrives), and the next screen's thumbnails are in memory
    before it scrolls in."""
    view, model, loader = window.view.timeline, window.view.timeline_model, window.thumbnails
    delegate = view.itemDelegate()
    notch = -1 if direction.startswith("down") else 1
    if notch > 0:
        view.scrollToBottom()

    def idle() -> None:
        view.viewport().repaint()  # the paint after which rows are drawn ahead
        qtbot.waitUntil(lambda: not view.ahead_pending and loader.idle(), timeout=10_000)
        QApplication.processEvents()

    idle()
    idle()  # what the first round's thumbnails brought
    drawn: list[tuple[int, bool]] = []
    real = type(delegate)._draw_content

    def recording(self, painter, option, index, image, ratio):  # type: ignore[no-untyped-def]
        drawn.append((index.row(), isinstance(image, QImage) and not image.isNull()))
        return real(self, painter, option, index, image, ratio)

    monkeypatch.setattr(type(delegate), "_draw_content", recording)
    shown = _visible_rows(view)
    for _step in range(4):
        ahead = range(shown.stop, min(model.rowCount(), shown.stop + 12))
        if notch > 0:
            ahead = range(max(0, shown.start - 12), shown.start)
        assert all(loader.settled(model.summary(r).front_photo.id) for r in ahead), _step
        _wheel(view, notch)
        view.viewport().repaint()
        assert _visible_rows(view) != shown  # it scrolled
        shown = _visible_rows(view)
        idle()
    rows = [row for row, _thumb in drawn]
    assert rows, "nothing came in to be drawn"
    assert len(rows) == len(set(rows)), drawn  # no row drawn twice
    assert all(thumb for _row, thumb in drawn), drawn  # each with its thumbnail


def test_background_eye_detection_waits_while_the_timeline_scrolls_not_the_photos_on_screen(
    qtbot, window, long_journal
) -> None:  # type: ignore[no-untyped-def]
    """A wheel step would wait for a detection running beside it (the GIL, and on two cores
    the CPU): the older photos' eyes are looked for once the person stops scrolling."""
    import time

    eyes, view = window.eyes, window.view.timeline
    older = long_journal.photos_unchecked_for_eyes()
    _wheel(view)
    eyes.request(older)
    until = time.monotonic() + 1.5  # scrolling on, a notch every 100 ms, down and back up
    notch = -1
    while time.monotonic() < until:
        qtbot.wait(100)
        notch = (
            -notch if view.verticalScrollBar().value() in (0, view.verticalScrollBar().maximum()) else notch
        )
        _wheel(view, notch)
        assert not any(p.eyes_checked for p in long_journal.photos()), "detected while scrolling"
    on_screen = older[-1]
    with qtbot.waitSignal(eyes.detected, timeout=30_000) as detected:
        eyes.request([on_screen], urgent=True)  # Compare shows it: not kept waiting
    assert detected.args == [on_screen]
    assert [p.id for p in long_journal.photos() if p.eyes_checked] == [on_screen]
    qtbot.waitUntil(lambda: len(long_journal.photos_unchecked_for_eyes()) < SESSIONS - 2, timeout=60_000)


@pytest.mark.parametrize("edit", ["rating-set", "kind-changed", "notes-only"])
def test_an_edited_session_shows_in_its_row_at_once_and_only_what_it_shows_redraws_it(
    qtbot, window, long_journal, edit
) -> None:  # type: ignore[no-untyped-def]
    """Rows are drawn once and kept as pixmaps, looked up by what they show: an edit that
    changes what a row shows draws it anew, one that does not (the notes) draws nothing."""
    from journal.core.models import Kind

    view, model = window.view.timeline, window.view.timeline_model
    row = 3
    session = model.summary(row).session
    rect = view.visualRect(model.index(row, 0))

    def shown():  # type: ignore[no-untyped-def]
        view.viewport().repaint()
        return view.viewport().grab(rect).toImage()

    before = shown()
    drawn = view.itemDelegate().rows_drawn
    if edit == "rating-set":
        long_journal.update_session(session.id, redness=7 if session.redness != 7 else 2)
    elif edit == "kind-changed":
        other = Kind.CHECK_IN if session.kind is Kind.TREATMENT else Kind.TREATMENT
        long_journal.update_session(session.id, kind=other)
    else:
        long_journal.update_session(session.id, notes="Felt fine.")
    QApplication.processEvents()
    after = shown()
    if edit == "notes-only":
        assert after == before and view.itemDelegate().rows_drawn == drawn
    else:
        assert after != before and view.itemDelegate().rows_drawn > drawn


def test_showing_a_journal_reads_its_sessions_once_in_the_worker_not_again_on_the_gui_thread(
    qtbot, window, long_journal, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Every row read is an object made in Python: 16-27 ms on the GUI thread for 1,000
    sessions, at every start (the session page read them all to tell an empty journal)."""
    from journal.core.store import Store

    folder = long_journal.folder
    window.workspace.set_journal(None)  # closed: opened again below, as at a start
    journal = Journal.open(folder, folder.parent / "cache")
    journal.read_summaries_ahead()  # as the opener's worker does
    asked: list[str] = []
    for name in ("sessions", "session_summaries", "photos"):
        real = getattr(Store, name)

        def counted(self, *args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            if not (_name == "photos" and args and args[0] is not None):  # one session's: shown
                asked.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, counted)
    window.workspace.set_journal(journal)
    page = window.view.session_page
    assert window.view.timeline_model.rowCount() == SESSIONS and page.session is not None
    page.show_session(None)  # nothing selected: the page says how to pick one
    assert "Select a session on the left" in page.empty.text()
    assert asked == [], "read again on the GUI thread"


def test_compare_opens_reading_one_photo_per_session_and_sizes_its_lists_once(
    qtbot, window, long_journal, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Opening Compare on 1,000 sessions read all 3,000 photos twice (160 ms) and measured the
    1,000 labels of each drop-down at every layout (50 ms): 0.42 s where 0.3 s is the limit."""
    from journal.core.store import Store

    every: list[int] = []
    real = Store.photos

    def photos(self, session_id=None, deleted=False):  # type: ignore[no-untyped-def]
        if session_id is None:
            every.append(1)
        return real(self, session_id, deleted)

    monkeypatch.setattr(Store, "photos", photos)
    window.workspace.compare_sessions()
    view = window.workspace.compare
    qtbot.waitUntil(lambda: view.before is not None and view.after is not None, timeout=10_000)
    assert every == [], "every photo of the journal was read"
    assert [c.photo.id for c in view.candidates] == [
        min(p.id for p in long_journal.photos(s.id) if p.angle is Angle.FRONT) for s in long_journal.sessions()
    ]
    combo = view.controls.before_combo
    labels = [c.label() for c in view.candidates]
    widest = max(combo.fontMetrics().horizontalAdvance(label) for label in labels)
    assert combo.sizeHint().width() >= widest, "the longest label would be cut"
