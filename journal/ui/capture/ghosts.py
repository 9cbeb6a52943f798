"""The ghost over the live picture, and the panel's choice of it, for the angle being taken.

The feed lines a ghost up (a `Guide`) for the angle and the photo chosen; until it has, no
ghost is shown, and live reports made against another guide are stale (another angle, another
ghost, the saved photo mirrored since).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from journal.core.capture.ghost import Guide
from journal.core.capture.session import CaptureSession
from journal.core.journal import Journal
from journal.ui.capture.canvas import LiveCanvas, Marks
from journal.ui.capture.panel import CapturePanel
from journal.ui.capture.texts import ANGLE_NAMES, ghost_choices


class GhostShown:
    """`guide`: the ghost lined up for the angle now, None until the feed has loaded it."""

    def __init__(self, panel: CapturePanel, canvas: LiveCanvas) -> None:
        self._panel, self._canvas = panel, canvas
        self.guide: Guide | None = None

    def forget(self) -> None:
        """The ghost is being lined up again: the marks of the old one go; its picture stays
        until the new one is there."""
        self.guide = None
        self._canvas.set_marks(Marks())

    def drop(self) -> None:
        """Another angle or ghost: nothing shown until the feed has lined the new one up."""
        self.forget()
        self._canvas.set_ghost(None)

    def show(self, guide: Guide) -> None:
        self.guide = guide
        self._canvas.set_ghost(guide.ghost)

    def fill(self, journal: Journal, session: CaptureSession) -> None:
        """The panel's list of earlier sessions to line up on, the one shown chosen."""
        angle = session.angle
        choices = ghost_choices(journal, angle, session.session_id)
        guide = self.guide if self.guide is not None and self.guide.angle is angle else None
        shown = (
            guide.ghost.photo if guide is not None and guide.ghost is not None else session.ghost_photo(angle)
        )
        self._panel.set_ghosts(choices, shown.id if shown is not None else None)

    def note(self, session: CaptureSession) -> str:
        """What the panel says under the choice: why the ghost chosen cannot be shown, or that
        there is none to line up on yet."""
        angle = session.angle
        problem = session.ghost_problem(angle)
        if (
            not problem
            and self.guide is not None
            and self.guide.ghost is None
            and self._panel.ghost_box.count() <= 1
        ):
            problem = QCoreApplication.translate(
                "CaptureView", "No earlier {name} photo to line up on: this one will be the ghost next time."
            ).format(name=ANGLE_NAMES[angle].lower())
        return problem
