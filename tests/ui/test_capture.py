"""The capture view, driven as a user drives it, on file-backed sources: the shared portrait
under moving transforms (tests/core/capture/scenes.py) played as if it were a camera."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from journal.core.capture.devices import CameraDevice
from journal.core.capture.files import FileSource
from journal.core.capture.frames import FrameSource
from journal.core.models import Angle, Kind
from journal.core.verify import verify
from journal.ui.capture import CameraAccess
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, portrait, render, timeline, write_video
from tests.helpers import mean_abs_diff

FPS = 15
OFF = Pose(scale=0.7, dx=-0.8, dy=0.3)  # small, off to the frame's left, low: three hints


@pytest.fixture(scope="module")
def face() -> np.ndarray:
    return portrait()


@pytest.fixture(scope="module")
def clips(face: np.ndarray, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Videos the tests play as a camera (made once: the module's tests only read them)."""
    folder = tmp_path_factory.mktemp("clips")

    def clip(name: str, keys: list[tuple[float, Pose]]) -> Path:
        frames = [render(face, pose)[0] for _t, pose in timeline(keys, FPS)]
        return write_video(folder / f"{name}.avi", frames, FPS)

    return {
        "approach": clip("approach", [(0.0, OFF), (1.5, OFF), (2.5, Pose()), (6.0, Pose())]),
        "off": clip("off", [(0.0, Pose(scale=0.6, dx=1.2)), (1.0, Pose(scale=0.6, dx=1.2))]),
        "aligned": clip("aligned", [(0.0, Pose()), (1.0, Pose())]),
    }


@dataclass
class Cameras:
    """Stand-in cameras for the view: each opens as `make(device, size)` says; what was opened is kept."""

    devices: list[CameraDevice]
    make: object
    opened: list[tuple[str, tuple[int, int]]] = field(default_factory=list)

    def access(self) -> CameraAccess:
        def open_camera(device: CameraDevice, size: tuple[int, int]) -> FrameSource:
            self.opened.append((device.key, size))
            return self.make(device, size)  # type: ignore[operator]

        return CameraAccess(find=lambda: list(self.devices), open=open_camera)


def playing(video: Path) -> Cameras:
    """One "camera" that plays `video` in a loop, in real time."""
    device = CameraDevice("usb-test-cam", "Test Camera", 0)
    return Cameras([device], lambda _d, _s: FileSource(video, loop=True))


@pytest.fixture
def course(qtbot, window, face: np.ndarray, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The window on a journal: treatment 1 (its front photo is the ghost), a check-in with a
    front photo of its own, and today's treatment, selected, to photograph."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Capture"), tmp_path / "cache")
    first = journal.add_session(dt.date(2026, 1, 10), Kind.TREATMENT)
    add_photo(journal, first.id, render(face, Pose())[0], tmp_path / "src", "baseline.jpg")
    check_in = journal.add_session(dt.date(2026, 1, 24), Kind.CHECK_IN)
    add_photo(journal, check_in.id, render(face, Pose(dx=0.4))[0], tmp_path / "src", "check-in.jpg")
    today = journal.add_session(dt.date.today(), Kind.TREATMENT)
    window.workspace.set_journal(journal)
    window.workspace.select_session(today.id)
    return window, journal, today


def take_photos(qtbot, window, cameras: Cameras):  # type: ignore[no-untyped-def]
    """Session → Take photos…, on these cameras; the capture page once its picture is up."""
    window.capture.cameras = cameras.access()
    window.actions.take_photos.trigger()
    view = window.capture.view
    assert view is not None and window.frame.pages.currentWidget() is view
    return view


def wait_picture(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: view.canvas.frame is not None and view.panel.shutter_button.isEnabled(), timeout=10_000
    )


def done(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.finished, timeout=15_000):
        qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)


def capture_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("pj-capture")]


