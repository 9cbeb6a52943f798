"""Decoding photos: upright, size-limited, fast (JPEG draft mode), HEIC through pillow-heif.

EXIF orientation is applied here and nowhere else (DESIGN.md, "Imaging"), together with the
turn the user chose for a photo shown the wrong way round (journal/core/turn.py): every other
part of the app asks this module for upright pixels. Why a file cannot be read is said here
too, in the app's own words (`decode_failure`), whatever the decoder's message was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from journal.core import jpegcheck
from journal.core.errors import JournalError
from journal.core.turn import NO_TURN, Turn


@functools.cache
def _heif_opener() -> Any:
    """pillow-heif, registered with Pillow: loaded for the first HEIF-family file only (its
    import is 40 ms, half of what a JPEG's first import paid for the whole module)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return pillow_heif


def _is_heif_family(head: bytes) -> bool:
    """An ISO base media file (HEIC, HEIF, AVIF): its first box is `ftyp`."""
    return head[4:8] == b"ftyp"


# Pillow's own bomb check runs inside Image.open() and cannot tell a JPEG (which we decode at a
# reduced scale) from a PNG (which must be decoded whole). We apply per-format limits in
# `opened` instead; `Image.open` only parses headers, so nothing is allocated before that.
Image.MAX_IMAGE_PIXELS = None

# Real 200 MP phone photos are 16320x12240 (199.8 MP). JPEG is decoded at 1/8 or 1/4 scale for
# every use but "100 %" zoom, so it may be big; formats without reduced decoding cost ~3 bytes per
# pixel in memory and get a lower ceiling.
MAX_PIXELS_SCALABLE = 260_000_000
MAX_PIXELS_FULL = 120_000_000
SCALABLE_FORMATS = frozenset({"JPEG", "MPO"})
SUPPORTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "TIFF", "HEIF", "AVIF"})
EXTENSIONS = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "WEBP": ".webp",
    "TIFF": ".tif",
    "HEIF": ".heic",
    "AVIF": ".avif",
}

THUMB_SIZE = 512
PREVIEW_SIZE = 2048
# A preview may be a little under PREVIEW_SIZE when that saves a full decode: a 12 MP photo
# decodes at 1/2 scale to 2016 px five times faster than it decodes whole (33 ms against
# 150–190 ms, measured with Pillow 13 on a 2-core machine before the project started).
PREVIEW_MIN = 1600
THUMB_REDUCING_GAP = 1.5  # see `shrunk`

_TAG_ORIENTATION = 0x0112
_TAG_DATETIME = 0x0132
_IFD_EXIF = 0x8769
_TAG_DATETIME_ORIGINAL = 0x9003
_TAG_DATETIME_DIGITIZED = 0x9004

_TRANSPOSE: dict[int, list[Image.Transpose]] = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_270],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_90],
}


class ImageRefused(JournalError):
    """A photo that cannot be decoded (or may not be); the message is the reason, in one line."""


# Why a photo could not be read, in the app's words: the decoders' own messages ("image file
# is truncated (14 bytes not processed)", "broken data stream when reading image file", "could
# not create decoder object") mean nothing to the person importing their photos.
NOT_AN_IMAGE = "not an image, or a format Progress Journal cannot read"
TRUNCATED = "truncated: the file ends part-way through the picture"
DAMAGED = "damaged: the picture in the file cannot be decoded"
_TRUNCATION_WORDS = ("truncat", "premature end", "end of file", "not enough data", "unexpected end")


def decode_failure(exc: BaseException) -> str:
    """The one mapping from a decoder's exception to the reason the app shows."""
    if isinstance(exc, UnidentifiedImageError):
        return NOT_AN_IMAGE
    text = str(exc).lower()
    if isinstance(exc, EOFError) or any(words in text for words in _TRUNCATION_WORDS):
        return TRUNCATED
    return DAMAGED


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int  # upright
    height: int  # upright
    orientation: int
    taken_at: dt.datetime | None


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Image.Image]:
    """Open a photo (headers only) and check we can and may decode it.

    The file is closed when the block ends; pixels loaded inside the block stay usable.
    """
    with open(path, "rb") as handle:
        if _is_heif_family(handle.read(12)):
            _heif_opener()
        handle.seek(0)
        try:
            im = Image.open(handle)
        except Exception as exc:  # header parsers raise many types on damaged files
            raise ImageRefused(decode_failure(exc)) from exc
        fmt = im.format or "?"
        if fmt not in SUPPORTED_FORMATS:
            raise ImageRefused(f"unsupported image format ({fmt})")
        width, height = im.size
        limit = MAX_PIXELS_SCALABLE if fmt in SCALABLE_FORMATS else MAX_PIXELS_FULL
        if width * height > limit or width <= 0 or height <= 0:
            raise ImageRefused(
                f"image too large to open safely ({width}x{height}, {width * height / 1e6:.0f} MP; "
                f"the limit for {fmt} is {limit / 1e6:.0f} MP)"
            )
        yield im


