"""Frame sources: a camera (its list, sizes and every way it can fail), a video or a folder of
frames played as a camera, and the grabber thread in front of them."""

from __future__ import annotations

import errno
import os
import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from journal.core.capture import devices, v4l2
from journal.core.capture.devices import CameraChoice, CameraDevice, DeviceSource
from journal.core.capture.files import FileSource
from journal.core.capture.frames import CameraError, CameraProblem, Frame, Grabber, GrabState
from tests.core.capture.scenes import write_frames, write_video

# ----------------------------------------------------------------- Linux device list (V4L2)


def test_v4l2_request_numbers_are_the_kernels() -> None:
    """The values linux/videodev2.h gives on every Linux (x86-64, arm64)."""
    assert v4l2.VIDIOC_QUERYCAP == 0x80685600
    assert v4l2.VIDIOC_ENUM_FMT == 0xC0405602
    assert v4l2.VIDIOC_ENUM_FRAMESIZES == 0xC02C564A


def _fourcc(text: str) -> int:
    return int.from_bytes(text.encode(), "little")


class FakeNodes:
    """Answers V4L2 queries the way a kernel driver does, for nodes that are not there."""

    def __init__(self, nodes: dict[str, dict]) -> None:
        self.nodes = nodes
        self.fds: dict[int, dict] = {}

    def open_node(self, path: str) -> int:
        spec = self.nodes[os.path.basename(path)]
        if spec.get("denied"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        fd = os.open(os.devnull, os.O_RDONLY)
        self.fds[fd] = spec
        return fd

    def ioctl(self, fd: int, request: int, buffer: bytearray) -> None:
        spec = self.fds[fd]
        if request == v4l2.VIDIOC_QUERYCAP:
            caps = spec.get("caps", v4l2.CAP_VIDEO_CAPTURE)
            buffer[:] = struct.pack(
                "=16s32s32sIII3I",
                b"uvcvideo",
                spec["card"].encode(),
                b"usb-1",
                0,
                caps | v4l2.CAP_DEVICE_CAPS,
                caps,
                0,
                0,
                0,
            )
        elif request == v4l2.VIDIOC_ENUM_FMT:
            index = struct.unpack_from("=I", buffer)[0]
            formats = spec.get("formats", [])
            if index >= len(formats):
                raise OSError(errno.EINVAL, "Invalid argument")
            struct.pack_into(
                "=III32sI", buffer, 0, index, 1, 0, formats[index][0].encode(), _fourcc(formats[index][0])
            )
        elif request == v4l2.VIDIOC_ENUM_FRAMESIZES:
            index, pixel_format = struct.unpack_from("=II", buffer)
            sizes = dict((_fourcc(name), s) for name, s in spec.get("formats", []))[pixel_format]
            if sizes == "range":
                if index > 0:
                    raise OSError(errno.EINVAL, "Invalid argument")
                struct.pack_into(
                    "=III6I", buffer, 0, 0, pixel_format, v4l2.FRMSIZE_STEPWISE, 320, 1920, 8, 240, 1080, 8
                )
                return
            if index >= len(sizes):
                raise OSError(errno.EINVAL, "Invalid argument")
            struct.pack_into("=III2I", buffer, 0, index, pixel_format, v4l2.FRMSIZE_DISCRETE, *sizes[index])
        else:
            raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")


def _sysfs(root: Path, names: dict[str, str]) -> Path:
    for node, name in names.items():
        (root / "sys" / node).mkdir(parents=True)
        (root / "sys" / node / "name").write_text(name + "\n")
    (root / "dev").mkdir(exist_ok=True)
    return root / "sys"


def test_the_list_names_each_camera_once_with_its_sizes_and_a_stable_key(tmp_path: Path) -> None:
    sysfs = _sysfs(tmp_path, {"video0": "HD Webcam", "video1": "HD Webcam", "video2": "Room camera"})
    fake = FakeNodes(
        {
            "video0": {
                "card": "HD Webcam: HD Webcam",
                "formats": [
                    ("YUYV", [(640, 480), (1280, 720)]),
                    ("MJPG", [(1280, 720), (1920, 1080), (640, 480)]),
                ],
            },
            "video1": {"card": "HD Webcam: HD Webcam", "caps": 0x00800000},  # metadata only
            "video2": {"card": "Room camera", "formats": [("YUYV", "range")]},
        }
    )
    by_id = tmp_path / "dev" / "v4l" / "by-id"
    by_id.mkdir(parents=True)
    (tmp_path / "dev" / "video0").touch()
    (by_id / "usb-Acme_HD_Webcam-video-index0").symlink_to(tmp_path / "dev" / "video0")

    found = devices.linux_devices(sysfs, tmp_path / "dev", fake.ioctl, fake.open_node)

    assert [(d.name, d.index) for d in found] == [("HD Webcam: HD Webcam", 0), ("Room camera", 2)]
    webcam, room = found
    assert webcam.key == str(by_id / "usb-Acme_HD_Webcam-video-index0")
    assert room.key == str(tmp_path / "dev" / "video2")
    assert webcam.sizes() == [(1920, 1080), (1280, 720), (640, 480)]
    assert webcam.fourcc_for((1280, 720)) == "MJPG"  # the full-frame-rate format at 720p
    assert room.sizes() == [(1920, 1080), (1280, 720), (640, 480)]  # the common sizes in its range
    assert room.fourcc_for((1280, 720)) is None


def test_remembered_camera_is_found_by_key_then_by_name_else_the_first() -> None:
    a = CameraDevice("/dev/v4l/by-id/a", "Webcam A", 0)
    b = CameraDevice("/dev/v4l/by-id/b", "Webcam B", 2)
    assert devices.find_choice(CameraChoice("/dev/v4l/by-id/b", "Webcam B"), [a, b]) is b
    assert devices.find_choice(CameraChoice("/dev/video9", "Webcam B"), [a, b]) is b  # numbers changed
    assert devices.find_choice(CameraChoice("gone", "Gone"), [a, b]) is a
    assert devices.find_choice(None, []) is None
    saved = CameraChoice("/dev/v4l/by-id/b", "Webcam B", 1920, 1080)
    assert CameraChoice.from_dict(saved.to_dict()) == saved
    for junk in ({}, {"key": "x", "width": "wide", "height": 1}, {"key": "x", "width": 10**6, "height": 720}):
        assert CameraChoice.from_dict(junk) is None


# ----------------------------------------------------------------- camera problems


def test_no_camera(tmp_path: Path) -> None:
    fake = FakeNodes({})
    assert devices.linux_devices(_sysfs(tmp_path, {}), tmp_path / "dev", fake.ioctl, fake.open_node) == []
    with pytest.raises(CameraError, match="No camera found") as raised:
        devices.open_device_source(None, devices=[])
    assert raised.value.problem is CameraProblem.NO_CAMERA


def test_permission_denied(tmp_path: Path) -> None:
    fake = FakeNodes({"video0": {"card": "HD Webcam", "denied": True}})
    (found,) = devices.linux_devices(
        _sysfs(tmp_path, {"video0": "HD Webcam"}), tmp_path / "dev", fake.ioctl, fake.open_node
    )
    assert found.problem is CameraProblem.PERMISSION_DENIED
    grabber = Grabber(DeviceSource(found))
    grabber.start()
    assert grabber.wait_newer(0, timeout=10) is None
    status = grabber.status
    assert status.state is GrabState.FAILED and status.problem is not None
    assert status.problem.problem is CameraProblem.PERMISSION_DENIED
    assert "Permission denied for HD Webcam" in status.message and "'video' group" in status.message


def test_busy_camera_that_opens_but_gives_no_stream(tmp_path: Path) -> None:
    """The node is there and may be opened, but the stream cannot start: another app has it."""
    node = tmp_path / "video0"
    node.write_bytes(b"")  # OpenCV's V4L2 back end cannot stream from it, as from a busy camera
    source = DeviceSource(CameraDevice(str(node), "HD Webcam", 0, str(node)))
    with pytest.raises(CameraError, match="in use by another app") as raised:
        source.open()
    assert raised.value.problem is CameraProblem.BUSY


class StandInCamera:
    """cv2.VideoCapture's reading side, for a camera that can be unplugged by deleting its node."""

    def __init__(self, node: Path, opened: bool = True) -> None:
        self.node = node
        self.opened = opened
        self.released = 0
        self.reads = 0

    def isOpened(self) -> bool:
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        self.reads += 1
        if not self.node.exists():
            return False, None
        bgr = np.zeros((48, 64, 3), np.uint8)
        bgr[..., 2] = 200  # red, in OpenCV's BGR order
        return True, bgr

    def release(self) -> None:
        self.released += 1


def test_unplugged_mid_session_says_so_and_keeps_the_last_picture(tmp_path: Path) -> None:
    node = tmp_path / "video0"
    node.touch()
    camera = StandInCamera(node)
    unplug_after = 12

    def on_frame(frame: Frame) -> None:
        if frame.index == unplug_after:
            node.unlink()

    grabber = Grabber(
        DeviceSource(CameraDevice(str(node), "HD Webcam", 0, str(node)), opener=lambda *a: camera), on_frame
    )
    grabber.start()
    deadline = time.monotonic() + 20
    while grabber.status.state is not GrabState.FAILED and time.monotonic() < deadline:
        time.sleep(0.01)
    status = grabber.status
    assert status.state is GrabState.FAILED and status.problem is not None
    assert status.problem.problem is CameraProblem.DISCONNECTED
    assert "stopped sending pictures (unplugged?)" in status.message
    assert status.frames == unplug_after
    last = grabber.latest()
    assert last is not None and last.index == unplug_after
    assert tuple(last.pixels[0, 0]) == (200, 0, 0)  # RGB, as everything downstream expects
    assert camera.released == 1


# ----------------------------------------------------------------- files played as a camera


def _clip(count: int, size: tuple[int, int] = (160, 96)) -> list[np.ndarray]:
    """Frames that say which one they are: a red bar whose length is the frame number."""
    frames = []
    for i in range(count):
        frame = np.full((size[1], size[0], 3), 40, np.uint8)
        frame[10:30, : 8 * (i + 1)] = (230, 20, 20)
        frames.append(frame)
    return frames


def _bar(frame: Frame) -> int:
    red = (frame.pixels[20, :, 0] > 150) & (frame.pixels[20, :, 2] < 100)
    return round(red.sum() / 8)


@pytest.mark.parametrize("kind", ["video", "folder"])
def test_a_file_plays_every_frame_in_order_stamped_on_its_timeline(tmp_path: Path, kind: str) -> None:
    frames = _clip(12)
    path = (
        write_video(tmp_path / "clip.avi", frames, 10)
        if kind == "video"
        else write_frames(tmp_path / "frames", frames)
    )
    source = FileSource(path, fps=10 if kind == "folder" else None, paced=False)
    source.open()
    played = []
    while (frame := source.read()) is not None:
        played.append(frame)
    source.close()
    assert [_bar(f) for f in played] == list(range(1, 13))
    assert [f.index for f in played] == list(range(1, 13))
    start = played[0].time
    assert [round(f.time - start, 3) for f in played] == [i / 10 for i in range(12)]
    assert not played[0].pixels.flags.writeable  # shared between the view and the analysis


def test_a_looping_file_starts_again_and_time_goes_on(tmp_path: Path) -> None:
    source = FileSource(write_video(tmp_path / "clip.avi", _clip(5), 25), loop=True, paced=False)
    source.open()
    played = [source.read() for _ in range(12)]
    assert [_bar(f) for f in played if f is not None] == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]
    times = [f.time for f in played if f is not None]
    assert times == sorted(times) and len(set(times)) == 12


