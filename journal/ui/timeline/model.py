"""The session timeline: a list model over the core (the delegate that draws its rows is in delegate.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from journal.core.course import CoursePosition, course_positions
from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import RATING_LABELS, EventKind, JournalEvent, SessionSummary
from journal.ui.shared.thumbnails import ThumbnailLoader

SessionIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2
LabelRole = Qt.ItemDataRole.UserRole + 3
KindRole = Qt.ItemDataRole.UserRole + 4
ThumbnailRole = Qt.ItemDataRole.UserRole + 5
RatingsRole = Qt.ItemDataRole.UserRole + 6
# Everything a row shows, as one hashable value (its date, label, kind, ratings and the key of
# its thumbnail): a row painted is looked up by it in one call, not five.
LooksRole = Qt.ItemDataRole.UserRole + 7


# A change to these photo fields leaves every row as it was drawn (the timeline shows no eye
# points and no photo notes): no query, no repaint.
_UNSHOWN_PHOTO_FIELDS = frozenset(
    {
        "eye_left_x",
        "eye_left_y",
        "eye_right_x",
        "eye_right_y",
        "eyes_checked",
        "eyes_source",
        "eyes_reason",
        "note",
    }
)


class TimelineModel(QAbstractListModel):
    """Sessions, newest or oldest first, with their course position and front thumbnail.

    Rows are painted many times a second while the list scrolls: their texts are made once
    per row (formatting a date costs ~4 us once PySide6 is loaded, its import hook runs in
    every `strftime`), and rows are found by session or photo id through dicts, not by a walk
    over a thousand rows.
    """

    def __init__(self, thumbnails: ThumbnailLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self._journal: Journal | None = None
        self._thumbnails = thumbnails
        self._rows: list[SessionSummary] = []
        self._positions: dict[int, CoursePosition] = {}
        self._newest_first = True
        self._texts: dict[int, tuple[str, str]] = {}  # session id -> (date, course position)
        self._row_index: dict[int, int] | None = None  # session id -> row, made when needed
        self._photo_rows: dict[int, int] | None = None  # front photo id -> row, made when needed
        thumbnails.ready.connect(self._on_thumbnails_ready)

    # ----------------------------------------------------------------- source

    def set_journal(self, journal: Journal | None) -> None:
        self.beginResetModel()
        self._journal = journal
        self._rows = self._load()
        self._forget_rows()
        self.endResetModel()

    def _forget_rows(self, texts: bool = True) -> None:
        """Rows moved or changed: the indexes by id are made again when next needed."""
        self._row_index = self._photo_rows = None
        if texts:
            self._texts.clear()

    def _text(self, summary: SessionSummary) -> tuple[str, str]:
        session = summary.session
        found = self._texts.get(session.id)
        if found is None:
            position = self._positions.get(session.id)
            found = (long_date(session.date), position.label(session.kind) if position else "")
            self._texts[session.id] = found
        return found

    def _load(self) -> list[SessionSummary]:
        if self._journal is None:
            self._positions = {}
            return []
        rows = self._journal.session_summaries()
        self._positions = course_positions(r.session for r in rows)
        rows.sort(key=lambda r: (r.session.date, r.session.id), reverse=self._newest_first)
        return rows

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    def set_newest_first(self, newest_first: bool) -> None:
        if newest_first == self._newest_first:
            return
        self.layoutAboutToBeChanged.emit()
        old = [r.session.id for r in self._rows]
        self._newest_first = newest_first
        self._rows.reverse()
        self._forget_rows(texts=False)
        new = {sid: i for i, sid in enumerate(r.session.id for r in self._rows)}
        for index in self.persistentIndexList():
            sid = old[index.row()]
            self.changePersistentIndex(index, self.index(new[sid], 0))
        self.layoutChanged.emit()

    def on_journal_event(self, event: JournalEvent) -> None:
        """Turn a core change into the smallest model change that is right."""
        if self._journal is None:
            return
        kind = event.kind
        if kind is EventKind.PHOTO_CHANGED and event.fields and set(event.fields) <= _UNSHOWN_PHOTO_FIELDS:
            return
        if kind in (EventKind.SESSION_ADDED, EventKind.SESSION_REMOVED, EventKind.TRASH_EMPTIED) or (
            kind is EventKind.SESSION_CHANGED and {"date", "kind"} & set(event.fields)
        ):
            self._resync()
        elif kind.about_photos or kind is EventKind.SESSION_CHANGED:
            self._refresh_session(event.session_id)

    def _resync(self) -> None:
        """Rows were added, removed or moved: apply the difference as inserts, removes and a
        final dataChanged, so selection and scroll position survive."""
        fresh = self._load()
        self._forget_rows()  # the course positions may all have moved
        fresh_ids = [r.session.id for r in fresh]
        keep = set(fresh_ids)
        for row in reversed(range(len(self._rows))):
            if self._rows[row].session.id not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self._forget_rows(texts=False)
                self.endRemoveRows()
        current = [r.session.id for r in self._rows]
        present = set(current)
        if [i for i in fresh_ids if i in present] != current:
            # An edit moved a session (its date changed): re-order as a layout change.
            self.layoutAboutToBeChanged.emit()
            order = {sid: i for i, sid in enumerate(fresh_ids)}
            persistent = [(p, current[p.row()]) for p in self.persistentIndexList()]
            self._rows.sort(key=lambda r: order[r.session.id])
            self._forget_rows(texts=False)
            moved = [r.session.id for r in self._rows]
            for index, sid in persistent:
                self.changePersistentIndex(index, self.index(moved.index(sid), 0))
            self.layoutChanged.emit()
        by_id = {r.session.id: r for r in fresh}
        for position, sid in enumerate(fresh_ids):
            if position >= len(self._rows) or self._rows[position].session.id != sid:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, by_id[sid])
                self._forget_rows(texts=False)
                self.endInsertRows()
        self._rows = [by_id[r.session.id] for r in self._rows]
        self._forget_rows()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def _refresh_session(self, session_id: int | None) -> None:
        if session_id is None or self._journal is None:
            return
        row = self.row_of(session_id)
        if row is None:
            return
        old, new = self._rows[row], self._journal.session_summary(session_id)
        self._rows[row] = new
        if new.session == old.session and _same_picture(new, old):
            return  # one more photo of another angle (an import): the row looks the same
        self._texts.pop(session_id, None)
        self._photo_rows = None  # its front photo may be another one now
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def session_id(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        return (
            self._rows[index.row()].session.id if index.isValid() and index.row() < len(self._rows) else None
        )

    def row_of(self, session_id: int) -> int | None:
        if self._row_index is None:
            self._row_index = {summary.session.id: row for row, summary in enumerate(self._rows)}
        return self._row_index.get(session_id)

    def summary(self, row: int) -> SessionSummary:
        return self._rows[row]

    def position(self, session_id: int) -> CoursePosition | None:
        return self._positions.get(session_id)

    def summaries(self) -> list[SessionSummary]:
        return list(self._rows)

    # ----------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        session = summary.session
        if role == LooksRole:
            image = self._thumbnails.image(summary.front_photo)
            return (
                *self._text(summary),
                session.kind.value,
                tuple(session.ratings().values()),
                image.cacheKey() if image is not None and not image.isNull() else 0,
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(summary)[0]
        if role == LabelRole:
            return self._text(summary)[1]
        if role == SessionIdRole:
            return session.id
        if role == SummaryRole:
            return summary
        if role == KindRole:
            return session.kind.value
        if role == ThumbnailRole:
            return self._thumbnails.image(summary.front_photo)
        if role == RatingsRole:
            return session.ratings()
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = list(self._text(summary))
            rated = [f"{RATING_LABELS[k]} {v}/10" for k, v in session.ratings().items() if v is not None]
            if rated:
                parts.append(", ".join(rated))
            if session.notes.strip():
                parts.append(session.notes.strip()[:300])
            return "\n".join(p for p in parts if p)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            date, label = self._text(summary)
            photos = self.tr("%n photo(s)", "", summary.photo_count)
            return f"{date}, {label}, {photos}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled

    def _on_thumbnails_ready(self, photo_id: int) -> None:
        if self._photo_rows is None:
            self._photo_rows = {
                summary.front_photo.id: row
                for row, summary in enumerate(self._rows)
                if summary.front_photo is not None
            }
        row = self._photo_rows.get(photo_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [ThumbnailRole])


def _same_picture(a: SessionSummary, b: SessionSummary) -> bool:
    """The two show the same thumbnail (the same photo, turned the same way)."""
    pa, pb = a.front_photo, b.front_photo
    if pa is None or pb is None:
        return pa is pb
    return (pa.id, pa.turn, pa.sha256) == (pb.id, pb.turn, pb.sha256)
