"""Shared fixtures. Qt runs offscreen; every journal, cache and config lives under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

# pytest.approx peeks at sys.modules["numpy"] without importing it. The app's eye and lighting
# workers import numpy in background threads, so a test could catch it half-imported; import it
# here, before any worker runs.
import numpy  # noqa: F401
import pytest

from tests.helpers import SHARED_PHOTOS


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may reach the real user's data, cache or config folders."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("PROGRESS_JOURNAL_CACHE", str(home / "cache"))


@pytest.fixture
def photos() -> Path:
    """The shared real-photo corpus (../shared/photos). Missing: skip locally, fail on CI."""
    if not (SHARED_PHOTOS / "orientation").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the shared photo corpus is missing at {SHARED_PHOTOS}")
        pytest.skip(f"the shared photo corpus is not at {SHARED_PHOTOS}")
    return SHARED_PHOTOS


@pytest.fixture
def cache_root(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def journal(tmp_path: Path, cache_root: Path):  # type: ignore[no-untyped-def]
    from journal.core.journal import Journal
    from journal.core.models import JournalSettings

    j = Journal.create(tmp_path / "journal", JournalSettings(name="Test journal"), cache_root)
    yield j
    j.close()
