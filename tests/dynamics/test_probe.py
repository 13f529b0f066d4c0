"""The probe's verdicts: named terms, open issues negotiated in the joint interval, floors."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.agreement import admissible_intervals
from detente.dynamics.probe import REASONS, best_completion_loss, side_verdicts

IDEALS = np.array([[0.0, 0.0], [1.0, 1.0]])
SAL = np.full((2, 2), 0.5)
RED_LO, RED_HI = np.zeros((2, 2)), np.ones((2, 2))
OPTS: tuple[tuple[float, ...], ...] = ((), ())


def _iv(bottom_a: list[float], bottom_b: list[float]):  # type: ignore[no-untyped-def]
    return admissible_intervals(IDEALS, np.array([[bottom_a, bottom_b]]), RED_LO, RED_HI, OPTS)


def test_an_open_issue_is_completed_in_the_joint_interval() -> None:
    """Side A's best completion of an open issue is its ideal clipped to the joint interval
    [0.4, 0.6] (loss 0.5 × 0.4), not its own interval [0, 0.6] (loss 0); where the joint
    interval is empty it keeps its own (the issue is contested, not conceded)."""
    x = np.array([0.5, np.nan])
    named = ~np.isnan(x)
    iv = _iv([0.6, 0.6], [0.4, 0.4])
    loss = best_completion_loss(0, np.where(named, x, 0.0), named, IDEALS, SAL, iv, OPTS)
    assert loss[0].tolist() == pytest.approx([0.25, 0.2])
    empty = _iv([0.3, 0.3], [0.7, 0.7])
    loss = best_completion_loss(0, np.where(named, x, 0.0), named, IDEALS, SAL, empty, OPTS)
    assert loss[0, 1] == pytest.approx(0.0)


def test_the_first_failing_constraint_binds() -> None:
    """Beyond the bottom line binds as bottom_line; inside it, a floor above the best
    completion binds as walk_away or public_tolerance, as ``floor_utility`` says."""
    iv = _iv([0.6, 0.6], [0.4, 0.4])
    x = np.array([0.5, np.nan])
    floors = np.array([[0.6, 0.9]])  # both best completions give 0.55
    ok, reason, issue, margin = side_verdicts(
        x,
        False,
        np.zeros(2, bool),
        IDEALS,
        SAL,
        RED_LO,
        RED_HI,
        iv,
        floors,
        np.array([[False, True]]),
        OPTS,
    )
    assert not ok.any()
    assert [REASONS[r] for r in reason[0]] == ["walk_away", "public_tolerance"]
    assert margin[0].tolist() == pytest.approx([-0.05, -0.35])
    assert issue[0].tolist() == [0, 0]
    far = np.array([0.9, np.nan])
    ok, reason, issue, _ = side_verdicts(
        far,
        False,
        np.zeros(2, bool),
        IDEALS,
        SAL,
        RED_LO,
        RED_HI,
        iv,
        np.zeros((1, 2)),
        np.zeros((1, 2), bool),
        OPTS,
    )
    assert ok.tolist() == [[False, True]] and REASONS[reason[0, 0]] == "bottom_line"
    interim = side_verdicts(
        far,
        True,
        np.ones(2, bool),
        IDEALS,
        SAL,
        RED_LO,
        RED_HI,
        iv,
        np.full((1, 2), 9.0),
        np.zeros((1, 2), bool),
        OPTS,
    )
    assert interim[0].tolist() == [[False, True]]  # no floor on the ceasefire track
    assert np.isnan(interim[3]).all()