def test_hints_while_the_face_is_off_then_aligned_then_the_auto_shot_lands_in_the_session(
    qtbot, course, clips, app_settings
) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    app_settings.capture_auto = True
    app_settings.capture_countdown = 1
    started = dt.datetime.now().replace(microsecond=0)
    view = take_photos(qtbot, window, playing(clips["approach"]))
    assert view.title.text().startswith("Taking photos · Session 2 · ")
    assert view.panel.angle_buttons[Angle.FRONT].isChecked()

    # The ghost is the first treatment's front photo, and the list offers every earlier session.
    qtbot.waitUntil(lambda: view.canvas.ghost is not None, timeout=10_000)
    assert journal.session(view.canvas.ghost.photo.session_id).date == dt.date(2026, 1, 10)
    box = view.panel.ghost_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "Sat 10 Jan 2026 · Session 1 · week 0",
        "Sat 24 Jan 2026 · Check-in · week 2",
        "No ghost",
    ]
    assert box.currentIndex() == 0

    # Off: the hints say how to move, the score is low, the big line says the first thing to do.
    texts = view.panel.check_texts
    qtbot.waitUntil(lambda: "Move closer" in texts["position"].text(), timeout=10_000)
    assert texts["position"].text() == "Move closer; A little to the left; A little up"
    assert view.canvas.hint == "Move closer" and not view.canvas.hint_good
    assert int(view.panel.score_label.text().split()[1]) < 86
    assert view.panel.check_marks["position"].text() == "•"

    # Lined up: the checks hold, the countdown shows, then the photo is taken by itself.
    countdowns: list[int] = []
    view.feed.frameReady.connect(lambda: countdowns.append(view.canvas.countdown))
    qtbot.waitUntil(lambda: view.canvas.hint == "Lined up: hold still", timeout=10_000)
    assert view.canvas.hint_good and texts["position"].text() == "Lined up"
    assert int(view.panel.score_label.text().split()[1]) >= 90
    assert texts["light"].text() == "Like the ghost photo" and texts["sharpness"].text() == "Sharp"
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=15_000)
    assert 1 in countdowns  # "1" was on the picture before the shot

    photos = journal.photos(today.id)
    assert [p.angle for p in photos] == [Angle.FRONT]
    photo = photos[0]
    assert photo.taken_at is not None and started <= photo.taken_at <= dt.datetime.now()
    assert view.panel.shots() == [f"Front · {photo.taken_at:%H:%M:%S} · saved (automatic)"]
    assert (photo.width, photo.height) == (640, 360)
    stored = Image.open(journal.photo_path(photo))
    aligned = render(portrait(), Pose())[0]
    assert mean_abs_diff(stored, Image.fromarray(aligned)) < 4  # as the camera saw it...
    assert mean_abs_diff(stored, Image.fromarray(np.ascontiguousarray(aligned[:, ::-1]))) > 10  # not mirrored
    # ...while the preview is a mirror: the picture on screen is the frame flipped.
    shown = view.canvas.grab().toImage()
    frame = Image.fromarray(np.ascontiguousarray(view.canvas.frame.pixels))
    flipped = frame.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    scale = min(view.canvas.width() / 640, view.canvas.height() / 360)
    box_px = (
        (view.canvas.width() - 640 * scale) / 2,
        (view.canvas.height() - 360 * scale) / 2,
        (view.canvas.width() + 640 * scale) / 2,
        (view.canvas.height() + 360 * scale) / 2,
    )
    on_screen = Image.fromqimage(shown).convert("RGB").crop(tuple(round(v) for v in box_px)).resize((64, 36))
    assert (
        mean_abs_diff(on_screen, flipped.resize((64, 36)))
        < mean_abs_diff(on_screen, frame.resize((64, 36))) - 5
    )

    # On to the left photo, front ticked.
    assert view.panel.angle_buttons[Angle.LEFT].isChecked()
    assert view.panel.angle_buttons[Angle.FRONT].text() == "✓ 1 Front"

    done(qtbot, view)
    assert window.frame.pages.currentWidget() is window.view
    assert window.frame.statusBar().currentMessage() == "Import: 1 imported."
    assert window.view.session_page.photos.models[Angle.FRONT].rowCount() == 1
    qtbot.waitUntil(lambda: capture_threads() == [], timeout=10_000)
    assert verify(journal).clean


@pytest.mark.parametrize(
    "mirror_saved", [False, True], ids=["saved-as-the-camera-sees", "saved-mirrored-as-set"]
)
def test_the_shutter_takes_the_photo_whatever_the_checks_say(
    qtbot, course, clips, app_settings, mirror_saved: bool
) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    app_settings.capture_mirror_saved = mirror_saved
    view = take_photos(qtbot, window, playing(clips["off"]))
    wait_picture(qtbot, view)
    qtbot.waitUntil(lambda: "Move closer" in view.panel.check_texts["position"].text(), timeout=10_000)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(journal.photos(today.id)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=5_000)
    assert view.panel.shots()[0].endswith("· saved")
    assert len(view.shutter_to_photo) == 1 and 0 < view.shutter_to_photo[0] < 5
    photo = journal.photos(today.id)[0]
    assert photo.angle is Angle.FRONT
    frame = render(portrait(), Pose(scale=0.6, dx=1.2))[0]
    expected = frame[:, ::-1] if mirror_saved else frame
    stored = Image.open(journal.photo_path(photo))
    assert mean_abs_diff(stored, Image.fromarray(np.ascontiguousarray(expected))) < 4
    assert mean_abs_diff(stored, Image.fromarray(np.ascontiguousarray(expected[:, ::-1]))) > 10
    done(qtbot, view)
