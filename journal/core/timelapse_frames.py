"""A timelapse frame: one photo mapped onto the first frame's eyes, cropped, labelled.

The mapping is Compare's (`alignment.eyes_to_eyes` from this photo's eyes onto the first
frame's), followed by one crop shared by every frame: the first frame's face with a margin,
at the output's aspect. Pixels come from the cached preview, decoded at a reduced JPEG scale
when the output needs fewer; the original is decoded only when the requested size would
enlarge the preview more than PREVIEW_STRETCH times.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from journal.core.alignment import Similarity, eyes_to_eyes
from journal.core.errors import JournalError

if TYPE_CHECKING:
    from PIL import ImageFont

    from journal.core.journal import Journal
    from journal.core.models import Photo
    from journal.core.timelapse_model import Shot, TimelapseOptions

Point = tuple[float, float]
Pixels = NDArray[np.uint8]  # height x width x 3, RGB

# The face box, in eye distances (IOD): wide enough for the cheeks and ears, tall enough for
# the forehead and the chin; the crop is the smallest rectangle of the output's shape around it.
FACE_WIDTH_IODS = 3.2
FACE_HEIGHT_IODS = 4.2
EYES_IN_BOX = 0.42  # the eyes sit this far down the face box
BACKGROUND = (20, 20, 20)  # where a photo does not cover the frame
# Use the preview unless the output would enlarge it more than this. A film is seen in motion
# and at a glance; a full decode of a 12 MP original costs 5x a preview's, and a 50-session film
# must take seconds. A face that fills a phone photo needs no enlargement at 720p; one at a
# third of the frame's height does (1.7x), which is where this bites.
PREVIEW_STRETCH = 2.0
LABEL_HEIGHT = 0.045  # text height, as a share of the frame's height
_text_lock = threading.Lock()  # FreeType faces are not shared between threads


@dataclass(frozen=True)
class Framing:
    """Where the first frame's eyes go in the output, and the output's size."""

    reference: tuple[Point, Point]  # the first frame's eyes, in its upright original pixels
    crop: Similarity  # the first frame's pixels -> output pixels
    size: tuple[int, int]

    @classmethod
    def of(cls, first: Shot, size: tuple[int, int]) -> Framing:
        (lx, ly), (rx, ry) = first.eyes
        iod = math.hypot(rx - lx, ry - ly)
        if iod <= 0:
            raise JournalError(f"the eye points of {first.photo.original_name!r} coincide")
        width, height = size
        aspect = width / height
        box_w, box_h = FACE_WIDTH_IODS * iod, FACE_HEIGHT_IODS * iod
        crop_h = max(box_h, box_w / aspect)
        crop_w = crop_h * aspect
        mx, my = (lx + rx) / 2, (ly + ry) / 2
        left = mx - crop_w / 2
        top = my - EYES_IN_BOX * box_h - (crop_h - box_h) / 2
        scale = width / crop_w
        return cls(first.eyes, Similarity(scale, 0.0, -left * scale, -top * scale), size)

    def transform(self, eyes: tuple[Point, Point]) -> Similarity:
        """A photo's upright original pixels -> output pixels."""
        return eyes_to_eyes(eyes, self.reference).then(self.crop)


@dataclass(frozen=True)
class Frame:
    image: Pixels  # aligned and cropped, without the label
    label: str | None  # burned in when the frame is shown (None: no dates)

    def shown(self) -> Pixels:
        return compose(self, self, 0.0)


def render(journal: Journal, shot: Shot, framing: Framing, dates: bool) -> Frame:
    """The shot's photo aligned onto the first frame's eyes and cropped. Thread-safe."""
    import cv2

    photo = shot.photo
    to_output = framing.transform(shot.eyes)
    width, height = framing.size
    source, ratio = _source(journal, photo, to_output.scale)
    # Source pixels -> original pixels (÷ ratio) -> output pixels.
    a, b = to_output.a / ratio, to_output.b / ratio
    matrix = np.array([[a, -b, to_output.tx], [b, a, to_output.ty]], dtype=np.float64)
    # Pixel centres: OpenCV maps integer coordinates, the transforms continuous ones ([i, i+1)).
    matrix[:, 2] += matrix[:, 0] * 0.5 + matrix[:, 1] * 0.5 - 0.5
    image = cv2.warpAffine(
        source,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=BACKGROUND,
    )
    return Frame(np.ascontiguousarray(image, dtype=np.uint8), shot.label if dates else None)


