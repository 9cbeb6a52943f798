"""Background work: a bug in any worker reaches the crash dialog, built on the GUI thread; a
known failure becomes a message; a failed import never leaves the importer busy."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from journal.core.journal import Journal
from journal.core.models import Angle
from journal.ui.shared import crash
from journal.ui.shared.crash_dialog import CrashDialog
from tests.helpers import photo_like, save_jpeg


class Bug(Exception):
    """Stands for a programming error inside a worker."""


def _bug(*_args: object, **_kwargs: object) -> None:
    raise Bug("a bug inside the worker")


@pytest.fixture
def crash_dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[bool]]:
    """The real crash handler; records, for every crash dialog built, whether it was built on
    the GUI thread. One built elsewhere is recorded and not made (it could take the app down)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(crash.log, "handlers", [])
    crash.install_crash_handler(tmp_path / "logs")
    built: list[bool] = []
    make = CrashDialog.__init__

    def recording(self: CrashDialog, *args: object, **kwargs: object) -> None:
        on_gui_thread = threading.current_thread() is threading.main_thread()
        built.append(on_gui_thread)
        if not on_gui_thread:
            raise RuntimeError("crash dialog built on a worker thread")
        make(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CrashDialog, "__init__", recording)
    yield built
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CrashDialog):
            widget.close()
    for handler in crash.log.handlers:
        handler.close()


def _shown_crash(qtbot, built: list[bool]) -> CrashDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: bool(built), timeout=15_000)
    assert built == [True], "the crash dialog was built on a worker thread"
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    assert dialog.thread() is QApplication.instance().thread()  # type: ignore[union-attr]
    assert "Bug: a bug inside the worker" in dialog.details.toPlainText()
    return dialog


@pytest.fixture
def two_sessions(journal: Journal, tmp_path: Path) -> Journal:
    for month in (1, 2):
        session = journal.add_session(dt.date(2026, month, 5))
        source = save_jpeg(tmp_path / f"m{month}.jpg", photo_like((320, 240), seed=month))
        journal.import_file(source, session.id, Angle.FRONT)
    return journal


