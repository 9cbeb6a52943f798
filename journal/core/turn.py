"""Quarter turns and mirror images: the user's correction of a photo shown the wrong way round,
and the EXIF orientations, as one small group of eight transforms.

A `Turn` is "mirror left-right first (or not), then rotate clockwise by `quarters` quarter
turns". Every EXIF orientation is one of them, and two of them in a row are again one, so a
photo is always shown through a single transposition: the EXIF orientation of its file,
followed by the turn the user chose (stored on the photo record; the original is never
touched). The user's turn is stored as the EXIF code of the same transform (1 = as it is).

Coordinates are image coordinates: x to the right, y down, so "clockwise" is as seen on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

# EXIF orientation code -> (quarters clockwise, mirrored first)
_FROM_EXIF: dict[int, tuple[int, bool]] = {
    1: (0, False),
    2: (0, True),  # mirror left-right
    3: (2, False),  # rotate 180
    4: (2, True),  # mirror top-bottom
    5: (3, True),  # transpose (mirror along the top-left to bottom-right diagonal)
    6: (1, False),  # rotate 90° clockwise
    7: (1, True),  # transverse
    8: (3, False),  # rotate 90° counter-clockwise
}
_TO_EXIF = {value: code for code, value in _FROM_EXIF.items()}


@dataclass(frozen=True)
class Turn:
    quarters: int = 0  # clockwise, 0..3
    mirrored: bool = False  # mirrored left-right before the rotation

    def __post_init__(self) -> None:
        object.__setattr__(self, "quarters", self.quarters % 4)

    @classmethod
    def from_exif(cls, code: int) -> Turn:
        """The transform that EXIF orientation `code` asks for (anything unknown: none)."""
        quarters, mirrored = _FROM_EXIF.get(code, (0, False))
        return cls(quarters, mirrored)

    @property
    def exif(self) -> int:
        return _TO_EXIF[(self.quarters, self.mirrored)]

    @property
    def identity(self) -> bool:
        return self.quarters == 0 and not self.mirrored

    @property
    def swaps_sides(self) -> bool:
        """Width and height trade places (a quarter or three-quarter turn)."""
        return self.quarters % 2 == 1

    def then(self, other: Turn) -> Turn:
        """This transform, followed by `other`, as one."""
        # R^a M^m then R^b M^n  =  R^b M^n R^a M^m  =  R^(b ± a) M^(n xor m)
        quarters = other.quarters + (-self.quarters if other.mirrored else self.quarters)
        return Turn(quarters, self.mirrored != other.mirrored)

    def inverse(self) -> Turn:
        """The transform that undoes this one (a mirrored one undoes itself)."""
        return self if self.mirrored else Turn(-self.quarters)

    # What the photo's menu does to the picture as it is shown now.
    def rotated_right(self) -> Turn:
        return self.then(Turn(1))

    def rotated_left(self) -> Turn:
        return self.then(Turn(3))

    def flipped(self) -> Turn:
        """Mirrored left-right as shown (a selfie camera's mirror image, undone)."""
        return self.then(Turn(0, True))

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The size of a `width` x `height` picture after this transform."""
        return (height, width) if self.swaps_sides else (width, height)

    def map_normalised(self, point: tuple[float, float]) -> tuple[float, float]:
        """Where a point given as a share of the width and height (0..1) goes."""
        x, y = point
        if self.mirrored:
            x = 1.0 - x
        for _ in range(self.quarters):
            x, y = 1.0 - y, x  # a quarter turn clockwise: the top edge becomes the right edge
        return x, y


NO_TURN = Turn()
