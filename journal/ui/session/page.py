"""The right-hand page: one session's fields and its photos by angle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import CoursePosition
from journal.core.dates import long_date
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.models import Angle, EventKind, JournalEvent, Session
from journal.ui.session.form import TEXT_FIELDS, SessionForm
from journal.ui.session.mark import MarkSessionPhoto
from journal.ui.session.photos import PhotoGroups, TurnStep
from journal.ui.shared.palette import WARM, mixed
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.shared.undo import EditSessionField, SetPhotoAngle, TrashPhotos, TurnPhotos


class SessionPage(QWidget):
    """Signals:
    importRequested(list, object): files to import into this session, with an Angle or None.
    addPhotosRequested(): the "Add photos…" button.
    takePhotosRequested(): the "Take photos…" button (the camera).
    openPhotoRequested(int): a photo id to show in the viewer.
    editRefused(str): the core refused a value typed in the form (the old one is back), and why.
    newSessionRequested(): the empty journal's "New session" button.
    """

    importRequested = Signal(list, object)
    addPhotosRequested = Signal()
    takePhotosRequested = Signal()
    openPhotoRequested = Signal(int)
    editRefused = Signal(str)
    newSessionRequested = Signal()

    def __init__(
        self,
        thumbnails: ThumbnailLoader,
        undo_stack: QUndoStack,
        positions: Callable[[int], CoursePosition | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._positions = positions  # the timeline already knows "Session 3 · week 8"
        self._journal: Journal | None = None
        self._session: Session | None = None
        self._undo = undo_stack
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.start_buttons = QWidget()  # the empty journal's way in
        starts = QHBoxLayout(self.start_buttons)
        self.new_session_button = QPushButton(self.tr("New session"))
        self.new_session_button.clicked.connect(self.newSessionRequested)
        self.add_photos_button = QPushButton(self.tr("Add photos…"))
        self.add_photos_button.clicked.connect(self.addPhotosRequested)
        starts.addStretch(1)
        starts.addWidget(self.new_session_button)
        starts.addWidget(self.add_photos_button)
        starts.addStretch(1)
        paragraph = QWidget()  # at most this wide: a paragraph, not one line across a wide window
        paragraph.setMaximumWidth(560)
        paragraph_layout = QVBoxLayout(paragraph)
        paragraph_layout.addWidget(self.empty)
        paragraph_layout.addWidget(self.start_buttons)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(paragraph, 3)
        centred.addStretch(1)
        self.empty_page = QWidget()
        empty_layout = QVBoxLayout(self.empty_page)
        empty_layout.addStretch(1)
        empty_layout.addLayout(centred)
        empty_layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_page, 1)

        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setChildrenCollapsible(False)
        self.form = SessionForm()
        self.form.edited.connect(self._on_form_edited)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Never a horizontal scroll bar: the form's rows wrap instead (labels above fields).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll = scroll
        self.photos = PhotoGroups(thumbnails)
        self.photos.importRequested.connect(self._on_photos_import_requested)
        self.photos.angleChangeRequested.connect(self._on_photos_angle_change_requested)
        self.photos.turnRequested.connect(self._on_photos_turn_requested)
        self.photos.trashRequested.connect(self._on_photos_trash_requested)
        self.photos.openRequested.connect(self.openPhotoRequested)
        self.photos.addRequested.connect(self.addPhotosRequested)
        self.photos.markRequested.connect(self._on_photos_mark_requested)
        self.photos.takeRequested.connect(self.takePhotosRequested)
        photo_holder = QWidget()
        photo_layout = QHBoxLayout(photo_holder)
        photo_layout.setContentsMargins(8, 0, 0, 0)
        photo_layout.addWidget(self.photos)
        self.photo_column = photo_holder
        self.body.addWidget(scroll)
        self.body.addWidget(photo_holder)
        self.body.setStretchFactor(0, 2)
        self.body.setStretchFactor(1, 3)
        self.body.splitterMoved.connect(self._on_body_splitter_moved)
        self.body.installEventFilter(self)
        self._body_moved = False  # by the user: from then on the split is theirs
        layout.addWidget(self.body, 1)
        self._set_minimum_widths()
        self._show()

    # ----------------------------------------------------------------- layout

    def _set_minimum_widths(self) -> None:
        """The form as narrow as its wrapped rows allow, the photos one tile column wide:
        the page fits a small screen (or a HiDPI one at 200 %) without cutting anything off."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.form_scroll.setMinimumWidth(self.form.minimumSizeHint().width() + bar + 2)
        margins = self.photo_column.layout().contentsMargins()  # type: ignore[union-attr]
        self.photo_column.setMinimumWidth(
            self.photos.minimumSizeHint().width() + margins.left() + margins.right()
        )
        # The body is never wider than the wider of the two: below the width both need side
        # by side, the photos go under the form (`_balance`).
        self.body.setMinimumWidth(max(self.form_scroll.minimumWidth(), self.photo_column.minimumWidth()))

    def _on_body_splitter_moved(self, _pos: int, _index: int) -> None:
        self._body_moved = True

    def _balance(self) -> None:
        """Form and photos side by side when there is room for both (the form's rows
        wrapped at worst), else the photos below the form. Until the user moves the divider,
        the form gets the width its rows need unwrapped, the photos the rest."""
        form_least, photos_least = self.form_scroll.minimumWidth(), self.photo_column.minimumWidth()
        handle = self.body.handleWidth()
        width = self.body.width()
        side_by_side = width >= form_least + handle + photos_least
        wanted = Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        if self.body.orientation() != wanted:
            self.body.setOrientation(wanted)
            self._body_moved = False
        if self._body_moved:
            return
        if not side_by_side:
            height = self.body.height() - handle
            if height > 0:
                self.body.setSizes([height * 3 // 5, height - height * 3 // 5])
            return
        total = width - handle
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted_width = self.form.sizeHint().width() + bar + 2
        form = max(form_least, min(wanted_width, total - photos_least))
        form = max(form, min(total * 2 // 5, total - photos_least))  # wide windows: 2 : 3 as before
        self.body.setSizes([form, total - form])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Resize:
            self._balance()  # the body is resized when it is shown too (a session selected)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._set_minimum_widths()

    # ----------------------------------------------------------------- state

    @property
    def session(self) -> Session | None:
        return self._session

    def set_journal(self, journal: Journal | None) -> None:
        self._journal = journal
        self._session = None
        read_only = journal is None or journal.read_only
        self.form.set_read_only(read_only)
        self.photos.set_read_only(read_only)
        self._show()

    def show_session(self, session_id: int | None) -> None:
        self.form.flush()
        if self._journal is None or session_id is None:
            self._session = None
        else:
            try:
                self._session = self._journal.session(session_id)
            except NotFound:
                self._session = None
            if self._session is not None and self._session.deleted_at is not None:
                self._session = None
        self._show()

    def _show(self) -> None:
        session = self._session
        if session is None:
            self._show_empty()
        self.empty_page.setVisible(session is None)
        self.body.setVisible(session is not None)
        self.title.setVisible(session is not None)
        self.form.load(session)
        if session is None or self._journal is None:
            self.photos.set_photos([])
            return
        self._update_title()
        self.photos.set_photos(self._journal.photos(session.id))
        self._show_marks()
        for field in TEXT_FIELDS:
            self.form.set_suggestions(field, self._journal.earlier_values(field))

    def _show_empty(self) -> None:
        """No session shown: in an empty journal, how to start; else, how to pick one."""
        journal = self._journal
        starting = journal is not None and not journal.has_sessions()  # not 1,000 rows read
        writable = journal is not None and not journal.read_only
        if not starting:
            text = self.tr("Select a session on the left, or start one with Session → New session.")
        elif writable:
            text = self.tr(
                "<h3>Your journal is empty</h3>"
                "Start with your first session: <b>New session</b> (Ctrl+N) logs one dated today, "
                "or add its photos (Ctrl+I), or drop them on this window: a session dated today "
                "is made for them."
            )
        else:
            text = self.tr("This journal has no sessions yet.")
        self.empty.setText(text)
        self.start_buttons.setVisible(starting and writable)

    def _update_title(self) -> None:
        if self._session is None or self._journal is None:
            return
        position = self._positions(self._session.id)
        label = position.label(self._session.kind) if position else ""
        warm = mixed(self.palette().color(QPalette.ColorRole.WindowText), WARM, 0.7).name()
        read_only = f" <span style='color:{warm}'>(read-only)</span>" if self._journal.read_only else ""
        self.title.setText(
            f"<h2 style='margin:0'>{label}{read_only}</h2><div>{long_date(self._session.date)}</div>"
        )

    def on_journal_event(self, event: JournalEvent) -> None:
        if self._session is None or self._journal is None:
            return
        mine = event.session_id == self._session.id
        if event.kind is EventKind.SESSION_REMOVED and mine:
            self.show_session(None)
        elif event.kind is EventKind.SESSION_CHANGED and mine:
            self._session = self._journal.session(self._session.id)
            self.form.load(self._session)
            self._update_title()
            self._show_marks()
        elif event.kind.about_sessions:
            self._update_title()  # numbering and weeks may have moved
        elif event.kind is EventKind.PHOTO_ADDED and mine and self._added_last(event.photo_id):
            self._show_marks()  # a photo restored from the trash may hold its mark again
        elif event.kind.about_photos and mine:
            self.photos.set_photos(self._journal.photos(self._session.id))
            self._show_marks()
        elif event.kind is EventKind.TRASH_EMPTIED:
            self._show_marks()

    def _added_last(self, photo_id: int | None) -> bool:
        """Show a photo just added when it goes after every one shown (an import: one row
        read, not the session's photos all over again); False when it belongs elsewhere."""
        assert self._journal is not None and self._session is not None
        newest = self.photos.newest_id()
        if photo_id is None or newest is None or photo_id <= newest:
            return False
        try:
            photo = self._journal.photo(photo_id)
        except NotFound:
            return False
        if photo.session_id != self._session.id or photo.deleted_at is not None:
            return False
        self.photos.add_photo(photo)
        return True

    def _show_marks(self) -> None:
        if self._session is None or self._journal is None:
            return
        marks = self._journal.marked_photos()
        session_id = self._session.id
        self.photos.set_marks({angle: photo for (sid, angle), photo in marks.items() if sid == session_id})

    # ----------------------------------------------------------------- edits

    def _on_form_edited(self, field: str, value: Any) -> None:
        if self._session is None or self._journal is None:
            return
        old = getattr(self._session, field)
        try:
            self._undo.push(EditSessionField(self._journal, self._session.id, field, old, value))
        except ValueError as exc:  # a value the core refuses: show it, keep the old one
            self.form.load(self._session)
            self.editRefused.emit(str(exc))

    def _on_photos_import_requested(self, paths: list[str], angle: Angle | None) -> None:
        self.importRequested.emit(paths, angle)

    def _on_photos_angle_change_requested(self, photo_ids: list[int], angle: Angle) -> None:
        if self._journal is None or self._journal.read_only:
            return
        changing = [pid for pid in photo_ids if self._journal.photo(pid).angle is not angle]
        if changing:
            self._undo.push(SetPhotoAngle(self._journal, changing, angle))

    def _on_photos_mark_requested(self, angle: Angle, photo_id: int | None) -> None:
        if self._session is None or self._journal is None or self._journal.read_only:
            return
        if self._journal.marked_photos().get((self._session.id, angle)) != photo_id:
            self._undo.push(MarkSessionPhoto(self._journal, self._session.id, angle, photo_id))

    def _on_photos_turn_requested(self, photo_ids: list[int], step: TurnStep) -> None:
        if self._journal is None or self._journal.read_only or not photo_ids:
            return
        count = len(photo_ids)
        what = self.tr("photo") if count == 1 else self.tr("{n} photos").format(n=count)
        text = {
            TurnStep.LEFT: self.tr("Rotate {what} left"),
            TurnStep.RIGHT: self.tr("Rotate {what} right"),
            TurnStep.FLIP: self.tr("Flip {what}"),
        }[step].format(what=what)
        self._undo.push(TurnPhotos(self._journal, photo_ids, step.apply, text))

    def _on_photos_trash_requested(self, photo_ids: list[int]) -> None:
        if self._journal is None or self._journal.read_only or not photo_ids:
            return
        self._undo.push(TrashPhotos(self._journal, photo_ids))