def orientation_of(im: Image.Image) -> int:
    """EXIF orientation 1..8; anything unreadable or out of range counts as upright (1)."""
    if im.format in ("HEIF", "AVIF"):
        return 1  # libheif/libavif already applied the container's rotation
    try:
        value = int(im.getexif().get(_TAG_ORIENTATION, 1))
    except Exception:  # broken EXIF blocks raise anything; a photo must still import
        return 1
    return value if 1 <= value <= 8 else 1


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def make_upright(im: Image.Image, orientation: int, turn: Turn = NO_TURN) -> Image.Image:
    """The picture as it is shown: its EXIF `orientation` applied, then the user's `turn`, in
    one transposition."""
    for step in _TRANSPOSE.get(Turn.from_exif(orientation).then(turn).exif, []):
        im = im.transpose(step)
    return im


def shown_size(width: int, height: int, turn: Turn) -> tuple[int, int]:
    """The size a photo is shown at, from its upright size (EXIF applied) and the user's turn."""
    return turn.size(width, height)


def capture_time(im: Image.Image) -> dt.datetime | None:
    """The camera's capture time from EXIF (DateTimeOriginal first), as the camera wrote it."""
    try:
        exif = im.getexif()
        sub = exif.get_ifd(_IFD_EXIF)
        candidates = [
            sub.get(_TAG_DATETIME_ORIGINAL),
            sub.get(_TAG_DATETIME_DIGITIZED),
            exif.get(_TAG_DATETIME),
        ]
    except Exception:  # metadata that broke other readers: fall back to the file time
        return None
    for value in candidates:
        parsed = parse_exif_datetime(value)
        if parsed is not None:
            return parsed
    return None


def parse_exif_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="ignore")
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\x00").strip()
    for fmt in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            parsed = dt.datetime.strptime(text[:19] if "S" in fmt else text[:16], fmt)
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return parsed
    return None


def read_info(im: Image.Image) -> ImageInfo:
    orientation = orientation_of(im)
    width, height = upright_size(im.size, orientation)
    return ImageInfo(im.format or "?", width, height, orientation, capture_time(im))


def to_rgb(im: Image.Image) -> Image.Image:
    """Plain 8-bit RGB for display and JPEG output (transparency flattened on white)."""
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB")


def _draft_for(im: Image.Image, long_edge: int) -> None:
    """Ask the JPEG decoder for a reduced scale whose long edge stays >= `long_edge`."""
    if im.format not in SCALABLE_FORMATS:
        return
    width, height = im.size
    factor = long_edge / max(width, height)
    if factor >= 1:
        return
    im.draft("RGB", (math.ceil(width * factor), math.ceil(height * factor)))


def _decode(im: Image.Image) -> None:
    try:
        im.load()
    except Exception as exc:  # any decoder failure is a property of the file, not a bug
        raise ImageRefused(decode_failure(exc)) from exc


def load_upright(
    path: Path, max_size: int | None = None, min_size: int | None = None, turn: Turn = NO_TURN
) -> Image.Image:
    """The photo as upright RGB (EXIF orientation, then the user's `turn`), at most `max_size`
    px on its long edge (None: full size).

    JPEGs are decoded at the smallest DCT scale whose long edge is still >= `min_size`
    (default `max_size`); a slightly smaller result can save a full decode.
    """
    with opened(path) as im:
        orientation = orientation_of(im)
        if max_size is not None:
            _draft_for(im, min(max_size, min_size or max_size))
        _decode(im)
    if max_size is not None and max(im.size) > max_size:
        im.thumbnail((max_size, max_size), Image.Resampling.BICUBIC, reducing_gap=THUMB_REDUCING_GAP)
    return make_upright(to_rgb(im), orientation, turn)


@dataclass
class Derivatives:
    info: ImageInfo
    thumbnail: Image.Image
    preview: Image.Image | None  # None when it is cheaper to make on first view (HEIC)


def make_derivatives(
    path: Path, with_preview: bool = True, turn: Turn = NO_TURN, checked_whole: bool = False
) -> Derivatives:
    """Decode once and produce the ~512 px thumbnail and ~2048 px preview, both upright (EXIF
    orientation, then the user's `turn`); `info` describes the file (EXIF applied, no turn).

    Also proves the file decodes to its end: a truncated JPEG raises here (draft mode still
    reads every entropy-coded byte), so import can refuse it before it is stored.
    `checked_whole`: the caller has just walked the file's structure to its end
    (filecheck.missing_part), so the JPEG end-marker walk is not done a second time.
    """
    with opened(path) as im:
        info = read_info(im)
        if info.format == "HEIF":
            embedded = _heif_embedded_thumbnail(path)
            if embedded is not None:
                return Derivatives(info, make_upright(embedded, 1, turn), None)
        _draft_for(im, PREVIEW_MIN if with_preview else THUMB_SIZE)
        _decode(im)
    if info.format in SCALABLE_FORMATS and not checked_whole and not jpegcheck.ends_properly(path):
        raise ImageRefused(TRUNCATED)
    rgb = to_rgb(im)
    preview: Image.Image | None = None
    if with_preview:
        if max(rgb.size) > PREVIEW_SIZE:
            rgb.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.BICUBIC, reducing_gap=None)
        preview = make_upright(rgb, info.orientation, turn)
        base = preview
    else:
        base = make_upright(rgb, info.orientation, turn)
    return Derivatives(info, shrunk(base, THUMB_SIZE), preview)


