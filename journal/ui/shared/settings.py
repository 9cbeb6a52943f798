"""The app's preferences on this computer, in one typed object with defaults.

Journal settings (interval, check-in offset, ...) live in the journal itself; what is here
belongs to this computer and this user: the last journal, the window's shape, the timeline
order, the tray, and the reminders' own memory (snoozed, already notified, kept for the next
start). The keys are QSettings keys and stay as they are, so an update keeps them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LAST_JOURNAL = "journal/last"
WINDOW_GEOMETRY = "window/geometry"
WINDOW_SPLITTER = "window/splitter"
NEWEST_FIRST = "timeline/newest_first"
MINIMISE_TO_TRAY = "tray/minimise"
IMPORT_FOLDER = "import/folder"
PENDING_NOTICES = "reminders/pending"
KEPT_NOTICES = 5  # reminders kept for the next start, at most
KEPT_STAMPS = 20  # "already notified" stamps per journal, at most


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

    # ----------------------------------------------------------------- plumbing

    def sync(self) -> None:
        self.store.sync()

    def _text(self, key: str) -> str:
        return str(self.store.value(key, "") or "")

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) else None
