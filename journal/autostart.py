"""Start at login: a login entry that runs `progress-journal --background` (tray only, a
notification when something is due).

  - Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/progress-journal.desktop`;
  - Windows: a value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run;
  - macOS: `~/Library/LaunchAgents/io.github.progress_journal.plist`.
Only the Linux path is exercised by the tests; the others are small and isolated below.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from pathlib import Path

from journal import APP_ID, APP_NAME

ENTRY = f"{APP_ID}.desktop"
MAC_LABEL = "io.github.progress_journal"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def command() -> list[str]:
    """The installed app launcher with --background: `progress-journal-gui` (a gui-script, so
    no console window opens at login on Windows), else `progress-journal`, else this Python
    with -m journal."""
    installed = None
    for name in (f"{APP_ID}-gui", APP_ID):
        installed = shutil.which(name)
        if installed is None:
            folder = Path(sys.executable).parent
            candidates = [folder / name, folder / f"{name}.exe"]
            installed = next((str(c) for c in candidates if c.exists()), None)
        if installed is not None:
            break
    base = [installed] if installed else [sys.executable, "-m", "journal"]
    return [*base, "--background"]


def _xdg_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / ENTRY


def _mac_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_value() is not None
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        return _mac_file().exists()
    return _xdg_file().exists()


def set_enabled(enabled: bool) -> Path | None:
    """Write or remove the login entry; returns where it lives (None on Windows)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        _windows_set(enabled)
        return None
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        return _mac_set(enabled)
    return _xdg_set(enabled)


def _xdg_set(enabled: bool) -> Path:
    path = _xdg_file()
    if not enabled:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    exec_line = " ".join(shlex.quote(part) for part in command())
    text = (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Reminders for your next session and check-in photos\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "NoDisplay=true\n"
    )
    from journal.core.fsutil import write_atomic

    write_atomic(path, text.encode("utf-8"), mode=0o644)
    return path


def _mac_set(enabled: bool) -> Path:  # pragma: no cover - macOS only
    import plistlib

    path = _mac_file()
    if not enabled:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plistlib.dumps({"Label": MAC_LABEL, "ProgramArguments": command(), "RunAtLoad": True}))
    return path


def _windows_value() -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # (so the type checker reads the rest as Windows code)
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _type = winreg.QueryValueEx(key, APP_NAME)
            return str(value)
    except OSError:
        return None


def _windows_set(enabled: bool) -> None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # (so the type checker reads the rest as Windows code)
        raise OSError("the login entry in the registry exists only on Windows")
    import subprocess
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, subprocess.list2cmdline(command()))
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, APP_NAME)
