"""The timelapse's options: angle, sessions from and to, time per session, cross-fades, size,
dates on the frames, format. Each kind of change has its own signal, because each costs the
preview something different (new photos, new frames, or only new timing)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from journal.core.models import Angle
from journal.core.timelapse import (
    DEFAULT_SIZE,
    SECONDS_RANGE,
    SIZE_RANGE,
    Format,
    TimelapseError,
    TimelapseOptions,
)
from journal.core.timelapse_encode import check_available
from journal.ui.shared.settings import TimelapseChoices
from journal.ui.timelapse.saving import format_label

ANGLES = (Angle.FRONT, Angle.LEFT, Angle.RIGHT)
# Portrait sizes first: a face is taller than wide, and phones show 4:5 without bars.
SIZES = (
    ((720, 900), "720 × 900 (4:5)"),
    ((1080, 1350), "1080 × 1350 (4:5, sharper)"),
    ((480, 600), "480 × 600 (4:5, small file)"),
    ((1080, 1080), "1080 × 1080 (square)"),
    ((720, 1280), "720 × 1280 (9:16, phone screen)"),
    ((1280, 720), "1280 × 720 (16:9, widescreen)"),
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class TimelapseForm(QWidget):
    """Signals:
    photosChanged(): angle or date range: which photos are in the film.
    lookChanged(): the frame size: the frames must be drawn again.
    datesChanged(): the date and week on the frames, on or off.
    timingChanged(): seconds per session, cross-fades or format (its frame rate).
    """

    photosChanged = Signal()
    lookChanged = Signal()
    datesChanged = Signal()
    timingChanged = Signal()

    def __init__(self, formats: list[Format], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting = False  # values set by the program, not the user
        self.range_touched = False  # the user chose the dates: they no longer follow the journal
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.angle = QComboBox()
        titles = {Angle.FRONT: self.tr("Front"), Angle.LEFT: self.tr("Left"), Angle.RIGHT: self.tr("Right")}
        for angle in ANGLES:
            self.angle.addItem(titles[angle])
        layout.addRow(self.tr("&Angle"), self.angle)

        self.first = QDateEdit()
        self.last = QDateEdit()
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        dates.addWidget(self.first, 1)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.last, 1)
        layout.addRow(self._label(self.tr("Sessions fr&om"), self.first), dates)

        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(*SECONDS_RANGE)
        self.seconds.setDecimals(1)
        self.seconds.setSingleStep(0.1)
        self.seconds.setSuffix(self.tr(" s"))
        layout.addRow(self.tr("&Each session shows"), self.seconds)
        self.crossfade = QCheckBox(self.tr("&Cross-fade from each session to the next"))
        layout.addRow("", self.crossfade)

        self.size_box = QComboBox()
        for _size, label in SIZES:
            self.size_box.addItem(label)
        self.size_box.addItem(self.tr("Custom size"))
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        custom = QHBoxLayout()
        custom.setContentsMargins(0, 0, 0, 0)
        for box in (self.width_box, self.height_box):
            box.setRange(*SIZE_RANGE)
            box.setSuffix(self.tr(" px"))
            box.setKeyboardTracking(False)  # a size typed digit by digit is drawn once, at the end
        custom.addWidget(self.width_box, 1)
        custom.addWidget(QLabel("×"))
        custom.addWidget(self.height_box, 1)
        self.custom = QWidget()
        self.custom.setLayout(custom)
        size_row = QHBoxLayout()
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self.size_box)
        size_row.addWidget(self.custom, 1)
        layout.addRow(self._label(self.tr("Si&ze"), self.size_box), size_row)

        self.dates = QCheckBox(self.tr("Show the &date and week on each frame"))
        layout.addRow("", self.dates)

        self.format = QComboBox()
        self._formats = list(formats)  # Qt would hand the enums back as plain strings
        for fmt in formats:
            self.format.addItem(format_label(fmt))
        layout.addRow(self.tr("&Format"), self.format)

        self.set_choices(TimelapseChoices())
        self.angle.currentIndexChanged.connect(self._on_photos_changed)
        self.first.dateChanged.connect(self._on_range_edited)
        self.last.dateChanged.connect(self._on_range_edited)
        self.seconds.valueChanged.connect(self._on_timing_changed)
        self.crossfade.toggled.connect(self._on_timing_changed)
        self.format.currentIndexChanged.connect(self._on_timing_changed)
        self.size_box.currentIndexChanged.connect(self._on_size_chosen)
        self.width_box.valueChanged.connect(self._on_size_typed)
        self.height_box.valueChanged.connect(self._on_size_typed)
        self.dates.toggled.connect(self._on_dates_toggled)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        """A row's label whose shortcut reaches `buddy` (a row of several fields has none)."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ----------------------------------------------------------------- values

    def options(self) -> TimelapseOptions:
        """The options as chosen (not validated: the core says what is wrong)."""
        return TimelapseOptions(
            angle=ANGLES[self.angle.currentIndex()],
            first=_date(self.first.date()),
            last=_date(self.last.date()),
            size=(self.width_box.value(), self.height_box.value()),
            seconds_per_session=round(self.seconds.value(), 1),
            crossfade=self.crossfade.isChecked(),
            dates=self.dates.isChecked(),
        )

    def chosen_format(self) -> Format:
        return self._formats[max(0, self.format.currentIndex())]

    def show_format(self, fmt: Format) -> None:
        """The format a file is written in, named by its extension (TimelapseError: this
        installation does not write it)."""
        if fmt not in self._formats:
            check_available(fmt)
            raise TimelapseError(f"this installation cannot write {fmt.label}")
        self.format.setCurrentIndex(self._formats.index(fmt))

    def choices(self, folder: str) -> TimelapseChoices:
        """What to remember for next time (not the dates: the course goes on)."""
        options = self.options()
        return TimelapseChoices(
            angle=options.angle.value,
            seconds=options.seconds_per_session,
            crossfade=options.crossfade,
            width=options.size[0],
            height=options.size[1],
            dates=options.dates,
            format=self.chosen_format().value,
            folder=folder,
        )

    def set_choices(self, choices: TimelapseChoices) -> None:
        """The remembered choices; any that no longer make sense keep the default."""
        self._setting = True
        try:
            angles = [a.value for a in ANGLES]
            self.angle.setCurrentIndex(angles.index(choices.angle) if choices.angle in angles else 0)
            lo, hi = SECONDS_RANGE
            self.seconds.setValue(choices.seconds if lo <= choices.seconds <= hi else 0.5)
            self.crossfade.setChecked(choices.crossfade)
            size = (choices.width, choices.height)
            if not all(SIZE_RANGE[0] <= side <= SIZE_RANGE[1] for side in size):
                size = DEFAULT_SIZE
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])
            self._match_size_preset()
            self.dates.setChecked(choices.dates)
            offered = [fmt.value for fmt in self._formats]
            self.format.setCurrentIndex(offered.index(choices.format) if choices.format in offered else 0)
        finally:
            self._setting = False

    def set_course(self, first: dt.date | None, last: dt.date | None) -> None:
        """The journal's first and last session days: the range the dates may take, and the
        range chosen until the user picks other dates."""
        if first is None or last is None:
            return
        self._setting = True
        try:
            for edit in (self.first, self.last):
                edit.setDateRange(_qdate(first), _qdate(last))
            if not self.range_touched:
                self.first.setDate(_qdate(first))
                self.last.setDate(_qdate(last))
        finally:
            self._setting = False

    def set_enabled_for_saving(self, saving: bool) -> None:
        """While a film is written its options stay as they were given."""
        self.setEnabled(not saving)

    # ----------------------------------------------------------------- changes

    def _match_size_preset(self) -> None:
        size = (self.width_box.value(), self.height_box.value())
        presets = [preset for preset, _label in SIZES]
        index = presets.index(size) if size in presets else len(SIZES)
        self.size_box.setCurrentIndex(index)
        self.custom.setVisible(index == len(SIZES))

    def _on_photos_changed(self) -> None:
        if not self._setting:
            self.photosChanged.emit()

    def _on_range_edited(self) -> None:
        if not self._setting:
            self.range_touched = True
            self.photosChanged.emit()

    def _on_timing_changed(self) -> None:
        if not self._setting:
            self.timingChanged.emit()

    def _on_dates_toggled(self) -> None:
        if not self._setting:
            self.datesChanged.emit()

    def _on_size_chosen(self, index: int) -> None:
        if self._setting:
            return
        self.custom.setVisible(index >= len(SIZES))
        if index >= len(SIZES):
            return
        size = SIZES[index][0]
        self._setting = True
        try:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])
        finally:
            self._setting = False
        self.lookChanged.emit()

    def _on_size_typed(self) -> None:
        if not self._setting:
            self.lookChanged.emit()
