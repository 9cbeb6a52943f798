"""Encoding a timelapse: GIF and animated WebP through Pillow, MP4 (H.264) or WebM (VP9)
through PyAV, whose wheels bring FFmpeg with libx264 and libvpx inside (no system ffmpeg).

Only pixels go in. Pillow is given no EXIF, XMP, ICC or comment; the video muxers run
bit-exact, which leaves no metadata but the encoder's name, and the SEI message in which
x264 records its version and settings is filtered out of the H.264 stream.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from journal.core import gif
from journal.core.timelapse_frames import Frame, Pixels, compose
from journal.core.timelapse_model import Format, Step, TimelapseError

T = TypeVar("T")

# What Pillow holds before it writes an animated WebP (it collects the frames first): refuse a
# film that would need more, rather than run the machine out of memory half-way.
MAX_HELD_BYTES = 1 << 30
PICTURES_AHEAD = 6  # steps made ahead of the encoder (each a frame's pixels, or a GIF's bytes)
_VIDEO_CODECS = {Format.MP4: "libx264", Format.WEBM: "libvpx-vp9"}
_VIDEO_OPTIONS = {
    # CRF 18: no visible loss on skin. "veryfast": cross-fades are many distinct frames, and 50
    # sessions must encode in seconds on two cores; the file is some 20 % larger than "medium".
    Format.MP4: {"preset": "veryfast", "crf": "18", "profile": "high", "g": "25", "bf": "0"},
    # VP9 in constant quality. Its "good" deadline is 4x slower than "realtime" here for 20 %
    # fewer bytes: a 50-session film with fades would take half a minute.
    Format.WEBM: {
        "crf": "30",
        "b": "0",
        "deadline": "realtime",
        "cpu-used": "6",
        "row-mt": "1",
        "tile-columns": "1",
        "g": "25",
    },
}


class Encoder(Protocol):
    def encode(self, steps: list[Step], frames: Iterator[Frame]) -> int:
        """Write the film; returns how many frames the file holds."""
        ...


@functools.cache
def video_formats() -> frozenset[Format]:
    """The video formats this installation can write (probed: a PyAV build may lack a codec)."""
    try:
        import av
    except ImportError:
        return frozenset()
    found = set()
    for fmt, name in _VIDEO_CODECS.items():
        try:
            av.codec.Codec(name, "w")
        except Exception:  # UnknownCodecError, or a build without that encoder
            continue
        found.add(fmt)
    return frozenset(found)


def available_formats() -> list[Format]:
    """Formats to offer, video first: MP4 where H.264 is there, else WebM; then GIF, WebP."""
    videos = video_formats()
    return [f for f in (Format.MP4, Format.WEBM) if f in videos] + [Format.GIF, Format.WEBP]


def check_available(fmt: Format) -> None:
    if not fmt.is_video or fmt in video_formats():
        return
    if not video_formats():
        raise TimelapseError(
            "writing video needs PyAV (the `av` package), which is not installed: "
            "save as .gif or .webp, or install it"
        )
    raise TimelapseError(
        f"this installation's video encoder has no {fmt.label}: save as "
        + ", ".join(f".{f.value}" for f in available_formats())
    )


def encoder_for(fmt: Format, path: Path, size: tuple[int, int], fps: int) -> Any:
    if fmt is Format.GIF:
        return GifEncoder(path, size, fps)
    if fmt is Format.WEBP:
        return WebpEncoder(path, size, fps)
    return VideoEncoder(fmt, path, size, fps)


def pictures(steps: Iterable[Step], frames: Iterator[Frame]) -> Iterator[tuple[Pixels, Step]]:
    """Each step's picture, in order (see `made_ahead`)."""
    return made_ahead(steps, frames, lambda picture, _step: picture)


