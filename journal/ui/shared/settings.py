"""The app's preferences on this computer, in one typed object with defaults.

Journal settings (interval, check-in offset, ...) live in the journal itself; what is here
belongs to this computer and this user: the last journal, the window's shape, the timeline
order, the tray, and the reminders' own memory (snoozed, already notified, kept for the next
start). The keys are QSettings keys and stay as they are, so an update keeps them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from journal.core.capture.devices import CameraChoice

LAST_JOURNAL = "journal/last"
WINDOW_GEOMETRY = "window/geometry"
WINDOW_SPLITTER = "window/splitter"
NEWEST_FIRST = "timeline/newest_first"
MINIMISE_TO_TRAY = "tray/minimise"
IMPORT_FOLDER = "import/folder"
PENDING_NOTICES = "reminders/pending"
PROGRESS_HIDDEN = "progress/hidden_series"
CAPTURE_CAMERA = "capture/camera"
CAPTURE_MIRROR_PREVIEW = "capture/mirror_preview"
CAPTURE_MIRROR_SAVED = "capture/mirror_saved"
CAPTURE_AUTO = "capture/auto"
CAPTURE_COUNTDOWN = "capture/countdown"
CAPTURE_GHOST_OPACITY = "capture/ghost_opacity"
CHECKIN_WITH_CAMERA = "reminders/checkin_with_camera"
COUNTDOWNS = (1, 3, 5, 10)  # seconds the auto-capture counts down, to choose from
KEPT_NOTICES = 5  # reminders kept for the next start, at most
KEPT_STAMPS = 20  # "already notified" stamps per journal, at most
TIMELAPSE = "timelapse/"  # + a TimelapseChoices field's name


@dataclass(frozen=True)
class TimelapseChoices:
    """What File → Make timelapse… was last set to (its defaults until it is first used)."""

    angle: str = "front"
    seconds: float = 0.5
    crossfade: bool = False
    width: int = 720
    height: int = 900
    dates: bool = True
    format: str = ""  # "": the first format this installation writes
    folder: str = ""  # where the last film was saved ("": the Videos folder)


class Settings:
    """One user's preferences for the app, over a QSettings store (which tests make private)."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    # ----------------------------------------------------------------- window

    @property
    def last_journal(self) -> Path | None:
        value = self.store.value(LAST_JOURNAL)
        return Path(str(value)) if value else None

    @last_journal.setter
    def last_journal(self, folder: Path) -> None:
        self.store.setValue(LAST_JOURNAL, str(folder))

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes(WINDOW_GEOMETRY)

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.store.setValue(WINDOW_GEOMETRY, value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes(WINDOW_SPLITTER)

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.store.setValue(WINDOW_SPLITTER, value)

    @property
    def newest_first(self) -> bool:
        """The timeline's order (default: newest first)."""
        return bool(self.store.value(NEWEST_FIRST, True, type=bool))

    @newest_first.setter
    def newest_first(self, value: bool) -> None:
        self.store.setValue(NEWEST_FIRST, value)

    @property
    def minimise_to_tray(self) -> bool:
        """Closing the window keeps the app in the tray (default: off)."""
        return bool(self.store.value(MINIMISE_TO_TRAY, False, type=bool))

    @minimise_to_tray.setter
    def minimise_to_tray(self, value: bool) -> None:
        self.store.setValue(MINIMISE_TO_TRAY, value)

    @property
    def progress_hidden_series(self) -> frozenset[str]:
        """The lines of the ratings chart the user turned off (default: none)."""
        return frozenset(k for k in self._text(PROGRESS_HIDDEN).split(",") if k)

    @progress_hidden_series.setter
    def progress_hidden_series(self, keys: frozenset[str]) -> None:
        self.store.setValue(PROGRESS_HIDDEN, ",".join(sorted(keys)))

    @property
    def import_folder(self) -> Path | None:
        """The folder photos were last added from (Add photos… starts there)."""
        value = self.store.value(IMPORT_FOLDER)
        return Path(str(value)) if value else None

    @import_folder.setter
    def import_folder(self, folder: Path) -> None:
        self.store.setValue(IMPORT_FOLDER, str(folder))

    # ----------------------------------------------------------------- reminders

    def snoozed(self, journal_id: str) -> tuple[list[str], str]:
        """The reminder keys snoozed for a journal, and the day (ISO) the snooze ends ("": none)."""
        stored = self._text(f"reminders/{journal_id}/snoozed")
        keys, _, until = stored.partition("|")
        return [k for k in keys.split(",") if k], until

    def snooze(self, journal_id: str, keys: list[str], until: str) -> None:
        self.store.setValue(f"reminders/{journal_id}/snoozed", f"{','.join(keys)}|{until}")

    def notified(self, journal_id: str) -> list[str]:
        """Stamps ("key@day") of the notifications already shown for a journal."""
        return [s for s in self._text(f"reminders/{journal_id}/notified").split(",") if s]

    def set_notified(self, journal_id: str, stamps: list[str]) -> None:
        self.store.setValue(f"reminders/{journal_id}/notified", ",".join(stamps[-KEPT_STAMPS:]))

    @property
    def pending_notices(self) -> list[str]:
        """Reminders that could be shown nowhere, kept for the next start."""
        return [line for line in self._text(PENDING_NOTICES).split("\n") if line]

    @pending_notices.setter
    def pending_notices(self, notices: list[str]) -> None:
        if notices:
            self.store.setValue(PENDING_NOTICES, "\n".join(notices[-KEPT_NOTICES:]))
        else:
            self.store.remove(PENDING_NOTICES)

    # ----------------------------------------------------------------- timelapse

    @property
    def timelapse_choices(self) -> TimelapseChoices:
        defaults = TimelapseChoices()
        values = {}
        for field in fields(TimelapseChoices):
            default = getattr(defaults, field.name)
            value = self.store.value(TIMELAPSE + field.name, default, type=type(default))
            values[field.name] = value if isinstance(value, type(default)) else default
        return TimelapseChoices(**values)

    @timelapse_choices.setter
    def timelapse_choices(self, choices: TimelapseChoices) -> None:
        for field in fields(TimelapseChoices):
            self.store.setValue(TIMELAPSE + field.name, getattr(choices, field.name))

    # ----------------------------------------------------------------- capture

    @property
    def capture_camera(self) -> CameraChoice | None:
        """The camera and picture size last used for Take photos (None: the first camera)."""
        from journal.core.capture.devices import CameraChoice

        try:
            data = json.loads(self._text(CAPTURE_CAMERA) or "null")
        except ValueError:
            return None
        return CameraChoice.from_dict(data) if isinstance(data, dict) else None

    @capture_camera.setter
    def capture_camera(self, choice: CameraChoice) -> None:
        self.store.setValue(CAPTURE_CAMERA, json.dumps(choice.to_dict()))

    @property
    def capture_mirror_preview(self) -> bool:
        """The live picture is shown as a mirror shows you (default: on)."""
        return bool(self.store.value(CAPTURE_MIRROR_PREVIEW, True, type=bool))

    @capture_mirror_preview.setter
    def capture_mirror_preview(self, value: bool) -> None:
        self.store.setValue(CAPTURE_MIRROR_PREVIEW, value)

    @property
    def checkin_with_camera(self) -> bool:
        """The reminder's "Take check-in photos now" uses the camera when there is one
        (default), else asks for files; the way last chosen from its menu."""
        return bool(self.store.value(CHECKIN_WITH_CAMERA, True, type=bool))

    @checkin_with_camera.setter
    def checkin_with_camera(self, value: bool) -> None:
        self.store.setValue(CHECKIN_WITH_CAMERA, value)

    @property
    def capture_mirror_saved(self) -> bool:
        """Photos are saved as the mirror image (default: off, as the camera sees you)."""
        return bool(self.store.value(CAPTURE_MIRROR_SAVED, False, type=bool))

    @capture_mirror_saved.setter
    def capture_mirror_saved(self, value: bool) -> None:
        self.store.setValue(CAPTURE_MIRROR_SAVED, value)

    @property
    def capture_auto(self) -> bool:
        """The photo is taken by itself once lined up (default: off)."""
        return bool(self.store.value(CAPTURE_AUTO, False, type=bool))

    @capture_auto.setter
    def capture_auto(self, value: bool) -> None:
        self.store.setValue(CAPTURE_AUTO, value)

    @property
    def capture_countdown(self) -> int:
        """Seconds counted down before an automatic photo (one of COUNTDOWNS; default 3)."""
        value = self.store.value(CAPTURE_COUNTDOWN, 3)
        try:
            seconds = int(str(value))
        except ValueError:
            return 3
        return seconds if seconds in COUNTDOWNS else 3

    @capture_countdown.setter
    def capture_countdown(self, seconds: int) -> None:
        self.store.setValue(CAPTURE_COUNTDOWN, seconds)

    @property
    def capture_ghost_opacity(self) -> int:
        """How strongly the ghost shows over the live picture, in percent (10–90; default 40)."""
        try:
            value = int(str(self.store.value(CAPTURE_GHOST_OPACITY, 40)))
        except ValueError:
            return 40
        return min(90, max(10, value))

    @capture_ghost_opacity.setter
    def capture_ghost_opacity(self, percent: int) -> None:
        self.store.setValue(CAPTURE_GHOST_OPACITY, percent)

    # ----------------------------------------------------------------- plumbing

    def sync(self) -> None:
        self.store.sync()

    def _text(self, key: str) -> str:
        return str(self.store.value(key, "") or "")

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) else None
