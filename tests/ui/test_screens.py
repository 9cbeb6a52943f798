"""Small and HiDPI screens, dark themes, and dialogs in front of Compare.

A HiDPI laptop at 200 % on a 1600×1000 screen leaves 800×500 logical pixels; a small screen
has 1024×700. On both the window must fit, every view must work without clipped text or
sideways scrolling, and no page may force the window wider than the screen.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFileDialog,
    QToolButton,
    QWidget,
)

from journal.core.models import Angle, Kind
from tests.helpers import REPO, photo_like, save_jpeg


def _course(tmp_path: Path, name: str = "Screens"):  # type: ignore[no-untyped-def]
    """A journal of two treatments with a front photo each, and last session a week ago."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name=name), tmp_path / "cache")
    today = dt.date.today()
    for number, day in enumerate((today - dt.timedelta(days=35), today - dt.timedelta(days=7))):
        session = journal.add_session(day, Kind.TREATMENT, redness=4, bumps=3)
        source = save_jpeg(tmp_path / f"s{number}.jpg", photo_like((480, 600), seed=number))
        journal.import_file(source, session.id, Angle.FRONT)
    return journal


# ----------------------------------------------------------------- the window at start


_START = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QRect
from PySide6.QtWidgets import QApplication
from journal.core.journal import Journal
from journal.core.models import Angle, JournalSettings, Kind
from journal.ui.app import make_application, start_window
from journal.ui.shared.settings import Settings
from tests.helpers import photo_like, save_jpeg

tmp = Path(sys.argv[1])
journal = Journal.create(tmp / "j", JournalSettings(name="Start"), tmp / "cache")
for n, day in enumerate(("2026-01-05", "2026-02-02")):
    s = journal.add_session(__import__("datetime").date.fromisoformat(day), Kind.TREATMENT)
    journal.import_file(save_jpeg(tmp / f"{n}.jpg", photo_like((480, 600), seed=n)), s.id, Angle.FRONT)
journal.close()
app = make_application()
settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
if sys.argv[2] != "-":
    from PySide6.QtCore import QByteArray
    settings.window_geometry = QByteArray(bytes.fromhex(sys.argv[2]))
parts = []
window = start_window(settings, tmp / "j", ready=parts.append)
def wait(done, seconds=30):
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
wait(lambda: parts and parts[0].workspace.journal is not None)
wait(lambda: False, 0.3)
out = {"screen": app.primaryScreen().availableGeometry().getRect(), "dpr": window.devicePixelRatio()}
out["journal"] = window.frameGeometry().getRect()
out["minimum"] = window.minimumSizeHint().width()
parts[0].workspace.show_compare()
wait(lambda: False, 0.5)
compare = parts[0].workspace.compare
out["compare"] = window.frameGeometry().getRect()
out["buttons"] = [
    QRect(b.mapTo(window, b.rect().topLeft()), b.size()).getRect()
    for b in (compare.controls.save_button, compare.controls.print_button)
]
print(json.dumps(out))
"""


def _saved_geometry(tmp_path: Path) -> str:
    """What a 1500×950 window on a 1600×1000 screen saved (QWidget.saveGeometry)."""
    from PySide6.QtWidgets import QMainWindow

    big = QMainWindow()
    big.setGeometry(40, 30, 1500, 950)
    return bytes(big.saveGeometry().data()).hex()


@pytest.mark.parametrize(
    ("screen", "scale", "saved"),
    [
        pytest.param((1600, 1000), "2", False, id="scale_2_on_1600x1000"),
        pytest.param((1024, 700), "1", True, id="1024x700_size_saved_on_a_larger_screen"),
    ],
)
def test_the_window_fits_the_screen_at_start_and_with_compare(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, screen: tuple[int, int], scale: str, saved: bool
) -> None:
    config = tmp_path / "screen.json"
    width, height = screen
    config.write_text(
        json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height, "dpr": 1}]})
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(REPO),
    }
    geometry = _saved_geometry(tmp_path) if saved else "-"
    run = subprocess.run(
        [sys.executable, "-c", _START, str(tmp_path), geometry],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    available = QRect(*out["screen"])
    assert available.width() == width // int(scale)  # 800×500 logical pixels at 200 %
    for page in ("journal", "compare"):
        assert available.contains(QRect(*out[page])), (page, out)
    assert out["minimum"] <= available.width()
    window = QRect(*out["compare"])
    for button in out["buttons"]:  # Save comparison image… and Print sheet… within reach
        assert QRect(0, 0, window.width(), window.height()).contains(QRect(*button)), out


# ----------------------------------------------------------------- every view at a small size


def _horizontal_scroll_bars(root: QWidget) -> list[str]:
    return [
        f"{type(area).__name__} {area.accessibleName()}"
        for area in root.findChildren(QAbstractScrollArea)
        if area.isVisible() and area.horizontalScrollBar().isVisible()
    ]


def _cut_off(container: QWidget) -> list[str]:
    """Visible widgets whose right edge lies beyond `container`'s (text or buttons cut off)."""
    out = []
    for widget in container.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 1:
            continue
        right = widget.mapTo(container, widget.rect().topRight()).x()
        if right >= container.width() + 1:
            out.append(f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()}")
    return out


