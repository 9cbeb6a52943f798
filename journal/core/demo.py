"""Build the demo journal from `seeds/`, through the same API the app uses.

The photos are simulated from one public-domain portrait (seeds/ATTRIBUTION.md): each session
shifts, tilts, zooms and relights it and adds redness that fades over the course, so that
comparison, alignment and the lighting check have something real to work on. Generation is
deterministic (seeded), so the demo looks the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from journal.core.errors import Cancelled
from journal.core.journal import Journal
from journal.core.models import RATINGS, Angle, JournalSettings, Kind
from journal.core.regions import suggested

SCALE = 4  # the seed crop is 224x280; demo photos are 896x1120
# Landmarks in seed-crop pixels, measured by eye on the crop.
_CHEEKS = ((88.0, 127.0), (137.0, 129.0))
_CHEEK_RADIUS = (13.0, 10.0)
SIMULATED_NOTE = "Simulated demo photo (not a real treatment photo)"


def load_course() -> dict[str, Any]:
    text = resources.files("journal.seeds").joinpath("course.json").read_text(encoding="utf-8")
    course: dict[str, Any] = json.loads(text)
    return course


def seed_face() -> Image.Image:
    with (
        resources.as_file(resources.files("journal.seeds").joinpath("face.png")) as path,
        Image.open(path) as im,
    ):
        return im.convert("RGB")


def build_demo(
    folder: Path,
    cache_root: Path,
    today: dt.date | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> Journal:
    """Create the demo journal in `folder` (new or empty) and return it, open for writing.
    `progress(done, total)` is told after each session; returning False cancels (Cancelled)."""
    today = today or dt.date.today()
    course = load_course()
    settings = JournalSettings(
        name=course["name"],
        treatment=course["treatment"],
        interval_days=course["interval_days"],
        checkin_offset_days=course["checkin_offset_days"],
        planned_sessions=course["planned_sessions"],
    )
    journal = Journal.create(folder, settings, cache_root)
    start = today - dt.timedelta(days=course["days_before_today"])
    base = seed_face().resize((224 * SCALE, 280 * SCALE), Image.Resampling.LANCZOS)
    with tempfile.TemporaryDirectory(prefix="pj-demo-") as scratch:
        for index, entry in enumerate(course["sessions"]):
            if progress is not None and progress(index, len(course["sessions"])) is False:
                journal.close()
                raise Cancelled()
            day = start + dt.timedelta(days=entry["day"])
            fields = {
                k: entry.get(k) for k in ("device", "needle_depth_mm", "product", "provider", "areas", "pain")
            }
            fields |= {name: entry.get("ratings", {}).get(name) for name in RATINGS}
            session = journal.add_session(day, Kind(entry["kind"]), notes=entry["notes"], **fields)
            for angle in (Angle.FRONT, Angle.LEFT, Angle.RIGHT):
                image = simulate_photo(base, entry["look"], angle, seed=index)
                path = Path(scratch) / f"{day.isoformat()}-{angle.value}.jpg"
                taken = dt.datetime.combine(day, dt.time(9, 30 + index, 0))
                _save_with_date(image, path, taken)
                result = journal.import_file(path, session.id, angle)
                if result.photo is not None:
                    journal.set_photo_note(result.photo.id, SIMULATED_NOTE)
    # Redness regions for the front photos (the cheeks the demo reddens, the forehead as the
    # reference), so the redness trend shows once the eyes are found.
    journal.set_redness_regions(Angle.FRONT, suggested(Angle.FRONT))
    return journal


def simulate_photo(base: Image.Image, look: dict[str, float], angle: Angle, seed: int) -> Image.Image:
    rng = random.Random(seed * 7919 + 17)
    skin = _with_redness(base, look["redness"], int(look["spots"]), rng)
    skin = _relight(skin, look["light"], look["warmth"])
    turn = 0.0 if angle is Angle.FRONT else (-1.0 if angle is Angle.LEFT else 1.0)
    photo = _place(skin, look["dx"], look["dy"], look["tilt"], look["zoom"], turn)
    _label(photo)
    return photo


def _with_redness(base: Image.Image, strength: float, spots: int, rng: random.Random) -> Image.Image:
    width, height = base.size
    mask = Image.new("L", base.size, 0)
    draw = ImageDraw.Draw(mask)
    rx, ry = (_CHEEK_RADIUS[0] * SCALE, _CHEEK_RADIUS[1] * SCALE)
    for cx, cy in _CHEEKS:
        x, y = cx * SCALE, cy * SCALE
        draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=int(110 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(5 * SCALE))
    spots_mask = Image.new("L", base.size, 0)
    draw = ImageDraw.Draw(spots_mask)
    for _ in range(spots):
        cx, cy = _CHEEKS[rng.randrange(2)]
        x = (cx + rng.uniform(-12, 12)) * SCALE
        y = (cy + rng.uniform(-6, 12)) * SCALE
        r = rng.uniform(1.2, 2.2) * SCALE
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(200 * min(1.0, 0.3 + strength)))
    mask = ImageChops.lighter(mask, spots_mask.filter(ImageFilter.GaussianBlur(1.5 * SCALE)))
    red = Image.new("RGB", (width, height), (205, 70, 70))
    tinted = Image.blend(base, ImageChops.multiply(base, red).point(lambda v: min(255, v * 1.6)), 0.55)
    return Image.composite(tinted, base, mask)


def _relight(image: Image.Image, light: float, warmth: float) -> Image.Image:
    r, g, b = image.split()
    r = r.point(lambda v: min(255, round(v * light * (1 + warmth))))
    g = g.point(lambda v: min(255, round(v * light * (1 + warmth * 0.3))))
    b = b.point(lambda v: min(255, round(v * light * (1 - warmth))))
    return Image.merge("RGB", (r, g, b))


def _place(image: Image.Image, dx: float, dy: float, tilt: float, zoom: float, turn: float) -> Image.Image:
    """Shift, rotate and zoom about the centre; `turn` fakes a three-quarter view (simulated)."""
    width, height = image.size
    squeeze = 1.0 - 0.22 * abs(turn)
    out_size = (round(width * squeeze), height)
    cx, cy = width / 2, height / 2
    ox, oy = out_size[0] / 2, height / 2
    angle = math.radians(tilt)
    # Inverse map: output pixel -> source pixel.
    zoom *= 1.0 + 0.06 * abs(turn)  # a turned head fills the frame without showing the edges
    cos_a, sin_a = math.cos(angle) / zoom, math.sin(angle) / zoom
    tx = cx - dx * width + turn * 0.02 * width
    ty = cy - dy * height
    a, b = cos_a / squeeze, sin_a
    d, e = -sin_a / squeeze, cos_a
    tx, ty = tx - cx + ox, ty - cy + oy
    matrix = (a, b, cx - a * tx - b * ty, d, e, cy - d * tx - e * ty)
    background = (
        image.crop((0, 0, width // 8, height // 8)).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    )
    return image.transform(
        out_size, Image.Transform.AFFINE, matrix, Image.Resampling.BICUBIC, fillcolor=background
    )


def _label(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    text = "SIMULATED DEMO PHOTO"
    draw.text((image.width - 10, image.height - 10), text, fill=(90, 90, 90), anchor="rb", font_size=22)


def _save_with_date(image: Image.Image, path: Path, taken: dt.datetime) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Progress Journal demo"
    exif[0x0110] = "simulated"
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    image.save(path, "JPEG", quality=90, exif=exif)
