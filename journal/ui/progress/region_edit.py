"""Editing redness regions, in face-frame units and without Qt: picking a shape under a point,
moving, resizing and reshaping it, adding and removing, always inside the bounds the journal
accepts (journal/core/regions.py), so an edit never produces a set the journal would refuse."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from journal.core.alignment import Point
from journal.core.regions import (
    LIMIT_X,
    LIMIT_Y,
    MAX_POINTS,
    MAX_SHAPES,
    RADIUS_RANGE,
    Circle,
    Polygon,
    RegionSet,
    Shape,
)

DEFAULT_RADIUS = 0.2  # a click without a drag makes a circle this big (a fifth of the eye distance)
MIN_POLYGON_AREA = 2e-3  # the journal refuses 1e-3 and less


class Role(StrEnum):
    TREATED = "treated"
    REFERENCE = "reference"

    @property
    def label(self) -> str:
        return "treated" if self is Role.TREATED else "reference"


@dataclass(frozen=True)
class Picked:
    """A shape of a region set: its role and its index in that role."""

    role: Role
    index: int


def shapes_of(regions: RegionSet, role: Role) -> tuple[Shape, ...]:
    return regions.role(role.value)


def shape(regions: RegionSet, picked: Picked) -> Shape | None:
    shapes = shapes_of(regions, picked.role)
    return shapes[picked.index] if 0 <= picked.index < len(shapes) else None


def with_shapes(regions: RegionSet, role: Role, shapes: tuple[Shape, ...]) -> RegionSet:
    return replace(regions, **{role.value: shapes})


def added(regions: RegionSet, role: Role, new: Shape) -> tuple[RegionSet, Picked] | None:
    """The set with `new` added to `role`; None when that role has its most shapes already."""
    shapes = shapes_of(regions, role)
    if len(shapes) >= MAX_SHAPES:
        return None
    return with_shapes(regions, role, (*shapes, new)), Picked(role, len(shapes))


def replaced(regions: RegionSet, picked: Picked, new: Shape) -> RegionSet:
    shapes = list(shapes_of(regions, picked.role))
    shapes[picked.index] = new
    return with_shapes(regions, picked.role, tuple(shapes))


def removed(regions: RegionSet, picked: Picked) -> RegionSet:
    shapes = list(shapes_of(regions, picked.role))
    del shapes[picked.index]
    return with_shapes(regions, picked.role, tuple(shapes))


def switched(regions: RegionSet, picked: Picked) -> tuple[RegionSet, Picked] | None:
    """The shape moved to the other role (treated <-> reference); None when that one is full."""
    found = shape(regions, picked)
    if found is None:
        return None
    other = Role.REFERENCE if picked.role is Role.TREATED else Role.TREATED
    result = added(removed(regions, picked), other, found)
    return result


# ----------------------------------------------------------------- bounds


def clamp_point(point: Point) -> Point:
    x, y = point
    return (min(LIMIT_X, max(-LIMIT_X, x)), min(LIMIT_Y[1], max(LIMIT_Y[0], y)))


def clamp_radius(radius: float) -> float:
    lo, hi = RADIUS_RANGE
    return min(hi, max(lo, radius))


def circle_at(centre: Point, radius: float) -> Circle:
    x, y = clamp_point(centre)
    return Circle(x, y, clamp_radius(radius))


def moved(found: Shape, dx: float, dy: float) -> Shape:
    """`found` shifted by (dx, dy), as far as the bounds let its centre (circle) or every
    corner (polygon) go: a polygon keeps its shape at the edge."""
    if isinstance(found, Circle):
        return circle_at((found.x + dx, found.y + dy), found.r)
    x0, y0, x1, y1 = found.bounds()
    dx = min(LIMIT_X - x1, max(-LIMIT_X - x0, dx))
    dy = min(LIMIT_Y[1] - y1, max(LIMIT_Y[0] - y0, dy))
    return Polygon(tuple((x + dx, y + dy) for x, y in found.points))


def resized(found: Shape, factor: float) -> Shape:
    """`found` grown or shrunk by `factor` about its centre, within the bounds."""
    if isinstance(found, Circle):
        return circle_at((found.x, found.y), found.r * factor)
    cx, cy = centre(found)
    points = tuple(clamp_point((cx + (x - cx) * factor, cy + (y - cy) * factor)) for x, y in found.points)
    grown = Polygon(points)
    return grown if grown.area >= MIN_POLYGON_AREA else found


def with_vertex(found: Polygon, index: int, point: Point) -> Polygon | None:
    """The polygon with one corner moved; None if that would leave it without area."""
    points = list(found.points)
    points[index] = clamp_point(point)
    changed = Polygon(tuple(points))
    return changed if changed.area >= MIN_POLYGON_AREA else None


def polygon_of(points: list[Point]) -> Polygon | None:
    """A closed polygon from corners the user clicked; None with fewer than 3 or no area."""
    if len(points) < 3 or len(points) > MAX_POINTS:
        return None
    polygon = Polygon(tuple(clamp_point(p) for p in points))
    return polygon if polygon.area >= MIN_POLYGON_AREA else None


def centre(found: Shape) -> Point:
    if isinstance(found, Circle):
        return (found.x, found.y)
    x0, y0, x1, y1 = found.bounds()
    return ((x0 + x1) / 2, (y0 + y1) / 2)


# ----------------------------------------------------------------- under a point


def contains(found: Shape, point: Point, tolerance: float = 0.0) -> bool:
    """`point` is inside `found` or within `tolerance` of its outline (face units)."""
    x, y = point
    if isinstance(found, Circle):
        return math.hypot(x - found.x, y - found.y) <= found.r + tolerance
    inside = False
    pts = found.points
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        if _segment_distance(point, (x1, y1), (x2, y2)) <= tolerance:
            return True
    return inside


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _size(found: Shape) -> float:
    if isinstance(found, Circle):
        return math.pi * found.r * found.r
    return found.area


def picked_at(regions: RegionSet, point: Point, tolerance: float) -> Picked | None:
    """The shape under `point`: of several, the smallest (a small region drawn inside a large
    one stays reachable)."""
    hits = [
        (_size(found), Picked(role, index))
        for role in Role
        for index, found in enumerate(shapes_of(regions, role))
        if contains(found, point, tolerance)
    ]
    return min(hits, key=lambda h: h[0])[1] if hits else None
