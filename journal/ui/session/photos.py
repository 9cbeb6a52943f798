"""A session's photos grouped by angle: thumbnail strips that take drops and give drags."""

from __future__ import annotations

from collections import OrderedDict
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import Angle, Photo
from journal.core.turn import Turn
from journal.ui.session.mark import MARKABLE, paint_mark
from journal.ui.shared.thumbnails import ThumbnailLoader

PHOTO_MIME = "application/x-progress-journal-photo-ids"
PhotoIdRole = Qt.ItemDataRole.UserRole + 1
PhotoRole = Qt.ItemDataRole.UserRole + 2
MarkedRole = Qt.ItemDataRole.UserRole + 3  # the session's photo for its angle (a timelapse uses it)
ANGLE_TITLES = {Angle.FRONT: "Front", Angle.LEFT: "Left", Angle.RIGHT: "Right", Angle.OTHER: "Other"}
TILE = 150


class TurnStep(Enum):
    """What the photo menu does to the picture as it is shown now."""

    LEFT = "Rotate left"
    RIGHT = "Rotate right"
    FLIP = "Flip left to right"

    def apply(self, turn: Turn) -> Turn:
        if self is TurnStep.LEFT:
            return turn.rotated_left()
        if self is TurnStep.RIGHT:
            return turn.rotated_right()
        return turn.flipped()


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


