"""`--debug` in the app: the window's milestones, in the order a person sees them, each once;
and none of the watchers when it is off."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal import milestones
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings
from journal.ui.window.milestones import MilestoneWatcher
from tests.helpers import photo_like, save_jpeg

LINE = re.compile(r"^debug: (?P<what>.+) (?P<ms>\d+) ms$")


@pytest.fixture(autouse=True)
def _milestones_off() -> Iterator[None]:
    yield
    milestones.disable()


def _journal(tmp_path: Path, sessions: int) -> Path:
    folder = tmp_path / "j"
    with Journal.create(folder, JournalSettings(name="Debug"), tmp_path / "cache") as journal:
        for i in range(sessions):
            session = journal.add_session(dt.date(2026, 1, 5) + dt.timedelta(days=28 * i))
            photo = save_jpeg(tmp_path / f"front{i}.jpg", photo_like((400, 300), seed=i))
            assert journal.import_file(photo, session.id, Angle.FRONT).ok
    return folder


def _said(stream: io.StringIO) -> list[tuple[str, int]]:
    found = []
    for line in stream.getvalue().splitlines():
        match = LINE.match(line)
        assert match, f"not a milestone line: {line!r}"
        found.append((match["what"], int(match["ms"])))
    return found


def _names(stream: io.StringIO) -> list[str]:
    return [what for what, _ms in _said(stream)]


def test_the_window_says_its_milestones_when_debug_is_on(qtbot, app_settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.app import start_window

    folder = _journal(tmp_path, 3)
    stream = io.StringIO()
    milestones.enable(stream)
    built: list = []  # type: ignore[type-arg]
    frame = start_window(app_settings, folder, ready=built.append)
    qtbot.addWidget(frame)
    qtbot.waitUntil(lambda: "thumbnails visible" in _names(stream), timeout=30_000)
    assert _names(stream) == [
        "window painted",
        "journal shown",
        "timeline painted 3 sessions",
        "thumbnails visible",
    ]
    (parts,) = built

    parts.actions.compare.trigger()
    qtbot.waitUntil(lambda: "compare shown" in _names(stream), timeout=30_000)
    parts.workspace.show_journal_page()
    parts.actions.compare.trigger()  # each time Compare is opened
    qtbot.waitUntil(lambda: _names(stream).count("compare shown") == 2, timeout=30_000)
    parts.workspace.show_journal_page()

    files = [str(save_jpeg(tmp_path / f"new{i}.jpg", photo_like((400, 300), seed=10 + i))) for i in range(2)]
    assert parts.workspace.imports.import_into_current(files, Angle.LEFT)
    qtbot.waitUntil(lambda: "import finished 2 photos" in _names(stream), timeout=30_000)
    times = [ms for _what, ms in _said(stream)]
    assert times == sorted(times) and times[0] > 0
    assert _names(stream).count("timeline painted 3 sessions") == 1  # once per journal shown
    frame.close()


def test_no_watcher_and_no_word_when_debug_is_off(qtbot, app_settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.app import start_window

    folder = _journal(tmp_path, 2)
    built: list = []  # type: ignore[type-arg]
    frame = start_window(app_settings, folder, ready=built.append)
    qtbot.addWidget(frame)
    qtbot.waitUntil(lambda: bool(built) and built[0].workspace.journal is not None, timeout=30_000)
    built[0].actions.compare.trigger()
    qtbot.waitUntil(
        lambda: all(s.pixmap is not None for s in built[0].workspace.compare.canvas.sides), timeout=30_000
    )
    assert frame.findChildren(MilestoneWatcher) == []  # nothing filters the timeline's events
    assert "debug:" not in capsys.readouterr().err
    frame.close()
