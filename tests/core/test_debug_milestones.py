"""`--debug` on the command line: milestones on stderr, `debug: <milestone> <ms> ms`, counted
from the process start; nothing on stderr without it, and stdout the same either way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal import milestones
from journal.cli import EXIT_OK, main
from tests.helpers import photo_like, run_cli, save_jpeg

LINE = re.compile(r"^debug: (?P<what>.+) (?P<ms>\d+) ms$")


@pytest.fixture(autouse=True)
def _milestones_off() -> Iterator[None]:
    yield
    milestones.disable()  # the switch is process-wide: leave it as the next test expects


def _lines(stderr: str) -> list[tuple[str, int]]:
    found = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        assert match, f"not a milestone line: {line!r}"
        found.append((match["what"], int(match["ms"])))
    return found


def test_import_with_debug_says_its_milestones_in_order(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "journal"
    assert main(["--journal", str(folder), "init"]) == EXIT_OK
    files = [str(save_jpeg(tmp_path / f"p{i}.jpg", photo_like((320, 240), seed=i))) for i in range(2)]
    capsys.readouterr()
    plain = main(["--journal", str(folder), "import", "--date", "2026-03-01", files[0]])
    quiet = capsys.readouterr()
    assert plain == EXIT_OK and quiet.err == ""  # off by default: not a word on stderr

    code = main(["--debug", "--journal", str(folder), "import", "--date", "2026-03-02", *files])
    out = capsys.readouterr()
    assert code == EXIT_OK
    assert [line.split(":")[0] for line in out.out.splitlines()] == ["duplicate", "imported"]
    said = _lines(out.err)
    names = [what for what, _ms in said]
    assert names == ["arguments read", "import finished 2 photos", "import finished"]
    times = [ms for _what, ms in said]
    assert times == sorted(times) and times[0] > 0  # from the process start, not from the command


def test_debug_after_the_command_and_in_a_new_process(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    assert run_cli("--journal", str(folder), "init").returncode == EXIT_OK
    done = run_cli("sessions", "--journal", str(folder), "--debug")
    assert done.returncode == EXIT_OK, done.stderr
    said = dict(_lines(done.stderr))
    assert set(said) == {"arguments read", "sessions finished"}
    # Counted from the start of the process: the interpreter had started before anything ran.
    assert 0 < said["arguments read"] <= said["sessions finished"] < 60_000
