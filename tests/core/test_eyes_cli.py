"""`eyes` and the eye points of the journal's photos: where each photo's points come from
(detected, set by hand, none and why), through import as it happens (EXIF rotation, HEIC), the
second look after the old detector, and a sheet that finds missing points itself."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from journal.cli import EXIT_OK, main
from tests.core.eye_set import Case, cases, render
from tests.helpers import photo_like, run_cli, save_jpeg

Truth = tuple[tuple[float, float], tuple[float, float]]


def _face(case: Case) -> tuple[Image.Image, Truth]:
    pixels, truth = render(case)
    return Image.fromarray(pixels), truth


def _error(found: dict[str, list[float]], truth: Truth) -> float:
    return max(math.dist(found["left"], truth[0]), math.dist(found["right"], truth[1])) / math.dist(*truth)


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, Truth]]:
    """A journal with a face stored sideways (EXIF orientation 6), a face in HEIC, a photo with
    no face and a face with one eye covered; none looked at yet."""
    import pillow_heif

    path = tmp_path / "journal"
    assert main(["--journal", str(path), "init"]) == EXIT_OK
    inbox = tmp_path / "in"
    inbox.mkdir()
    truths: dict[str, Truth] = {}
    upright, truths["sideways.jpg"] = _face(cases("bg-white")[0])
    # Stored turned a quarter to the left, with orientation 6 saying "turn right to view".
    save_jpeg(inbox / "sideways.jpg", upright.transpose(Image.Transpose.ROTATE_90), orientation=6)
    heic, truths["phone.heic"] = _face(cases("bg-blue")[1])
    pillow_heif.register_heif_opener()
    heic.save(inbox / "phone.heic", format="HEIF", quality=80, enc_params={"preset": "ultrafast"})
    save_jpeg(inbox / "wall.jpg", photo_like((640, 480), seed=4))
    covered, truths["covered.jpg"] = _face(cases("eye-covered")[0])
    save_jpeg(inbox / "covered.jpg", covered)
    files = [str(inbox / n) for n in ("sideways.jpg", "phone.heic", "wall.jpg", "covered.jpg")]
    assert (
        main(["--journal", str(path), "import", "--date", "2026-03-01", "--angle", "front", *files])
        == EXIT_OK
    )
    return path, truths


def _rows(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, dict[str, object]]:
    assert main(list(argv)) == EXIT_OK
    return {row["photo"]: row for row in json.loads(capsys.readouterr().out)}


def test_eyes_json_gives_every_photo_its_source_and_the_reason_when_none(
    folder: tuple[Path, dict[str, Truth]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, truths = folder
    rows = _rows(capsys, "--journal", str(path), "eyes", "--json")
    for name in ("sideways.jpg", "phone.heic"):
        row = rows[name]
        assert row["source"] == "detected" and row["detected_now"] is True, row
        assert _error(row["eyes"], truths[name]) <= 0.06, (row, truths[name])  # type: ignore[arg-type]
    wall = rows["wall.jpg"]
    assert wall["source"] == "none" and wall["eyes"] is None
    assert wall["reason_code"] == "no-face" and wall["reason"] == "no face found"
    covered = rows["covered.jpg"]
    assert covered["source"] == "none" and covered["reason_code"] == "one-eye"
    assert "only one eye" in str(covered["reason"])

    # Points set by hand are kept, and said to be; nothing is detected twice.
    from journal.core.journal import Journal

    with Journal.open(path, path.parent / "cache") as journal:
        photo = next(p for p in journal.photos() if p.original_name == "wall.jpg")
        journal.set_eye_points(photo.id, (0.4, 0.3), (0.6, 0.3), "manual")
    again = _rows(capsys, "--journal", str(path), "eyes", "--json", "--redetect")
    assert again["wall.jpg"]["source"] == "set by hand" and again["wall.jpg"]["detected_now"] is False
    assert again["wall.jpg"]["eyes"] == {"left": [256.0, 144.0], "right": [384.0, 144.0]}
    assert again["sideways.jpg"]["detected_now"] is True  # --redetect looks again
    last = _rows(capsys, "--journal", str(path), "eyes", "--json")
    assert not any(row["detected_now"] for row in last.values())
    assert last["covered.jpg"]["reason_code"] == "one-eye"  # the reason is kept in the journal


def test_suggested_points_for_a_person_to_place(folder: tuple[Path, dict[str, Truth]]) -> None:
    """For a photo without points: the unsure pair where one eye was seen (that eye in place),
    the upper middle of the photo where there is no face."""
    from journal.core.eyes import suggested_points
    from journal.core.journal import Journal

    path, truths = folder
    with Journal.open(path, path.parent / "cache") as journal:
        photos = {p.original_name: p for p in journal.photos()}
        wall = photos["wall.jpg"]
        (lx, ly), (rx, ry) = suggested_points(journal, wall)
        assert ly == ry and 0.3 <= ly <= 0.45 and lx < 0.5 < rx
        covered = photos["covered.jpg"]
        (lx, ly), _right = suggested_points(journal, covered)
        seen = truths["covered.jpg"][0]  # the hand is over the other eye
        iod = math.dist(*truths["covered.jpg"])
        assert math.dist((lx * covered.width, ly * covered.height), seen) / iod <= 0.06
        assert journal.photo(covered.id).eyes is None  # suggesting stores nothing


def test_eyes_prints_one_line_per_photo(
    folder: tuple[Path, dict[str, Truth]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _truths = folder
    assert main(["--journal", str(path), "eyes"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    by_name = {line.split()[0]: line for line in lines}
    assert by_name["sideways.jpg"].endswith("[detected]") and "left (" in by_name["sideways.jpg"]
    assert by_name["wall.jpg"].endswith("no eyes: no face found")
    assert "no eyes: only one eye can be seen" in by_name["covered.jpg"]


def test_photos_the_old_detector_gave_up_on_are_looked_at_again(
    folder: tuple[Path, dict[str, Truth]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A journal from before migration 4: the first detector had marked a face 'none found'.
    Read-only (not migrated) it still opens; opened for writing, the face is detected."""
    from journal.core.journal import Journal

    path, truths = folder
    with Journal.open(path, path.parent / "cache") as journal:
        photo = next(p for p in journal.photos() if p.original_name == "sideways.jpg")
        journal.set_eye_points(photo.id, None, None, "auto")
    db = sqlite3.connect(path / "journal.sqlite3")
    db.execute("ALTER TABLE photo DROP COLUMN eyes_reason")
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    with Journal.open(path, path.parent / "cache", read_only=True) as old:
        photo = next(p for p in old.photos() if p.original_name == "sideways.jpg")
        assert photo.eyes is None and photo.eyes_checked and photo.eyes_reason is None
    rows = _rows(capsys, "--journal", str(path), "eyes", "--json")
    assert rows["sideways.jpg"]["source"] == "detected" and rows["sideways.jpg"]["detected_now"] is True
    assert _error(rows["sideways.jpg"]["eyes"], truths["sideways.jpg"]) <= 0.06  # type: ignore[arg-type]


