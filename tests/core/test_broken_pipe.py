"""A reader that goes away (`progress-journal eyes --json | head`) ends every command quietly:
no BrokenPipeError traceback, exit code 141 (as a program killed by SIGPIPE)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.cli import EXIT_OK, EXIT_PIPE, build_parser, main
from tests.helpers import REPO, photo_like, save_jpeg


class ClosedPipe(io.TextIOBase):
    """stdout whose reader has gone: every write fails as a closed pipe does."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.fixture(scope="module")
def journal_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pipe")
    folder = root / "journal"
    assert main(["--journal", str(folder), "init"]) == EXIT_OK
    photo = save_jpeg(root / "a.jpg", photo_like((320, 240), seed=1))
    assert (
        main(["--journal", str(folder), "import", "--date", "2026-03-01", "--angle", "front", str(photo)])
        == 0
    )
    assert main(["--journal", str(folder), "backup", str(root / "backup.zip")]) == EXIT_OK
    return folder


def _commands(folder: Path, out: Path) -> dict[str, list[list[str]]]:
    """Each command as a person would run it, printing at least one line."""
    j = ["--journal", str(folder)]
    photo = save_jpeg(out / "b.jpg", photo_like((320, 240), seed=2))
    return {
        "init": [["--journal", str(out / "new"), "init"]],
        "import": [[*j, "import", "--date", "2026-03-02", str(photo)]],
        "sessions": [[*j, "sessions"], [*j, "sessions", "--json"]],
        "verify": [[*j, "verify"]],
        "backup": [[*j, "backup", str(out / "b.zip")]],
        "restore": [["--journal", str(out / "restored"), "restore", str(folder.parent / "backup.zip")]],
        "export-folder": [[*j, "export-folder", str(out / "export")]],
        "eyes": [[*j, "eyes"], [*j, "eyes", "--json"]],
        "due": [[*j, "due", "--today", "2026-03-10"], [*j, "due", "--json"]],
        "calendar": [[*j, "calendar", str(out / "c.ics")]],
        # `sheet` starts Qt: run in a process of its own, below.
    }


def _names() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def test_every_command_ends_quietly_when_its_output_is_closed(
    journal_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = _commands(journal_folder, tmp_path)
    # A command added later without an entry above is still checked, with --help.
    for name in _names() - set(commands) - {"sheet"}:
        commands[name] = [[name, "--help"]]
    for name, runs in commands.items():
        for argv in runs:
            monkeypatch.setattr(sys, "stdout", ClosedPipe())
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's --help: it ignores a failed write itself
                code = exc.code  # type: ignore[assignment]
            monkeypatch.undo()
            err = capsys.readouterr().err
            assert "Traceback" not in err and "BrokenPipe" not in err, (name, argv, err)
            assert code in (EXIT_PIPE, 0), (name, argv, code)
            if argv[-1] != "--help":
                assert code == EXIT_PIPE, (name, argv, code)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _into_closed_pipe(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with a stdout whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "journal", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(),
            timeout=120,
        )
    finally:
        os.close(write)


def test_eyes_json_and_a_sheet_into_a_closed_pipe(journal_folder: Path, tmp_path: Path) -> None:
    for argv in (
        ("--journal", str(journal_folder), "eyes", "--json"),
        ("--journal", str(journal_folder), "sheet", "--timeline", "-o", str(tmp_path / "t.pdf")),
        ("--help",),
    ):
        done = _into_closed_pipe(*argv)
        # --help: argparse ignores the failed write itself and exits 0, which is quiet too
        assert done.returncode == (0 if argv == ("--help",) else EXIT_PIPE), (
            argv,
            done.returncode,
            done.stderr,
        )
        assert done.stderr == b"", (argv, done.stderr)


def test_sessions_json_piped_into_head(tmp_path: Path) -> None:
    """More than a pipe holds (about 130 KB), read by `head -n 1`, which exits after a line."""
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    folder = tmp_path / "journal"
    with Journal.create(folder, JournalSettings(name="Long course"), tmp_path / "cache") as journal:
        for day in range(300):
            journal.add_session(dt.date(2020, 1, 1) + dt.timedelta(days=day), notes="Session notes. " * 4)
    script = f'"{sys.executable}" -m journal --journal "{folder}" sessions --json | head -n 1; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=_env(), timeout=120)
    assert done.stdout == "[\n"
    assert done.stderr == f"status {EXIT_PIPE}\n", done.stderr
