"""Where things live on this machine. Only the CLI and the app call this; the core is told."""

from __future__ import annotations

import os
from pathlib import Path

from journal import APP_ID


def default_journal_folder() -> Path:
    import platformdirs  # imported when first needed: it is not free at start-up

    return platformdirs.user_data_path(APP_ID, appauthor=False) / "journal"


def cache_root() -> Path:
    """The app's private cache (thumbnails, previews); never the shared thumbnail folder."""
    import platformdirs

    override = os.environ.get("PROGRESS_JOURNAL_CACHE")
    return Path(override) if override else platformdirs.user_cache_path(APP_ID, appauthor=False)


def log_folder() -> Path:
    import platformdirs

    return platformdirs.user_log_path(APP_ID, appauthor=False)
