"""The capture view, driven as a user drives it, on file-backed sources: the shared portrait
under moving transforms (tests/core/capture/scenes.py) played as if it were a camera."""

from __future__ import annotations

import datetime as dt
import errno
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from journal.core import fsutil
from journal.core.capture.devices import CameraChoice, CameraDevice, DeviceSource
from journal.core.capture.files import FileSource
from journal.core.capture.frames import CameraProblem, FrameSource
from journal.core.models import Angle, Kind
from journal.core.verify import verify
from journal.ui.capture import CameraAccess
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, portrait, render, timeline, write_video
from tests.helpers import mean_abs_diff

FPS = 15
OFF = Pose(scale=0.7, dx=-0.8, dy=0.3, gain=0.75)  # small, off to the frame's left, low, in dim light


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
    front photo of its own, and a treatment on 7 Feb, selected, to photograph now."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Capture"), tmp_path / "cache")
    first = journal.add_session(dt.date(2026, 1, 10), Kind.TREATMENT)
    add_photo(journal, first.id, render(face, Pose())[0], tmp_path / "src", "baseline.jpg")
    check_in = journal.add_session(dt.date(2026, 1, 24), Kind.CHECK_IN)
    add_photo(journal, check_in.id, render(face, Pose(dx=0.4))[0], tmp_path / "src", "check-in.jpg")
    today = journal.add_session(dt.date(2026, 2, 7), Kind.TREATMENT)  # photographed now, whatever its date
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
    assert view.title.text() == "Taking photos · Session 2 · week 4 · Sat 7 Feb 2026"
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
    assert texts["light"].text() == "Darker than the ghost photo: more light on your face"
    assert view.canvas.hint == "Move closer" and not view.canvas.hint_good
    assert int(view.panel.score_label.text().split()[1]) < 86
    assert view.panel.check_marks["position"].text() == "•"

    # Moving into place: "Hold still". Lined up: the checks hold, the countdown shows, then the
    # photo is taken by itself.
    countdowns: list[int] = []
    headlines: list[str] = []
    view.feed.frameReady.connect(
        lambda: (countdowns.append(view.canvas.countdown), headlines.append(view.canvas.hint))
    )
    qtbot.waitUntil(lambda: view.canvas.hint == "Lined up: hold still", timeout=10_000)
    assert "Hold still" in headlines
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


# ----------------------------------------------------------------- when the camera fails


class FakeCamera:
    """What cv2.VideoCapture gives for a webcam at /dev/videoN: `node` is that file; pictures
    come while it exists (an unplugged camera's node goes away)."""

    def __init__(self, node: Path, picture: np.ndarray, opens: bool = True) -> None:
        self.node, self.opens = node, opens
        self.bgr = np.ascontiguousarray(picture[..., ::-1])

    def isOpened(self) -> bool:
        return self.opens and self.node.exists()  # no device node: nothing to open

    def set(self, prop: int, value: float) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        threading.Event().wait(1 / 30)
        return (True, self.bgr) if self.node.exists() else (False, None)

    def release(self) -> None:
        pass


def webcam(
    tmp_path: Path, face: np.ndarray, opens: bool = True, problem: CameraProblem | None = None
) -> Cameras:
    node = tmp_path / "video0"
    node.touch()
    device = CameraDevice("usb-hd-webcam", "HD Webcam", 0, str(node), problem=problem)
    picture = render(face, Pose(scale=0.6, dx=1.2))[0]
    return Cameras(
        [device],
        lambda d, size: DeviceSource(d, size, opener=lambda *_a: FakeCamera(node, picture, opens)),
    )


@pytest.mark.parametrize(
    "condition, title, text",
    [
        pytest.param(
            "no-camera",
            "No camera",
            "No camera found. Plug one in, or add photos from files instead.",
            id="no-camera",
        ),
        pytest.param(
            "busy",
            "The camera is in use",
            "HD Webcam is in use by another app: close it (a video call, another camera app) and try again.",
            id="busy",
        ),
        pytest.param(
            "permission-denied",
            "Camera access is not allowed",
            "Permission denied for HD Webcam ({node}): your user needs camera access (on most systems: "
            "membership of the 'video' group, then log in again).",
            id="permission-denied",
        ),
    ],
)
def test_a_camera_that_cannot_start_is_said_in_the_view(
    qtbot, course, face, tmp_path: Path, condition: str, title: str, text: str
) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    cameras = webcam(
        tmp_path,
        face,
        opens=condition != "busy",
        problem=CameraProblem.PERMISSION_DENIED if condition == "permission-denied" else None,
    )
    if condition == "no-camera":
        cameras.devices = []
    view = take_photos(qtbot, window, cameras)
    qtbot.waitUntil(view.notice.isVisible, timeout=10_000)
    assert view.notice.title.text() == title
    assert view.notice.text.text() == text.format(node=tmp_path / "video0")
    assert not view.panel.shutter_button.isEnabled()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)  # nothing to take: nothing happens
    if condition == "no-camera":
        # The way out the message offers: add photos from files, into the same session.
        with qtbot.waitSignal(view.finished, timeout=10_000):
            qtbot.mouseClick(view.notice.files_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog), timeout=5_000)
        QApplication.activeModalWidget().reject()
        assert window.frame.pages.currentWidget() is window.view
        assert window.workspace.current_session_id() == today.id
    else:
        done(qtbot, view)
    assert journal.photos(today.id) == [] and verify(journal).clean
    qtbot.waitUntil(lambda: capture_threads() == [], timeout=10_000)


