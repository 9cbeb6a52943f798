"""Which pixels each side of the compare canvas is drawn from: a preview with as many pixels as
the screen shows of it, and, zoomed past the preview, the part of the original on screen."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPixmap, QTransform

from journal.ui.compare.canvas import CompareCanvas
from journal.ui.compare.geometry import SideView
from journal.ui.compare.pairs import Candidate
from journal.ui.shared.image_store import ImageStore

Pair = tuple[Candidate | None, Candidate | None]


class SidePixels:
    """Feeds the canvas's two sides from `store` for the pair `pair` tells."""

    def __init__(self, store: ImageStore, canvas: CompareCanvas, pair: Callable[[], Pair]) -> None:
        self._store = store
        self._canvas = canvas
        self._pair = pair
        self._regions_shown: list[object | None] = [None, None]  # the Region each side's detail is
        self._shown_photos: tuple[int, int] | None = None

    def new_pair(self, shown: tuple[int, int]) -> None:
        """Another pair (or the same one shown again) is about to go on the canvas."""
        self._regions_shown = [None, None]
        if shown != self._shown_photos:
            self._store.drop_regions()  # the other pair's originals: not on screen any more
            self._shown_photos = shown

    def side(self, candidate: Candidate, title: str) -> SideView:
        """A side for `candidate`'s photo, drawn from the preview in memory if there is one."""
        photo = candidate.photo
        image = self._store.cached(photo)
        return SideView(
            size=QSizeF(photo.width, photo.height),
            title=title,
            caption=candidate.label(),
            pixmap=QPixmap.fromImage(image) if image is not None else None,
            preview_width=self._store.preview_width(photo),
            to_frame=QTransform(),
        )

    def screen_width(self, index: int) -> int:
        """The pixels across the screen shows of side `index`'s whole photo now."""
        side = self._canvas.sides[index]
        ratio = self._canvas.devicePixelRatioF()
        return max(1, math.ceil(side.size.width() * self._canvas.screen_scale(index) * ratio))

    def request_images(self) -> None:
        """Each side drawn from a preview with as many pixels as the screen shows of it: one in
        memory when there is one (a sharper one is not swapped in for nothing: the picture on
        screen does not change under the eyes), else one asked for at that size."""
        if len(self._canvas.sides) != 2 or not self._canvas.isVisible():
            return  # not on screen: its size is not known yet (the Show asks for them)
        changed = False
        for index, (side, candidate) in enumerate(zip(self._canvas.sides, self._pair(), strict=True)):
            if candidate is None:
                continue
            needed = self.screen_width(index)
            image = self._store.image(candidate.photo, needed)
            if image is None:
                continue
            side.preview_width = self._store.preview_width(candidate.photo)
            side.whole = image if self._store.whole(candidate.photo) else None
            if side.pixmap is None or (side.pixmap.width() < needed and image.width() > side.pixmap.width()):
                side.pixmap = QPixmap.fromImage(image)
                changed = True
        if changed:
            self._canvas.update()

    def on_state_changed(self) -> None:
        self.request_images()  # zoomed in: the whole preview may be needed now
        if not self._canvas.detail_needed() and any(r is not None for r in self._regions_shown):
            self.drop_details()  # back within the previews: the originals' pixels go

    def update_details(self) -> None:
        """Each side zoomed past its preview shows the part of its original on screen, at the
        screen's resolution (loaded when missing; the preview shows meanwhile)."""
        for index, (side, candidate) in enumerate(zip(self._canvas.sides, self._pair(), strict=False)):
            if candidate is None or not self._canvas.side_needs_detail(index):
                continue
            region = self._store.region(
                candidate.photo, self._canvas.visible_rect(index), self._canvas.screen_scale(index)
            )
            if region is not None and region is not self._regions_shown[index]:
                self._regions_shown[index] = region
                side.detail = QPixmap.fromImage(region.image)
                side.detail_rect = region.rect
                self._canvas.update()

    def drop_details(self) -> None:
        self._regions_shown = [None, None]
        for side in self._canvas.sides:
            side.detail = None
        self._store.drop_regions()
        self._canvas.update()
