"""A session's photos grouped by angle: the four strips, "Add photos…" and the photo menu."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import Angle, Photo
from journal.core.turn import Turn
from journal.ui.session.mark import MARKABLE
from journal.ui.session.strip import ANGLE_TITLES, TILE, PhotoStrip
from journal.ui.session.strip_model import MarkedRole, PhotoListModel
from journal.ui.shared.thumbnails import ThumbnailLoader


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