def test_a_camera_unplugged_mid_session_keeps_the_photos_taken(qtbot, course, face, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    view = take_photos(qtbot, window, webcam(tmp_path, face))
    wait_picture(qtbot, view)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=10_000)
    (tmp_path / "video0").unlink()  # unplugged
    qtbot.waitUntil(view.notice.isVisible, timeout=10_000)
    assert view.notice.title.text() == "The camera stopped"
    assert view.notice.text.text() == (
        "HD Webcam stopped sending pictures (unplugged?). The photos taken so far are kept."
    )
    assert view.canvas.frame is None and not view.panel.shutter_button.isEnabled()
    assert [p.angle for p in journal.photos(today.id)] == [Angle.FRONT]
    assert view.panel.shots()[0].startswith("Front · ") and view.panel.angle_buttons[Angle.LEFT].isChecked()
    # Trying again without plugging it back in says that it is not there.
    qtbot.mouseClick(view.notice.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.notice.isVisible() and view.notice.title.text() == "No camera", timeout=10_000
    )
    assert view.notice.text.text() == "HD Webcam is not connected any more. The photo taken so far is kept."
    done(qtbot, view)
    assert window.frame.statusBar().currentMessage() == "Import: 1 imported."
    assert len(journal.photos(today.id)) == 1 and verify(journal).clean
    assert not list((journal.folder / ".capture").glob("*"))


