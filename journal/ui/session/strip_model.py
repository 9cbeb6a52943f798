"""One angle's photos as a Qt model, and the drag data that carries photo ids between strips."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from journal.core.models import Angle, Photo
from journal.ui.shared.thumbnails import ThumbnailLoader

PHOTO_MIME = "application/x-progress-journal-photo-ids"
PhotoIdRole = Qt.ItemDataRole.UserRole + 1
PhotoRole = Qt.ItemDataRole.UserRole + 2
MarkedRole = Qt.ItemDataRole.UserRole + 3  # the session's photo for its angle (a timelapse uses it)


class PhotoListModel(QAbstractListModel):
    """The photos of one angle of one session."""

    def __init__(self, angle: Angle, thumbnails: ThumbnailLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self.angle = angle
        self._photos: list[Photo] = []
        self._marked: int | None = None
        self._thumbnails = thumbnails
        thumbnails.ready.connect(self._on_thumbnails_ready)

    def set_photos(self, photos: list[Photo]) -> None:
        ids = [p.id for p in photos]
        old = [p.id for p in self._photos]
        if ids == old:
            changed = [row for row, (a, b) in enumerate(zip(self._photos, photos, strict=True)) if a != b]
            self._photos = list(photos)
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], 0))
            return
        if old and ids[: len(old)] == old:  # photos added at the end (an import): no reset
            self.beginInsertRows(QModelIndex(), len(old), len(ids) - 1)
            self._photos = list(photos)
            self.endInsertRows()
            return
        self.beginResetModel()
        self._photos = list(photos)
        self.endResetModel()

    def set_marked(self, photo_id: int | None) -> None:
        """The photo marked as the session's photo for this angle (None: none is)."""
        if photo_id == self._marked:
            return
        changed = {self._marked, photo_id}
        self._marked = photo_id
        for row, photo in enumerate(self._photos):
            if photo.id in changed:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [MarkedRole, Qt.ItemDataRole.ToolTipRole])

    def photo(self, row: int) -> Photo:
        return self._photos[row]

    def photos(self) -> list[Photo]:
        return list(self._photos)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._photos)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.original_name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.image(photo)
        if role == PhotoIdRole:
            return photo.id
        if role == PhotoRole:
            return photo
        if role == MarkedRole:
            return photo.id == self._marked
        if role == Qt.ItemDataRole.ToolTipRole:
            taken = photo.taken_at.strftime("%d %b %Y %H:%M") if photo.taken_at else "unknown"
            source = " (file time: the photo has no capture date)" if photo.taken_at_from_file else ""
            lines = [photo.original_name, f"Taken {taken}{source}", f"{photo.width} × {photo.height} px"]
            if photo.note:
                lines.append(photo.note)
            if photo.id == self._marked:
                lines.append(
                    self.tr("★ The session's {angle} photo: it stands for the session in a timelapse").format(
                        angle=self.angle.value
                    )
                )
            return "\n".join(lines)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [PHOTO_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = ",".join(str(self._photos[i.row()].id) for i in indexes if i.isValid())
        data.setData(PHOTO_MIME, QByteArray(ids.encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def _on_thumbnails_ready(self, photo_id: int) -> None:
        for row, photo in enumerate(self._photos):
            if photo.id == photo_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def dropped_files(mime: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


def dropped_photo_ids(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(PHOTO_MIME):
        return []
    text = bytes(mime.data(PHOTO_MIME).data()).decode()
    return [int(part) for part in text.split(",") if part.strip().isdigit()]