def test_paced_playback_waits_for_each_frame_and_never_to_catch_up(tmp_path: Path) -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    source = FileSource(write_frames(tmp_path / "f", _clip(4)), fps=20, clock=lambda: now[0], sleep=sleep)
    source.open()
    first = source.read()
    now[0] += 0.01  # the view took 10 ms
    second = source.read()
    now[0] += 0.2  # a slow moment: frame 3 is already late
    third = source.read()
    assert first is not None and second is not None and third is not None
    assert slept == [0.04]
    assert (first.time, second.time, third.time) == (100.0, 100.05, 100.1)


@pytest.mark.parametrize("kind", ["video", "folder"])
def test_a_file_played_again_after_its_end_starts_from_its_first_frame_at_once(
    tmp_path: Path, kind: str
) -> None:
    """The capture view's "Play again" opens the same source a second time."""
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    frames = _clip(4)
    path = (
        write_video(tmp_path / "c.avi", frames, 20)
        if kind == "video"
        else write_frames(tmp_path / "f", frames)
    )
    source = FileSource(path, fps=20, clock=lambda: now[0], sleep=sleep)
    source.open()
    while source.read() is not None:
        pass
    source.close()
    slept.clear()
    source.open()
    again = source.read()
    assert again is not None and _bar(again) == 1 and again.index == 1
    assert slept == [] and again.time == now[0]