def made_ahead(
    steps: Iterable[Step], frames: Iterator[Frame], work: Callable[[Pixels, Step], T]
) -> Iterator[tuple[T, Step]]:
    """`work` on each step's picture, in order, done by two workers a few steps ahead while
    the caller encodes the last one: blending a cross-fade and burning in its label (and a
    GIF's quantising and compressing) are most of a film's work. Shots are pulled from
    `frames` as the steps reach them, and held only while a step ahead needs them."""
    held: dict[int, Frame] = {}
    pulled = 0
    pending: collections.deque[tuple[Future[T], Step]] = collections.deque()

    def made(a: Frame, b: Frame, step: Step) -> T:
        return work(compose(a, b, step.alpha), step)

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pj-timelapse-encode") as pool:
        try:
            for step in steps:
                while pulled <= step.b:
                    held[pulled] = next(frames)
                    pulled += 1
                for old in [i for i in held if i < step.a]:
                    del held[old]
                pending.append((pool.submit(made, held[step.a], held[step.b], step), step))
                if len(pending) > PICTURES_AHEAD:
                    future, done = pending.popleft()
                    yield future.result(), done
            while pending:
                future, done = pending.popleft()
                yield future.result(), done
        finally:
            for future, _step in pending:
                future.cancel()


def check_memory(fmt: Format, steps: list[Step], size: tuple[int, int]) -> None:
    """Refuse, before any work, an animated WebP that Pillow could not hold in memory (it
    collects every frame before it writes; a GIF is written frame by frame, and a video too)."""
    if fmt is not Format.WEBP:
        return
    needed = len(steps) * size[0] * size[1] * 3
    if needed > MAX_HELD_BYTES:
        raise TimelapseError(
            f"too many frames for an animated WebP at {size[0]}x{size[1]} ({len(steps)} frames, "
            f"{needed / 2**30:.1f} GB in memory): choose a video, a GIF, a smaller size or no cross-fades"
        )


