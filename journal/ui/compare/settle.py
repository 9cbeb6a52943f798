"""What a pair gets once it has stayed on the compare page a moment: its lighting checked, its
whole previews loaded (for zoom and saving), its neighbours' previews preloaded.

The lighting check decodes both previews again, and the whole previews and the neighbours' are
more decodes: started once the pair has stayed on screen a moment, they compete neither with
its loading and painting for the two cores, nor with the next pair's when a person steps on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from journal.core.journal import Journal
from journal.core.models import Photo
from journal.ui.compare.canvas import CompareCanvas
from journal.ui.compare.lighting import LightingCheck
from journal.ui.compare.pairs import Candidate
from journal.ui.compare.pixels import SidePixels
from journal.ui.shared.image_store import ImageStore

# A pair on screen this long is being looked at, not stepped past: its lighting is checked,
# its whole previews are loaded (for zoom and saving) and its neighbours' previews preloaded.
SETTLED_MS = 150


class PairSettling(QObject):
    """Told each new pair (`new_pair`, then `arm` once it is set up) and each image loaded
    (`when_shown`); the pair, journal and neighbouring photos are asked of the callables."""

    def __init__(
        self,
        canvas: CompareCanvas,
        lighting: LightingCheck,
        store: ImageStore,
        pixels: SidePixels,
        pair: Callable[[], tuple[Candidate | None, Candidate | None]],
        journal: Callable[[], Journal | None],
        neighbours: Callable[[], list[Photo]],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._lighting = lighting
        self._store = store
        self._pixels = pixels
        self._pair = pair
        self._journal = journal
        self._neighbours = neighbours
        self._due = False
        self._settled = QTimer(self)
        self._settled.setSingleShot(True)
        self._settled.setInterval(SETTLED_MS)
        self._settled.timeout.connect(self._on_settled_timeout)

    def new_pair(self) -> None:
        self._settled.stop()  # another pair: what the last one was due waits for this one

    def arm(self) -> None:
        self._due = True  # once both photos are on screen: it reads them too
        self.when_shown()

    def when_shown(self) -> None:
        """Once both photos are on screen: the lighting measured already is said at once, the
        rest waits for the pair to settle."""
        sides = self._canvas.sides
        if not (self._due and len(sides) == 2 and all(s.pixmap is not None for s in sides)):
            return
        self._due = False
        before, after = self._pair()
        pair = (before.photo, after.photo) if before and after else None
        journal = self._journal()
        if journal is not None and pair is not None and self._lighting.measured(*pair):
            self._lighting.check(journal, *pair)  # measured already: the note stays as it was
        self._settled.start()

    def _on_settled_timeout(self) -> None:
        before, after = self._pair()
        journal = self._journal()
        if journal is None or before is None or after is None or len(self._canvas.sides) != 2:
            return
        self._lighting.check(journal, before.photo, after.photo)
        self._store.sharpen([before.photo, after.photo])
        # The sessions [ and ] step to: in memory before they are asked for.
        near = self._neighbours()
        if near:
            self._store.preload(near, self._pixels.screen_width(1))
