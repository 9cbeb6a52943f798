"""The redness trend of one angle: Δa* per photo and per session, with gates and uncertainty.

Each photo of the angle is measured on its ~2048 px preview (the same upright pixels the app
shows) through its eye points. The first photo that measures cleanly is the baseline; later
photos whose light differs from it beyond the lighting check's thresholds (journal/core/
lighting.py: L* by 10 %, a* or b* by 4), measured on the untreated reference skin, are kept
but gated: shown greyed with the reason and left out of the trend line by default. So is a
photo with more than a tenth of a region clipped (overexposed: the mean a* of what is left
is biased).

Uncertainties are stated at about 95 % (`COVERAGE` standard uncertainties), from the pixels'
block standard errors and, when a session has several photos of the angle, from the spread of
their Δa*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from journal.core import lighting
from journal.core.errors import Cancelled, JournalError
from journal.core.faceframe import FaceFrame
from journal.core.measurement_cache import measurements_folder
from journal.core.models import Angle, Photo, Session
from journal.core.redness import LABEL, Measurement, NotMeasurable, RegionStats, measure_pixels
from journal.core.regions import RegionSet

if TYPE_CHECKING:
    from journal.core.journal import Journal

COVERAGE = 2.0  # stated uncertainties are this many standard uncertainties (about 95 %)
MAX_CLIPPED_SHARE = 0.10
Progress = Callable[[int, int], bool | None]


class Outcome(StrEnum):
    MEASURED = "measured"  # in the trend
    GATED = "gated"  # measured, but the light or exposure makes it unfair: greyed, out of the trend
    SKIPPED = "skipped"  # not measured (no eye points, unreadable, too few skin pixels)


@dataclass(frozen=True)
class PhotoRedness:
    photo: Photo
    session: Session
    outcome: Outcome
    reason: str = ""  # why gated or skipped
    measurement: Measurement | None = None
    light: lighting.Check | None = None  # against the baseline (None for the baseline itself)
    session_spread: float | None = None  # SD of Δa* over the session's photos of this angle
    baseline: bool = False

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.MEASURED

    @property
    def delta_a(self) -> float | None:
        return None if self.measurement is None else self.measurement.delta_a

    @property
    def uncertainty(self) -> float | None:
        """± for Δa* at about 95 %: pixels and the spread within the session."""
        if self.measurement is None:
            return None
        return COVERAGE * math.hypot(self.measurement.standard_error, self.session_spread or 0.0)

    def to_json(self) -> dict[str, Any]:
        """The object `progress-journal redness --json` prints for this photo."""
        m = self.measurement
        out: dict[str, Any] = {
            "date": self.session.date.isoformat(),
            "photo": self.photo.original_name,
            "path": self.photo.rel_path,
            "photo_id": self.photo.id,
            "session_id": self.session.id,
            "kind": self.session.kind.value,
            "angle": self.photo.angle.value,
            "a_treated": _round(m.treated.mean_a if m else None),
            "a_reference": _round(m.reference.mean_a if m else None),
            "delta_a": _round(self.delta_a),
            "delta_a_uncertainty": _round(self.uncertainty),
            "pixel_standard_error": _round(m.standard_error if m else None),
            "session_spread": _round(self.session_spread),
            "pixels_treated": m.treated.used if m else 0,
            "pixels_reference": m.reference.used if m else 0,
            "excluded_treated": _excluded(m.treated) if m else None,
            "excluded_reference": _excluded(m.reference) if m else None,
            "baseline": self.baseline,
            "passed": self.passed,
            "label": LABEL,
        }
        if not self.passed:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class SessionRedness:
    """One point of the trend: the mean Δa* of a session's photos of the angle."""

    session: Session
    delta_a: float
    uncertainty: float  # ± at about 95 %
    photos: tuple[PhotoRedness, ...]  # the photos averaged
    passed: bool  # False: only gated photos (a greyed point, out of the line by default)
    reason: str = ""


@dataclass(frozen=True)
class RednessTrend:
    angle: Angle
    regions: RegionSet
    photos: tuple[PhotoRedness, ...]  # every photo of the angle, in date order
    sessions: tuple[SessionRedness, ...]  # sessions with a measured photo, in date order
    baseline: PhotoRedness | None

    label = LABEL

    def points(self, include_gated: bool = False) -> list[SessionRedness]:
        return [s for s in self.sessions if s.passed or include_gated]


