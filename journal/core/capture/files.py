"""A frame source that plays a video file or a folder of pictures, for tests and for trying
capture without a camera (`progress-journal capture --source FILE`).

It plays at a set frame rate (the video's own by default) on the source's clock, like a camera
that never waits for its reader; `paced=False` hands out frames as fast as they decode, still
stamped with their place in the timeline, so a test can run a 10-second clip in a moment and
see the same times. The file is outside input: a video is opened by OpenCV's FFmpeg reader, a
folder's pictures by the journal's own checked decoder, and frames larger than `max_edge` are
scaled down. Nothing is written anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from journal.core.capture.frames import CameraError, CameraProblem, Frame, Pixels

VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mjpg", ".mjpeg", ".ogv"})
FRAME_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"})
DEFAULT_FPS = 30.0
MAX_EDGE = 1920


class FileSource:
    def __init__(
        self,
        path: Path | str,
        fps: float | None = None,
        loop: bool = False,
        paced: bool = True,
        max_edge: int = MAX_EDGE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.fps = fps
        self.loop = loop
        self.paced = paced
        self.max_edge = max_edge
        self.skipped: list[str] = []  # pictures in a folder that could not be read, with why
        self._clock = clock
        self._sleep = sleep
        self._video: Any = None
        self._frames: list[Path] = []
        self._position = 0
        self._index = 0
        self._start = 0.0

    @property
    def description(self) -> str:
        return self.path.name

    def now(self) -> float:
        return self._clock()

    def open(self) -> None:
        if not self.path.exists():
            raise CameraError(CameraProblem.UNREADABLE, f"No such file or folder: {self.path}")
        if self.path.is_dir():
            self._frames = sorted(
                (p for p in self.path.iterdir() if p.suffix.lower() in FRAME_SUFFIXES and p.is_file()),
                key=lambda p: p.name,
            )
            if not self._frames:
                raise CameraError(CameraProblem.UNREADABLE, f"No pictures in the folder {self.path}")
            rate = self.fps or DEFAULT_FPS
        else:
            rate = self._open_video()
        if not 0.1 <= rate <= 240:
            raise ValueError(f"frame rate must be 0.1–240, not {rate}")
        self.fps = rate
        self._index = self._position = 0  # opened again ("Play again"): from the first frame, at once
        self._start = self._clock()

    def _open_video(self) -> float:
        import cv2

        try:
            with open(self.path, "rb"):
                pass
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            raise CameraError(CameraProblem.UNREADABLE, f"Cannot read {self.path}: {reason}") from exc
        video = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not video.isOpened():
            video.release()
            raise CameraError(CameraProblem.UNREADABLE, f"Not a video Progress Journal can play: {self.path}")
        self._video = video
        own = float(video.get(cv2.CAP_PROP_FPS) or 0)
        return self.fps or (own if 1 <= own <= 240 else DEFAULT_FPS)

    def read(self) -> Frame | None:
        if self._video is None and not self._frames:
            raise CameraError(CameraProblem.UNREADABLE, f"{self.path.name} is not open")
        assert self.fps is not None
        due = self._start + self._index / self.fps
        if self.paced:
            wait = due - self._clock()
            if wait > 0:
                self._sleep(wait)
        pixels = self._next_video() if self._video is not None else self._next_picture()
        if pixels is None:
            return None
        pixels.flags.writeable = False
        self._index += 1
        return Frame(pixels, self._index, due)

    def _next_video(self) -> Pixels | None:
        import cv2

        ok, bgr = self._video.read()
        if not ok and self.loop and self._index > 0:
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, bgr = self._video.read()
        if not ok or bgr is None:
            if self._index == 0:
                raise CameraError(CameraProblem.UNREADABLE, f"No picture could be read from {self.path}")
            return None
        rgb: Pixels = cv2.cvtColor(self._shrunk(bgr), cv2.COLOR_BGR2RGB)
        return rgb

    def _next_picture(self) -> Pixels | None:
        from journal.core import imaging

        for _attempt in range(len(self._frames)):
            if self._position >= len(self._frames):
                if not self.loop:
                    return None
                self._position = 0
            path = self._frames[self._position]
            self._position += 1
            try:
                image = imaging.load_upright(path, self.max_edge)
            except (imaging.ImageRefused, OSError) as exc:
                self.skipped.append(f"{path.name}: {exc}")
                continue
            return np.array(image)
        if self._index == 0 or self.loop:
            raise CameraError(CameraProblem.UNREADABLE, f"None of the pictures in {self.path} can be read")
        return None

    def _shrunk(self, pixels: Pixels) -> Pixels:
        import cv2

        height, width = pixels.shape[:2]
        factor = self.max_edge / max(height, width)
        if factor >= 1:
            return pixels
        resized: Pixels = cv2.resize(pixels, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        return resized

    def close(self) -> None:
        video, self._video = self._video, None
        if video is not None:
            video.release()
        self._frames = []