class GifEncoder:
    """One shared palette for the film (a palette per frame flickers), Floyd–Steinberg
    dithered. Each frame is quantised and compressed on its own, by the workers that make the
    pictures (Pillow's encoder, one frame at a time), and written as soon as its turn comes:
    the film is never held in memory whole, and two cores share the work."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int) -> None:
        self.path, self.size, self.fps = path, size, fps
        self.palette: Any = None

    def set_palette(self, palette: Any) -> None:
        self.palette = palette

    def encode(self, steps: list[Step], frames: Iterator[Frame]) -> int:
        from PIL import Image

        colours = self.palette.getpalette()[:768] if self.palette is not None else None
        # Each worker its own palette image: Pillow fills a colour cache in it while it
        # quantises (kept for the next frame, it halves the time; shared, it would be a race).
        palettes = threading.local()

        def frame_data(picture: Pixels, _step: Step) -> tuple[bytes, bytes]:
            image = Image.fromarray(picture)
            if colours is not None:
                if not hasattr(palettes, "image"):
                    palettes.image = Image.new("P", (1, 1))
                    palettes.image.putpalette(colours)
                image = image.quantize(palette=palettes.image, dither=Image.Dither.FLOYDSTEINBERG)
            else:
                image = image.quantize(256, method=Image.Quantize.FASTOCTREE)
            return gif.single_frame(image)

        count = 0
        with open(self.path, "wb") as out:
            film_colours = b""
            for (table, picture), step in made_ahead(steps, frames, frame_data):
                if count == 0:
                    film_colours = table
                    out.write(gif.header(self.size, film_colours))
                centiseconds = round(step.frames * 1000 / self.fps / 10)
                out.write(gif.frame(picture, table, film_colours, centiseconds))
                count += 1
            out.write(gif.TRAILER)
        return count


class WebpEncoder:
    """Lossy animated WebP at quality 85 (skin keeps its texture; a tenth of the GIF's bytes)."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int) -> None:
        self.path, self.size, self.fps = path, size, fps

    def encode(self, steps: list[Step], frames: Iterator[Frame]) -> int:
        from PIL import Image

        images, durations = [], []
        for picture, step in pictures(steps, frames):
            images.append(Image.fromarray(picture))
            durations.append(round(step.frames * 1000 / self.fps))
        images[0].save(
            self.path,
            format="WEBP",
            save_all=True,
            append_images=images[1:],
            duration=durations,
            loop=0,
            quality=85,
            method=0,
            minimize_size=False,
            allow_mixed=False,
            # No key frames but the first: a film plays from its start, and each frame is
            # then encoded once, as the change from the last, not also whole to compare
            # (a sixth less time and 40 % fewer bytes for a 50-session film, the same quality).
            kmin=0,
            kmax=0,
        )
        return len(images)


class VideoEncoder:
    """4:2:0, BT.709 (what players assume for HD), tagged as such; one frame per picture."""

    def __init__(self, fmt: Format, path: Path, size: tuple[int, int], fps: int) -> None:
        self.format, self.path, self.size, self.fps = fmt, path, size, fps

    def encode(self, steps: list[Step], frames: Iterator[Frame]) -> int:
        import av

        # The muxer writes to our file object; only MP4's faststart reopens the file by name
        # to move the index to the front. That name is absolute and may only be a local file:
        # FFmpeg never reaches for a network protocol, whatever the folder is called.
        options = {"fflags": "+bitexact", "protocol_whitelist": "file"}
        if self.format is Format.MP4:
            options["movflags"] = "+faststart"
        with open(self.path.absolute(), "wb") as handle:
            try:
                container = av.open(handle, "w", format=self.format.value, container_options=options)
            except av.error.FFmpegError as exc:
                raise _video_error(exc) from exc
            try:
                written = self._write(container, steps, frames)
            except BaseException as exc:
                # The first failure is the one to report (a full disk), not closing's echo of it.
                with contextlib.suppress(Exception):
                    container.close()
                if isinstance(exc, av.error.FFmpegError):
                    raise _video_error(exc) from exc
                raise
            try:
                container.close()  # the trailer; for MP4 also the index moved to the front
            except av.error.FFmpegError as exc:
                raise _video_error(exc) from exc
        return written

    def _write(self, container: Any, steps: list[Step], frames: Iterator[Frame]) -> int:
        import av
        from av.video.reformatter import ColorRange, Colorspace

        width, height = self.size
        stream = container.add_stream(
            _VIDEO_CODECS[self.format], rate=self.fps, options=dict(_VIDEO_OPTIONS[self.format])
        )
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        context = stream.codec_context
        context.colorspace, context.color_primaries, context.color_trc = 1, 1, 1  # BT.709
        context.color_range = ColorRange.MPEG
        strip = None
        if self.format is Format.MP4:
            from av.bitstream import BitStreamFilterContext

            strip = BitStreamFilterContext("filter_units=remove_types=6", stream)  # SEI

        def mux(packets: Iterable[Any]) -> None:
            for packet in packets:
                container.mux(strip.filter(packet) if strip is not None else packet)

        # Variable frame rate: a session's picture is one frame that lasts its share of the
        # film (ticks of 1/fps s), not a run of copies; a fade is a frame a tick.
        written = tick = 0
        frame = None
        for picture, step in pictures(steps, frames):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(
                format="yuv420p", dst_colorspace=Colorspace.ITU709, dst_color_range=ColorRange.MPEG
            )
            frame.pts = tick
            mux(stream.encode(frame))
            written += 1
            tick += step.frames
        if frame is not None and steps[-1].frames > 1:
            # The last picture again on the last tick: the film lasts until its end hold is over.
            frame.pts = tick - 1
            mux(stream.encode(frame))
            written += 1
        mux(stream.encode(None))
        if strip is not None:
            for packet in strip.filter(None):
                container.mux(packet)
        return written


def _video_error(exc: Exception) -> Exception:
    """An OSError behind an FFmpeg failure (a full disk) as itself, so the caller names the
    file; anything else as one line."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return TimelapseError(f"the video encoder failed: {exc}")
