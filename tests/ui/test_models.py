"""Every Qt model passes qtmodeltester, also while the journal changes under it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from journal.core.models import Angle, Kind
from journal.ui.session.strip_model import PhotoListModel
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.timeline.model import LabelRole, SessionIdRole, TimelineModel
from tests.helpers import photo_like, save_jpeg


def test_timeline_model_follows_the_journal(qtbot, qtmodeltester, journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader()
    loader.set_source(journal.cache, journal.folder)
    model = TimelineModel(loader)
    journal.subscribe(model.on_journal_event)
    first = journal.add_session(dt.date(2026, 1, 10))
    model.set_journal(journal)
    qtmodeltester.check(model, force_py=True)
    second = journal.add_session(dt.date(2026, 2, 7))
    check = journal.add_session(dt.date(2026, 1, 24), Kind.CHECK_IN)
    ids = lambda: [model.index(r, 0).data(SessionIdRole) for r in range(model.rowCount())]  # noqa: E731
    assert ids() == [second.id, check.id, first.id]
    labels = [model.index(r, 0).data(LabelRole) for r in range(3)]
    assert labels == ["Session 2 · week 4", "Check-in · week 2", "Session 1 · week 0"]

    # Moving a session's date re-orders rows and renumbers the others.
    journal.update_session(first.id, date=dt.date(2026, 3, 1))
    assert ids() == [first.id, second.id, check.id]
    assert model.index(0, 0).data(LabelRole) == "Session 2 · week 3"  # 22 days after 7 Feb
    assert model.index(2, 0).data(LabelRole) == "Check-in · before treatment"
    assert model.index(1, 0).data(LabelRole) == "Session 1 · week 0"
    journal.trash_session(check.id)
    assert ids() == [first.id, second.id]
    journal.restore_session(check.id)
    assert len(ids()) == 3
    model.set_newest_first(False)
    assert ids() == [check.id, second.id, first.id]

    photo = journal.import_file(
        save_jpeg(tmp_path / "x_front.jpg", photo_like((200, 150))), second.id, Angle.FRONT
    ).photo
    summary = model.index(model.row_of(second.id), 0).data(Qt.ItemDataRole.UserRole + 2)
    assert summary.photo_count == 1 and summary.front_photo.id == photo.id


def test_photo_list_model(qtbot, qtmodeltester, journal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader()
    loader.set_source(journal.cache, journal.folder)
    session = journal.add_session(dt.date(2026, 1, 10))
    photos = [
        journal.import_file(
            save_jpeg(tmp_path / f"p{i}.jpg", photo_like((300, 200), seed=i)), session.id, Angle.LEFT
        ).photo
        for i in range(3)
    ]
    model = PhotoListModel(Angle.LEFT, loader)
    qtmodeltester.check(model, force_py=True)  # stays connected: every change below is checked too
    model.set_photos(photos)
    assert model.rowCount() == 3
    assert "300 × 200 px" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    # Thumbnails arrive later, from a worker.
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    loader.wait_idle()
    qtbot.waitUntil(lambda: model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None, timeout=5000)
    model.set_photos(photos[1:])
    mime = model.mimeData([model.index(0, 0)])
    assert bytes(mime.data("application/x-progress-journal-photo-ids").data()).decode() == str(photos[1].id)
