"""The Progress tab beside the timeline: the ratings and redness charts as a user meets them
(pointing at a session, clicking it, hiding a line, the keys), greyed photos, measuring in a
worker with progress and Cancel, following changes, and light and dark palettes."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolTip

from journal.core.dates import long_date
from journal.core.models import Angle, Kind
from journal.core.redness import LABEL
from journal.core.regions import Circle, RegionSet, suggested
from tests.ui.progress_course import build_course, open_copy

# Tooltips raise their window; the offscreen platform says it cannot (and shows them anyway).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress")
    build_course(root / "journal", root / "cache")
    return root


@pytest.fixture(scope="module")
def built_bright(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress-bright")
    build_course(root / "journal", root / "cache", brighter=3)
    return root


def show_progress(qtbot, window, journal):  # type: ignore[no-untyped-def]
    """Open `journal` and the Progress tab through View → Progress charts; wait for the
    redness to be measured."""
    from journal.ui.progress import ProgressView

    tab = window.view.tabs.widget(1)
    assert window.view.tabs.tabText(1) == "Progress" and not tab.built  # nothing built until shown
    window.workspace.set_journal(journal)
    window.actions.progress.trigger()
    assert window.view.tabs.currentWidget() is tab
    view = tab.content
    assert isinstance(view, ProgressView)
    qtbot.waitUntil(lambda: view.trend is not None or view.redness_pages.currentIndex() == 1, timeout=20_000)
    return view


@pytest.fixture
def progress(qtbot, window, built: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    return show_progress(qtbot, window, open_copy(built, tmp_path))


def _point(chart, series: str, session_id: int) -> QPointF:  # type: ignore[no-untyped-def]
    layout = chart.layout_drawn
    assert layout is not None, "the chart has not been painted"
    placed = next(
        p for s in layout.series if s.key == series for p in s.points if p.value.session_id == session_id
    )
    return QPointF(placed.x, placed.y)


def _painted(qtbot, chart) -> None:  # type: ignore[no-untyped-def]
    chart.repaint()
    qtbot.waitUntil(lambda: chart.layout_drawn is not None, timeout=5_000)


def test_the_charts_show_the_course_and_a_point_opens_its_session(qtbot, window, progress) -> None:  # type: ignore[no-untyped-def]
    view = progress
    sessions = window.workspace.journal.sessions()
    _painted(qtbot, view.ratings)
    ratings = view.ratings.data
    assert [s.key for s in ratings.series] == ["redness", "bumps", "active_acne", "scar_visibility", "pain"]
    assert [m.kind for m in ratings.sessions].count(Kind.CHECK_IN) == 1
    legend = {item.key for item in view.ratings.layout_drawn.legend}
    assert {"treatment", "check-in"} <= legend  # treatments and check-ins told apart
    assert view.ratings.layout_drawn.week_ticks  # weeks since the first treatment, above
    redness = view.redness.data
    values = redness.series[0].values
    assert len(values) == 6 and values[0].value > values[-1].value + 3  # less red over the course
    assert redness.note == LABEL
    assert "baseline is the photo of 9 Jul 2026" in view.summary.text()
    qtbot.mouseClick(view.details_button, Qt.MouseButton.LeftButton)  # each photo's numbers
    assert view.details.isVisible() and view.details.topLevelItemCount() == 6
    first_row = view.details.topLevelItem(0)
    assert (
        first_row.text(5) == "baseline" and first_row.text(2).startswith("+") and " + " in first_row.text(4)
    )

    third = sessions[3]  # Session 3 · week 8
    _painted(qtbot, view.redness)
    where = _point(view.redness, "delta_a", third.id)
    qtbot.mouseMove(view.redness, where.toPoint())
    qtbot.waitUntil(lambda: view.redness.hovered == third.id, timeout=3_000)
    tip = QToolTip.text()
    assert "Session 3 · week 8" in tip and long_date(third.date) in tip and "Δa*" in tip
    assert view.ratings.hovered == third.id  # the same session lights up in the other chart
    qtbot.mouseClick(view.redness, Qt.MouseButton.LeftButton, pos=where.toPoint())
    assert window.workspace.current_session_id() == third.id
    assert window.view.tabs.currentWidget() is window.view.session_page


def test_a_line_hidden_from_the_legend_stays_hidden_until_shown_again(qtbot, window, progress) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.progress import ProgressView

    chart = progress.ratings
    _painted(qtbot, chart)
    bumps = next(i for i in chart.layout_drawn.legend if i.key == "bumps")
    qtbot.mouseClick(
        chart,
        Qt.MouseButton.LeftButton,
        pos=QPointF(bumps.rect.x + 4, bumps.rect.y + bumps.rect.h / 2).toPoint(),
    )
    _painted(qtbot, chart)
    assert chart.hidden == {"bumps"}
    assert "bumps" not in {s.key for s in chart.layout_drawn.series}
    assert next(i for i in chart.layout_drawn.legend if i.key == "bumps").hidden  # still there to click
    again = ProgressView(window.pool, window.undo_stack, window.workspace.settings)
    qtbot.addWidget(again)
    assert again.ratings.hidden == {"bumps"}  # remembered on this computer
    menu = chart.series_menu()  # the same from the keyboard (context menu)
    bumps_action = next(a for a in menu.actions() if a.text() == "Bumps")
    assert not bumps_action.isChecked()
    bumps_action.trigger()
    assert chart.hidden == frozenset() and window.workspace.settings.progress_hidden_series == frozenset()


def test_arrow_keys_step_through_the_sessions_and_enter_opens_one(qtbot, window, progress) -> None:  # type: ignore[no-untyped-def]
    chart = progress.ratings
    sessions = window.workspace.journal.sessions()
    window.workspace.select_session(sessions[-1].id)
    assert chart.selected == sessions[-1].id  # the timeline's session is highlighted
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.selected == sessions[-3].id
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert window.workspace.current_session_id() == sessions[-3].id
    assert window.view.tabs.currentWidget() is window.view.session_page


def test_a_photo_in_other_light_is_greyed_with_its_reason_and_out_of_the_line(  # type: ignore[no-untyped-def]
    qtbot, window, built_bright, tmp_path
) -> None:
    view = show_progress(qtbot, window, open_copy(built_bright, tmp_path))
    bright = window.workspace.journal.sessions()[3]
    value = next(v for v in view.redness.data.series[0].values if v.session_id == bright.id)
    assert value.greyed and "brighter" in value.note
    assert f"Greyed, left out: {bright.date.day} {bright.date:%b %Y}" in view.summary.text()
    _painted(qtbot, view.redness)
    where = _point(view.redness, "delta_a", bright.id)
    (line,) = view.redness.layout_drawn.series[0].lines
    assert (where.x(), where.y()) not in line and len(line) == 5
    qtbot.mouseMove(view.redness, where.toPoint())
    qtbot.waitUntil(lambda: view.redness.hovered == bright.id, timeout=3_000)
    assert "Left out of the line" in QToolTip.text() and "brighter" in QToolTip.text()
    view.gated_box.setChecked(True)  # join it in
    _painted(qtbot, view.redness)
    (line,) = view.redness.layout_drawn.series[0].lines
    assert len(line) == 6


def test_measuring_runs_in_a_worker_with_progress_and_cancel(qtbot, window, progress, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import journal.core.redness_trend as trend

    view = progress
    measure = trend.measure_photo
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        if len(threads) == 2:
            release.wait(10)  # the second photo takes its time
        return measure(*args, **kwargs)

    monkeypatch.setattr(trend, "measure_photo", slow)
    before = view.redness.data
    view.measure()
    qtbot.waitUntil(view.busy_row.isVisible, timeout=5_000)
    qtbot.waitUntil(lambda: view.busy_bar.value() == 1, timeout=5_000)
    assert view.busy_bar.maximum() == 6 and "1 of 6" in view.busy_label.text()
    assert view.redness.data is before  # the last chart stays up while measuring
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not view.measuring, timeout=10_000)
    assert not view.busy_row.isVisible() and view.redness_pages.currentIndex() == 1
    assert (
        view.no_regions.text() == "Measuring was stopped." and view.measure_button.text() == "Measure again"
    )
    assert threading.main_thread() not in threads
    qtbot.mouseClick(view.measure_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.redness_pages.currentIndex() == 0 and view.trend is not None, timeout=10_000)


def test_the_charts_follow_new_ratings_and_new_regions(qtbot, window, progress) -> None:  # type: ignore[no-untyped-def]
    view = progress
    journal = window.workspace.journal
    first = journal.sessions()[0]
    journal.update_session(first.id, redness=10)
    qtbot.waitUntil(
        lambda: next(v for v in view.ratings.data.series[0].values if v.session_id == first.id).value == 10,
        timeout=5_000,
    )
    old = view.trend
    treated_only_left = RegionSet((Circle(-0.6, 0.6, 0.22),), suggested(Angle.FRONT).reference)
    journal.set_redness_regions(Angle.FRONT, treated_only_left)
    qtbot.waitUntil(lambda: view.trend is not old and view.trend is not None, timeout=10_000)
    assert view.trend.regions == treated_only_left
    journal.set_redness_regions(Angle.FRONT, RegionSet())  # no regions left: say so, offer to set them
    qtbot.waitUntil(lambda: view.redness_pages.currentIndex() == 1, timeout=5_000)
    assert "No redness regions for the front photos yet" in view.no_regions.text()
    qtbot.mouseClick(view.measure_button, Qt.MouseButton.LeftButton)
    assert view.region_editor is not None and view.region_editor.isVisible()
    session = journal.add_session(dt.date(2026, 12, 1), Kind.CHECK_IN)
    qtbot.waitUntil(lambda: session.id in {m.session_id for m in view.ratings.data.sessions}, timeout=5_000)


def test_a_photo_never_looked_at_gets_its_eyes_looked_for_then_says_why_not(  # type: ignore[no-untyped-def]
    qtbot, window, built, tmp_path
) -> None:
    from PIL import Image

    from tests.ui.progress_course import face

    journal = open_copy(built, tmp_path)
    session = journal.add_session(dt.date(2026, 11, 30))
    path = tmp_path / "new.png"
    Image.fromarray(face(2.0)).save(path)
    photo = journal.import_file(path, session.id, Angle.FRONT).photo  # imported elsewhere: not looked at
    asked: list[tuple[list[int], bool]] = []
    request = window.eyes.request

    def recorded(ids: list[int], urgent: bool = False) -> None:
        asked.append((list(ids), urgent))
        request(ids, urgent)

    window.eyes.request = recorded
    show_progress(qtbot, window, journal)
    assert ([photo.id], True) in asked  # the tab asked for them at once, not after the window's own delay
    view = window.view.tabs.widget(1).content
    # Made-up skin has no face: once looked for, the photo says so, and how to place the eyes.
    qtbot.waitUntil(lambda: "none were found; set them by hand" in view.summary.text(), timeout=20_000)
    assert journal.photo(photo.id).eyes_checked


@pytest.mark.parametrize("scheme", ["light-palette", "dark-palette"])
def test_the_charts_read_in_light_and_dark_palettes(qtbot, progress, scheme: str) -> None:  # type: ignore[no-untyped-def]
    palette = QPalette(progress.palette())
    if scheme == "dark-palette":
        palette.setColor(QPalette.ColorRole.Window, QColor(37, 37, 40))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(230, 230, 230))
    else:
        palette.setColor(QPalette.ColorRole.Window, QColor(246, 246, 246))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(20, 20, 20))
    progress.setPalette(palette)
    image = progress.ratings.grab().toImage()
    background = image.pixelColor(3, 3)
    assert background == palette.color(QPalette.ColorRole.Window)
    ink = [
        image.pixelColor(x, y)
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if abs(image.pixelColor(x, y).lightness() - background.lightness()) > 110
    ]
    assert len(ink) > 100  # text and lines stand out from the background in either palette
