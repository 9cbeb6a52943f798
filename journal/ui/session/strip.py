"""One angle's thumbnail strip: tiles that take drops (files, photos from another strip) and
give drags."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QSizePolicy, QStyle, QStyledItemDelegate, QWidget

from journal.core.models import Angle
from journal.ui.session.mark import paint_mark
from journal.ui.session.strip_model import (
    PHOTO_MIME,
    MarkedRole,
    PhotoIdRole,
    PhotoListModel,
    dropped_files,
    dropped_photo_ids,
)

ANGLE_TITLES = {Angle.FRONT: "Front", Angle.LEFT: "Left", Angle.RIGHT: "Right", Angle.OTHER: "Other"}
TILE = 150


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