def test_a_shot_the_disk_cannot_take_waits_and_leaving_asks_first(
    qtbot, course, clips, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    view = take_photos(qtbot, window, playing(clips["off"]))
    wait_picture(qtbot, view)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "write", full)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(view.panel.retry_row.isVisible, timeout=10_000)
    assert "disk is full" in view.panel.retry_label.text()
    assert view.panel.shots()[0].startswith("Front · not saved yet: ")
    assert journal.photos(today.id) == [] and not list(journal.folder.rglob("*.part"))
    assert view.panel.angle_buttons[Angle.FRONT].isChecked()  # still the front photo to take

    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)  # leaving would lose it: asked
    qtbot.waitUntil(lambda: view.confirm is not None and view.confirm.isVisible(), timeout=5_000)
    assert view.confirm.text().startswith("The front photo could not be saved: ")
    monkeypatch.undo()  # space freed
    qtbot.mouseClick(view.confirm.button(QMessageBox.StandardButton.Retry), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(journal.photos(today.id)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not view.panel.retry_row.isVisible(), timeout=5_000)
    assert view.panel.shots()[-1].endswith("· saved")
    assert window.frame.pages.currentWidget() is view  # still capturing

    # Full again, and this time the user leaves without it: the import report says so.
    monkeypatch.setattr(fsutil.os, "write", full)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(view.panel.retry_row.isVisible, timeout=10_000)
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.confirm is not None and view.confirm.isVisible(), timeout=5_000)
    with qtbot.waitSignal(view.finished, timeout=10_000):
        qtbot.mouseClick(view.confirm.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    monkeypatch.undo()
    assert window.frame.statusBar().currentMessage() == "Import: 1 imported, 1 not imported."
    report = window.workspace.imports.report
    assert report is not None and report.isVisible()
    said = [label.text() for label in report.findChildren(QLabel)]
    assert "<b>1 imported, 1 not imported</b>" in said
    assert any(text.startswith("The import stopped: disk is full") for text in said), said
    assert len(journal.photos(today.id)) == 1 and verify(journal).clean
    assert not list(journal.folder.rglob("*.part")) and not list((journal.folder / ".capture").glob("*"))


# ----------------------------------------------------------------- choices


def test_the_camera_and_size_chosen_are_remembered_for_next_time(qtbot, course, clips, app_settings) -> None:  # type: ignore[no-untyped-def]
    from journal.core.capture.v4l2 import Mode

    window, journal, today = course
    modes = tuple(Mode(w, h, "MJPG") for w, h in ((1920, 1080), (1280, 720), (640, 480)))
    built_in = CameraDevice("pci-built-in", "Integrated Camera", 0, modes=modes)
    usb = CameraDevice("usb-logitech", "Logitech C920", 2, modes=modes)
    cameras = Cameras([built_in, usb], lambda _d, _s: FileSource(clips["off"], loop=True))
    view = take_photos(qtbot, window, cameras)
    wait_picture(qtbot, view)
    picker = view.picker
    assert (
        picker.device_box.currentText() == "Integrated Camera"
        and picker.size_box.currentText() == "1280 × 720"
    )
    assert cameras.opened == [("pci-built-in", (1280, 720))]
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    picker.device_box.setCurrentIndex(1)  # as picking it in the list does, while the photo saves
    qtbot.waitUntil(lambda: len(cameras.opened) == 2 and view.canvas.frame is not None, timeout=10_000)
    assert [line.split(" · ")[0] for line in view.panel.shots()] == ["Front"]  # listed all the same
    assert len(journal.photos(today.id)) == 1 and view.panel.angle_buttons[Angle.LEFT].isChecked()
    picker.size_box.setCurrentIndex(picker.size_box.findText("640 × 480"))
    qtbot.waitUntil(lambda: len(cameras.opened) == 3 and view.canvas.frame is not None, timeout=10_000)
    assert cameras.opened[1:] == [("usb-logitech", (1280, 720)), ("usb-logitech", (640, 480))]
    assert app_settings.capture_camera == CameraChoice("usb-logitech", "Logitech C920", 640, 480)
    done(qtbot, view)

    cameras.opened.clear()  # next time: the same camera at the same size, from the start
    view = take_photos(qtbot, window, cameras)
    wait_picture(qtbot, view)
    assert cameras.opened == [("usb-logitech", (640, 480))]
    assert picker.device_box.currentText() == "Logitech C920" and picker.size_box.currentText() == "640 × 480"
    done(qtbot, view)


def test_any_earlier_session_can_be_the_ghost_or_none(qtbot, course, clips) -> None:  # type: ignore[no-untyped-def]
    window, journal, _today = course
    view = take_photos(qtbot, window, playing(clips["aligned"]))
    qtbot.waitUntil(
        lambda: view.canvas.ghost is not None and view.canvas.marks.target is not None, timeout=10_000
    )
    baseline_target = view.canvas.marks.target
    box = view.panel.ghost_box
    box.setCurrentIndex(1)  # the check-in, whose face sat 0.4 eye distances to the right
    qtbot.waitUntil(
        lambda: view.canvas.ghost is not None and view.canvas.ghost.session.kind is Kind.CHECK_IN,
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: view.canvas.marks.target not in (None, baseline_target), timeout=10_000)
    moved = view.canvas.marks.target[0][0] - baseline_target[0][0]
    assert moved == pytest.approx(0.4 * 72, abs=6)  # the target moved with the ghost's face
    qtbot.waitUntil(
        lambda: (
            "Move to the left" in view.panel.check_texts["position"].text()
            or "A little to the left" in view.panel.check_texts["position"].text()
        ),
        timeout=10_000,
    )
    box.setCurrentIndex(box.count() - 1)  # No ghost: the front photo lines up on a standard framing
    qtbot.waitUntil(lambda: view.canvas.ghost is None and box.currentText() == "No ghost", timeout=10_000)
    qtbot.waitUntil(
        lambda: view.panel.check_texts["light"].text() == "No ghost photo to compare the light with",
        timeout=10_000,
    )
    done(qtbot, view)
    assert journal.photos(_today.id) == []


def test_without_a_session_selected_the_photos_make_todays_session_only_when_one_is_saved(
    qtbot, window, clips, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Empty"), tmp_path / "cache")
    window.workspace.set_journal(journal)
    assert window.workspace.current_session_id() is None and window.actions.take_photos.isEnabled()
    view = take_photos(qtbot, window, playing(clips["off"]))
    assert view.title.text().startswith("Taking photos · A new treatment session · ")
    assert view.title.text().endswith("(made when the first photo is saved)")
    wait_picture(qtbot, view)
    qtbot.waitUntil(lambda: view.panel.ghost_note.isVisible(), timeout=10_000)
    assert view.panel.ghost_note.text() == (
        "No earlier front photo to line up on: this one will be the ghost next time."
    )
    done(qtbot, view)
    assert journal.sessions() == []  # nothing taken, nothing made
    assert window.frame.statusBar().currentMessage() == ""

    view = take_photos(qtbot, window, playing(clips["off"]))
    wait_picture(qtbot, view)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=10_000)
    sessions = journal.sessions()
    assert [(s.date, s.kind) for s in sessions] == [(dt.date.today(), Kind.TREATMENT)]
    assert view.title.text().startswith("Taking photos · Session 1 · week 0 · ")
    done(qtbot, view)
    assert window.workspace.current_session_id() == sessions[0].id  # the new session is shown
    assert window.view.session_page.photos.models[Angle.FRONT].rowCount() == 1


@pytest.mark.parametrize("how", ["journal-closed", "compare-opened", "window-hidden-to-the-tray"])
def test_leaving_while_capturing_stops_the_camera_and_keeps_the_photos(
    qtbot, course, clips, how: str
) -> None:  # type: ignore[no-untyped-def]
    window, journal, today = course
    view = take_photos(qtbot, window, playing(clips["off"]))
    wait_picture(qtbot, view)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=10_000)
    folder = journal.folder
    if how == "journal-closed":
        window.workspace.set_journal(None)
        assert capture_threads() == []  # stopped before the journal closed
        assert not view.running
    else:
        with qtbot.waitSignal(view.finished, timeout=10_000):
            if how == "compare-opened":
                window.actions.compare.trigger()
            else:
                window.frame.hide()  # what closing to the tray does
        qtbot.waitUntil(lambda: capture_threads() == [], timeout=10_000)
        assert window.frame.statusBar().currentMessage() == "Import: 1 imported."
        window.workspace.set_journal(None)
    from journal.core.journal import Journal

    with Journal.open(folder, tmp_cache(folder)) as reopened:
        assert [p.angle for p in reopened.photos(today.id)] == [Angle.FRONT]
        assert verify(reopened).clean


