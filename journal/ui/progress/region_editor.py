"""The region editor: where the treated and the untreated reference skin are, for one angle.

The user marks them once, on any photo of the angle with eye points; they are stored in the
face frame, so they land on the same skin in every other session's photo. Every completed edit
is stored at once and is one step of the app's undo history (Ctrl+Z here or in the window).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.course import course_positions
from journal.core.dates import long_date
from journal.core.errors import JournalError
from journal.core.faceframe import FaceFrame
from journal.core.journal import Journal
from journal.core.models import Angle, EventKind, JournalEvent, Photo
from journal.core.regions import SETTING_KEY, RegionSet, suggested
from journal.core.text import plural
from journal.ui.progress.commands import SetRednessRegions, store_regions
from journal.ui.progress.region_canvas import REGION_CANVAS_KEYS, RegionCanvas, Tool
from journal.ui.progress.region_edit import Role
from journal.ui.shared.keys import named_actions
from journal.ui.shared.workers import Progress, TaskRunner

ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)

HELP = {
    Tool.SELECT: "Click a region to select it, drag it to move it, drag its white handles to reshape it. "
    "Arrow keys nudge it, + and − resize it, Delete removes it.",
    Tool.CIRCLE: "Press at the middle of the {role} skin and drag out to its edge (a click makes a "
    "small circle). Esc: back to Select.",
    Tool.POLYGON: "Click each corner of the {role} skin; click the first corner again, double-click or "
    "press Enter to close it. Backspace removes the last corner, Esc cancels.",
}


def _load_preview(journal: Journal, photo: Photo, _progress: Progress) -> QImage:
    """In a worker: the photo's preview as it is shown (turned as the user chose)."""
    image = QImage(str(journal.preview_file(photo)))
    if image.isNull():
        raise JournalError("the photo's preview could not be read")
    return image


