"""`progress-journal capture`: the capture view in its own window, tried on a video."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journal.cli import main
from journal.core.models import Angle, Kind
from journal.core.verify import verify
from tests.core.capture.conftest import add_photo
from tests.core.capture.scenes import Pose, portrait, render, timeline, write_video
from tests.helpers import run_cli


@pytest.fixture
def course(tmp_path: Path):  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    face = portrait()
    folder = tmp_path / "journal"
    with Journal.create(folder, JournalSettings(name="Capture"), tmp_path / "cache") as journal:
        first = journal.add_session(dt.date(2026, 1, 10), Kind.TREATMENT)
        add_photo(journal, first.id, render(face, Pose())[0], tmp_path / "src", "baseline.jpg")
    frames = [render(face, pose)[0] for _t, pose in timeline([(0.0, Pose()), (1.0, Pose())], 15)]
    return folder, write_video(tmp_path / "aligned.avi", frames, 15)


def test_capture_on_a_video_takes_the_photo_into_todays_new_session(course, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, video = course
    done = run_cli(
        "--journal", str(folder), "capture", "--source", str(video),
        "--angles", "front", "--auto", "--countdown", "1", "--close-when-done",
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    today = dt.date.today().isoformat()
    lines = done.stdout.splitlines()
    assert (
        lines[0]
        == f"capturing into: a new treatment session dated {today}, made when the first photo is saved"
    )
    assert len(lines) == 2 and lines[1].startswith("imported: camera shot, front, ")
    assert f" -> photos/{today}/front-capture-{today}-" in lines[1]
    from journal.core.journal import Journal

    with Journal.open(folder, tmp_path / "cache") as journal:
        session = journal.find_session(dt.date.today(), Kind.TREATMENT)
        assert session is not None
        photos = journal.photos(session.id)
        assert [p.angle for p in photos] == [Angle.FRONT]
        assert photos[0].taken_at is not None and photos[0].taken_at.date() == dt.date.today()
        assert verify(journal).clean


@pytest.mark.parametrize(
    "args, code, message",
    [
        pytest.param(
            ["--source", "{tmp}/gone.avi"], 1, "no such file or folder: {tmp}/gone.avi", id="no-such-file"
        ),
        pytest.param(
            ["--source", "{tmp}/notes.txt"],
            1,
            "Not a video Progress Journal can play: {tmp}/notes.txt",
            id="not-a-video",
        ),
        pytest.param(
            ["--angles", "front,front"], 2, "--angles takes front, left and right", id="an-angle-twice"
        ),
    ],
)
def test_capture_says_what_is_wrong_before_opening_a_window(
    course,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list,
    code: int,
    message: str,
) -> None:  # type: ignore[no-untyped-def]
    folder, _video = course
    (tmp_path / "notes.txt").write_text("not a video")
    argv = ["--journal", str(folder), "capture", *(a.format(tmp=tmp_path) for a in args)]
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"progress-journal: {message.format(tmp=tmp_path)}"), err


def test_the_command_offers_the_countdowns_the_view_offers() -> None:
    from journal.cli import capture_cmd
    from journal.ui.shared import settings

    assert capture_cmd.COUNTDOWNS == settings.COUNTDOWNS