def measure_trend(
    journal: Journal,
    angle: Angle,
    regions: RegionSet | None = None,
    baseline_photo_id: int | None = None,
    progress: Progress | None = None,
) -> RednessTrend:
    """Measure every photo of `angle` (regions default to the journal's). `progress(done,
    total)` is told after each photo; returning False cancels (raises Cancelled)."""
    regions = journal.redness_regions().of(angle) if regions is None else regions
    if not regions.complete:
        raise JournalError(
            f"no redness regions for the {angle.value} photos: set a treated and a reference region "
            "(in the app, or --treated X,Y,R --reference X,Y,R)"
        )
    sessions = {s.id: s for s in journal.sessions()}
    photos = sorted(
        (p for p in journal.photos() if p.angle is angle and p.session_id in sessions),
        key=lambda p: (sessions[p.session_id].date, p.session_id, p.id),
    )
    measured: list[tuple[Photo, Measurement | None, str]] = []
    for done, photo in enumerate(photos, 1):
        measured.append((photo, *_measure(journal, photo, regions)))
        if progress is not None and progress(done, len(photos)) is False:
            raise Cancelled()
    return assemble(
        angle, regions, [(p, sessions[p.session_id], m, r) for p, m, r in measured], baseline_photo_id
    )


def measure_photo(journal: Journal, photo: Photo, regions: RegionSet) -> Measurement:
    """One photo, on its preview. Raises NotMeasurable with the reason.

    Results are kept in the journal's cache folder (derived data, like the previews), keyed
    by the photo's content, its eye points, the regions and `CACHE_VERSION`: opening the
    trend again does not decode every photo again, and any change of those measures anew."""
    from PIL import Image

    from journal.core.imaging import ImageRefused

    if photo.eyes is None:
        if photo.eyes_checked:
            raise NotMeasurable("no eye points: none were found; set them by hand in Compare (Adjust eyes)")
        raise NotMeasurable("no eye points yet (run `progress-journal eyes`, or open it in Compare)")
    cached = _cache_path(journal, photo, regions)
    known = _read_cache(cached)
    if isinstance(known, Measurement):
        return known
    if isinstance(known, str):
        raise NotMeasurable(known)
    try:
        preview = journal.preview_file(photo)  # turned as the user turned it, like its eye points
        with Image.open(preview) as im:
            pixels = np.asarray(im.convert("RGB"))
    except (ImageRefused, OSError) as exc:
        raise NotMeasurable(f"cannot read the photo: {exc}") from exc
    height, width = pixels.shape[:2]
    frame = FaceFrame.of_photo(photo, width, height)
    try:
        if frame is None:
            raise NotMeasurable("the two eye points coincide")
        measurement = measure_pixels(pixels, frame, regions)
    except NotMeasurable as exc:
        _write_cache(cached, {"reason": str(exc)})
        raise
    _write_cache(cached, {"measurement": asdict(measurement)})
    return measurement


CACHE_VERSION = 1  # raise when the measurement changes, so old results are not reused


