"""What the capture view says: the checks in plain words, the shots, the session, the problems.

Pure functions over the core's results, so the wording is tested without a picture. The hints
themselves are the core's (journal.core.capture.analysis): one wording for the view and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from journal.core.capture.analysis import HintKind, LiveReport
from journal.core.capture.auto import Trigger
from journal.core.capture.frames import CameraProblem
from journal.core.capture.ghost import ghost_candidates
from journal.core.capture.session import ShotOutcome, ShotStatus
from journal.core.course import course_positions
from journal.core.dates import long_date
from journal.core.journal import Journal
from journal.core.models import Angle, Kind, NewSession

ANGLE_NAMES = {Angle.FRONT: "Front", Angle.LEFT: "Left", Angle.RIGHT: "Right", Angle.OTHER: "Other"}
ANGLE_HOW = {
    Angle.FRONT: "Look straight into the camera, eyes level.",
    Angle.LEFT: "Turn your head to show the left side of your face.",
    Angle.RIGHT: "Turn your head to show the right side of your face.",
    Angle.OTHER: "",
}
PROBLEM_TITLES = {
    CameraProblem.NO_CAMERA: "No camera",
    CameraProblem.BUSY: "The camera is in use",
    CameraProblem.PERMISSION_DENIED: "Camera access is not allowed",
    CameraProblem.DISCONNECTED: "The camera stopped",
    CameraProblem.UNREADABLE: "The video cannot be played",
}
_POSITION = {
    HintKind.CLOSER,
    HintKind.BACK,
    HintKind.TILT_LEFT,
    HintKind.TILT_RIGHT,
    HintKind.LEFT,
    HintKind.RIGHT,
    HintKind.UP,
    HintKind.DOWN,
}


@dataclass(frozen=True)
class Check:
    text: str
    ok: bool | None  # None: nothing to judge (no ghost to compare the light with)


@dataclass(frozen=True)
class Feedback:
    score: int | None  # 0–100; None when there is no face or nothing to line up on
    position: Check
    light: Check
    sharpness: Check
    headline: str  # the one line shown large over the picture
    ready: bool


def feedback(report: LiveReport) -> Feedback:
    """The live checks of one analysis, in the words the view shows."""
    kinds = {h.kind for h in report.hints}
    if HintKind.NO_FACE in kinds:
        position = Check("No face found: look into the camera", False)
    elif report.match is not None:
        moves = [h.text for h in report.match.hints]
        position = Check("; ".join(moves) if moves else "Lined up", report.match.aligned)
    elif HintKind.NO_GHOST_EYES in kinds:
        position = Check("The ghost photo has no eye points: set them in Compare (Adjust eyes)", None)
    else:
        position = Check("Nothing to line up on for this angle: frame it as you like", None)
    if report.light is None:
        light = Check("No ghost photo to compare the light with", None)
    elif report.light.ok:
        light = Check("Like the ghost photo", True)
    else:
        light = Check("; ".join(h.text for h in report.light.hints), False)
    steady = report.sharpness.steady
    sharpness = Check("Sharp" if steady else "Hold still", steady)
    if report.ready:
        headline = "Lined up: hold still"
    else:
        first = next((h.text for h in report.hints if h.kind in _POSITION | {HintKind.NO_FACE}), "")
        headline = first or next((h.text for h in report.hints if h.kind is not HintKind.NO_GHOST_EYES), "")
    score = report.match.score if report.match is not None else None
    return Feedback(score, position, light, sharpness, headline, report.ready)


def outcome_text(outcome: ShotOutcome) -> str:
    """One line for the list of photos taken."""
    name = ANGLE_NAMES[outcome.angle]
    how = " (automatic)" if outcome.trigger is Trigger.AUTO else ""
    photo = outcome.photo
    when = f" · {photo.taken_at:%H:%M:%S}" if photo is not None and photo.taken_at is not None else ""
    if outcome.status is ShotStatus.SAVED:
        return f"{name}{when} · saved{how}"
    if outcome.status is ShotStatus.DUPLICATE:
        return f"{name} · already in the journal"
    if outcome.status is ShotStatus.REFUSED:
        return f"{name} · not saved: {outcome.message}"
    return f"{name} · not saved yet: {outcome.message}"


def saved_notice(outcome: ShotOutcome) -> str:
    """What flashes over the picture once a shot is in (or is not)."""
    name = ANGLE_NAMES[outcome.angle]
    if outcome.status is ShotStatus.SAVED:
        return f"{name} photo saved"
    if outcome.status is ShotStatus.DUPLICATE:
        return f"{name}: the same picture is already in the journal"
    return f"{name} photo not saved"


def session_title(journal: Journal, target: int | NewSession) -> str:
    """ "Session 3 · week 8 · Sat 7 Feb 2026", or the session that the first photo will make."""
    if isinstance(target, NewSession):
        if target.session is None:
            kind = "treatment" if target.kind is Kind.TREATMENT else "check-in"
            return f"A new {kind} session · {long_date(target.date)} (made when the first photo is saved)"
        target = target.session.id
    session = journal.session(target)
    position = course_positions(journal.sessions()).get(session.id)
    label = position.label(session.kind) if position is not None else "Session"
    return f"{label} · {long_date(session.date)}"


def ghost_choices(journal: Journal, angle: Angle, current: int | None) -> list[tuple[int, str]]:
    """The photos that can be ghosted for `angle`, one per earlier session, as (photo id, label):
    "Sat 10 Jan 2026 · Session 1 · week 0", as Compare names them. Never the session photographed."""
    positions = course_positions(journal.sessions())
    return [
        (photo.id, f"{long_date(s.date)} · {positions[s.id].label(s.kind)}")
        for s, photo in ghost_candidates(journal, angle)
        if s.id != current and s.id in positions
    ]


def problem_text(problem: CameraProblem, message: str, kept: int) -> tuple[str, str]:
    """The title and the words of a camera problem; `kept`: photos this capture saved."""
    text = message
    if kept and "kept" not in message:
        text += " " + (
            "The photo taken so far is kept." if kept == 1 else "The photos taken so far are kept."
        )
    return PROBLEM_TITLES.get(problem, "The camera stopped"), text