class PhotoStrip(QListView):
    """Thumbnails of one angle. Drop files to import them as this angle, or photos from
    another strip to change their angle.

    Signals:
        filesDropped(list, Angle), photosDropped(list, Angle), activatedPhoto(int),
        contextMenuForPhotos(list, QPoint),
        pickedAlone(): a photo clicked without Ctrl or Shift (the other strips let go of theirs)
    """

    filesDropped = Signal(list, object)
    photosDropped = Signal(list, object)
    activatedPhoto = Signal(int)
    contextMenuForPhotos = Signal(list, QPoint)
    pickedAlone = Signal()

    def __init__(self, model: PhotoListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(TILE, TILE))
        self.setGridSize(QSize(TILE + 16, TILE + 28))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # The strip grows with its photos; the column around it scrolls (a laptop's 900 px
        # screen must still show the status bar and the import progress).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        model.modelReset.connect(self._fit_height)
        model.rowsInserted.connect(self._fit_height)
        model.rowsRemoved.connect(self._fit_height)
        self._fit_height()
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.customContextMenuRequested.connect(self._on_self_context_menu)
        self.setItemDelegate(_TileDelegate(self))

    def _fit_height(self) -> None:
        grid = self.gridSize()
        per_row = max(1, (self.viewport().width() or self.width()) // max(1, grid.width()))
        rows = max(1, -(-self.model().rowCount() // per_row))
        self.setFixedHeight(rows * grid.height() + 2 * self.frameWidth() + 6)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_height()

    @property
    def photo_model(self) -> PhotoListModel:
        return self.model()  # type: ignore[return-value]

    def selected_photo_ids(self) -> list[int]:
        return [int(i.data(PhotoIdRole)) for i in self.selectedIndexes()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasFormat(PHOTO_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasFormat(PHOTO_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        ids = dropped_photo_ids(mime)
        if ids:
            own = {p.id for p in self.photo_model.photos()}
            moved = [i for i in ids if i not in own]
            if moved:
                self.photosDropped.emit(moved, self.photo_model.angle)
            event.setDropAction(Qt.DropAction.CopyAction)  # the source list must not remove rows
            event.accept()
            return
        files = dropped_files(mime)
        if files:
            self.filesDropped.emit(files, self.photo_model.angle)
            event.acceptProposedAction()
            return
        event.ignore()

    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        self.activatedPhoto.emit(int(index.data(PhotoIdRole)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        extending = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers() & extending:
            self.pickedAlone.emit()
        super().mousePressEvent(event)

    def _on_self_context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        if not self.selectionModel().isSelected(index):
            self.pickedAlone.emit()
            self.setCurrentIndex(index)
        self.contextMenuForPhotos.emit(self.selected_photo_ids(), self.viewport().mapToGlobal(pos))

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            color = QColor(self.palette().color(self.palette().ColorRole.Text))
            color.setAlphaF(0.55)
            painter.setPen(color)
            title = ANGLE_TITLES[self.photo_model.angle].lower()
            painter.drawText(
                self.viewport().rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr("No {angle} photo yet. Drop photos here or use Add photos…").format(angle=title),
            )


class _TileDelegate(QStyledItemDelegate):
    """A square tile: the thumbnail fitted (never stretched), a placeholder until it loads.

    Each thumbnail is scaled once per size and screen scale and kept as a pixmap: the strips
    repaint every time a photo lands during an import."""

    KEPT = 64

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scaled: OrderedDict[tuple[int, int, float], QPixmap] = OrderedDict()

    def _fitted(self, image: QImage, side: int, ratio: float) -> QPixmap:
        key = (image.cacheKey(), side, ratio)
        found = self._scaled.get(key)
        if found is None:
            edge = max(1, round(side * ratio))
            found = QPixmap.fromImage(
                image.scaled(
                    edge, edge, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            found.setDevicePixelRatio(ratio)
            self._scaled[key] = found
            while len(self._scaled) > self.KEPT:
                self._scaled.popitem(last=False)
        else:
            self._scaled.move_to_end(key)
        return found

    def paint(self, painter: QPainter, option: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        widget = option.widget
        widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect = option.rect.adjusted(8, 6, -8, -22)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        side = min(rect.width(), rect.height())
        if isinstance(image, QImage) and not image.isNull():
            scaled = self._fitted(image, side, widget.devicePixelRatioF())
            size = scaled.deviceIndependentSize()
            x = rect.left() + (rect.width() - round(size.width())) // 2
            y = rect.top() + (rect.height() - round(size.height())) // 2
            painter.drawPixmap(x, y, scaled)
            picture = QRect(x, y, round(size.width()), round(size.height()))
        else:
            painter.fillRect(rect, option.palette.color(option.palette.ColorRole.AlternateBase))
            picture = rect
        if index.data(MarkedRole):
            paint_mark(painter, picture, option.palette)
        text_rect = option.rect.adjusted(4, option.rect.height() - 20, -4, -2)
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        text = option.fontMetrics.elidedText(index.data(), Qt.TextElideMode.ElideMiddle, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: Any, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(TILE + 16, TILE + 28)


class PhotoGroups(QWidget):
    """The four angle strips of a session, with "Add photos…".

    Signals:
        importRequested(list, object): file paths and the Angle to give them (None: guess).
        angleChangeRequested(list, Angle): photo ids moved to another angle.
        turnRequested(list, TurnStep): photo ids to rotate or flip.
        trashRequested(list): photo ids.
        openRequested(int): a photo id (double-click).
        markRequested(object, object): the Angle, and the photo id to mark as the session's
            photo for it (None: take the mark away).
        addRequested(): "Add photos…"; takeRequested(): "Take photos…" (the camera).

    Photos selected in several strips (Ctrl+click) are acted on together.
    """

    importRequested = Signal(list, object)
    angleChangeRequested = Signal(list, object)
    turnRequested = Signal(list, object)
    trashRequested = Signal(list)
    openRequested = Signal(int)
    addRequested = Signal()
    markRequested = Signal(object, object)
    takeRequested = Signal()

    def __init__(self, thumbnails: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        title = QLabel(self.tr("<b>Photos</b>"))
        top.addWidget(title)
        top.addStretch(1)
        self.add_button = QPushButton(self.tr("Add photos…"))
        self.add_button.clicked.connect(self.addRequested)
        self.take_button = QPushButton(self.tr("Take photos…"))
        self.take_button.setToolTip(self.tr("Take this session's photos with the camera (Ctrl+T)"))
        self.take_button.clicked.connect(self.takeRequested)
        top.addWidget(self.take_button)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 4, 0)
        scroll.setWidget(inner)
        # At least one column of tiles beside the form, whatever the window's width.
        bar = scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        scroll.setMinimumWidth(TILE + 16 + 4 + 4 + bar + 2 * scroll.frameWidth())
        layout.addWidget(scroll, 1)
        self.models: dict[Angle, PhotoListModel] = {}
        self.strips: dict[Angle, PhotoStrip] = {}
        self.headers: dict[Angle, QLabel] = {}
        for angle in Angle:
            model = PhotoListModel(angle, thumbnails, self)
            strip = PhotoStrip(model, self)
            strip.filesDropped.connect(self.importRequested)
            strip.photosDropped.connect(self.angleChangeRequested)
            strip.activatedPhoto.connect(self.openRequested)
            strip.contextMenuForPhotos.connect(self._on_strip_context_menu)
            strip.pickedAlone.connect(lambda s=strip: self._keep_only_selection_of(s))
            header = QLabel(self)
            self.headers[angle] = header
            column.addWidget(header)
            column.addWidget(strip)
            self.models[angle] = model
            self.strips[angle] = strip
        column.addStretch(1)
        self._read_only = False
        self.last_menu: QMenu | None = None
        self.set_photos([])

    def set_photos(self, photos: list[Photo]) -> None:
        for angle, model in self.models.items():
            mine = [p for p in photos if p.angle is angle]
            model.set_photos(mine)
            self.headers[angle].setText(f"{ANGLE_TITLES[angle]} ({len(mine)})")

    def newest_id(self) -> int | None:
        """The highest photo id shown (photos are shown in id order within each angle)."""
        last = [model.photo(model.rowCount() - 1).id for model in self.models.values() if model.rowCount()]
        return max(last, default=None)

    def add_photo(self, photo: Photo) -> None:
        """A photo newer than every one shown (one just imported): appended to its angle's
        strip, the others left alone (what `set_photos` with the whole list would do, without
        building the whole list again for each photo of an import)."""
        model = self.models[photo.angle]
        model.set_photos([*model.photos(), photo])
        self.headers[photo.angle].setText(f"{ANGLE_TITLES[photo.angle]} ({model.rowCount()})")

    def set_marks(self, marks: dict[Angle, int]) -> None:
        """The session's photo of each angle that has one marked."""
        for angle, model in self.models.items():
            model.set_marked(marks.get(angle))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setEnabled(not read_only)
        self.take_button.setEnabled(not read_only)
        for strip in self.strips.values():
            strip.setAcceptDrops(not read_only)
            strip.viewport().setAcceptDrops(not read_only)  # the viewport is what a drag lands on
            strip.setDragEnabled(not read_only)

    def _keep_only_selection_of(self, strip: PhotoStrip) -> None:
        for other in self.strips.values():
            if other is not strip:
                other.clearSelection()

    def selected_photos(self) -> list[Photo]:
        """The photos selected in every strip, in angle order."""
        out: list[Photo] = []
        for strip in self.strips.values():
            rows = sorted(index.row() for index in strip.selectedIndexes())
            out += [strip.photo_model.photo(row) for row in rows]
        return out

    def _on_strip_context_menu(self, _photo_ids: list[int], global_pos: QPoint) -> None:
        self.photo_menu(self.selected_photos()).popup(global_pos)

    def photo_menu(self, photos: list[Photo]) -> QMenu:
        """The menu for the selected photos: open, rotate, flip, angle (the current one
        ticked), trash."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        photo_ids = [p.id for p in photos]
        if not photo_ids:
            return menu
        open_action = QAction(self.tr("Open"), menu)
        open_action.triggered.connect(lambda: self.openRequested.emit(photo_ids[0]))
        menu.addAction(open_action)
        menu.addSeparator()
        for step in TurnStep:
            action = QAction(self.tr(step.value), menu)
            action.setEnabled(not self._read_only)
            action.triggered.connect(lambda _c=False, t=step: self.turnRequested.emit(photo_ids, t))
            menu.addAction(action)
        count = len(photo_ids)
        angle_menu = menu.addMenu(
            self.tr("Angle") if count == 1 else self.tr("Angle of these {n}").format(n=count)
        )
        group = QActionGroup(angle_menu)
        shared = {p.angle for p in photos}
        for angle in Angle:
            action = QAction(self.tr(ANGLE_TITLES[angle]), angle_menu)
            action.setCheckable(True)
            action.setChecked(shared == {angle})
            action.triggered.connect(lambda _c=False, a=angle: self.angleChangeRequested.emit(photo_ids, a))
            action.setEnabled(not self._read_only)
            group.addAction(action)
            angle_menu.addAction(action)
        self._add_mark_action(menu, photo_ids)
        menu.addSeparator()
        trash = QAction(self.tr("Move to trash"), menu)
        trash.setEnabled(not self._read_only)
        trash.triggered.connect(lambda: self.trashRequested.emit(photo_ids))
        menu.addAction(trash)
        self.last_menu = menu
        return menu

    def _add_mark_action(self, menu: QMenu, photo_ids: list[int]) -> None:
        """One photo of a timelapse angle: it can be the session's photo (a check mark)."""
        if len(photo_ids) != 1:
            return
        for angle, model in self.models.items():
            rows = [row for row, photo in enumerate(model.photos()) if photo.id == photo_ids[0]]
            if angle in MARKABLE and rows:
                text = self.tr("The session's {angle} photo (for the timelapse)").format(angle=angle.value)
                action = QAction(text, menu)
                action.setCheckable(True)
                action.setChecked(bool(model.index(rows[0], 0).data(MarkedRole)))
                action.setEnabled(not self._read_only)
                action.toggled.connect(
                    lambda on, a=angle: self.markRequested.emit(a, photo_ids[0] if on else None)
                )
                menu.addAction(action)