def test_a_sheet_finds_missing_eye_points_and_labels_a_picture_it_could_not_align(tmp_path: Path) -> None:
    """Three sessions never looked at: the sheet finds the eyes itself (one line says so),
    aligns the faces, and labels the photo without a face 'not aligned'."""
    path = tmp_path / "journal"
    assert main(["--journal", str(path), "init"]) == EXIT_OK
    for day, case in (("2026-03-01", cases("bg-grey")[0]), ("2026-04-01", cases("bg-grey")[2])):
        image, _truth = _face(case)
        file = save_jpeg(tmp_path / "in" / f"{day}.jpg", image)
        assert (
            main(["--journal", str(path), "import", "--date", day, "--angle", "front", str(file)]) == EXIT_OK
        )
    wall = save_jpeg(tmp_path / "in" / "wall.jpg", photo_like((640, 480), seed=2))
    assert (
        main(["--journal", str(path), "import", "--date", "2026-05-01", "--angle", "front", str(wall)]) == 0
    )
    out = tmp_path / "pair.pdf"
    done = run_cli(
        "--journal", str(path), "sheet", "--before", "2026-03-01", "--after", "2026-04-01", "-o", str(out)
    )
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "eyes: looked for the eyes on 2 photos first (2 found, saved)", lines
    assert lines[1].startswith(f"written: {out}")
    assert "not aligned" not in _text(PdfReader(str(out)))
    # The journal open in the app (locked): the sheet still looks, and says the points are not kept.
    from journal.core.journal import Journal

    timeline = tmp_path / "timeline.pdf"
    with Journal.open(path, tmp_path / "cache"):
        done = run_cli("--journal", str(path), "sheet", "--timeline", "-o", str(timeline))
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout.splitlines()[0] == "eyes: looked for the eyes on 1 photo first (0 found)"
    text = _text(PdfReader(str(timeline)))
    assert text.count("Session 3 · week 8 · not aligned") == 1 and text.count("not aligned") == 1, text


def _text(reader: PdfReader) -> str:
    # Qt places words one by one: tabs come out between them
    return re.sub(r"[ \t]+", " ", "\n".join(page.extract_text() for page in reader.pages))
