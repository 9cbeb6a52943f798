"""How the compare page shows its pair, and the zoom steps of its controls."""

from __future__ import annotations

from enum import Enum


class CompareMode(Enum):
    SIDE = "side"  # side by side, one zoom and pan for both
    WIPE = "wipe"  # the after photo over the before one, up to a divider you drag
    BLINK = "blink"  # one photo at a time, Space (or a timer) switches
    FADE = "fade"  # the after photo over the before one, partly transparent

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CompareMode.SIDE: "Side by side",
    CompareMode.WIPE: "Wipe",
    CompareMode.BLINK: "Blink",
    CompareMode.FADE: "Fade",
}


class ZoomStep(Enum):
    IN = "in"
    OUT = "out"
    FIT = "fit"
    ACTUAL = "actual"  # one screen pixel per pixel of the before photo
