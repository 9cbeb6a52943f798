"""`--debug`: timestamped milestones on standard error (DESIGN.md, "Diagnostics").

Each is one line, `debug: <milestone> <ms> ms`, counted from the start of the process, so a
bug report can say where the time went: `window painted`, `timeline painted 1000 sessions`,
`thumbnails visible`, `compare shown`, `import finished 50 photos`, a command's `finished`.

Off by default, and free when off: a milestone costs one attribute test, and the GUI installs
its watchers (journal.ui.window.milestones) only when on. (Not the logging module: importing
it costs 5 ms of every start.)
The process start comes from the kernel where it says it (Linux: /proc/self/stat, 10 ms
granularity); elsewhere from the moment this module was imported, early in the start-up.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from typing import TextIO

_IMPORTED = time.monotonic()


def _process_start() -> tuple[float, Callable[[], float]]:
    """When the process started, and the clock that counts on the same scale."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    try:
        import os

        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22, starttime, counted after the ")" that ends field 2
        if boottime is not None:
            return ticks / os.sysconf("SC_CLK_TCK"), partial(time.clock_gettime, boottime)
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return _IMPORTED, time.monotonic


_START, _CLOCK = _process_start()


class _Sink:
    """Where milestones go: nowhere until `enable` (one per process, like standard error)."""

    stream: TextIO | None = None


_SINK = _Sink()


def enable(stream: TextIO | None = None) -> None:
    """Turn milestones on (the `--debug` option), written to `stream` (standard error)."""
    _SINK.stream = stream if stream is not None else sys.stderr


def disable() -> None:
    _SINK.stream = None


def enabled() -> bool:
    return _SINK.stream is not None


def elapsed_ms() -> float:
    """Milliseconds since the process started."""
    return (_CLOCK() - _START) * 1000


def milestone(what: str) -> None:
    """Say that `what` happened, and when (nothing at all unless enabled)."""
    stream = _SINK.stream
    if stream is not None:
        print(f"debug: {what} {elapsed_ms():.0f} ms", file=stream, flush=True)
