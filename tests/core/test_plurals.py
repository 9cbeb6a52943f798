"""Counted words are right in every command's lines: "1 photo", "0 photos", "1 day"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from journal.cli import main
from journal.core.course import describe_gap
from journal.core.models import Angle
from tests.helpers import photo_like, save_jpeg

WRONG = re.compile(
    r"(?<![\d.])1 (photos|sessions|pages|days|problems|weeks|files)\b|\b0 (photo|session|page|day|problem)\b"
)


def test_one_of_each_is_said_in_the_singular(
    journal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal.update_settings(checkin_offset_days=1)
    session = journal.add_session(dt.date(2026, 3, 1), notes="one")
    assert journal.import_file(
        save_jpeg(tmp_path / "a.jpg", photo_like((64, 48))), session.id, Angle.FRONT
    ).ok
    folder = str(journal.folder)
    journal.close()
    lines: list[str] = []
    for command in (
        ["sessions"],
        ["verify"],
        ["backup", str(tmp_path / "b.zip")],
        ["export-folder", str(tmp_path / "plain")],
        ["due", "--today", "2026-03-30"],  # overdue by 1 day
        ["due", "--today", "2026-03-03"],  # check-in suggested 1 day ago
    ):
        main(["--journal", folder, *command])
        lines += capsys.readouterr().out.splitlines()
    from journal.core.calendar_export import build_calendar
    from journal.core.journal import Journal

    with Journal.open(Path(folder), tmp_path / "cache", read_only=True) as reopened:
        calendar = build_calendar(reopened, dt.date(2026, 3, 1)).to_ical().decode()
    lines += calendar.splitlines()
    said = "\n".join(lines)
    assert "1 photo" in said and "overdue by 1 day " in said and "(1 day ago)" in said and "+ 1 day)" in said
    assert not WRONG.search(said), WRONG.search(said)
    assert describe_gap(dt.date(2026, 3, 1), dt.date(2026, 3, 2)) == "1 day apart"
    assert describe_gap(dt.date(2026, 3, 1), dt.date(2026, 3, 16)) == "2 weeks 1 day apart"
