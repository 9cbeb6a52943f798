"""A photo in its own window: zoom (wheel, +/−, fit, 100 %) and pan, preview first, then detail."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar, QVBoxLayout, QWidget

from journal.core.dates import long_date
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.models import Photo
from journal.render.qimage import load_qimage, load_upright_qimage
from journal.ui.shared.keys import named_actions
from journal.ui.shared.workers import Progress, TaskRunner
from journal.ui.shared.zoom import ImageCanvas, ViewState

DETAIL_MAX_EDGE = 8192  # a 200 MP original is shown at ~67 MP at most


class PhotoViewer(QWidget):
    def __init__(
        self, journal: Journal, photo: Photo, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{photo.original_name} — Progress Journal")
        self.resize(1000, 800)
        self._journal, self._photo = journal, photo
        self._runner = TaskRunner(pool, self)
        self._detail_requested = False
        self.state = ViewState(self)
        self.canvas = ImageCanvas(self.state)
        self.canvas.placeholder = self.tr("Loading…")
        self.canvas.set_image(None, QSize(photo.width, photo.height))
        self.canvas.needsDetail.connect(self._on_canvas_needs_detail)
        self.state.changed.connect(self._update_zoom_label)
        toolbar = QToolBar()
        actions = self.make_actions(self)
        for name, slot in (
            ("zoom_in", lambda: self.canvas.zoom_by(1.25)),
            ("zoom_out", lambda: self.canvas.zoom_by(0.8)),
            ("fit", self.state.set_fit),
            ("actual", self.canvas.zoom_actual),
        ):
            actions[name].triggered.connect(slot)
            toolbar.addAction(actions[name])
        self.zoom_label = QLabel()
        toolbar.addSeparator()
        toolbar.addWidget(self.zoom_label)
        actions["close"].triggered.connect(self.close)
        self.addAction(actions["close"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(self.canvas, 1)
        taken = f"{long_date(photo.taken_at.date())} {photo.taken_at:%H:%M}" if photo.taken_at else ""
        self.info = QLabel(f"  {photo.original_name} · {photo.width} × {photo.height} · {taken}")
        layout.addWidget(self.info)
        self._update_zoom_label()
        self._load(detail=False)

    @staticmethod
    def make_actions(owner: QObject) -> dict[str, QAction]:
        """The viewer's actions, with their names and keys (Help → Keyboard shortcuts lists them)."""
        standard = QKeySequence.StandardKey
        return named_actions(
            owner,
            "PhotoViewer",
            {
                "zoom_in": ("Zoom in", [standard.ZoomIn]),
                "zoom_out": ("Zoom out", [standard.ZoomOut]),
                "fit": ("Fit", ["0"]),
                "actual": ("100 %", ["1"]),
                "close": ("Close", [standard.Close, "Esc"]),
            },
        )

    def _load(self, detail: bool) -> None:
        journal, photo = self._journal, self._photo
        edge = min(DETAIL_MAX_EDGE, max(photo.width, photo.height))

        def work(_progress: Progress) -> QImage:  # as the photo is shown: turned as the user chose
            if detail:
                return load_upright_qimage(journal.photo_path(photo), edge, photo.turn)
            return load_qimage(journal.preview_file(photo))

        # OSError: an original that cannot be read is said in the window, not a crash.
        self._runner.start(
            work, done=self._on_task_done, failed=self._on_task_failed, known=(JournalError, OSError)
        )

    def _on_task_done(self, image: QImage) -> None:
        if image.width() >= self.canvas.loaded_width():
            self.canvas.set_image(image, QSize(self._photo.width, self._photo.height))
        self._update_zoom_label()

    def _on_task_failed(self, error: JournalError) -> None:
        self.canvas.placeholder = self.tr("This photo cannot be shown: {reason}").format(reason=error)
        self.canvas.update()

    def _on_canvas_needs_detail(self, _scale: float) -> None:
        if not self._detail_requested:
            self._detail_requested = True
            self._load(detail=True)

    def _update_zoom_label(self) -> None:
        percent = self.canvas.effective_scale() * 100
        mode = self.tr("fit") if self.state.fit else ""
        self.zoom_label.setText(f"  {percent:.0f} % {mode}")