def _thumbnails(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.core.cache import PhotoCache
    from journal.ui.shared.thumbnails import ThumbnailLoader

    monkeypatch.setattr(PhotoCache, "ensure_thumbnail", _bug)
    loader = ThumbnailLoader(parent=parent)
    loader.set_source(journal.cache, journal.folder)
    assert loader.image(journal.photos()[0]) is None
    return loader


def _image_store(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.core.cache import PhotoCache
    from journal.ui.shared.image_store import ImageStore

    monkeypatch.setattr(PhotoCache, "ensure_preview", _bug)
    store = ImageStore(parent)
    store.set_journal(journal)
    assert store.image(journal.photos()[0]) is None
    return store


def _eyes(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.ui.compare.eyes import EyeWorker

    monkeypatch.setattr("journal.core.eyes.locate", _bug)
    worker = EyeWorker(parent)
    worker.set_journal(journal)
    worker.request([journal.photos()[0].id])
    return worker


def _lighting(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.ui.compare.lighting import LightingCheck

    monkeypatch.setattr("journal.core.lighting.measure", _bug)
    check = LightingCheck(QThreadPool.globalInstance(), parent)
    before, after = journal.photos()
    check.check(journal, before, after)
    return check


def _sheets(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.ui.sheets import dialog as sheets

    monkeypatch.setattr(sheets, "prepare", _bug)
    sheet = sheets.timeline_dialog(journal, QThreadPool.globalInstance(), parent)
    sheet.preview_button.click()
    return sheet


def _importer(journal: Journal, monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> object:
    from journal.ui.importing.controller import ImportController

    monkeypatch.setattr(Journal, "import_file", _bug)
    importer = ImportController(parent)
    importer.start(journal, [str(journal.photo_path(journal.photos()[0]))], journal.sessions()[0].id, None)
    return importer


WORKERS: dict[str, Callable[[Journal, pytest.MonkeyPatch, QWidget], object]] = {
    "thumbnails": _thumbnails,
    "image-store": _image_store,
    "eyes": _eyes,
    "lighting": _lighting,
    "sheets": _sheets,
    "import": _importer,
}


@pytest.mark.parametrize("kind", list(WORKERS))
def test_a_bug_in_a_worker_reaches_the_crash_dialog_on_the_gui_thread(
    qtbot, crash_dialogs, two_sessions, monkeypatch, kind: str
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    WORKERS[kind](two_sessions, monkeypatch, parent)
    _shown_crash(qtbot, crash_dialogs)
    QThreadPool.globalInstance().waitForDone(10_000)


class _BuggySource:
    """A camera whose driver code has a bug: the first read raises (not a CameraError)."""

    description = "Buggy camera"

    def open(self) -> None:
        pass

    def read(self) -> None:
        _bug()

    def close(self) -> None:
        pass

    def now(self) -> float:
        return 0.0


def _plain_thread() -> threading.Thread:
    return threading.Thread(target=_bug, name="pj-test-helper", daemon=True)


def _capture_grabber() -> threading.Thread:
    from journal.core.capture.frames import Grabber

    grabber = Grabber(_BuggySource())  # type: ignore[arg-type]
    grabber.start()
    assert grabber._thread is not None
    return grabber._thread


THREADS: dict[str, Callable[[], threading.Thread]] = {
    "plain-thread": _plain_thread,
    "capture-grabber": _capture_grabber,
}


@pytest.mark.parametrize("kind", list(THREADS))
def test_a_bug_in_a_plain_thread_reaches_the_crash_dialog_on_the_gui_thread(
    qtbot, crash_dialogs, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    """Threads the app starts itself (the camera's, encoders' helpers) end on a bug; the
    traceback goes to the log at once and to the crash dialog, built on the GUI thread."""
    thread = THREADS[kind]()
    if not thread.is_alive() and thread.ident is None:
        thread.start()
    dialog = _shown_crash(qtbot, crash_dialogs)
    thread.join(5)
    assert f"In the thread {thread.name}:" in dialog.details.toPlainText()
    assert "a bug inside the worker" in (tmp_path / "logs" / "progress-journal.log").read_text()


def test_an_import_that_crashed_leaves_the_importer_free_for_the_next_one(
    qtbot, crash_dialogs, two_sessions, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.importing.controller import ImportController

    journal = two_sessions
    parent = QWidget()
    qtbot.addWidget(parent)
    importer = ImportController(parent)
    real_import = Journal.import_file
    monkeypatch.setattr(Journal, "import_file", _bug)
    sources = [
        str(save_jpeg(tmp_path / f"new{i}.jpg", photo_like((200, 150), seed=10 + i))) for i in range(2)
    ]
    with qtbot.waitSignal(importer.finished, timeout=15_000) as first:
        importer.start(journal, sources, journal.sessions()[0].id, Angle.LEFT)
    _shown_crash(qtbot, crash_dialogs)
    assert not importer.busy
    assert first.args[0].error and first.args[0].count("imported") == 0
    monkeypatch.setattr(Journal, "import_file", real_import)
    with qtbot.waitSignal(importer.finished, timeout=15_000) as second:
        assert importer.start(journal, sources, journal.sessions()[0].id, Angle.LEFT)
    assert second.args[0].count("imported") == 2
    assert len(journal.photos()) == 4


@pytest.mark.parametrize("shape", ["landscape", "portrait"])
def test_a_thumbnail_in_memory_is_the_cached_one_at_256_px_decoded_to_that_size(
    qtbot, tmp_path: Path, shape: str
) -> None:  # type: ignore[no-untyped-def]
    """Decoded at its size (libjpeg scales while it decodes) rather than decoded whole and
    rescaled: the same picture, the same size, upright as cached."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from journal.core.models import JournalSettings
    from journal.ui.shared.thumbnails import ICON_EDGE, ThumbnailLoader

    journal = Journal.create(tmp_path / "j", JournalSettings(name="T"), tmp_path / "cache")
    size = (1600, 1200) if shape == "landscape" else (1200, 1600)
    session = journal.add_session(dt.date(2026, 3, 5))
    photo = journal.import_file(
        save_jpeg(tmp_path / "p.jpg", photo_like(size, seed=3)), session.id, Angle.FRONT
    ).photo
    assert photo is not None
    loader = ThumbnailLoader()
    loader.set_source(journal.cache, journal.folder)
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        assert loader.image(photo) is None
    image = loader.image(photo)
    cached = QImage(str(journal.cache.thumbnail_path(photo.sha256)))
    assert max(cached.width(), cached.height()) > ICON_EDGE  # there is something to scale
    expected = cached.scaled(
        ICON_EDGE, ICON_EDGE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    assert image.size() == expected.size()
    a = image.convertToFormat(QImage.Format.Format_RGB32)
    b = expected.convertToFormat(QImage.Format.Format_RGB32)
    step = 7
    diffs = [
        abs(((a.pixel(x, y) >> s) & 255) - ((b.pixel(x, y) >> s) & 255))
        for y in range(0, a.height(), step)
        for x in range(0, a.width(), step)
        for s in (0, 8, 16)
    ]
    assert sum(diffs) / len(diffs) < 3  # 0-255: the same picture
    journal.close()
