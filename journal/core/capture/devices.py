"""Cameras: which there are, which sizes they give, and reading one through OpenCV.

Why OpenCV's VideoCapture and not QtMultimedia: it is already a dependency (no extra 160 MB
of PySide6-Addons), it has native back ends on every desktop (V4L2 on Linux, Media Foundation
and DirectShow on Windows, AVFoundation on macOS), it hands out numpy arrays that the eye
detection and the checks use as they are, and it can live in the core on a plain thread (the
core has no Qt). What it lacks, a device list with names and sizes, Linux gets from sysfs and
V4L2 queries (`v4l2`); elsewhere cameras are probed by number in a worker, with a time limit.

How each problem is told apart (Linux, where the system says):
  - no camera: no capture node under /sys/class/video4linux;
  - permission denied: the node exists but cannot be opened (not in the `video` group,
    or a sandbox);
  - busy: the node opens but OpenCV cannot start the stream, or the first picture never comes;
  - unplugged mid-session: reads fail and the node is gone (or reads keep failing).
Windows and macOS do not say which of "busy" and "not allowed" it is; the message names both.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.core.capture import v4l2
from journal.core.capture.frames import CameraError, CameraProblem, Frame

SYSFS = Path("/sys/class/video4linux")
DEFAULT_SIZE = (1280, 720)
READ_RETRIES = 5  # consecutive failed reads before the camera counts as gone
FIRST_FRAME_TIMEOUT = 5.0
PROBE_COUNT = 4  # camera numbers tried where there is no device list
PROBE_BUDGET = 8.0  # seconds for probing in all (Media Foundation opens slowly)


@dataclass(frozen=True)
class CameraDevice:
    key: str  # stable between runs where the system gives one (/dev/v4l/by-id/...), for settings
    name: str
    index: int  # OpenCV's camera number
    path: str | None = None  # /dev/videoN on Linux
    modes: tuple[v4l2.Mode, ...] = ()
    problem: CameraProblem | None = None  # known before opening: PERMISSION_DENIED

    def sizes(self) -> list[tuple[int, int]]:
        """Picture sizes to offer, largest first (the common sizes when the camera did not say)."""
        found = sorted({(m.width, m.height) for m in self.modes}, key=lambda s: -s[0] * s[1])
        return found or sorted(v4l2.COMMON_SIZES, key=lambda s: -s[0] * s[1])

    def fourcc_for(self, size: tuple[int, int]) -> str | None:
        """MJPG where the camera offers it at that size: USB webcams give 720p and up at full
        frame rate only compressed (uncompressed YUYV at 1280x720 is often 10 fps or less)."""
        formats = {m.fourcc for m in self.modes if (m.width, m.height) == size}
        return "MJPG" if "MJPG" in formats else None


@dataclass(frozen=True)
class CameraChoice:
    """The device and size the user picked, as the settings remember them."""

    key: str
    name: str
    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "width": self.width, "height": self.height}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CameraChoice | None:
        """None for anything that is not a remembered choice (settings files are outside input)."""
        try:
            width, height = int(data["width"]), int(data["height"])
            key, name = str(data["key"]), str(data.get("name", ""))
        except (KeyError, TypeError, ValueError):
            return None
        if not (16 <= width <= 8192 and 16 <= height <= 8192) or not key:
            return None
        return cls(key, name, width, height)


def find_choice(choice: CameraChoice | None, devices: list[CameraDevice]) -> CameraDevice | None:
    """The remembered device if it is plugged in (by key, then by name), else the first one."""
    if choice is not None:
        for device in devices:
            if device.key == choice.key:
                return device
        for device in devices:
            if choice.name and device.name == choice.name:
                return device
    return devices[0] if devices else None


# ----------------------------------------------------------------- the device list


def list_devices() -> list[CameraDevice]:
    """The cameras on this machine. Linux: instant, opens no stream. Elsewhere: see `probe_devices`
    (slow; call it off the GUI thread)."""
    if sys.platform.startswith("linux"):
        return linux_devices()
    return probe_devices()


def linux_devices(
    sysfs: Path = SYSFS,
    dev: Path = Path("/dev"),
    ioctl: v4l2.Ioctl = v4l2.system_ioctl,
    open_node: Callable[[str], int] = v4l2.open_node,
) -> list[CameraDevice]:
    stable = _stable_names(str(dev / "v4l" / "by-id"))
    devices = []
    for entry in sorted(sysfs.glob("video*"), key=lambda p: _number(p.name)):
        index = _number(entry.name)
        if index < 0:
            continue
        path = str(dev / entry.name)
        name = _read_text(entry / "name") or f"Camera {index}"
        key = stable.get(os.path.realpath(path), path)
        try:
            fd = open_node(path)
        except PermissionError:
            devices.append(CameraDevice(key, name, index, path, problem=CameraProblem.PERMISSION_DENIED))
            continue
        except OSError:
            continue  # gone between the listing and now, or not a device at all
        try:
            capability = v4l2.query_capability(fd, ioctl)
            if not capability.captures:
                continue  # the metadata node every UVC webcam has beside its picture node
            modes = tuple(v4l2.list_modes(fd, ioctl))
        except OSError:
            continue
        finally:
            os.close(fd)
        devices.append(CameraDevice(key, capability.card or name, index, path, modes))
    return devices


def _number(name: str) -> int:
    digits = name.removeprefix("video")
    return int(digits) if digits.isdigit() else -1


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip()
    except OSError:
        return ""


def _stable_names(folder: str) -> dict[str, str]:
    """/dev/videoN -> its /dev/v4l/by-id link: the same camera keeps it when numbers change."""
    names: dict[str, str] = {}
    for link in sorted(glob.glob(os.path.join(folder, "*"))):
        with contextlib.suppress(OSError):
            names.setdefault(os.path.realpath(link), link)
    return names


def probe_devices(
    count: int = PROBE_COUNT,
    budget: float = PROBE_BUDGET,
    opener: Callable[[int], bool] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[CameraDevice]:
    """Try camera numbers 0, 1, ... (Windows, macOS): open, release, stop at the first gap or
    when the time budget is spent. Slow (Media Foundation takes seconds per camera) and on
    macOS it may ask for camera permission: call it in a worker, when the user opens capture."""
    try_open = opener or _opens
    devices = []
    began = clock()
    for index in range(count):
        if clock() - began > budget or not try_open(index):
            break
        devices.append(CameraDevice(f"index:{index}", f"Camera {index + 1}", index))
    return devices


def _opens(index: int) -> bool:
    cv2 = _cv2()
    capture = cv2.VideoCapture(index, _backend())
    try:
        return bool(capture.isOpened())
    finally:
        capture.release()


# ----------------------------------------------------------------- reading a camera


def _cv2() -> Any:
    import cv2

    # A failed open logs "can't open camera by index" warnings to stderr; the app says it better.
    with contextlib.suppress(AttributeError):
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    return cv2


def _backend() -> int:
    cv2 = _cv2()
    if sys.platform.startswith("linux"):
        return int(cv2.CAP_V4L2)
    if sys.platform == "win32":
        return int(cv2.CAP_MSMF)
    if sys.platform == "darwin":
        return int(cv2.CAP_AVFOUNDATION)
    return int(cv2.CAP_ANY)


def _cannot_open(device: CameraDevice) -> CameraError:
    if device.path is not None:
        if not os.path.exists(device.path):
            return CameraError(CameraProblem.NO_CAMERA, f"{device.name} is not connected any more.")
        if not os.access(device.path, os.R_OK | os.W_OK):
            return _denied(device)
        return CameraError(
            CameraProblem.BUSY,
            f"{device.name} is in use by another app: close it (a video call, another camera app) and try again.",
        )
    if sys.platform == "darwin":
        return CameraError(
            CameraProblem.PERMISSION_DENIED,
            f"{device.name} could not be opened: allow camera access in System Settings → Privacy & "
            "Security → Camera, and close other apps that use it.",
        )
    return CameraError(
        CameraProblem.BUSY,
        f"{device.name} could not be opened: close other apps that use it, and check that camera "
        "access is on in Settings → Privacy & security → Camera.",
    )


def _denied(device: CameraDevice) -> CameraError:
    return CameraError(
        CameraProblem.PERMISSION_DENIED,
        f"Permission denied for {device.name} ({device.path}): your user needs camera access "
        "(on most systems: membership of the 'video' group, then log in again).",
    )


def no_camera() -> CameraError:
    return CameraError(
        CameraProblem.NO_CAMERA,
        "No camera found. Plug one in, or add photos from files instead.",
    )


class DeviceSource:
    """A camera through OpenCV. Frames are upright RGB, as the camera sees (not mirrored)."""

    def __init__(
        self,
        device: CameraDevice,
        size: tuple[int, int] = DEFAULT_SIZE,
        fps: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        opener: Callable[[int | str, int], Any] | None = None,
    ) -> None:
        self.device = device
        self._opener = opener  # makes the cv2.VideoCapture (tests pass a stand-in camera)
        self.requested = size
        self.fps = fps
        self.actual: tuple[int, int] | None = None
        self._clock = clock
        self._capture: Any = None
        self._index = 0

    @property
    def description(self) -> str:
        if self.actual is None:
            return self.device.name
        return f"{self.device.name}, {self.actual[0]}×{self.actual[1]}"

    def now(self) -> float:
        return self._clock()

    def open(self) -> None:
        if self.device.problem is CameraProblem.PERMISSION_DENIED:
            raise _denied(self.device)
        cv2 = _cv2()
        target: int | str = self.device.path or self.device.index
        capture = (self._opener or cv2.VideoCapture)(target, _backend())
        if not capture.isOpened():
            capture.release()
            raise _cannot_open(self.device)
        fourcc = self.device.fourcc_for(self.requested)
        if fourcc:
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*fourcc))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.requested[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.requested[1])
        capture.set(cv2.CAP_PROP_FPS, self.fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest picture, not one from 4 frames ago
        capture.set(cv2.CAP_PROP_READ_TIMEOUT_MSEC, 2000)  # an unplugged camera fails a read soon
        self._capture = capture
        began = self._clock()
        while True:
            ok, first = capture.read()
            if ok and first is not None:
                self.actual = (int(first.shape[1]), int(first.shape[0]))
                return
            if self._clock() - began > FIRST_FRAME_TIMEOUT:
                self.close()
                raise _cannot_open(self.device)
            time.sleep(0.05)

    def read(self) -> Frame | None:
        if self._capture is None:
            raise CameraError(CameraProblem.DISCONNECTED, f"{self.device.name} is not open.")
        for _attempt in range(READ_RETRIES):
            ok, bgr = self._capture.read()
            if ok and bgr is not None:
                return self._frame(bgr)
            if self.device.path is not None and not os.path.exists(self.device.path):
                break
            time.sleep(0.05)
        raise CameraError(
            CameraProblem.DISCONNECTED,
            f"{self.device.name} stopped sending pictures (unplugged?). The photos taken so far are kept.",
        )

    def _frame(self, bgr: Any) -> Frame:
        cv2 = _cv2()
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        self._index += 1
        return Frame(rgb, self._index, self._clock())

    def close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()


def open_device_source(
    choice: CameraChoice | None,
    devices: Iterable[CameraDevice] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> DeviceSource:
    """A source for the remembered camera and size (or the first camera at 1280x720). Raises
    CameraError(NO_CAMERA) when there is none; nothing is opened until the grabber starts it."""
    found = list(devices) if devices is not None else list_devices()
    device = find_choice(choice, found)
    if device is None:
        raise no_camera()
    size = (choice.width, choice.height) if choice is not None else DEFAULT_SIZE
    return DeviceSource(device, size, clock=clock)
