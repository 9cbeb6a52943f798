"""Redness regions: circles and polygons in the face frame, set once per angle, stored in the
journal's settings under `SETTING_KEY`.

The stored value is JSON (the setting table holds JSON text):

    {"version": 1,
     "angles": {"front": {"treated":   [{"circle": [x, y, r]}, {"polygon": [[x, y], ...]}],
                          "reference": [{"circle": [x, y, r]}]}}}

Coordinates are face-frame units (journal/core/faceframe.py): origin between the eyes, one
unit the distance between them, y down the face. `parse_regions` is the one reader: the app
uses it, and restore validation uses it to accept or refuse a backup's value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from journal.core.alignment import Point
from journal.core.models import Angle

SETTING_KEY = "redness_regions"
FORMAT_VERSION = 1
# Bounds of the face frame a region may use: a face is about 2.5 IODs wide, from about 1.8
# IODs above the eyes (hairline) to about 2.2 below (chin); a little more is allowed.
LIMIT_X = 3.0
LIMIT_Y = (-3.0, 4.0)
RADIUS_RANGE = (0.02, 2.0)
MAX_SHAPES = 8  # per role (treated, reference)
MAX_POINTS = 64  # per polygon
ROLES = ("treated", "reference")


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float

    def contains(self, xs: NDArray[np.float64], ys: NDArray[np.float64]) -> NDArray[np.bool_]:
        inside: NDArray[np.bool_] = (xs - self.x) ** 2 + (ys - self.y) ** 2 <= self.r * self.r
        return inside

    def bounds(self) -> tuple[float, float, float, float]:
        return self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r

    def outline(self, steps: int = 48) -> tuple[Point, ...]:
        return tuple(
            (
                self.x + self.r * math.cos(2 * math.pi * i / steps),
                self.y + self.r * math.sin(2 * math.pi * i / steps),
            )
            for i in range(steps)
        )

    def to_json(self) -> dict[str, Any]:
        return {"circle": [self.x, self.y, self.r]}


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]

    def contains(self, xs: NDArray[np.float64], ys: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Even-odd rule, vectorised over the points."""
        inside = np.zeros(np.shape(xs), dtype=bool)
        pts = self.points
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
            if y1 == y2:
                continue
            crosses = (ys >= min(y1, y2)) & (ys < max(y1, y2))
            x_at = x1 + (ys - y1) * (x2 - x1) / (y2 - y1)
            inside ^= crosses & (xs < x_at)
        return inside

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    def outline(self, steps: int = 0) -> tuple[Point, ...]:
        return self.points

    @property
    def area(self) -> float:
        pts = self.points
        return (
            abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True))) / 2
        )

    def to_json(self) -> dict[str, Any]:
        return {"polygon": [[x, y] for x, y in self.points]}


Shape = Circle | Polygon


@dataclass(frozen=True)
class RegionSet:
    """The treated and the untreated reference skin of one angle."""

    treated: tuple[Shape, ...] = ()
    reference: tuple[Shape, ...] = ()

    @property
    def complete(self) -> bool:
        return bool(self.treated) and bool(self.reference)

    def role(self, name: str) -> tuple[Shape, ...]:
        if name not in ROLES:
            raise ValueError(f"unknown region role: {name}")
        shapes: tuple[Shape, ...] = getattr(self, name)
        return shapes

    def to_json(self) -> dict[str, Any]:
        return {role: [shape.to_json() for shape in self.role(role)] for role in ROLES}


@dataclass(frozen=True)
class RednessRegions:
    """The regions of every angle that has them."""

    angles: Mapping[Angle, RegionSet] = field(default_factory=dict)

    def of(self, angle: Angle) -> RegionSet:
        return self.angles.get(angle, RegionSet())

    def with_angle(self, angle: Angle, regions: RegionSet) -> RednessRegions:
        changed = dict(self.angles)
        if regions.treated or regions.reference:
            changed[angle] = validated_set(regions)
        else:
            changed.pop(angle, None)
        return RednessRegions(changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "angles": {angle.value: regions.to_json() for angle, regions in sorted(self.angles.items())},
        }


def suggested(angle: Angle) -> RegionSet:
    """Where the region editor starts on a front photo: both cheeks treated, the middle of the
    forehead as the reference. Only a starting point the user moves; nothing is measured with
    it unless they keep it."""
    if angle is not Angle.FRONT:
        return RegionSet()
    return RegionSet(
        treated=(Circle(-0.6, 0.6, 0.22), Circle(0.6, 0.6, 0.22)),
        reference=(Circle(0.0, -0.5, 0.18),),
    )