def tmp_cache(folder: Path) -> Path:
    return folder.parent / "cache-again"


@pytest.mark.parametrize("way", ["camera", "no-camera", "files-chosen-from-the-menu"])
def test_take_check_in_photos_now_uses_the_camera_when_there_is_one_or_files_as_chosen(
    qtbot, window, clips, app_settings, tmp_path: Path, way: str
) -> None:  # type: ignore[no-untyped-def]
    """The reminder's button takes the check-in photos with the camera when one is there
    (files otherwise); its menu offers the other way, and the way chosen is kept."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    journal = Journal.create(tmp_path / "j", JournalSettings(name="Check-ins"), tmp_path / "cache")
    today = dt.date.today()  # the photos are dated now, and a check-in counts from its day
    treatment = journal.add_session(today - dt.timedelta(days=14), Kind.TREATMENT, notes="done")
    window.reminders.today = lambda: today  # check-in photos suggested today
    window.capture.cameras = (playing(clips["aligned"]) if way != "no-camera" else Cameras([], None)).access()
    window.workspace.set_journal(journal)
    banner = window.banner
    qtbot.waitUntil(banner.checkin_button.isVisible, timeout=5_000)
    assert banner.checkin_button.text() == "Take check-in photos now"
    qtbot.waitUntil(lambda: banner.camera_available == (way != "no-camera"), timeout=10_000)

    def file_dialog() -> QFileDialog:
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog), timeout=5_000)
        return QApplication.activeModalWidget()  # type: ignore[return-value]

    if way == "files-chosen-from-the-menu":
        assert banner.checkin_camera_action.isEnabled() and banner.checkin_files_action.isEnabled()
        banner.checkin_files_action.trigger()
        file_dialog().reject()
        assert app_settings.checkin_with_camera is False  # kept for next time
    if way != "camera":
        qtbot.mouseClick(banner.checkin_button, Qt.MouseButton.LeftButton)
        file_dialog().reject()
        assert window.capture.view is None or not window.capture.view.running
        assert [s.kind for s in journal.sessions()] == [Kind.TREATMENT]
        return
    qtbot.mouseClick(banner.checkin_button, Qt.MouseButton.LeftButton)
    view = window.capture.view
    assert view is not None and window.frame.pages.currentWidget() is view
    assert "A new check-in session" in view.title.text()
    wait_picture(qtbot, view)
    assert [s.kind for s in journal.sessions()] == [Kind.TREATMENT]  # made when the photo lands
    qtbot.keyClick(view.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(view.panel.shots()) == 1, timeout=10_000)
    done(qtbot, view)
    (check_in,) = [s for s in journal.sessions() if s.kind is Kind.CHECK_IN]
    assert check_in.date == dt.date.today() and [p.angle for p in journal.photos(check_in.id)] == [
        Angle.FRONT
    ]
    assert journal.photos(treatment.id) == []
    # Done: the banner no longer suggests check-in photos.
    qtbot.waitUntil(lambda: not banner.checkin_button.isVisible(), timeout=5_000)
    assert "Check-in photos suggested" not in banner.text()
    qtbot.waitUntil(lambda: capture_threads() == [], timeout=10_000)
