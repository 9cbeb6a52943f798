"""The compare page's two bars: what to compare (angle, before, after, steps) and how to look
(mode, alignment, eye markers, fade, blink, zoom, save, print). Widgets only: every choice is
reported as a signal and the page decides.

Both bars wrap (FlowLayout) where the window is narrow, group by group, so every button stays
reachable on a small or HiDPI screen and Compare never forces the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import Angle
from journal.ui.compare.modes import CompareMode, ZoomStep
from journal.ui.shared.flow import FlowLayout
from journal.ui.shared.palette import mark_checked

MIN_CHOICE_LENGTH = 26  # characters: the session drop-downs are at least this wide


class CompareControls(QWidget):
    """Signals:
    backRequested(), angleChosen(object), beforeChosen(int), afterChosen(int),
    baselineRequested(), previousRequested(), stepRequested(int), modeChosen(CompareMode),
    alignedToggled(bool), eyesToggled(bool), fadeChanged(int), blinkAutoToggled(bool),
    zoomRequested(ZoomStep), saveRequested(), printRequested(), regionsToggled(bool)
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
    regionsToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._comparable = True
        layout.addLayout(self._pair_bar())
        layout.addLayout(self._mode_bar())
        self._editable = True
        self._mode = CompareMode.SIDE
        self.show_mode(CompareMode.SIDE)

    def _button(self, text: str, tip: str, push: bool = False) -> QToolButton | QPushButton:
        button: QToolButton | QPushButton = QPushButton(text) if push else QToolButton()
        if not push:
            button.setText(text)
        button.setToolTip(tip)
        return button

    def _pair_bar(self) -> FlowLayout:
        bar = FlowLayout()
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
            mark_checked(button)
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
        self.before_combo.setMinimumContentsLength(MIN_CHOICE_LENGTH)
        self.before_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.before_combo.setIconSize(QSize(0, 0))  # no icons: no room kept for one
        self.before_combo.activated.connect(self.beforeChosen)
        bar.addWidget(self.before_combo)
        bar.addSpacing(6)
        bar.addWidget(QLabel(self.tr("After")))
        self.after_combo = QComboBox()
        self.after_combo.setModel(self._choices)
        self.after_combo.setMinimumContentsLength(MIN_CHOICE_LENGTH)
        self.after_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.after_combo.setIconSize(QSize(0, 0))  # no icons: no room kept for one
        self.after_combo.activated.connect(self.afterChosen)
        bar.addWidget(self.after_combo)
        bar.addSpacing(6)
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

    def _mode_bar(self) -> FlowLayout:
        bar = FlowLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[CompareMode, QToolButton] = {}
        for number, mode in enumerate(CompareMode, 1):
            button = QToolButton()
            button.setText(self.tr(mode.label))
            button.setCheckable(True)
            button.setToolTip(f"{mode.label} (Ctrl+{number})")
            mark_checked(button)
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
        self.eyes_button = self._button(self.tr("Adjust eyes (E)"), "")
        self.eyes_button.setCheckable(True)
        mark_checked(self.eyes_button)
        self.eyes_button.toggled.connect(self.eyesToggled)
        bar.addWidget(self.eyes_button)
        self.regions_box = QCheckBox(self.tr("Regions (R)"))
        self.regions_box.setToolTip(self.tr("Show the treated and reference skin the redness is measured on"))
        self.regions_box.toggled.connect(self.regionsToggled)
        bar.addWidget(self.regions_box)
        bar.addSpacing(12)
        self.fade_slider = QSlider(Qt.Orientation.Horizontal)
        self.fade_slider.setRange(0, 100)
        self.fade_slider.setValue(50)
        self.fade_slider.setMaximumWidth(180)
        self.fade_slider.setToolTip(self.tr("How much of the after photo shows"))
        self.fade_slider.valueChanged.connect(self.fadeChanged)
        self.fade_slider.valueChanged.connect(self._show_fade)
        bar.addWidget(self.fade_slider)
        self.fade_value = QLabel()
        self.fade_value.setToolTip(self.fade_slider.toolTip())
        bar.addWidget(self.fade_value)
        self._show_fade(self.fade_slider.value())
        bar.addSpacing(12)
        self.blink_auto = QCheckBox(self.tr("Blink by itself"))
        self.blink_auto.toggled.connect(self.blinkAutoToggled)
        bar.addWidget(self.blink_auto)
        self.blink_hint = QLabel(self.tr("Space switches"))
        bar.addWidget(self.blink_hint)
        bar.addStretch(1)
        self.zoom_buttons: list[QToolButton | QPushButton] = []
        for text, tip, what in (
            ("−", self.tr("Zoom out (−)"), ZoomStep.OUT),
            (self.tr("Fit"), self.tr("Fit (0)"), ZoomStep.FIT),
            ("100 %", self.tr("Actual pixels of the before photo (1)"), ZoomStep.ACTUAL),
            ("+", self.tr("Zoom in (+)"), ZoomStep.IN),
        ):
            zoom = self._button(text, tip)
            zoom.clicked.connect(lambda _c=False, w=what: self.zoomRequested.emit(w))
            self.zoom_buttons.append(zoom)
            bar.addWidget(zoom)
        self.zoom_label = QLabel()
        self.zoom_label.setToolTip(self.tr("Zoom: screen pixels per pixel of the before photo"))
        bar.addWidget(self.zoom_label)
        bar.addSpacing(12)  # zoom | save and print: groups of their own
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

    def _show_fade(self, value: int) -> None:
        self.fade_value.setText(self.tr("After {percent} %").format(percent=value))

    def show_zoom(self, percent: float | None, fit: bool) -> None:
        """The zoom shown now (None: nothing to zoom)."""
        if percent is None:
            self.zoom_label.clear()
        elif fit:
            self.zoom_label.setText(self.tr("Fit ({percent:.0f} %)").format(percent=percent))
        else:
            self.zoom_label.setText(self.tr("{percent:.0f} %").format(percent=percent))

    def set_comparable(self, comparable: bool, why: str = "") -> None:
        """Two photos on screen to compare, or not (then every control that works on them is
        off, and says `why`). The angle buttons stay: another angle may have photos."""
        widgets: list[QWidget] = [
            self.before_combo,
            self.after_combo,
            *self.mode_buttons.values(),
            self.aligned_box,
            self.fade_slider,
            self.fade_value,
            self.blink_auto,
            *self.zoom_buttons,
        ]
        self._comparable = comparable
        for widget in widgets:
            widget.setEnabled(comparable)
        if not comparable:
            self.save_button.setEnabled(False)
            self.print_button.setEnabled(False)
            self.eyes_button.setChecked(False)
            self.blink_auto.setChecked(False)
            self.show_zoom(None, True)
        self._show_eyes_button()
        self.save_button.setToolTip(why or self.tr("Save this view, with its labels, as PNG or JPEG"))
        self.print_button.setToolTip(why or self.tr("Print, preview or save a comparison sheet of this pair"))

    def show_mode(self, mode: CompareMode) -> None:
        self.mode_buttons[mode].setChecked(True)
        self.fade_slider.setVisible(mode is CompareMode.FADE)
        self.fade_value.setVisible(mode is CompareMode.FADE)
        self.blink_auto.setVisible(mode is CompareMode.BLINK)
        self.blink_hint.setVisible(mode is CompareMode.BLINK)
        self._mode = mode
        if mode is not CompareMode.SIDE:
            self.eyes_button.setChecked(False)  # the markers are only shown side by side
        self._show_eyes_button()
        if mode is not CompareMode.BLINK:
            self.blink_auto.setChecked(False)

    def show_editable(self, editable: bool) -> None:
        """Whether eye points can be changed (not in a journal open read-only)."""
        self._editable = editable
        if not editable:
            self.eyes_button.setChecked(False)
        self._show_eyes_button()

    def _show_eyes_button(self) -> None:
        self.eyes_button.setEnabled(self._editable and self._comparable)
        if not self._comparable:
            tip = self.tr("Adjust eyes needs two photos to compare.")
        elif not self._editable:
            tip = self.tr("This journal is open read-only: eye points cannot be changed.")
        elif self._mode is CompareMode.SIDE:
            tip = self.tr(
                "Drag the eye markers onto the pupils (E). On a photo without them, click one eye, "
                "then the other, or press Enter to keep the suggested markers."
            )
        else:
            tip = self.tr(
                "Adjust eyes (E) switches to side by side: with the photos on top of each other, "
                "both photos' markers would fall on the same place."
            )
        self.eyes_button.setToolTip(tip)

    def show_choices(self, labels: list[str], before: int | None, after: int | None) -> None:
        """The sessions to choose from and the two chosen. The two lists share one model, set
        only when the sessions change: a journal of 1,000 sessions would otherwise rebuild
        2,000 items each time the pair changes (10-20 ms)."""
        if labels is not self._labels and labels != self._labels:
            # Wide enough for the longest label, measured once here: a combo box sized to its
            # contents measures all 1,000 of them again at each layout (50 ms to open Compare).
            metrics = self.before_combo.fontMetrics()
            widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
            # (Qt counts this length in widths of an "X".)
            length = max(MIN_CHOICE_LENGTH, -(-widest // max(1, metrics.horizontalAdvance("X"))))
            for combo in (self.before_combo, self.after_combo):
                combo.blockSignals(True)
                combo.setMinimumContentsLength(length)
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
