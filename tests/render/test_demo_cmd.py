"""`progress-journal demo DIR`: a lasting demo journal, on which the README's examples hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.cli import main


def test_the_demo_command_builds_a_journal_the_readme_examples_run_on(
    qapp, tmp_path: Path, cache_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """(`qapp` first: `sheet` then uses the test's application rather than making its own.)"""
    from journal.core.journal import Journal

    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--today", "2026-11-25"]) == 0
    assert capsys.readouterr().out == (
        f"created: a demo journal in {folder} (7 sessions, 21 photos, 9 Jul – 14 Nov 2026; "
        "the photos are simulated)\n"
    )
    with Journal.open(folder, cache_root, read_only=True) as journal:
        assert all(photo.eyes is not None for photo in journal.photos())  # found: sheets come out aligned
    # The examples in README.md, "Command line".
    main(["--journal", str(folder), "due", "--today", "2026-11-25"])
    assert capsys.readouterr().out.splitlines()[0] == "Next session due Sat 28 Nov — in 3 days"
    out = tmp_path / "sheet.pdf"
    assert (
        main(
            [
                "--journal",
                str(folder),
                "sheet",
                "--before",
                "2026-07-09",
                "--after",
                "2026-10-31",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out == f"written: {out} (1 page, Progress Journal — front, 9 Jul → 31 Oct 2026)\n"
    )

    assert main(["demo", str(folder)]) == 2
    assert "needs a new or empty folder" in capsys.readouterr().err
