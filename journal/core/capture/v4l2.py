"""Asking a Linux camera what it is and which picture sizes it offers, without opening a stream.

OpenCV has no device list: it opens camera 0, 1, ... by number and cannot say what a number
is. Each USB webcam also shows up as two /dev/video nodes, one of which only carries metadata
and never gives a picture. So on Linux the list comes from sysfs and three read-only V4L2
queries (the kernel's stable ABI, `linux/videodev2.h`): QUERYCAP (is this a capture node?),
ENUM_FMT and ENUM_FRAMESIZES (which sizes, in which formats). None of them starts streaming,
so they work while another app uses the camera and never make it busy.

The queries go through an `ioctl` callable so tests can answer for a camera that is not there.
"""

from __future__ import annotations

import errno
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

Ioctl = Callable[[int, int, bytearray], object]

_QUERYCAP = struct.Struct("=16s32s32sIII3I")  # struct v4l2_capability, 104 bytes
_FMTDESC = struct.Struct("=III32sII3I")  # struct v4l2_fmtdesc, 64 bytes
_FRMSIZE = struct.Struct("=III6I2I")  # struct v4l2_frmsizeenum, 44 bytes


def _ioc(direction: int, number: int, size: int) -> int:
    return (direction << 30) | (size << 16) | (ord("V") << 8) | number


_READ, _READ_WRITE = 2, 3
VIDIOC_QUERYCAP = _ioc(_READ, 0, _QUERYCAP.size)
VIDIOC_ENUM_FMT = _ioc(_READ_WRITE, 2, _FMTDESC.size)
VIDIOC_ENUM_FRAMESIZES = _ioc(_READ_WRITE, 74, _FRMSIZE.size)

CAP_VIDEO_CAPTURE = 0x00000001
CAP_VIDEO_CAPTURE_MPLANE = 0x00001000
CAP_DEVICE_CAPS = 0x80000000
BUF_TYPE_VIDEO_CAPTURE = 1
FRMSIZE_DISCRETE, FRMSIZE_CONTINUOUS, FRMSIZE_STEPWISE = 1, 2, 3
MAX_ENTRIES = 64  # a driver that never says "no more" must not hang the list

# Sizes offered when a camera gives a range instead of a list (and on other systems).
COMMON_SIZES: tuple[tuple[int, int], ...] = (
    (640, 480),
    (1280, 720),
    (1920, 1080),
    (2560, 1440),
    (3840, 2160),
)


@dataclass(frozen=True)
class Capability:
    driver: str
    card: str  # the camera's name as the driver gives it
    bus_info: str
    captures: bool  # gives pictures (not a metadata-only node)


@dataclass(frozen=True)
class Mode:
    width: int
    height: int
    fourcc: str  # "MJPG", "YUYV", ...


def fourcc_text(code: int) -> str:
    return bytes((code >> (8 * i)) & 0xFF for i in range(4)).decode("latin-1").strip()


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", errors="replace").strip()


def system_ioctl(fd: int, request: int, buffer: bytearray) -> object:
    import fcntl

    return fcntl.ioctl(fd, request, buffer, True)


def query_capability(fd: int, ioctl: Ioctl = system_ioctl) -> Capability:
    buffer = bytearray(_QUERYCAP.size)
    ioctl(fd, VIDIOC_QUERYCAP, buffer)
    driver, card, bus, _version, caps, device_caps, *_ = _QUERYCAP.unpack(buffer)
    effective = device_caps if caps & CAP_DEVICE_CAPS else caps
    captures = bool(effective & (CAP_VIDEO_CAPTURE | CAP_VIDEO_CAPTURE_MPLANE))
    return Capability(_text(driver), _text(card), _text(bus), captures)


def list_modes(fd: int, ioctl: Ioctl = system_ioctl) -> list[Mode]:
    """Every (size, format) the capture node offers, largest first."""
    modes: set[Mode] = set()
    for fmt_index in range(MAX_ENTRIES):
        desc = bytearray(_FMTDESC.pack(fmt_index, BUF_TYPE_VIDEO_CAPTURE, 0, b"", 0, 0, 0, 0, 0))
        if not _ask(fd, VIDIOC_ENUM_FMT, desc, ioctl):
            break
        pixel_format = _FMTDESC.unpack(desc)[4]
        fourcc = fourcc_text(pixel_format)
        for size_index in range(MAX_ENTRIES):
            entry = bytearray(_FRMSIZE.pack(size_index, pixel_format, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            if not _ask(fd, VIDIOC_ENUM_FRAMESIZES, entry, ioctl):
                break
            _i, _pf, kind, a, b, _c, d, e, _f, *_ = _FRMSIZE.unpack(entry)
            if kind == FRMSIZE_DISCRETE:
                modes.add(Mode(a, b, fourcc))
                continue
            # A range (min_w, max_w, step_w, min_h, max_h, step_h): offer the common sizes in it.
            min_w, max_w, min_h, max_h = a, b, d, e
            modes.update(
                Mode(w, h, fourcc) for w, h in COMMON_SIZES if min_w <= w <= max_w and min_h <= h <= max_h
            )
            break  # a range is the only entry
    return sorted(modes, key=lambda m: (-m.width * m.height, m.fourcc != "MJPG", m.fourcc))


def _ask(fd: int, request: int, buffer: bytearray, ioctl: Ioctl) -> bool:
    """One enumeration step; False at the end of the list (EINVAL), or when the driver refuses."""
    try:
        ioctl(fd, request, buffer)
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOTTY, errno.ENODEV, errno.EIO):
            return False
        raise
    return True


def open_node(path: str) -> int:
    """A descriptor for queries only: non-blocking, no stream, never busy."""
    return os.open(path, os.O_RDWR | os.O_NONBLOCK)
