"""A desktop notification from a script (`progress-journal due --notify`), without a running
app: the platform's own notifier, called locally. Nothing goes over the network."""

from __future__ import annotations

import shutil
import subprocess
import sys


def desktop_notification(title: str, body: str) -> bool:
    """Show a notification; False when this system has no notifier we know."""
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        script = f"display notification {_quoted(body)} with title {_quoted(title)}"
        return subprocess.run(["osascript", "-e", script], check=False).returncode == 0
    tool = shutil.which("notify-send")
    if tool is None:
        return False
    done = subprocess.run(
        [tool, "--app-name=Progress Journal", "--icon=progress-journal", title, body],
        check=False,
        capture_output=True,
    )
    return done.returncode == 0


def _quoted(text: str) -> str:
    """An AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