# ----------------------------------------------------------------- reading and checking


def parse_regions(value: Any) -> RednessRegions:
    """The regions from the stored setting value (decoded JSON). Raises ValueError, naming the
    first problem, for anything the app did not write: unknown keys or angles, a count or a
    coordinate out of range, NaN, a degenerate polygon."""
    if value is None:
        return RednessRegions()
    _expect(isinstance(value, dict), "redness regions must be an object")
    _keys(value, {"version", "angles"}, "redness regions")
    _expect(
        value.get("version") == FORMAT_VERSION, f"unknown redness regions version: {value.get('version')!r}"
    )
    angles = value.get("angles", {})
    _expect(isinstance(angles, dict), "redness regions: 'angles' must be an object")
    out: dict[Angle, RegionSet] = {}
    for name, entry in angles.items():
        try:
            angle = Angle(name)
        except ValueError:
            raise ValueError(f"redness regions: unknown angle {name!r}") from None
        _expect(isinstance(entry, dict), f"redness regions for {name} must be an object")
        _keys(entry, set(ROLES), f"redness regions for {name}")
        roles = {}
        for role in ROLES:
            shapes = entry.get(role, [])
            _expect(isinstance(shapes, list), f"{role} regions for {name} must be a list")
            roles[role] = tuple(
                _shape(item, f"{role} region {i + 1} for {name}") for i, item in enumerate(shapes)
            )
        out[angle] = validated_set(RegionSet(roles["treated"], roles["reference"]), name)
    return RednessRegions(out)


def validated_set(regions: RegionSet, where: str = "") -> RegionSet:
    """Return `regions`, or raise ValueError when a role has too many shapes or one is out of range."""
    label = f" for {where}" if where else ""
    for role in ROLES:
        shapes = regions.role(role)
        _expect(len(shapes) <= MAX_SHAPES, f"at most {MAX_SHAPES} {role} regions{label}")
        for shape in shapes:
            _check_shape(shape, f"{role} region{label}")
    return regions


def parse_circle_spec(text: str) -> Circle:
    """A circle from the command line: "X,Y,R" in face-frame units."""
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError(f"a region is X,Y,R (three numbers in eye distances): {text!r}")
    try:
        x, y, r = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"a region is X,Y,R (three numbers in eye distances): {text!r}") from None
    circle = Circle(x, y, r)
    _check_shape(circle, f"region {text!r}")
    return circle


def _shape(item: Any, where: str) -> Shape:
    _expect(isinstance(item, dict) and len(item) == 1, f"{where} must be one circle or polygon")
    ((kind, data),) = item.items()
    if kind == "circle":
        _expect(isinstance(data, list) and len(data) == 3, f"{where}: a circle is [x, y, r]")
        x, y, r = (_number(v, where) for v in data)
        return Circle(x, y, r)
    if kind == "polygon":
        _expect(isinstance(data, list), f"{where}: a polygon is a list of [x, y] points")
        points = []
        for point in data:
            _expect(isinstance(point, list) and len(point) == 2, f"{where}: a polygon point is [x, y]")
            points.append((_number(point[0], where), _number(point[1], where)))
        return Polygon(tuple(points))
    raise ValueError(f"{where}: unknown shape {kind!r}")


def _check_shape(shape: Shape, where: str) -> None:
    if isinstance(shape, Circle):
        points: tuple[Point, ...] = ((shape.x, shape.y),)
        lo, hi = RADIUS_RANGE
        _expect(
            math.isfinite(shape.r) and lo <= shape.r <= hi,
            f"{where}: the radius must be {lo}–{hi} eye distances",
        )
    else:
        points = shape.points
        _expect(3 <= len(points) <= MAX_POINTS, f"{where}: a polygon has 3–{MAX_POINTS} points")
        _expect(shape.area >= 1e-3, f"{where}: the polygon encloses no area")
    for x, y in points:
        _expect(math.isfinite(x) and math.isfinite(y), f"{where}: not a number")
        _expect(
            abs(x) <= LIMIT_X and LIMIT_Y[0] <= y <= LIMIT_Y[1], f"{where}: ({x:g}, {y:g}) is off the face"
        )


def _number(value: Any, where: str) -> float:
    _expect(isinstance(value, int | float) and not isinstance(value, bool), f"{where}: not a number")
    number = float(value)
    _expect(math.isfinite(number), f"{where}: not a number")
    return number


def _keys(value: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(value) - allowed)
    _expect(not extra, f"{where}: unknown key {extra[0]!r}" if extra else "")


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
