"""The compare page's two bars: what to compare (angle, before, after, steps) and how to look
(mode, alignment, eye markers, fade, blink, zoom, save, print). Widgets only: every choice is
reported as a signal and the page decides."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import Angle
from journal.ui.compare.modes import CompareMode, ZoomStep


class CompareControls(QWidget):
    """Signals:
    backRequested(), angleChosen(object), beforeChosen(int), afterChosen(int),
    baselineRequested(), previousRequested(), stepRequested(int), modeChosen(CompareMode),
    alignedToggled(bool), eyesToggled(bool), fadeChanged(int), blinkAutoToggled(bool),
    zoomRequested(ZoomStep), saveRequested(), printRequested()
    """

    backRequested = Signal()
    angleChosen = Signal(object)
    beforeChosen = Signal(int)
    afterChosen = Signal(int)
    baselineRequested = Signal()
    previousRequested = Signal()
    stepRequested = Signal(int)
    modeChosen = Signal(object)
    alignedToggled = Signal(bool)
    eyesToggled = Signal(bool)
    fadeChanged = Signal(int)
    blinkAutoToggled = Signal(bool)
    zoomRequested = Signal(object)
    saveRequested = Signal()
    printRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._pair_bar())
        layout.addLayout(self._mode_bar())
        self.show_mode(CompareMode.SIDE)

    def _button(self, text: str, tip: str, push: bool = False) -> QToolButton | QPushButton:
        button: QToolButton | QPushButton = QPushButton(text) if push else QToolButton()
        if not push:
            button.setText(text)
        button.setToolTip(tip)
        return button

    def _pair_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        back = self._button(self.tr("← Journal"), self.tr("Back to the journal (Esc)"), push=True)
        back.clicked.connect(self.backRequested)
        bar.addWidget(back)
        bar.addSpacing(12)
        self.angle_group = QButtonGroup(self)
        self.angle_buttons: dict[Angle, QToolButton] = {}
        for angle in (Angle.FRONT, Angle.LEFT, Angle.RIGHT):
            button = QToolButton()
            button.setText(angle.value.capitalize())
            button.setCheckable(True)
            button.setChecked(angle is Angle.FRONT)
            button.clicked.connect(lambda _c=False, a=angle: self.angleChosen.emit(a))
            self.angle_group.addButton(button)
            self.angle_buttons[angle] = button
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Before")))
        self._choices = QStringListModel(self)
        self._labels: list[str] = []
        self.before_combo = QComboBox()
        self.before_combo.setModel(self._choices)
        self.before_combo.setMinimumContentsLength(26)
        self.before_combo.activated.connect(self.beforeChosen)
        bar.addWidget(self.before_combo)
        bar.addWidget(QLabel(self.tr("After")))
        self.after_combo = QComboBox()
        self.after_combo.setModel(self._choices)
        self.after_combo.setMinimumContentsLength(26)
        self.after_combo.activated.connect(self.afterChosen)
        bar.addWidget(self.after_combo)
        self.baseline_button = self._button(
            self.tr("vs baseline"), self.tr("Compare with the first treatment (B)"), True
        )
        self.baseline_button.clicked.connect(self.baselineRequested)
        self.previous_button = self._button(
            self.tr("vs previous"), self.tr("Compare with the session before (P)"), True
        )
        self.previous_button.clicked.connect(self.previousRequested)
        self.earlier_button = self._button("◀", self.tr("After: the session before ([)"))
        self.earlier_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.later_button = self._button("▶", self.tr("After: the session after (])"))
        self.later_button.clicked.connect(lambda: self.stepRequested.emit(1))
        for widget in (self.baseline_button, self.previous_button, self.earlier_button, self.later_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def _mode_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[CompareMode, QToolButton] = {}
        for number, mode in enumerate(CompareMode, 1):
            button = QToolButton()
            button.setText(self.tr(mode.label))
            button.setCheckable(True)
            button.setToolTip(f"{mode.label} (Ctrl+{number})")
            button.clicked.connect(lambda _c=False, m=mode: self.modeChosen.emit(m))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            bar.addWidget(button)
        bar.addSpacing(12)
        self.aligned_box = QCheckBox(self.tr("Aligned (A)"))
        self.aligned_box.setChecked(True)
        self.aligned_box.setToolTip(self.tr("Line the after photo's eyes up with the before photo's"))
        self.aligned_box.toggled.connect(self.alignedToggled)
        bar.addWidget(self.aligned_box)
        self.eyes_button = self._button(
            self.tr("Adjust eyes (E)"), self.tr("Drag the eye markers where the pupils are (side by side)")
        )
        self.eyes_button.setCheckable(True)
        self.eyes_button.toggled.connect(self.eyesToggled)
        bar.addWidget(self.eyes_button)
        self.fade_slider = QSlider(Qt.Orientation.Horizontal)
        self.fade_slider.setRange(0, 100)
        self.fade_slider.setValue(50)
        self.fade_slider.setMaximumWidth(180)
        self.fade_slider.setToolTip(self.tr("How much of the after photo shows"))
        self.fade_slider.valueChanged.connect(self.fadeChanged)
        bar.addWidget(self.fade_slider)
        self.blink_auto = QCheckBox(self.tr("Blink by itself"))
        self.blink_auto.toggled.connect(self.blinkAutoToggled)
        bar.addWidget(self.blink_auto)
        self.blink_hint = QLabel(self.tr("Space switches"))
        bar.addWidget(self.blink_hint)
        bar.addStretch(1)
        for text, tip, what in (
            ("−", self.tr("Zoom out (−)"), ZoomStep.OUT),
            (self.tr("Fit"), self.tr("Fit (0)"), ZoomStep.FIT),
            ("100 %", self.tr("Actual pixels of the before photo (1)"), ZoomStep.ACTUAL),
            ("+", self.tr("Zoom in (+)"), ZoomStep.IN),
        ):
            zoom = self._button(text, tip)
            zoom.clicked.connect(lambda _c=False, w=what: self.zoomRequested.emit(w))
            bar.addWidget(zoom)
        bar.addSpacing(12)
        self.save_button = self._button(
            self.tr("Save comparison image…"),
            self.tr("Save this view, with its labels, as PNG or JPEG"),
            True,
        )
        self.save_button.clicked.connect(self.saveRequested)
        self.print_button = self._button(
            self.tr("Print sheet…"), self.tr("Print, preview or save a comparison sheet of this pair"), True
        )
        self.print_button.clicked.connect(self.printRequested)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        return bar

    # ----------------------------------------------------------------- showing state

    def show_angle(self, angle: Angle) -> None:
        self.angle_buttons[angle].setChecked(True)

    def show_mode(self, mode: CompareMode) -> None:
        self.mode_buttons[mode].setChecked(True)
        self.fade_slider.setVisible(mode is CompareMode.FADE)
        self.blink_auto.setVisible(mode is CompareMode.BLINK)
        self.blink_hint.setVisible(mode is CompareMode.BLINK)
        self.eyes_button.setEnabled(mode is CompareMode.SIDE)
        if mode is not CompareMode.SIDE:
            self.eyes_button.setChecked(False)
        if mode is not CompareMode.BLINK:
            self.blink_auto.setChecked(False)

    def show_choices(self, labels: list[str], before: int | None, after: int | None) -> None:
        """The sessions to choose from and the two chosen. The two lists share one model, set
        only when the sessions change: a journal of 1,000 sessions would otherwise rebuild
        2,000 items each time the pair changes (10-20 ms)."""
        if labels is not self._labels and labels != self._labels:
            for combo in (self.before_combo, self.after_combo):
                combo.blockSignals(True)
            self._choices.setStringList(labels)
            for combo in (self.before_combo, self.after_combo):
                combo.blockSignals(False)
        self._labels = labels
        for combo, chosen in ((self.before_combo, before), (self.after_combo, after)):
            combo.blockSignals(True)
            combo.setCurrentIndex(chosen if chosen is not None else -1)
            combo.blockSignals(False)
        has_pair = before is not None and after is not None
        for widget in (self.baseline_button, self.previous_button, self.earlier_button, self.later_button):
            widget.setEnabled(has_pair)
        self.save_button.setEnabled(has_pair)
        self.print_button.setEnabled(has_pair)
