"""Choosing the camera and its picture size, remembered in the settings.

The cameras are listed in a worker (instant on Linux, which asks sysfs; on Windows and macOS
the core probes camera numbers, which takes seconds). The choice the user makes is kept in
`Settings.capture_camera` and found again by the camera's stable key, else its name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from journal.core.capture import devices
from journal.core.capture.devices import DEFAULT_SIZE, CameraChoice, CameraDevice
from journal.core.capture.frames import CameraProblem, FrameSource
from journal.core.errors import JournalError
from journal.ui.shared.settings import Settings
from journal.ui.shared.workers import Progress, TaskRunner

Size = tuple[int, int]
LARGEST_OFFERED = 1920 * 1080  # the default never asks for more than this (4K webcams are slow to analyse)


def _open_device(device: CameraDevice, size: Size) -> FrameSource:
    return devices.DeviceSource(device, size)


@dataclass(frozen=True)
class CameraAccess:
    """How the view finds and opens cameras: the system's, or stand-ins in tests."""

    find: Callable[[], list[CameraDevice]] = devices.list_devices
    open: Callable[[CameraDevice, Size], FrameSource] = _open_device


SYSTEM_CAMERAS = CameraAccess()


def default_size(device: CameraDevice, remembered: Size | None) -> Size:
    """The remembered size if the camera gives it, else 1280×720, else the largest up to 1080p."""
    sizes = device.sizes()
    if remembered in sizes:
        return remembered
    if DEFAULT_SIZE in sizes:
        return DEFAULT_SIZE
    modest = [s for s in sizes if s[0] * s[1] <= LARGEST_OFFERED]
    return (modest or sizes)[0]


class CameraPicker(QWidget):
    """The camera and size combos in the capture view's top bar.

    Signals:
    listed(list): the cameras found (CameraDevice), after `refresh`; the view starts the picture.
    chosen(): the user picked another camera or size (remembered already).
    """

    listed = Signal(list)
    chosen = Signal()

    def __init__(
        self, settings: Settings, pool: QThreadPool, access: CameraAccess, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.access = access
        self._runner = TaskRunner(pool, self)
        self._devices: list[CameraDevice] = []
        self._filling = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Camera:"))
        self.device_box = QComboBox()
        self.device_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device_box.setMinimumContentsLength(12)
        self.device_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.size_box = QComboBox()
        self.refresh_button = QToolButton()
        self.refresh_button.setText("↻")
        self.refresh_button.setToolTip(self.tr("Look for cameras again (after plugging one in)"))
        self.refresh_button.setAccessibleName(self.tr("Look for cameras again"))
        for widget in (self.label, self.device_box, self.size_box, self.refresh_button):
            layout.addWidget(widget)
        self.device_box.currentIndexChanged.connect(self._on_device_box_changed)
        self.size_box.currentIndexChanged.connect(self._on_size_box_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.looking = False

    # ----------------------------------------------------------------- listing

    def refresh(self) -> None:
        """List the cameras in a worker; `listed` follows."""
        self._runner.invalidate()
        self.looking = True
        self.refresh_button.show()
        self._fill_devices([])
        self.device_box.setEnabled(False)
        self.device_box.addItem(self.tr("Looking for cameras…"))

        def find(_progress: Progress) -> list[CameraDevice]:
            return self.access.find()

        self._runner.start(find, done=self._on_find_done, failed=self._on_find_failed, known=(OSError,))

    def _on_find_done(self, found: list[CameraDevice]) -> None:
        self.looking = False
        self._fill_devices(found)
        self.listed.emit(found)

    def _on_find_failed(self, _error: JournalError) -> None:
        self._on_find_done([])

    def _fill_devices(self, found: list[CameraDevice]) -> None:
        self._filling = True
        try:
            self._devices = list(found)
            self.device_box.clear()
            for device in found:
                name = device.name
                if device.problem is CameraProblem.PERMISSION_DENIED:
                    name = self.tr("{name} (not allowed)").format(name=name)
                self.device_box.addItem(name)
            self.device_box.setEnabled(len(found) > 1)
            self.size_box.setEnabled(bool(found))
            if not found:
                self.device_box.addItem(self.tr("No camera found"))
                self.size_box.clear()
                self.size_box.hide()
                return
            self.size_box.show()
            remembered = self._settings.capture_camera
            device = devices.find_choice(remembered, found) or found[0]
            self.device_box.setCurrentIndex(found.index(device))
            size = (remembered.width, remembered.height) if remembered is not None else None
            self._fill_sizes(device, size)
        finally:
            self._filling = False

    def _fill_sizes(self, device: CameraDevice, remembered: Size | None) -> None:
        was = self._filling
        self._filling = True
        try:
            self.size_box.clear()
            sizes = device.sizes()
            for width, height in sizes:
                self.size_box.addItem(f"{width} × {height}", (width, height))
            self.size_box.setCurrentIndex(sizes.index(default_size(device, remembered)))
        finally:
            self._filling = was

    # ----------------------------------------------------------------- the choice

    @property
    def devices(self) -> list[CameraDevice]:
        return list(self._devices)

    def current(self) -> tuple[CameraDevice, Size] | None:
        index = self.device_box.currentIndex()
        if not self._devices or not 0 <= index < len(self._devices):
            return None
        size = self.size_box.currentData()
        device = self._devices[index]
        return device, ((int(size[0]), int(size[1])) if size else default_size(device, None))

    def open_current(self) -> FrameSource | None:
        chosen = self.current()
        return self.access.open(*chosen) if chosen is not None else None

    def show_file(self, name: str) -> None:
        """The picture comes from a file (`capture --source`): no camera to choose."""
        self._filling = True
        self.device_box.clear()
        self.device_box.addItem(self.tr("Video: {name}").format(name=name))
        self.device_box.setEnabled(False)
        self.size_box.clear()
        self.size_box.hide()
        self.refresh_button.hide()
        self._filling = False

    def _remember(self) -> None:
        chosen = self.current()
        if chosen is not None:
            device, (width, height) = chosen
            self._settings.capture_camera = CameraChoice(device.key, device.name, width, height)

    def _on_device_box_changed(self, index: int) -> None:
        if self._filling or not 0 <= index < len(self._devices):
            return
        self._fill_sizes(self._devices[index], None)
        self._remember()
        self.chosen.emit()

    def _on_size_box_changed(self, _index: int) -> None:
        if self._filling:
            return
        self._remember()
        self.chosen.emit()