def _cache_path(journal: Journal, photo: Photo, regions: RegionSet) -> Path:
    from journal.core.imaging import PREVIEW_MIN, PREVIEW_SIZE

    assert photo.eyes is not None
    what = [
        CACHE_VERSION,
        PREVIEW_SIZE,
        PREVIEW_MIN,
        photo.sha256,
        photo.turn.exif,
        photo.eyes.left,
        photo.eyes.right,
    ]
    key = json.dumps([*what, regions.to_json()], sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()
    return measurements_folder(journal.cache.root, photo.sha256) / f"{digest}.json"


def _read_cache(path: Path) -> Measurement | str | None:
    """A cached measurement, a cached reason, or None (none, or unreadable: measure again)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        if "reason" in value:
            return str(value["reason"])
        roles = value["measurement"]
        return Measurement(*(RegionStats(**_stats_fields(roles[role])) for role in ("treated", "reference")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stats_fields(value: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, kind in RegionStats.__annotations__.items():
        item = value[name]
        wanted = int if kind == "int" else float
        if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            raise ValueError(name)
        out[name] = wanted(item)
    return out


def _write_cache(path: Path, value: dict[str, Any]) -> None:
    from journal.core.fsutil import make_private_dir, write_atomic

    try:
        make_private_dir(path.parent)
        write_atomic(path, json.dumps(value).encode(), durable=False)
    except OSError:
        pass  # the cache is a convenience: measuring again next time is fine


def _measure(journal: Journal, photo: Photo, regions: RegionSet) -> tuple[Measurement | None, str]:
    try:
        return measure_photo(journal, photo, regions), ""
    except NotMeasurable as exc:
        return None, str(exc)


def assemble(
    angle: Angle,
    regions: RegionSet,
    rows: list[tuple[Photo, Session, Measurement | None, str]],
    baseline_photo_id: int | None = None,
) -> RednessTrend:
    """Gates, spreads and session points from measured photos (in date order)."""
    usable = [(p, m) for p, _s, m, _r in rows if m is not None and not _overexposed(m)]
    base: tuple[Photo, Measurement] | None = None
    if baseline_photo_id is not None:
        base = next(((p, m) for p, m in usable if p.id == baseline_photo_id), None)
    if base is None and usable:
        base = usable[0]
    first: list[PhotoRedness] = []
    for photo, session, measurement, reason in rows:
        if measurement is None:
            first.append(PhotoRedness(photo, session, Outcome.SKIPPED, reason))
            continue
        if base is not None and photo.id == base[0].id:
            first.append(PhotoRedness(photo, session, Outcome.MEASURED, "", measurement, baseline=True))
            continue
        gate = _overexposed(measurement)
        check = None
        if base is not None:
            check = lighting.compare(_light(base[1]), _light(measurement))
            gate = gate or _light_gate(check, base[0], rows)
        outcome = Outcome.GATED if gate else Outcome.MEASURED
        first.append(PhotoRedness(photo, session, outcome, gate, measurement, check))
    # The spread of Δa* between a session's photos that share an outcome.
    spreads: dict[tuple[int, Outcome], float | None] = {}
    for key in {(p.session.id, p.outcome) for p in first if p.measurement is not None}:
        values = [p.delta_a for p in first if (p.session.id, p.outcome) == key and p.delta_a is not None]
        spreads[key] = float(np.std(values, ddof=1)) if len(values) >= 2 else None
    photos = tuple(
        PhotoRedness(
            p.photo,
            p.session,
            p.outcome,
            p.reason,
            p.measurement,
            p.light,
            spreads.get((p.session.id, p.outcome)),
            p.baseline,
        )
        for p in first
    )
    points: list[SessionRedness] = []
    for session_id in dict.fromkeys(p.session.id for p in photos):
        mine = [p for p in photos if p.session.id == session_id and p.measurement is not None]
        chosen = [p for p in mine if p.passed] or mine
        if not chosen:
            continue
        deltas = [p.delta_a for p in chosen if p.delta_a is not None]
        errors = [p.measurement.standard_error for p in chosen if p.measurement is not None]
        spread = chosen[0].session_spread or 0.0
        standard = math.sqrt((sum(e * e for e in errors) / len(errors) + spread * spread) / len(chosen))
        passed = chosen[0].passed
        points.append(
            SessionRedness(
                chosen[0].session,
                sum(deltas) / len(deltas),
                COVERAGE * standard,
                tuple(chosen),
                passed,
                "" if passed else chosen[0].reason,
            )
        )
    baseline = next((p for p in photos if p.baseline), None)
    return RednessTrend(angle, regions, photos, tuple(points), baseline)


def _light(measurement: Measurement) -> lighting.Measures:
    """The light on the untreated reference skin (the treated skin is what may change)."""
    ref = measurement.reference
    return lighting.Measures(ref.mean_l, ref.mean_a, ref.mean_b, None, "reference skin")


def _light_gate(check: lighting.Check, baseline: Photo, rows: list[tuple[Photo, Session, Any, str]]) -> str:
    parts = []
    if abs(check.brightness) >= lighting.BRIGHTNESS_LIMIT:
        parts.append(
            f"{abs(check.brightness) * 100:.0f} % {'brighter' if check.brightness > 0 else 'darker'}"
        )
    if abs(check.warmth) >= lighting.CAST_LIMIT:
        parts.append(f"{'warmer' if check.warmth > 0 else 'cooler'} (b* {check.warmth:+.1f})")
    if abs(check.redness) >= lighting.CAST_LIMIT:
        parts.append(f"{'redder' if check.redness > 0 else 'less red'} light (a* {check.redness:+.1f})")
    if not parts:
        return ""
    day = next(s.date for p, s, _m, _r in rows if p.id == baseline.id)
    return f"light differs from the baseline photo of {_day(day)}: {', '.join(parts)} on the reference skin"


def _overexposed(measurement: Measurement) -> str:
    for role, stats in (("treated", measurement.treated), ("reference", measurement.reference)):
        share = stats.clipped / max(1, stats.total)
        if share > MAX_CLIPPED_SHARE:
            return f"overexposed: {share * 100:.0f} % of the {role} region is clipped"
    return ""


def _excluded(stats: RegionStats) -> dict[str, int]:
    return {"clipped": stats.clipped, "not_skin": stats.not_skin, "shadow_or_shine": stats.shade}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