def test_a_damaged_frame_in_a_folder_is_skipped_and_named(tmp_path: Path) -> None:
    folder = write_frames(tmp_path / "frames", _clip(4))
    data = (folder / "frame-0001.jpg").read_bytes()
    (folder / "frame-0001.jpg").write_bytes(data[: len(data) // 2])
    (folder / "notes.txt").write_text("not a frame")
    source = FileSource(folder, paced=False)
    source.open()
    played = []
    while (frame := source.read()) is not None:
        played.append(_bar(frame))
    assert played == [1, 3, 4]
    assert len(source.skipped) == 1 and source.skipped[0].startswith("frame-0001.jpg: truncated")


@pytest.mark.parametrize(
    "case, message",
    [
        ("missing", "No such file or folder"),
        ("a-network-address", "No such file or folder"),  # never a stream from the network
        ("not-a-video", "Not a video Progress Journal can play"),
        ("empty-folder", "No pictures in the folder"),
        ("only-damaged-frames", "None of the pictures"),
    ],
)
def test_a_file_that_cannot_play_says_why(tmp_path: Path, case: str, message: str) -> None:
    path = tmp_path / "source"
    if case == "a-network-address":
        path = Path("rtsp://127.0.0.1:8554/live")
    elif case == "not-a-video":
        path = tmp_path / "clip.mp4"
        path.write_text("this is not a video\n" * 100)
    elif case == "empty-folder":
        path.mkdir()
    elif case == "only-damaged-frames":
        path.mkdir()
        (path / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    grabber = Grabber(FileSource(path, paced=False))
    grabber.start()
    assert grabber.wait_newer(0, timeout=10) is None
    assert grabber.stop()
    status = grabber.status
    assert status.state is GrabState.FAILED and status.problem is not None
    assert status.problem.problem is CameraProblem.UNREADABLE and message in status.message, status.message


# ----------------------------------------------------------------- the grabber


class CountingSource:
    """Frames as fast as asked, forever or up to `count`; remembers being closed."""

    def __init__(self, count: int | None = None, delay: float = 0.0) -> None:
        self.count = count
        self.delay = delay
        self.index = 0
        self.closed = 0
        self.pixels = np.zeros((8, 8, 3), np.uint8)

    description = "counting"

    def now(self) -> float:
        return time.monotonic()

    def open(self) -> None:
        pass

    def read(self) -> Frame | None:
        if self.count is not None and self.index >= self.count:
            return None
        if self.delay:
            time.sleep(self.delay)
        self.index += 1
        return Frame(self.pixels, self.index, self.index / 100)

    def close(self) -> None:
        self.closed += 1


def test_latest_frame_wins_for_a_slow_reader() -> None:
    source = CountingSource(count=400, delay=0.0005)
    grabber = Grabber(source)
    grabber.start()
    seen = []
    while (frame := grabber.wait_newer(seen[-1] if seen else 0, timeout=5)) is not None:
        seen.append(frame.index)
        time.sleep(0.01)  # an analysis far slower than the frames
    assert seen[-1] == 400  # the newest, not the next in a queue
    assert len(seen) < 200 and seen == sorted(seen)  # frames in between were skipped, never queued
    assert grabber.status.state is GrabState.ENDED and grabber.status.frames == 400
    assert source.closed == 1


def test_stop_ends_the_thread_and_closes_the_source() -> None:
    source = CountingSource(delay=0.001)
    grabber = Grabber(source)
    grabber.start()
    assert grabber.wait_newer(5, timeout=5) is not None
    assert grabber.stop(timeout=5)
    assert grabber.status.state is GrabState.STOPPED and source.closed == 1
    assert not any(t.name == "pj-capture-grab" for t in threading.enumerate())


def test_a_frame_of_a_folder_is_upright_rgb(tmp_path: Path) -> None:
    """A picture with an EXIF rotation plays upright, like every photo in the journal."""
    folder = tmp_path / "frames"
    folder.mkdir()
    image = Image.new("RGB", (80, 40), (30, 30, 200))
    image.paste((220, 20, 20), (0, 0, 20, 40))  # red on the left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: the red side is then on top
    image.save(folder / "a.jpg", exif=exif, quality=95)
    source = FileSource(folder, paced=False)
    source.open()
    frame = source.read()
    assert frame is not None and (frame.width, frame.height) == (40, 80)
    assert frame.pixels[5, 20, 0] > 180 and frame.pixels[75, 20, 2] > 150


def test_the_capture_command_s_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`capture --source FILE` plays the file in a loop; without one, the camera (here: none)."""
    from journal.core.capture.session import source_for

    video = write_video(tmp_path / "clip.avi", _clip(3), 10)
    source = source_for(video)
    assert isinstance(source, FileSource) and source.loop
    monkeypatch.setattr(devices, "list_devices", lambda: [])
    with pytest.raises(CameraError, match="No camera found"):
        source_for(None)


def test_probing_cameras_by_number_stops_at_the_first_gap_and_within_its_budget() -> None:
    """Windows and macOS: no list, so numbers are tried (slowly); never past a gap or the budget."""
    tried: list[int] = []

    def opener(index: int) -> bool:
        tried.append(index)
        return index in (0, 1, 3)

    assert [d.name for d in devices.probe_devices(count=4, opener=opener)] == ["Camera 1", "Camera 2"]
    assert tried == [0, 1, 2]
    now = [0.0]

    def slow(index: int) -> bool:
        now[0] += 5.0  # Media Foundation can take seconds to open a camera
        return True

    found = devices.probe_devices(count=4, budget=8.0, opener=slow, clock=lambda: now[0])
    assert [d.index for d in found] == [0, 1]
