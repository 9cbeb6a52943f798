"""Rotate left/right and flip a photo shown the wrong way round: stored on the photo record,
the original untouched, and the same picture wherever the photo is shown, exported or
measured; eye points stay on the eyes; the setter hands back what undo needs."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageStat

from journal.core import imaging
from journal.core.journal import Journal
from journal.core.models import Angle
from journal.core.turn import NO_TURN, Turn
from tests.helpers import mean_abs_diff, photo_like, save_jpeg

ALL_TURNS = [Turn(q, m) for m in (False, True) for q in range(4)]


def _grid() -> Image.Image:
    """A 3x2 picture whose six pixels all differ, to tell every transform apart."""
    image = Image.new("RGB", (3, 2))
    for i in range(6):
        image.putpixel((i % 3, i // 3), (i * 40, 255 - i * 40, i * 13))
    return image


def _apply(image: Image.Image, turn: Turn) -> Image.Image:
    if turn.mirrored:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    for _ in range(turn.quarters):
        image = image.transpose(Image.Transpose.ROTATE_270)  # Pillow turns counter-clockwise
    return image


@pytest.mark.parametrize(("first", "second"), list(itertools.product(ALL_TURNS, ALL_TURNS)))
def test_two_transforms_in_a_row_are_the_one_make_upright_applies(first: Turn, second: Turn) -> None:
    grid = _grid()
    expected = _apply(_apply(grid, first), second)
    assert imaging.make_upright(grid, first.exif, second).tobytes() == expected.tobytes()
    assert first.then(second).then(second.inverse()) == first


@pytest.mark.parametrize("turn", ALL_TURNS, ids=lambda t: f"exif-{t.exif}")
def test_a_point_moves_with_its_pixel(turn: Turn) -> None:
    grid = _grid()
    turned = _apply(grid, turn)
    for x, y in itertools.product(range(3), range(2)):
        nx, ny = turn.map_normalised(((x + 0.5) / 3, (y + 0.5) / 2))
        assert turned.getpixel((int(nx * turned.width), int(ny * turned.height))) == grid.getpixel((x, y))


def _sky_up(image: Image.Image) -> float:
    """How much brighter the top eighth is than the bottom eighth (the sky is bright)."""
    grey = image.convert("L")
    w, h = grey.size
    top = ImageStat.Stat(grey.crop((0, 0, w, h // 8))).mean[0]
    bottom = ImageStat.Stat(grey.crop((0, h - h // 8, w, h))).mean[0]
    return top - bottom


@pytest.mark.photos
def test_a_sideways_photo_with_wrong_exif_is_turned_everywhere_and_undone(
    journal, photos: Path, tmp_path: Path
) -> None:
    """bad-metadata/corrupted.jpg says "upright" in its EXIF but shows the trees on their side,
    the sky on the left: Rotate right puts the sky at the top."""
    source = photos / "bad-metadata" / "corrupted.jpg"
    session = journal.add_session(dt.date(2026, 3, 1))
    photo = journal.import_file(source, session.id, Angle.FRONT).photo
    assert photo is not None and photo.width > photo.height  # sideways, as the file says
    original = journal.photo_path(photo).read_bytes()
    before_thumb = journal.thumbnail_file(photo)

    previous = journal.set_photo_turn(photo.id, photo.turn.rotated_right())
    assert previous == NO_TURN
    turned = journal.photo(photo.id)
    assert (turned.width, turned.height) == (photo.height, photo.width)  # now portrait
    for path in (journal.thumbnail_file(turned), journal.preview_file(turned)):
        assert path != before_thumb  # a new cache entry, never the picture made before
        with Image.open(path) as shown:
            assert shown.height > shown.width
            assert _sky_up(shown) > 20, path
    assert journal.photo_path(turned).read_bytes() == original  # the original is untouched

    # Exported photos are the turned picture too (and the turn survives a reopen).
    folder, cache = journal.folder, journal.cache.root.parent
    journal.close()
    with Journal.open(folder, cache, read_only=True) as reopened:
        assert reopened.photo(photo.id).turn == Turn(1)
        from journal.core.export import export_folder

        out = export_folder(reopened, tmp_path / "export")
    [exported] = list(out.rglob("*.jpg"))
    with Image.open(exported) as image:
        assert image.height > image.width and _sky_up(image) > 20

    with Journal.open(folder, cache) as again:
        # Undo: the value handed back restores the photo exactly as it was shown before.
        assert again.set_photo_turn(photo.id, previous) == Turn(1)
        restored = again.photo(photo.id)
        assert (restored.width, restored.height) == (photo.width, photo.height)
        with Image.open(again.thumbnail_file(restored)) as back, Image.open(before_thumb) as first:
            assert back.size == first.size and mean_abs_diff(back, first) < 1


def _face_with_dots(size: tuple[int, int], left: tuple[int, int], right: tuple[int, int]) -> Image.Image:
    image = photo_like(size, seed=4)
    draw = ImageDraw.Draw(image)
    for (x, y), colour in ((left, (0, 0, 255)), (right, (0, 255, 0))):
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=colour)
    return image


@pytest.mark.parametrize(
    "steps",
    [("rotated_right",), ("rotated_left",), ("flipped",), ("rotated_right", "rotated_right", "flipped")],
    ids=["right", "left", "flip", "half-turn-and-flip"],
)
def test_eye_points_stay_on_the_eyes(journal, tmp_path: Path, steps: tuple[str, ...]) -> None:
    left, right = (300, 260), (500, 250)  # blue and green dots where the eyes are
    path = save_jpeg(tmp_path / "face.jpg", _face_with_dots((800, 600), left, right))
    photo = journal.import_file(path, journal.add_session(dt.date(2026, 3, 1)).id, Angle.FRONT).photo
    assert photo is not None
    journal.set_eye_points(
        photo.id, (left[0] / 800, left[1] / 600), (right[0] / 800, right[1] / 600), "manual"
    )
    for step in steps:
        current = journal.photo(photo.id)
        journal.set_photo_turn(photo.id, getattr(current.turn, step)())
    turned = journal.photo(photo.id)
    assert turned.eyes is not None and turned.eyes.source == "manual"
    assert turned.eyes.left[0] <= turned.eyes.right[0]  # "left" stays the one on the left
    with Image.open(journal.preview_file(turned)) as preview:
        colours = set()
        for x, y in turned.eyes.in_pixels(preview.width, preview.height):
            _r, g, b = preview.convert("RGB").getpixel((int(x), int(y)))
            colours.add("blue" if b > 180 and g < 90 else "green" if g > 180 and b < 90 else "?")
    assert colours == {"blue", "green"}  # each point still sits on a dot, whichever way round


def test_a_photo_where_no_eyes_were_found_is_looked_at_again_once_turned(journal, tmp_path: Path) -> None:
    path = save_jpeg(tmp_path / "side.jpg", photo_like((640, 480), seed=2))
    photo = journal.import_file(path, journal.add_session(dt.date(2026, 3, 1)).id, Angle.FRONT).photo
    assert photo is not None
    journal.set_eye_points(photo.id, None, None, "auto")  # "no face found" (it lay on its side)
    assert journal.photo(photo.id).eyes_checked
    journal.set_photo_turn(photo.id, Turn(3))
    assert not journal.photo(photo.id).eyes_checked  # `eyes` and the app detect it again


def test_several_photos_change_angle_in_one_step_and_undo_restores_each(journal, tmp_path: Path) -> None:
    session = journal.add_session(dt.date(2026, 3, 1))
    ids = []
    for n, angle in enumerate((Angle.OTHER, Angle.LEFT, Angle.OTHER)):
        path = save_jpeg(tmp_path / f"p{n}.jpg", photo_like((64, 48), seed=n))
        result = journal.import_file(path, session.id, angle)
        assert result.photo is not None
        ids.append(result.photo.id)
    events = []
    journal.subscribe(events.append)
    before = journal.set_photo_angles(dict.fromkeys(ids, Angle.FRONT))
    assert [journal.photo(i).angle for i in ids] == [Angle.FRONT] * 3
    assert sorted(e.photo_id for e in events if e.kind == "photo-changed") == sorted(ids)
    journal.set_photo_angles(before)
    assert [journal.photo(i).angle for i in ids] == [Angle.OTHER, Angle.LEFT, Angle.OTHER]


def test_a_journal_from_before_turns_opens_read_only_or_upgraded_with_every_photo_as_it_was(
    tmp_path: Path,
) -> None:
    from journal.core import migrations

    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "photos").mkdir()
    conn = sqlite3.connect(folder / "journal.sqlite3")
    conn.executescript(migrations.MIGRATIONS[0])
    conn.execute(
        "INSERT INTO session (id, session_date, kind, created_at) VALUES (1, '2026-01-01', 'treatment', 'x')"
    )
    conn.execute(
        "INSERT INTO photo (session_id, angle, original_name, rel_path, sha256, size_bytes, format, width, "
        "height, imported_at) VALUES (1, 'front', 'a.jpg', 'photos/2026-01-01/a.jpg', 'ab', 1, 'JPEG', 40, 30, "
        "'2026-01-01T10:00:00+00:00')"
    )
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    # Read-only (`sheet`, `sessions`, a second window) cannot upgrade it, and still reads it.
    for read_only in (True, False):
        with Journal.open(folder, tmp_path / "cache", read_only=read_only) as journal:
            [photo] = journal.photos()
            assert photo.turn == NO_TURN and (photo.width, photo.height) == (40, 30)
            assert journal.store.version == (1 if read_only else migrations.LATEST_VERSION)