class RegionEditor(QDialog):
    @staticmethod
    def make_actions(owner: QObject) -> dict[str, QAction]:
        """The editor's keys as named actions (the tools, the kind of skin new regions mark,
        Delete, Undo and Redo of region steps): the editor binds them, Help → Keyboard shortcuts
        lists them. The canvas's own keys (arrows, +/−, Enter, Esc) are `REGION_CANVAS_KEYS`."""

        standard = QKeySequence.StandardKey
        return named_actions(
            owner,
            "RegionEditor",
            {
                Tool.SELECT.value: ("Select tool", ["S"]),
                Tool.CIRCLE.value: ("Circle tool", ["O"]),
                Tool.POLYGON.value: ("Polygon tool", ["G"]),
                Role.TREATED.value: ("New regions mark treated skin", ["T"]),
                Role.REFERENCE.value: ("New regions mark reference skin", ["R"]),
                "delete": ("Delete the selected region", [standard.Delete]),
                "undo": ("Undo a region step", [standard.Undo]),
                "redo": ("Redo a region step", [standard.Redo]),
            },
        )

    @staticmethod
    def canvas_keys() -> tuple[tuple[str, tuple[Qt.Key, ...]], ...]:
        """The photo's own keys while it has the focus (names in the "RegionCanvas" context):
        the table its key handler works from."""
        return REGION_CANVAS_KEYS

    def __init__(
        self,
        journal: Journal,
        undo_stack: QUndoStack,
        pool: QThreadPool,
        angle: Angle = Angle.FRONT,
        photo_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Redness regions"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(980, round(screen.width() * 0.95)), min(780, round(screen.height() * 0.92)))
        self._journal, self._undo = journal, undo_stack
        self._runner = TaskRunner(pool, self)
        self.angle = angle
        self.photos: list[Photo] = []
        self.photo: Photo | None = None
        self._wanted_photo = photo_id

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Mark the <b>treated</b> skin and some <b>untreated reference</b> skin (forehead, jaw, "
                "or skin you never treat) on one photo. They are kept relative to the eyes, so they "
                "land on the same skin in every photo of this angle. Redness is their difference in "
                "colour (Δa*). Colour measured from photos; not a medical assessment."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._choice_bar())
        layout.addLayout(self._tool_bar())
        self.canvas = RegionCanvas()
        self.canvas.edited.connect(self._on_canvas_edited)
        self.canvas.refused.connect(self._on_canvas_refused)
        self.canvas.toolChanged.connect(self._on_canvas_tool_changed)
        layout.addWidget(self.canvas, 1)
        # Two lines each, always: a longer text must not shrink the photo under the pointer.
        two_lines = self.fontMetrics().lineSpacing() * 2 + 4
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setFixedHeight(two_lines)
        self.help.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.help)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setFixedHeight(two_lines)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self._make_shortcuts()
        self.set_angle(angle)

    # ----------------------------------------------------------------- building

    def _choice_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Angle")))
        self.angle_box = QComboBox()
        for angle in ANGLES:
            self.angle_box.addItem(angle.value.capitalize(), angle)
        self.angle_box.activated.connect(self._on_angle_box_activated)
        bar.addWidget(self.angle_box)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Photo")))
        self.photo_box = QComboBox()
        self.photo_box.setMinimumContentsLength(30)
        self.photo_box.activated.connect(self._on_photo_box_activated)
        bar.addWidget(self.photo_box, 1)
        return bar

    def _tool_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.tool_group = QButtonGroup(self)
        self.tool_buttons: dict[Tool, QToolButton] = {}
        for tool, text, key in (
            (Tool.SELECT, self.tr("Select"), "S"),
            (Tool.CIRCLE, self.tr("Circle"), "O"),
            (Tool.POLYGON, self.tr("Polygon"), "G"),
        ):
            button = QToolButton()
            button.setText(f"{text}")
            button.setToolTip(f"{text} ({key})")
            button.setCheckable(True)
            button.clicked.connect(partial(self._on_tool_clicked, tool))
            self.tool_group.addButton(button)
            self.tool_buttons[tool] = button
            bar.addWidget(button)
        self.tool_buttons[Tool.SELECT].setChecked(True)
        bar.addSpacing(12)
        self.role_group = QButtonGroup(self)
        self.treated_button = QRadioButton(self.tr("Treated (T)"))
        self.treated_button.setToolTip(self.tr("New regions mark treated skin (solid orange outline)"))
        self.treated_button.setStyleSheet(f"color: {_css(Role.TREATED)}; font-weight: bold;")
        self.reference_button = QRadioButton(self.tr("Reference (R)"))
        self.reference_button.setToolTip(
            self.tr("New regions mark untreated reference skin (dashed blue outline)")
        )
        self.reference_button.setStyleSheet(f"color: {_css(Role.REFERENCE)}; font-weight: bold;")
        self.treated_button.setChecked(True)
        for radio, role in ((self.treated_button, Role.TREATED), (self.reference_button, Role.REFERENCE)):
            self.role_group.addButton(radio)
            radio.toggled.connect(partial(self._on_role_toggled, role))
            bar.addWidget(radio)
        bar.addSpacing(12)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected region (Delete)"))
        self.delete_button.clicked.connect(self.canvas_delete)
        bar.addWidget(self.delete_button)
        self.suggest_button = QPushButton(self.tr("Start from suggested"))
        self.suggest_button.clicked.connect(self.use_suggested)
        bar.addWidget(self.suggest_button)
        self.clear_button = QPushButton(self.tr("Clear all"))
        self.clear_button.setToolTip(self.tr("Remove every region of this angle (undoable)"))
        self.clear_button.clicked.connect(self.clear_all)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        self.whole_box = QCheckBox(self.tr("Whole photo"))
        self.whole_box.setToolTip(self.tr("Show the whole photo instead of the face"))
        self.whole_box.toggled.connect(self._on_whole_box_toggled)
        bar.addWidget(self.whole_box)
        # Undo and Redo here take back region steps only: the app's one history also holds
        # session edits, which this window does not show. Short buttons (the step's name is
        # in the tooltip: a long one must not widen the dialog); Ctrl+Z works here too.
        self.undo_button = QToolButton()
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QToolButton()
        self.redo_button.setText(self.tr("Redo"))
        self.redo_button.clicked.connect(self.redo)
        self._undo.indexChanged.connect(self._on_undo_index_changed)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        self._on_undo_index_changed(self._undo.index())
        return bar

    def _region_step(self, index: int) -> SetRednessRegions | None:
        command = self._undo.command(index) if 0 <= index < self._undo.count() else None
        return command if isinstance(command, SetRednessRegions) else None

    def undo(self) -> None:
        if self._region_step(self._undo.index() - 1) is not None:
            self._undo.undo()

    def redo(self) -> None:
        if self._region_step(self._undo.index()) is not None:
            self._undo.redo()

    def _on_undo_index_changed(self, index: int) -> None:
        back, again = self._region_step(index - 1), self._region_step(index)
        self.undo_button.setEnabled(back is not None)
        self.redo_button.setEnabled(again is not None)
        self.undo_button.setToolTip(self.tr("Undo: {what} (Ctrl+Z)").format(what=back.text()) if back else "")
        self.redo_button.setToolTip(self.tr("Redo: {what}").format(what=again.text()) if again else "")

    def _make_shortcuts(self) -> None:
        """The editor's keys, from `make_actions` (the canvas's own are its REGION_CANVAS_KEYS)."""
        slots = {
            **{tool.value: self.tool_buttons[tool].click for tool in Tool},
            Role.TREATED.value: self.treated_button.click,
            Role.REFERENCE.value: self.reference_button.click,
            "delete": self.canvas_delete,
            "undo": self.undo,
            "redo": self.redo,
        }
        for name, action in self.make_actions(self).items():
            action.triggered.connect(slots[name])
            self.addAction(action)

    # ----------------------------------------------------------------- choosing

    def set_angle(self, angle: Angle) -> None:
        self.angle = angle
        self.angle_box.setCurrentIndex(ANGLES.index(angle) if angle in ANGLES else 0)
        self._list_photos()
        wanted = next((p for p in self.photos if p.id == self._wanted_photo and p.eyes), None)
        self._wanted_photo = None
        proposal = suggested(angle).treated
        self.suggest_button.setToolTip(
            self.tr("Both cheeks treated, the middle of the forehead as the reference: move them to fit")
            if proposal
            else self.tr("There is a suggestion for front photos only: draw the regions yourself")
        )
        self.show_photo(wanted or self._default_photo())
        self._follow_regions()

    def _list_photos(self) -> None:
        sessions = {s.id: s for s in self._journal.sessions()}
        positions = course_positions(sessions.values())
        self.photos = sorted(
            (p for p in self._journal.photos() if p.angle is self.angle and p.session_id in sessions),
            key=lambda p: (sessions[p.session_id].date, p.session_id, p.id),
        )
        self.photo_box.clear()
        for photo in self.photos:
            session = sessions[photo.session_id]
            label = f"{long_date(session.date)} · {positions[session.id].label(session.kind)}"
            if photo.eyes is None:
                label += self.tr(" — no eye points")
            self.photo_box.addItem(label, photo.id)

    def _default_photo(self) -> Photo | None:
        """The first photo with eye points (the trend's baseline), else the first photo."""
        return next((p for p in self.photos if p.eyes is not None), self.photos[0] if self.photos else None)

    def show_photo(self, photo: Photo | None) -> None:
        self._runner.invalidate()
        self.photo = photo
        if photo is None:
            self.canvas.set_picture(
                None, None, self.tr("No {angle} photos yet.").format(angle=self.angle.value)
            )
            self._update_buttons()
            return
        self.photo_box.setCurrentIndex(self.photos.index(photo))
        if photo.eyes is None:
            self.canvas.set_picture(
                None,
                None,
                self.tr(
                    "This photo has no eye points, and regions are placed relative to the eyes. "
                    "Choose another photo, or set its eyes in Compare (Adjust eyes)."
                ),
            )
            self._update_buttons()
            return
        self.canvas.set_picture(None, None, self.tr("Loading the photo…"))
        self._runner.start(
            partial(_load_preview, self._journal, photo),
            done=partial(self._on_preview_loaded, photo),
            failed=self._on_preview_failed,
            known=(JournalError, OSError),
        )
        self._update_buttons()

    def _on_preview_loaded(self, photo: Photo, image: QImage) -> None:
        frame = FaceFrame.of_photo(photo, image.width(), image.height())
        if frame is None:
            self.canvas.set_picture(None, None, self.tr("The two eye points of this photo coincide."))
        else:
            self.canvas.set_picture(image, frame)
            self.canvas.setFocus()
        self._update_buttons()

    def _on_preview_failed(self, error: JournalError) -> None:
        self.canvas.set_picture(None, None, self.tr("This photo cannot be shown: {e}").format(e=error))
        self._update_buttons()

    def _on_angle_box_activated(self, index: int) -> None:
        self.set_angle(ANGLES[index])

    def _on_photo_box_activated(self, index: int) -> None:
        if 0 <= index < len(self.photos):
            self.show_photo(self.photos[index])

    def _on_tool_clicked(self, tool: Tool) -> None:
        self.canvas.set_tool(tool)
        self.canvas.setFocus()

    def _on_whole_box_toggled(self, whole: bool) -> None:
        self.canvas.set_whole_photo(whole)

    def _on_role_toggled(self, role: Role, on: bool) -> None:
        if on:
            self.canvas.set_role(role)
            self._show_help()

    def _on_canvas_tool_changed(self, tool: Tool) -> None:
        self.tool_buttons[tool].setChecked(True)
        self._show_help()

    # ----------------------------------------------------------------- the journal's regions

    def regions(self) -> RegionSet:
        try:
            return self._journal.redness_regions().of(self.angle)
        except JournalError:
            return RegionSet()  # unreadable: the next edit replaces them

    def _follow_regions(self) -> None:
        self.canvas.set_regions(self.regions())
        self._update_buttons()

    def on_journal_event(self, event: JournalEvent) -> None:
        kind = event.kind
        if kind is EventKind.SETTINGS_CHANGED and SETTING_KEY in event.fields:
            self._follow_regions()
        elif kind.about_photos or kind.about_sessions or kind is EventKind.TRASH_EMPTIED:
            self._reload_photos()

    def _reload_photos(self) -> None:
        """Photos or sessions changed: list them again; the photo on screen stays unless it
        went or changed (its eye points moved, it was turned), when it is shown again."""
        old = self.photo
        self._list_photos()
        current = next((p for p in self.photos if old is not None and p.id == old.id), None)
        if current is not None and current == old:
            self.photo = current
            self.photo_box.setCurrentIndex(self.photos.index(current))
            return
        self.show_photo(current or self._default_photo())

    def _store(self, regions: RegionSet, text: str) -> bool:
        problem = store_regions(self._undo, self._journal, self.angle, regions, text)
        if problem:
            self.summary.setText(self.tr("Not saved: {problem}").format(problem=problem))
            self.canvas.set_regions(self.regions())  # back to what the journal holds
            return False
        self._update_buttons()
        return True

    def _on_canvas_edited(self, regions: RegionSet, text: str) -> None:
        self._store(regions, text)

    def _on_canvas_refused(self, reason: str) -> None:
        self.summary.setText(reason)

    def canvas_delete(self) -> None:
        self.canvas.delete_selected()

    def use_suggested(self) -> None:
        proposal = suggested(self.angle)
        if proposal.treated and self._store(proposal, "Use the suggested regions"):
            self.canvas.set_regions(proposal)

    def clear_all(self) -> None:
        if self._store(RegionSet(), "Clear the regions"):
            self.canvas.set_regions(RegionSet())

    # ----------------------------------------------------------------- showing state

    def _show_help(self) -> None:
        role = self.tr("treated") if self.canvas.role is Role.TREATED else self.tr("untreated reference")
        self.help.setText(self.tr(HELP[self.canvas.tool]).format(role=role))

    def _update_buttons(self) -> None:
        regions = self.canvas.regions
        editable = self.canvas.ready and not self._journal.read_only
        widgets: list[QWidget] = [*self.tool_buttons.values(), self.treated_button, self.reference_button]
        for button in widgets:
            button.setEnabled(editable)
        self.delete_button.setEnabled(editable and self.canvas.selected is not None)
        self.clear_button.setEnabled(
            not self._journal.read_only and bool(regions.treated or regions.reference)
        )
        self.suggest_button.setEnabled(not self._journal.read_only and bool(suggested(self.angle).treated))
        self.canvas.setEnabled(editable or not self.canvas.ready)
        treated, reference = len(regions.treated), len(regions.reference)
        counts = self.tr("{t} and {r} for the {angle} photos.").format(
            t=plural(treated, "treated region"),
            r=plural(reference, "reference region"),
            angle=self.angle.value,
        )
        if self._journal.read_only:
            counts += " " + self.tr("This journal is open read-only: the regions cannot be changed here.")
        elif not regions.complete:
            counts += " " + self.tr("Redness is measured once there is at least one of each.")
        self.summary.setText(counts)
        self._show_help()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._runner.invalidate()
        super().closeEvent(event)

    def wait(self, seconds: float = 30.0) -> bool:
        return self._runner.wait(seconds)


def _css(role: Role) -> str:
    from journal.render.region_overlay import REFERENCE_COLOUR, TREATED_COLOUR

    colour = TREATED_COLOUR if role is Role.TREATED else REFERENCE_COLOUR
    return colour.darker(115).name()
