"""The timelapse preview: the film's frames at low resolution, played in a loop as it will be
saved (the same schedule, the same cross-fades, the same burned-in dates)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.timelapse import ANIMATION_FPS, Step
from journal.core.timelapse_frames import BACKGROUND, Frame, Pixels, compose

TICK_MS = 1000 / ANIMATION_FPS  # the preview's schedule counts in these


def to_qimage(pixels: Pixels) -> QImage:
    """An RGB array as a QImage that owns its pixels."""
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_RGB888).copy()


class FilmScreen(QWidget):
    """Paints one picture of the film, fitted and centred, or a line of text instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.message = ""
        self.setMinimumSize(200, 250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(384, 480)

    def picture_rect(self) -> QRect:
        """Where the picture is drawn (empty without one)."""
        if self.image is None:
            return QRect()
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(
            (self.width() - size.width()) // 2,
            (self.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(*BACKGROUND))
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.picture_rect(), self.image)
        elif self.message:
            painter.setPen(QColor(220, 220, 220))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.message,
            )
        painter.end()


class TimelapsePlayer(QWidget):
    """The preview with Play/Pause, a slider over the sessions and where the film is.

    Space plays or pauses, Left and Right step a session back or on (and pause).

    Signals:
        shotShown(int): the session (index in the film) now on screen; during a cross-fade,
            the one that shows more.
    """

    shotShown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._frames: list[Frame] = []
        self._captions: list[str] = []
        self._steps: list[Step] = []
        self._step = 0
        self._held: dict[int, QImage] = {}  # a session's picture without a fade, made once
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._playing = True  # what the user wants: play as soon as there is a film

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.film = FilmScreen()
        layout.addWidget(self.film, 1)
        self.building = QProgressBar()
        self.building.setTextVisible(True)
        self.building.hide()
        layout.addWidget(self.building)
        controls = QHBoxLayout()
        self.play_button = QToolButton()
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.position = QLabel()
        self.position.setMinimumWidth(
            self.position.fontMetrics().horizontalAdvance("88 / 88  ·  88 Mmm 8888")
        )
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.position)
        layout.addLayout(controls)
        self._following = False  # the slider is being moved by the film, not by the user
        self.show_message("")

    # ----------------------------------------------------------------- what it shows

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def shot(self) -> int:
        """The session on screen (index in the film), -1 without a film; during a cross-fade
        the one that shows more, whose date the picture carries."""
        if not self._steps or not self._frames:
            return -1
        step = self._steps[min(self._step, len(self._steps) - 1)]
        return step.a if step.alpha < 0.5 else step.b

    @property
    def image(self) -> QImage | None:
        return self.film.image

    @property
    def has_film(self) -> bool:
        return bool(self._frames)

    def set_film(self, frames: list[Frame], steps: list[Step], captions: list[str]) -> None:
        """Show a new film from its start (playing, unless the user paused)."""
        self._frames, self._captions = list(frames), list(captions)
        self._held.clear()
        self.building.hide()
        self.film.message = ""
        self.slider.setEnabled(True)
        self._following = True
        self.slider.setRange(0, max(0, len(frames) - 1))
        self._following = False
        self.set_steps(steps)

    def set_steps(self, steps: list[Step]) -> None:
        """New timing (seconds per session, cross-fades): the same session stays on screen."""
        shot = max(0, self.shot)
        self._steps = list(steps)
        self._step = self._first_step_of(shot)
        self._show_step()
        self._update_play()

    def set_frames(self, frames: list[Frame], captions: list[str] | None = None) -> None:
        """The same sessions drawn anew (dates on or off): the film goes on where it was."""
        self._frames = list(frames)
        if captions is not None:
            self._captions = list(captions)
        self._held.clear()
        self._show_step()

    def show_message(self, text: str) -> None:
        """No film: say why instead (too few sessions, a bad option, a failure)."""
        self._timer.stop()
        self._frames, self._steps, self._captions = [], [], []
        self._held.clear()
        self.building.hide()
        self.film.image = None
        self.film.message = text
        self.film.update()
        self.slider.setEnabled(False)
        self.position.setText("")
        self._update_play()

    def show_building(self, done: int, total: int, text: str) -> None:
        """The preview being made: a progress bar (its `text` may hold %v and %m, done and
        total) under the last picture, or under the text itself."""
        self.building.setRange(0, max(1, total))
        self.building.setValue(done)
        self.building.setFormat(text)
        self.building.show()
        if not self._frames:
            self.film.message = text.replace("%v", str(done)).replace("%m", str(total))
            self.film.update()

    def hide_building(self) -> None:
        self.building.hide()
        if not self._frames and self.film.image is None:
            self.film.message = ""
            self.film.update()

    # ----------------------------------------------------------------- playing

    def toggle(self) -> None:
        self._playing = not self.playing
        self._update_play()

    def play(self) -> None:
        self._playing = True
        self._update_play()

    def pause(self) -> None:
        self._playing = False
        self._update_play()

    def go_to(self, shot: int) -> None:
        """Show session `shot` of the film (paused: the user is looking at it)."""
        if not self._frames:
            return
        self._playing = False
        self._step = self._first_step_of(max(0, min(shot, len(self._frames) - 1)))
        self._show_step()
        self._update_play()

    def _update_play(self) -> None:
        can_play = len(self._frames) >= 2 and bool(self._steps)
        self.play_button.setEnabled(can_play)
        if self._playing and can_play:
            if not self._timer.isActive():
                self._timer.start(self._step_ms())
        else:
            self._timer.stop()
        playing = self._timer.isActive()
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _step_ms(self) -> int:
        return max(1, round(self._steps[self._step].frames * TICK_MS))

    def _on_timer_timeout(self) -> None:
        if not self._steps:
            return
        self._step = (self._step + 1) % len(self._steps)
        self._show_step()
        self._timer.start(self._step_ms())

    def _first_step_of(self, shot: int) -> int:
        for index, step in enumerate(self._steps):
            if step.a == shot and step.alpha == 0:
                return index
        return 0

    def _show_step(self) -> None:
        if not self._steps or not self._frames:
            return
        self._step = min(self._step, len(self._steps) - 1)
        step = self._steps[self._step]
        if step.a >= len(self._frames) or step.b >= len(self._frames):
            return  # timing for another film: the new frames are on their way
        if step.alpha == 0 or step.a == step.b:
            image = self._held.get(step.a)
            if image is None:
                image = self._held[step.a] = to_qimage(self._frames[step.a].shown())
        else:
            image = to_qimage(compose(self._frames[step.a], self._frames[step.b], step.alpha))
        self.film.image = image
        self.film.update()
        shot = self.shot
        self._following = True
        self.slider.setValue(shot)
        self._following = False
        caption = self._captions[shot] if shot < len(self._captions) else ""
        self.position.setText(f"{shot + 1} / {len(self._frames)}  ·  {caption}")
        self.shotShown.emit(shot)

    def _on_slider_value_changed(self, value: int) -> None:
        if not self._following:
            self.go_to(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.toggle()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._frames:
            self.go_to(max(0, self.shot) + (1 if key == Qt.Key.Key_Right else -1))
        else:
            super().keyPressEvent(event)
