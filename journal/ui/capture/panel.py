"""The column beside the live picture: the angles in turn, the checks, the ghost, the photos
taken and the options, and the shutter (`shutter_block`, which the view keeps in sight). It shows what the view tells it and says what the user did
through signals; it knows nothing of cameras or journals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.capture.session import ShotOutcome
from journal.core.models import Angle
from journal.ui.capture.keys import ANGLE_KEYS
from journal.ui.capture.texts import ANGLE_HOW, ANGLE_NAMES, Check, Feedback, outcome_text
from journal.ui.shared.settings import COUNTDOWNS

OK_MARK, OFF_MARK, NONE_MARK = "✓", "•", "–"
OK_COLOUR, OFF_COLOUR = "#2f9e5b", "#d98a00"  # read on light and dark backgrounds alike


class CapturePanel(QWidget):
    """Signals:
    angleChosen(Angle), ghostChosen(object): a photo id, or None for no ghost,
    opacityChanged(int): percent, shutterPressed(), autoToggled(bool), countdownChosen(int),
    mirrorPreviewToggled(bool), mirrorSavedToggled(bool), retryRequested()
    """

    angleChosen = Signal(object)
    ghostChosen = Signal(object)
    opacityChanged = Signal(int)
    shutterPressed = Signal()
    autoToggled = Signal(bool)
    countdownChosen = Signal(int)
    mirrorPreviewToggled = Signal(bool)
    mirrorSavedToggled = Signal(bool)
    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self._make_angles())
        column.addWidget(self._make_checks())
        column.addWidget(self._make_ghost())
        # The view keeps the shutter in sight below the column, however small the window.
        self.shutter_block = self._make_shutter()
        column.addWidget(self._make_shots())
        column.addWidget(self._make_options())
        column.addStretch(1)
        self._filling = False

    # ----------------------------------------------------------------- building

    def _make_angles(self) -> QGroupBox:
        box = QGroupBox(self.tr("Photo"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.angle_group = QButtonGroup(self)
        self.angle_group.setExclusive(True)
        self.angle_buttons: dict[Angle, QToolButton] = {}
        for angle, number in ANGLE_KEYS.items():
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(self.tr("{name} ({key})").format(name=ANGLE_NAMES[angle], key=number))
            button.clicked.connect(lambda _checked=False, a=angle: self.angleChosen.emit(a))
            self.angle_group.addButton(button)
            self.angle_buttons[angle] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.how_label = QLabel()
        self.how_label.setWordWrap(True)
        layout.addWidget(self.how_label)
        self.set_angles(Angle.FRONT, set(), (Angle.FRONT, Angle.LEFT, Angle.RIGHT))
        return box

    def _make_ghost(self) -> QGroupBox:
        box = QGroupBox(self.tr("Line up on"))
        layout = QVBoxLayout(box)
        self.ghost_box = QComboBox()
        self.ghost_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.ghost_box.setMinimumContentsLength(18)
        self.ghost_box.setToolTip(self.tr("The earlier photo shown faintly over the picture"))
        self.ghost_box.currentIndexChanged.connect(self._on_ghost_box_changed)
        layout.addWidget(self.ghost_box)
        row = QHBoxLayout()
        label = QLabel(self.tr("Ghost"))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(10, 90)
        self.opacity_slider.setSingleStep(5)
        self.opacity_slider.setPageStep(10)
        self.opacity_slider.setAccessibleName(self.tr("Ghost strength"))
        self.opacity_value = QLabel()
        self.opacity_value.setMinimumWidth(self.opacity_value.fontMetrics().horizontalAdvance("100 %"))
        self.opacity_slider.valueChanged.connect(self._on_opacity_slider_changed)
        label.setBuddy(self.opacity_slider)
        row.addWidget(label)
        row.addWidget(self.opacity_slider, 1)
        row.addWidget(self.opacity_value)
        layout.addLayout(row)
        self.ghost_note = QLabel()
        self.ghost_note.setWordWrap(True)
        self.ghost_note.hide()
        layout.addWidget(self.ghost_note)
        return box

    def _make_checks(self) -> QGroupBox:
        box = QGroupBox(self.tr("Checks"))
        grid = QGridLayout(box)
        self.score_label = QLabel()
        font = QFont(self.score_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.score_label.setFont(font)
        self.score_bar = QProgressBar()
        self.score_bar.setRange(0, 100)
        self.score_bar.setTextVisible(False)
        self.score_bar.setMaximumHeight(10)
        grid.addWidget(self.score_label, 0, 0, 1, 3)
        grid.addWidget(self.score_bar, 1, 0, 1, 3)
        self.check_marks: dict[str, QLabel] = {}
        self.check_texts: dict[str, QLabel] = {}
        for row, (key, title) in enumerate(
            (
                ("position", self.tr("Position")),
                ("light", self.tr("Light")),
                ("sharpness", self.tr("Sharpness")),
            ),
            2,
        ):
            mark = QLabel(NONE_MARK)
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setMinimumWidth(mark.fontMetrics().horizontalAdvance("✓✓"))
            name = QLabel(f"<b>{title}</b>")
            name.setAlignment(Qt.AlignmentFlag.AlignTop)
            text = QLabel()
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop)
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(text, row, 2)
            self.check_marks[key], self.check_texts[key] = mark, text
        grid.setColumnStretch(2, 1)
        self.show_feedback(None)
        return box

    def _make_shutter(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 6, 6, 0)
        self.shutter_button = QPushButton(self.tr("Take photo"))
        self.shutter_button.setToolTip(self.tr("Take the photo now, whatever the checks say (Space)"))
        self.shutter_button.setMinimumHeight(self.shutter_button.sizeHint().height() * 2)
        font = QFont(self.shutter_button.font())
        font.setBold(True)
        self.shutter_button.setFont(font)
        self.shutter_button.setDefault(True)
        self.shutter_button.clicked.connect(self.shutterPressed)
        layout.addWidget(self.shutter_button)
        row = QHBoxLayout()
        self.auto_box = QCheckBox(self.tr("Take it by itself when lined up"))
        self.auto_box.setToolTip(
            self.tr("Once every check has held for half a second, count down and take the photo (A)")
        )
        self.auto_box.toggled.connect(self.autoToggled)
        self.countdown_box = QComboBox()
        for seconds in COUNTDOWNS:
            self.countdown_box.addItem(self.tr("after {s} s").format(s=seconds), seconds)
        self.countdown_box.setToolTip(self.tr("The countdown before an automatic photo"))
        self.countdown_box.currentIndexChanged.connect(self._on_countdown_box_changed)
        row.addWidget(self.auto_box, 1)
        row.addWidget(self.countdown_box)
        layout.addLayout(row)
        return holder

    def _make_shots(self) -> QGroupBox:
        box = QGroupBox(self.tr("Photos taken"))
        layout = QVBoxLayout(box)
        self.shots_list = QListWidget()
        self.shots_list.setMaximumHeight(self.shots_list.fontMetrics().height() * 5 + 12)
        self.shots_list.setWordWrap(True)
        self.shots_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_shots = QLabel(self.tr("None yet. Each photo goes into the session as soon as it is taken."))
        self.no_shots.setWordWrap(True)
        layout.addWidget(self.no_shots)
        layout.addWidget(self.shots_list)
        self.shots_list.hide()
        self.retry_row = QWidget()
        retry = QHBoxLayout(self.retry_row)
        retry.setContentsMargins(0, 0, 0, 0)
        self.retry_label = QLabel()
        self.retry_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Save again"))
        self.retry_button.clicked.connect(self.retryRequested)
        retry.addWidget(self.retry_label, 1)
        retry.addWidget(self.retry_button)
        self.retry_row.hide()
        layout.addWidget(self.retry_row)
        return box

    def _make_options(self) -> QGroupBox:
        box = QGroupBox(self.tr("Options"))
        layout = QVBoxLayout(box)
        self.mirror_preview_box = QCheckBox(self.tr("Show the picture as a mirror"))
        self.mirror_preview_box.setToolTip(
            self.tr("Only the preview; the photo is saved as the camera sees you")
        )
        self.mirror_saved_box = QCheckBox(self.tr("Save photos mirrored"))
        self.mirror_saved_box.setToolTip(self.tr("Save the mirror image, as you see yourself in the preview"))
        self.mirror_preview_box.toggled.connect(self.mirrorPreviewToggled)
        self.mirror_saved_box.toggled.connect(self.mirrorSavedToggled)
        layout.addWidget(self.mirror_preview_box)
        layout.addWidget(self.mirror_saved_box)
        return box

    # ----------------------------------------------------------------- showing

    def set_options(
        self, opacity: int, auto: bool, countdown: int, mirror_preview: bool, mirror_saved: bool
    ) -> None:
        """The remembered settings, shown without echoing them back as signals."""
        self._filling = True
        try:
            for widget in (
                self.opacity_slider,
                self.auto_box,
                self.mirror_preview_box,
                self.mirror_saved_box,
            ):
                widget.blockSignals(True)
            self.opacity_slider.setValue(opacity)
            self.opacity_value.setText(f"{opacity} %")
            self.auto_box.setChecked(auto)
            index = self.countdown_box.findData(countdown)
            self.countdown_box.setCurrentIndex(max(0, index))
            self.mirror_preview_box.setChecked(mirror_preview)
            self.mirror_saved_box.setChecked(mirror_saved)
        finally:
            for widget in (
                self.opacity_slider,
                self.auto_box,
                self.mirror_preview_box,
                self.mirror_saved_box,
            ):
                widget.blockSignals(False)
            self._filling = False

    def set_angles(self, current: Angle, taken: set[Angle], angles: tuple[Angle, ...]) -> None:
        for angle, button in self.angle_buttons.items():
            number = ANGLE_KEYS[angle]
            button.setVisible(angle in angles)
            done = f"{OK_MARK} " if angle in taken else ""
            button.setText(f"{done}{number} {ANGLE_NAMES[angle]}")
            button.setChecked(angle is current)
            button.setAccessibleName(ANGLE_NAMES[angle] + (self.tr(", taken") if angle in taken else ""))
        self.how_label.setText(ANGLE_HOW[current])

    def set_ghosts(self, choices: list[tuple[int, str]], current: int | None) -> None:
        """The photos that can be ghosted for this angle, as (photo id, label), and the one shown."""
        self._filling = True
        try:
            self.ghost_box.clear()
            for photo_id, label in choices:
                self.ghost_box.addItem(label, photo_id)
            self.ghost_box.addItem(self.tr("No ghost"), None)
            index = self.ghost_box.findData(current) if current is not None else self.ghost_box.count() - 1
            self.ghost_box.setCurrentIndex(index if index >= 0 else self.ghost_box.count() - 1)
        finally:
            self._filling = False

    def set_ghost_note(self, text: str) -> None:
        self.ghost_note.setText(text)
        self.ghost_note.setVisible(bool(text))

    def show_feedback(self, shown: Feedback | None, waiting: bool = True) -> None:
        """The checks of the last analysis; None: no picture (yet, or any more: `waiting`)."""
        if shown is None:
            self.score_label.setText(self.tr("Match –"))
            self.score_bar.setValue(0)
            text = self.tr("Waiting for the picture…") if waiting else self.tr("No picture")
            for key in self.check_texts:
                self._show_check(key, Check(text, None))
            return
        if shown.score is None:
            self.score_label.setText(self.tr("Match –"))
            self.score_bar.setValue(0)
        else:
            self.score_label.setText(self.tr("Match {score} %").format(score=shown.score))
            self.score_bar.setValue(shown.score)
        self._show_check("position", shown.position)
        self._show_check("light", shown.light)
        self._show_check("sharpness", shown.sharpness)

    def _show_check(self, key: str, check: Check) -> None:
        mark = NONE_MARK if check.ok is None else OK_MARK if check.ok else OFF_MARK
        self.check_marks[key].setText(mark)
        colour = "" if check.ok is None else OK_COLOUR if check.ok else OFF_COLOUR
        self.check_marks[key].setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.check_texts[key].setText(check.text)

    def add_outcome(self, outcome: ShotOutcome) -> None:
        self.no_shots.hide()
        self.shots_list.show()
        self.shots_list.addItem(outcome_text(outcome))
        self.shots_list.scrollToBottom()

    def set_unsaved(self, message: str) -> None:
        """A shot that could not be saved waits for "Save again" ("": none waits)."""
        self.retry_label.setText(
            self.tr("A photo could not be saved: {m}").format(m=message) if message else ""
        )
        self.retry_row.setVisible(bool(message))

    def clear_shots(self) -> None:
        self.shots_list.clear()
        self.shots_list.hide()
        self.no_shots.show()
        self.set_unsaved("")

    def shots(self) -> list[str]:
        return [self.shots_list.item(i).text() for i in range(self.shots_list.count())]

    # ----------------------------------------------------------------- the user

    def _on_ghost_box_changed(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.ghostChosen.emit(self.ghost_box.itemData(index))

    def _on_opacity_slider_changed(self, value: int) -> None:
        self.opacity_value.setText(f"{value} %")
        if not self._filling:
            self.opacityChanged.emit(value)

    def _on_countdown_box_changed(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.countdownChosen.emit(int(self.countdown_box.itemData(index)))
