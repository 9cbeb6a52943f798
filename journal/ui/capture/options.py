"""The capture's options (the ghost's opacity, auto-capture and its countdown, the mirrors):
shown as remembered when a capture starts, remembered as soon as the user changes one, and
applied at once to the picture and to the capture under way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from journal.core.capture.auto import Rules
from journal.core.capture.session import CaptureSession, CaptureSettings
from journal.core.models import Angle
from journal.ui.capture.canvas import LiveCanvas
from journal.ui.capture.feed import LiveFeed
from journal.ui.capture.panel import CapturePanel
from journal.ui.shared.settings import Settings

Live = Callable[[], tuple[CaptureSession, LiveFeed | CaptureSession] | None]


class CaptureOptions(QObject):
    """Between the panel's option controls, the settings, the picture and the capture.

    `live()` gives the capture under way and where a change to it goes: the running feed
    (which lines the ghost up again), else the capture session itself (no picture); None
    when nothing runs.

    Signals:
    ghostFlipped(): the saved photo is mirrored now, or no longer: the ghost is lined up again.
    """

    ghostFlipped = Signal()

    def __init__(
        self,
        settings: Settings,
        panel: CapturePanel,
        canvas: LiveCanvas,
        live: Live,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings, self._panel, self._canvas, self._live = settings, panel, canvas, live
        panel.opacityChanged.connect(self._on_panel_opacity_changed)
        panel.autoToggled.connect(self._on_panel_auto_toggled)
        panel.countdownChosen.connect(self._on_panel_countdown_chosen)
        panel.mirrorPreviewToggled.connect(self._on_panel_mirror_preview_toggled)
        panel.mirrorSavedToggled.connect(self._on_panel_mirror_saved_toggled)

    def start(self, angles: tuple[Angle, ...], auto: bool | None, countdown: int | None) -> CaptureSettings:
        """Show the remembered options for a new capture; its settings. `auto` and `countdown`
        override the remembered ones for this capture only (the command line's options)."""
        s = self._settings
        auto = s.capture_auto if auto is None else auto
        countdown = s.capture_countdown if countdown is None else countdown
        self._panel.set_options(
            s.capture_ghost_opacity, auto, countdown, s.capture_mirror_preview, s.capture_mirror_saved
        )
        self._canvas.set_mirrors(s.capture_mirror_preview, s.capture_mirror_saved)
        self._canvas.set_opacity(s.capture_ghost_opacity / 100)
        return CaptureSettings(
            mirror_saved=s.capture_mirror_saved,
            auto=auto,
            rules=Rules(countdown=float(countdown)),
            angles=angles,
        )

    def _on_panel_opacity_changed(self, percent: int) -> None:
        self._settings.capture_ghost_opacity = percent
        self._canvas.set_opacity(percent / 100)

    def _on_panel_auto_toggled(self, on: bool) -> None:
        self._settings.capture_auto = on
        live = self._live()
        if live is not None:
            session, receiver = live
            receiver.set_auto(on and not session.done)

    def _on_panel_countdown_chosen(self, seconds: int) -> None:
        self._settings.capture_countdown = seconds
        self._update(
            lambda s, enabled: replace(s, rules=replace(s.rules, countdown=float(seconds)), auto=enabled)
        )

    def _on_panel_mirror_preview_toggled(self, on: bool) -> None:
        self._settings.capture_mirror_preview = on
        self._canvas.set_mirrors(on, self._canvas.mirror_saved)

    def _on_panel_mirror_saved_toggled(self, on: bool) -> None:
        self._settings.capture_mirror_saved = on
        self._canvas.set_mirrors(self._canvas.mirror_preview, on)
        self.ghostFlipped.emit()  # the ghost is lined up again, facing the other way
        self._update(lambda s, enabled: replace(s, mirror_saved=on, auto=enabled))

    def _update(self, change: Callable[[CaptureSettings, bool], CaptureSettings]) -> None:
        live = self._live()
        if live is not None:
            session, receiver = live
            receiver.update(change(session.settings, session.auto.enabled))