def _source(journal: Journal, photo: Photo, needed: float) -> tuple[Pixels, float]:
    """The photo's pixels at about `needed` output px per original px, and their pixels per
    original pixel: from the preview at a reduced JPEG scale, else from the original."""
    from PIL import Image

    from journal.core import imaging

    original = journal.photo_path(photo)
    long_edge = max(photo.width, photo.height)
    try:
        preview_path = journal.cache.ensure_preview(photo.sha256, original)
        with Image.open(preview_path) as im:
            ratio = im.width / photo.width
            if ratio * PREVIEW_STRETCH >= needed or ratio >= 1:
                factor = min(1.0, needed / ratio)
                if factor < 1:
                    im.draft("RGB", (math.ceil(im.width * factor), math.ceil(im.height * factor)))
                pixels = np.asarray(imaging.to_rgb(im))
                return pixels, pixels.shape[1] / photo.width
    except (OSError, ValueError, Image.DecompressionBombError, JournalError):
        pass  # a damaged, vanished or unwritable cache file: the original is the truth
    try:
        image = imaging.load_upright(original, max(16, math.ceil(long_edge * min(1.0, needed))))
    except OSError as exc:
        raise JournalError(
            f"cannot read {photo.original_name!r} ({photo.rel_path}): {exc.strerror or exc}"
        ) from exc
    except imaging.ImageRefused as exc:
        raise JournalError(f"cannot read {photo.original_name!r} ({photo.rel_path}): {exc}") from exc
    pixels = np.asarray(image)
    return pixels, pixels.shape[1] / photo.width


def compose(a: Frame, b: Frame, alpha: float) -> Pixels:
    """`a` blended towards `b` by `alpha` (0: a), with the label of whichever shows more."""
    if alpha <= 0:
        image, label = a.image, a.label
    elif alpha >= 1:
        image, label = b.image, b.label
    else:
        import cv2

        image = np.asarray(cv2.addWeighted(a.image, 1 - alpha, b.image, alpha, 0.0), dtype=np.uint8)
        label = a.label if alpha < 0.5 else b.label
    if label is None:
        return image
    return _labelled(image, label)


def _labelled(image: Pixels, text: str) -> Pixels:
    """The label on a dark band in the bottom-left corner, at a size readable on a phone."""
    from PIL import Image, ImageDraw

    height, width = image.shape[:2]
    size = max(11, round(height * LABEL_HEIGHT))
    pad = max(4, size // 2)
    font = _font(size)
    with _text_lock:
        left, top, right, bottom = font.getbbox(text)
        box_w = min(width, right - left + 2 * pad)
        box_h = min(height, size + 2 * pad)
        x0, y0 = max(0, pad // 2), max(0, height - box_h - pad // 2)
        out = image.copy()
        band = out[y0 : y0 + box_h, x0 : x0 + box_w]
        # Only the band goes through Pillow: a whole-frame round trip costs more than the text.
        picture = Image.fromarray((band.astype(np.uint16) * 2 // 7).astype(np.uint8))
        origin = (pad - left, (box_h - (bottom - top)) / 2 - top)
        ImageDraw.Draw(picture).text(origin, text, font=font, fill=(255, 255, 255))
        band[...] = np.asarray(picture)
    return out


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own scalable font (it ships in the wheel: nothing looked up on the system)."""
    from PIL import ImageFont

    return ImageFont.load_default(size)


def palette_for(journal: Journal, shots: list[Shot], options: TimelapseOptions) -> Any:
    """One 256-colour palette for a whole GIF (a palette per frame flickers), from small
    renders of up to 12 frames spread over the course, labels included."""
    from PIL import Image

    width, height = options.size
    factor = min(1.0, 240 / max(width, height))
    size = (max(16, round(width * factor)), max(16, round(height * factor)))
    framing = Framing.of(shots[0], size)
    count = min(len(shots), 12)
    picks = sorted({round(i * (len(shots) - 1) / max(1, count - 1)) for i in range(count)})
    tiles = [render(journal, shots[i], framing, options.dates).shown() for i in picks]
    sheet = Image.fromarray(np.concatenate(tiles, axis=0))
    return sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