def shrunk(im: Image.Image, max_edge: int) -> Image.Image:
    """A new image at most `max_edge` px on its long edge (`im` itself is left alone).

    Box-reduces by an integer factor first, then resamples bicubic: half the time of a direct
    bicubic resize from a preview (12 vs 25 ms), indistinguishable at thumbnail size.
    """
    width, height = im.size
    scale = max(width, height) / max_edge
    if scale <= 1:
        return im.copy()
    target = (max(1, round(width / scale)), max(1, round(height / scale)))
    factor = int(scale / THUMB_REDUCING_GAP)
    if factor >= 2:
        im = im.reduce(factor)
    return im.resize(target, Image.Resampling.BICUBIC)


def _heif_embedded_thumbnail(path: Path) -> Image.Image | None:
    """The thumbnail a phone stored inside the HEIC, if it is big enough (3–7 ms vs ~0.5 s)."""
    try:
        heif = _heif_opener().open_heif(str(path), convert_hdr_to_8bit=True)
        primary = heif[heif.primary_index]
        sizes: list[int] = list(primary.info.get("thumbnails") or [])
        if not sizes or max(sizes) < THUMB_SIZE * 3 // 4:
            return None
        best = sizes.index(max(sizes))
        thumb = primary.get_thumbnail(best).to_pillow()
    except Exception as exc:
        raise ImageRefused(decode_failure(exc)) from exc
    thumb = to_rgb(thumb)
    return shrunk(thumb, THUMB_SIZE) if max(thumb.size) > THUMB_SIZE else thumb


def save_jpeg(im: Image.Image, path: Path, quality: int = 85) -> None:
    """Write a derived image (thumbnail, preview) as JPEG with no metadata at all."""
    from journal.core.fsutil import atomic_output

    im = pixels_only(im)
    with atomic_output(path, durable=False) as tmp:
        im.save(tmp, "JPEG", quality=quality, optimize=False, progressive=False)


def pixels_only(im: Image.Image) -> Image.Image:
    """The picture and nothing else, for every image the app writes (cache, export).

    Pillow carries a decoded file's metadata along through every resize and rotation and
    writes some of it back out (a JPEG comment, a PNG's ICC profile). So whatever comes in,
    what goes out has no EXIF, GPS, XMP, IPTC, comment, maker notes or text chunks. Colour:
    a photo with a colour profile (Display P3 from a phone, Adobe RGB from a camera) is
    converted to sRGB, and no profile is written; sRGB is what untagged images mean everywhere,
    and what Qt draws them as, so the previews, sheets and exports show the colours right and
    a profile (which can name the device) never leaves.
    """
    if not im.info:
        return im
    icc = im.info.get("icc_profile")
    converted = _to_srgb(im, icc) if icc and im.mode == "RGB" else None
    bare = converted if converted is not None else _same_pixels(im)
    bare.info = {}
    return bare


def _same_pixels(im: Image.Image) -> Image.Image:
    """A new image object on the same pixels (`im` keeps its own metadata): a 2048 px preview
    is not copied (9 MB, 3-5 ms) only to be written without its metadata."""
    im.load()
    try:
        return im._new(im.im)
    except AttributeError:  # a Pillow without it: copy
        return im.copy()


_SRGB_NAMES = ("sRGB",)


@functools.lru_cache(maxsize=8)
def _srgb_transform(icc: bytes) -> Any:
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(source).strip().startswith(_SRGB_NAMES):
            return None
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        # NOCACHE: one transform serves every worker thread at once.
        flags = ImageCms.Flags.NOCACHE | ImageCms.Flags.HIGHRESPRECALC
        return ImageCms.buildTransform(source, srgb, "RGB", "RGB", flags=flags)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a damaged or odd profile: keep the pixels as they are (as sRGB)


def _to_srgb(im: Image.Image, icc: bytes) -> Image.Image | None:
    from PIL import ImageCms

    transform = _srgb_transform(bytes(icc))
    if transform is None:
        return None
    converted = ImageCms.applyTransform(im, transform)
    return converted if converted is not None else None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
