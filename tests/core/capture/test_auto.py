"""Auto-capture: the checks hold for half a second, a countdown, one shot; the shutter always works."""

from __future__ import annotations

import itertools

import pytest

from journal.core.capture.auto import AutoCapture, Phase, Rules, Trigger

RULES = Rules(hold=0.5, countdown=3.0, grace=0.6, cooldown=1.5)


def run(
    machine: AutoCapture, readiness: dict[float, bool], end: float, step: float = 0.2
) -> list[tuple[float, Trigger]]:
    """Analyses every `step` s (ready as given from each key time on), frames every 1/30 s."""
    shots = []
    keys = sorted(readiness)
    t = next_analysis = keys[0]
    while t <= end + 1e-9:
        if t >= next_analysis - 1e-9:
            ready = readiness[max(k for k in keys if k <= t + 1e-9)]
            result = machine.observe(t, ready)
            machine = result.state
            if result.shoot:
                shots.append((round(t, 3), result.shoot))
            next_analysis += step
        result = machine.tick(t)
        machine = result.state
        if result.shoot:
            shots.append((round(t, 3), result.shoot))
        t = round(t + 1 / 30, 6)
    return shots


def test_fires_once_after_holding_half_a_second_and_a_countdown() -> None:
    shots = run(AutoCapture.start(True, RULES), {0.0: False, 1.0: True}, end=7.0)
    # Ready from 1.0; held at 1.6 (the analysis after 1.5); countdown ends at 4.6.
    assert [trigger for _t, trigger in shots] == [Trigger.AUTO], shots
    assert 4.5 <= shots[0][0] <= 4.75


def test_checks_that_break_before_half_a_second_start_the_hold_again() -> None:
    # Ready for 0.4 s at a time, never 0.5: never a countdown.
    flicker = {round(0.6 * i, 1): i % 2 == 0 for i in range(20)}
    assert run(AutoCapture.start(True, RULES), flicker, end=12.0) == []


@pytest.mark.parametrize(
    "case, readiness, fires",
    [
        ("one-failed-analysis-in-countdown", {0.0: True, 2.0: False, 2.2: True}, True),
        ("failing-longer-than-grace", {0.0: True, 2.0: False, 3.0: True}, False),
    ],
)
def test_countdown_forgives_a_flicker_but_not_a_lost_alignment(
    case: str, readiness: dict, fires: bool
) -> None:
    shots = run(AutoCapture.start(True, RULES), readiness, end=3.9)
    assert bool(shots) is fires, (case, shots)


def test_a_stalled_analysis_never_fires() -> None:
    machine = AutoCapture.start(True, RULES)
    for t in (0.0, 0.2, 0.4, 0.6):
        machine = machine.observe(t, True).state
    assert machine.phase is Phase.COUNTDOWN
    # No analysis after 0.6: frames keep coming until the countdown's end.
    for i in range(1, 200):
        step = machine.tick(0.6 + i / 30)
        assert step.shoot is None
        machine = step.state
    assert machine.phase is Phase.WAITING


def test_seconds_left_count_down_for_the_view() -> None:
    machine = AutoCapture.start(True, RULES)
    for t in (0.0, 0.2, 0.4, 0.6):
        machine = machine.observe(t, True).state
    assert machine.seconds_left(0.6) == pytest.approx(3.0)
    assert machine.seconds_left(2.1) == pytest.approx(1.5)
    assert AutoCapture.start(True, RULES).seconds_left(1.0) is None


@pytest.mark.parametrize("phase", ["off", "waiting", "holding", "countdown"])
def test_the_shutter_always_shoots(phase: str) -> None:
    machine = AutoCapture.start(phase != "off", RULES)
    times = {"off": [], "waiting": [], "holding": [0.0], "countdown": [0.0, 0.2, 0.4, 0.6]}[phase]
    for t in times:
        machine = machine.observe(t, True).state
    assert machine.phase.value == phase
    step = machine.shutter(1.0)
    assert step.shoot is Trigger.SHUTTER
    # A countdown that was running does not fire a second shot on top of the button's.
    assert run(step.state, {1.0: True}, end=2.4) == []


def test_after_a_shot_the_next_one_needs_a_fresh_hold_and_countdown() -> None:
    shots = run(AutoCapture.start(True, RULES), {0.0: True}, end=14.0)
    times = [t for t, _ in shots]
    assert len(times) >= 2
    # Cooldown 1.5 + hold 0.5 + countdown 3.0 between shots.
    assert all(b - a >= 5.0 - 0.05 for a, b in itertools.pairwise(times)), times


def test_off_never_fires_and_turning_it_on_starts_waiting() -> None:
    assert run(AutoCapture.start(False, RULES), {0.0: True}, end=8.0) == []
    machine = AutoCapture.start(False, RULES).enable(True)
    assert machine.phase is Phase.WAITING
    assert machine.enable(False).phase is Phase.OFF
