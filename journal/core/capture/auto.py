"""Auto-capture: once every check has held for about half a second, count down, then shoot.

A pure state machine: each call takes the current state and a time and returns the next state
and whether to take the shot now. No clock, no thread; times are seconds on the frame source's
clock (a frame's `time`). The capture session feeds it each analysis (`observe`), lets time pass
on each new frame (`tick`), and the shutter button (`shutter`), which shoots in every state,
auto-capture on or off.

- WAITING → HOLDING on the first analysis where every check holds;
- HOLDING → COUNTDOWN once they have held for `hold` seconds, with no analysis in between that
  failed (and none missing for longer than `grace`);
- COUNTDOWN → shot after `countdown` seconds. A failing analysis is forgiven for `grace`
  seconds (one flicker of a hint must not restart the count), longer cancels it; the shot also
  needs a passing analysis within `grace` of its moment, so a stalled analysis never fires;
- after a shot, COOLDOWN for `cooldown` seconds, so the next angle starts from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Phase(StrEnum):
    OFF = "off"
    WAITING = "waiting"
    HOLDING = "holding"
    COUNTDOWN = "countdown"
    COOLDOWN = "cooldown"


@dataclass(frozen=True)
class Rules:
    hold: float = 0.5
    countdown: float = 3.0
    grace: float = 0.6
    cooldown: float = 1.5


class Trigger(StrEnum):
    AUTO = "auto"
    SHUTTER = "shutter"


@dataclass(frozen=True)
class Step:
    state: AutoCapture
    shoot: Trigger | None = None


@dataclass(frozen=True)
class AutoCapture:
    phase: Phase = Phase.OFF
    since: float = 0.0  # HOLDING: first passing analysis; COUNTDOWN: its start; COOLDOWN: the shot
    last_ok: float | None = None
    rules: Rules = Rules()

    @classmethod
    def start(cls, enabled: bool, rules: Rules = Rules()) -> AutoCapture:
        return cls(Phase.WAITING if enabled else Phase.OFF, rules=rules)

    @property
    def enabled(self) -> bool:
        return self.phase is not Phase.OFF

    def enable(self, on: bool) -> AutoCapture:
        if on == self.enabled:
            return self
        return AutoCapture(Phase.WAITING if on else Phase.OFF, rules=self.rules)

    def reset(self) -> AutoCapture:
        """Start over (a new angle, a new ghost): no hold, no countdown carried across."""
        return AutoCapture(Phase.WAITING if self.enabled else Phase.OFF, rules=self.rules)

    def seconds_left(self, now: float) -> float | None:
        """Of the countdown, for the view's "3, 2, 1"; None when not counting down."""
        if self.phase is not Phase.COUNTDOWN:
            return None
        return max(0.0, self.since + self.rules.countdown - now)

    def observe(self, now: float, ready: bool) -> Step:
        """An analysis of the frame at `now`: did every check hold?"""
        state = self._cooled(now)
        rules = state.rules
        if state.phase is Phase.WAITING:
            return Step(replace(state, phase=Phase.HOLDING, since=now, last_ok=now) if ready else state)
        if state.phase is Phase.HOLDING:
            if not ready:
                return Step(replace(state, phase=Phase.WAITING, last_ok=None))
            if state.last_ok is not None and now - state.last_ok > rules.grace:
                return Step(replace(state, since=now, last_ok=now))  # a gap: start holding again
            if now - state.since >= rules.hold:
                return Step(replace(state, phase=Phase.COUNTDOWN, since=now, last_ok=now))
            return Step(replace(state, last_ok=now))
        if state.phase is Phase.COUNTDOWN:
            if ready:
                return state._fire_if_due(now, replace(state, last_ok=now))
            if state.last_ok is None or now - state.last_ok > rules.grace:
                return Step(replace(state, phase=Phase.WAITING, last_ok=None))
            return state._fire_if_due(now, state)
        return Step(state)

    def tick(self, now: float) -> Step:
        """Time passes (a new frame at `now`): the countdown may end."""
        state = self._cooled(now)
        if state.phase is Phase.COUNTDOWN:
            return state._fire_if_due(now, state)
        return Step(state)

    def shutter(self, now: float) -> Step:
        """The shutter button: a shot now, whatever the checks say."""
        if self.phase is Phase.OFF:
            return Step(self, Trigger.SHUTTER)
        return Step(AutoCapture(Phase.COOLDOWN, since=now, rules=self.rules), Trigger.SHUTTER)

    def _fire_if_due(self, now: float, state: AutoCapture) -> Step:
        rules = state.rules
        if now < state.since + rules.countdown:
            return Step(state)
        if state.last_ok is None or now - state.last_ok > rules.grace:
            return Step(replace(state, phase=Phase.WAITING, last_ok=None))
        return Step(AutoCapture(Phase.COOLDOWN, since=now, rules=rules), Trigger.AUTO)

    def _cooled(self, now: float) -> AutoCapture:
        if self.phase is Phase.COOLDOWN and now >= self.since + self.rules.cooldown:
            return AutoCapture(Phase.WAITING, rules=self.rules)
        return self
