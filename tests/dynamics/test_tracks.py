"""Tests of the ceasefire–settlement coupling."""

from __future__ import annotations

import numpy as np

from detente.dynamics.tracks import ceasefire_hazard, ceasefire_willingness


def test_full_coupling_blocks_a_ceasefire_without_settlement_progress() -> None:
    """A side with coupling 1 never agrees a ceasefire while no settlement is in reach."""
    will = ceasefire_willingness(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    h = ceasefire_hazard(0.2, will, np.array([True, True]), np.array([True, True]))
    assert h.tolist() == [0.0, 0.2]


def test_uncoupled_sides_agree_a_ceasefire_at_the_signing_rate() -> None:
    """With coupling 0 the ceasefire hazard is the signing hazard."""
    will = ceasefire_willingness(np.array([0.0, 0.0]), np.array([0.0]))
    assert ceasefire_hazard(0.14, will, np.array([True]), np.array([True]))[0] == 0.14