@pytest.mark.parametrize(
    "size", [pytest.param((1024, 700), id="1024x700"), pytest.param((800, 500), id="800x500_as_scale_2")]
)
def test_every_view_works_on_a_small_screen(qtbot, window, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    from journal.ui.timeline.delegate import TimelineDelegate

    window.workspace.set_journal(_course(tmp_path))
    frame = window.frame
    frame.resize(*size)
    qtbot.waitUntil(lambda: frame.size().toTuple() == size)
    view, page = window.view, window.view.session_page
    qtbot.waitUntil(lambda: page.body.isVisible())
    QApplication.processEvents()
    assert _horizontal_scroll_bars(frame) == []
    # Timeline rows fit the list: date, kind and ratings uncut.
    delegate = view.timeline.itemDelegate()
    assert isinstance(delegate, TimelineDelegate)
    assert delegate.row_width(view.timeline.font()) <= view.timeline.viewport().width()
    # The form's fields and the photo strips are within their columns.
    assert _cut_off(page.form_scroll.viewport()) == []
    assert page.photos.strips[Angle.FRONT].width() >= 150 + 16  # a whole tile
    assert page.photo_column.isVisible() and page.form_scroll.isVisible()
    # Compare: the window keeps its width, the bars wrap, every button is in the window.
    window.workspace.show_compare()
    compare = window.workspace.compare
    QApplication.processEvents()
    assert frame.size().toTuple() == size
    for button in (
        compare.controls.save_button,
        compare.controls.print_button,
        compare.controls.later_button,
    ):
        corner = button.mapTo(frame, button.rect().bottomRight())
        assert button.isVisible() and frame.rect().contains(corner), button.text()
    assert frame.minimumSizeHint().width() <= size[0]


# ----------------------------------------------------------------- the view behind a dialog


class _Watch(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.resized = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.resized += 1
        return False


@pytest.mark.parametrize("dialog", ["save_dialog_then_saving", "print_preview"])
def test_the_compare_photos_do_not_change_behind_a_dialog(qtbot, window, tmp_path: Path, dialog: str) -> None:  # type: ignore[no-untyped-def]
    window.workspace.set_journal(_course(tmp_path))
    window.workspace.show_compare()
    compare = window.workspace.compare
    canvas = compare.canvas
    qtbot.waitUntil(lambda: all(side.pixmap is not None for side in canvas.sides), timeout=10_000)
    # Settled: eyes looked for and light checked, so the notes above the photos stay as they are.
    qtbot.waitUntil(
        lambda: (
            compare.last_check is not None
            and compare.before.photo.eyes_checked
            and compare.after.photo.eyes_checked
        ),
        timeout=20_000,
    )
    qtbot.wait(100)
    before = canvas.grab().toImage()
    watch = _Watch(canvas)
    state = (canvas.state.fit, canvas.state.scale, canvas.state.center.toTuple())
    if dialog == "print_preview":
        qtbot.mouseClick(compare.controls.print_button, Qt.MouseButton.LeftButton)
        sheet = compare.sheet_dialog
        qtbot.mouseClick(sheet.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: sheet.preview is not None and sheet.preview.isVisible(), timeout=30_000)
        during = canvas.grab().toImage()
        sheet.preview.close()
        sheet.close()
    else:
        qtbot.mouseClick(compare.controls.save_button, Qt.MouseButton.LeftButton)
        file_dialog = next(d for d in compare.findChildren(QFileDialog) if d.isVisible())
        during = canvas.grab().toImage()
        file_dialog.selectFile(str(tmp_path / "pair.png"))
        file_dialog.accept()
        qtbot.waitUntil(lambda: window.frame.statusBar().currentMessage().startswith("Saved"), timeout=10_000)
    after = canvas.grab().toImage()
    assert watch.resized == 0  # the canvas was never resized to draw an image
    assert (canvas.state.fit, canvas.state.scale, canvas.state.center.toTuple()) == state
    assert during == before and after == before


# ----------------------------------------------------------------- light and dark


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in {
        roles.Window: "#2b2b2b",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1e1e",
        roles.AlternateBase: "#333333",
        roles.Text: "#e6e6e6",
        roles.Button: "#353535",
        roles.ButtonText: "#e6e6e6",
        roles.Highlight: "#3d7ab8",
        roles.HighlightedText: "#ffffff",
        roles.Light: "#4a4a4a",
        roles.Mid: "#2f2f2f",
        roles.Dark: "#1a1a1a",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def fusion():  # type: ignore[no-untyped-def]
    """Fusion with the palette a test sets; the app's own look is put back after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette = app.style().name(), app.palette()
    app.setStyle("Fusion")
    yield app
    app.setPalette(palette)
    app.setStyle(style)


def _mean(image: QImage, rect: QRect) -> QColor:
    r = g = b = n = 0
    for x in range(rect.left(), rect.right() + 1, 2):
        for y in range(rect.top(), rect.bottom() + 1, 2):
            colour = image.pixelColor(x, y)
            r, g, b, n = r + colour.red(), g + colour.green(), b + colour.blue(), n + 1
    return QColor(r // n, g // n, b // n)


def _face(button: QWidget) -> QColor:
    """A button's face: its most common colour inside the border (text is the minority)."""
    image = button.grab().toImage()
    counts: dict[int, int] = {}
    for x in range(4, image.width() - 4):
        for y in range(4, image.height() - 4):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor(max(counts, key=lambda k: counts[k]))


def _distance(a: QColor, b: QColor) -> float:
    return float(
        ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2) ** 0.5
    )


@pytest.mark.parametrize("theme", ["light", "dark", "dark_switched_on_while_running"])
def test_banners_and_selected_toggles_follow_the_palette(
    qtbot, window, tmp_path: Path, fusion, theme: str
) -> None:  # type: ignore[no-untyped-def]
    dark = theme != "light"
    if theme == "dark":
        fusion.setPalette(_dark_palette())
    window.workspace.set_journal(_course(tmp_path))
    window.workspace.show_compare()
    compare = window.workspace.compare
    window.workspace.show_journal_page()
    if theme == "dark_switched_on_while_running":
        fusion.setPalette(_dark_palette())
    QApplication.processEvents()
    banner = window.banner
    qtbot.waitUntil(banner.isVisible)
    shot = banner.grab().toImage()
    background = _mean(shot, QRect(2, 2, 6, shot.height() - 4))  # left of the text
    text = banner.lines[0].palette().color(QPalette.ColorRole.WindowText)
    assert (background.lightnessF() < 0.5) == dark, background.name()
    assert abs(background.lightnessF() - text.lightnessF()) > 0.45  # the text reads on it
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
    redness = window.view.session_page.form.ratings["redness"]
    assert redness.value() == 4
    rated, above = redness.findChildren(QToolButton)[4], redness.findChildren(QToolButton)[5]
    pairs: list[tuple[QAbstractButton, QAbstractButton | None]] = [(rated, above)]
    window.workspace.show_compare()
    QApplication.processEvents()
    pairs += [
        (compare.controls.angle_buttons[Angle.FRONT], compare.controls.angle_buttons[Angle.LEFT]),
        (compare.controls.mode_buttons[next(iter(compare.controls.mode_buttons))], None),
    ]
    for checked, unchecked in pairs:
        assert checked.isChecked()
        face = _face(checked)
        assert _distance(face, highlight) < 60, (face.name(), highlight.name())
        if unchecked is not None:
            plain = _face(unchecked)
            assert _distance(face, plain) > 60  # selected and unselected look different
