"""Tests of the ceasefire–settlement coupling."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.tracks import (
    ceasefire_exit_hazard,
    ceasefire_hazard,
    ceasefire_willingness,
)


def test_full_coupling_blocks_a_ceasefire_without_settlement_progress() -> None:
    """A side with coupling 1 never agrees a ceasefire while no settlement is in reach."""
    will = ceasefire_willingness(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    h = ceasefire_hazard(0.2, will, np.array([True, True]), np.array([True, True]))
    assert h.tolist() == [0.0, 0.2]


def test_uncoupled_sides_agree_a_ceasefire_at_the_signing_rate() -> None:
    """With coupling 0 the ceasefire hazard is the signing hazard."""
    will = ceasefire_willingness(np.array([0.0, 0.0]), np.array([0.0]))
    assert ceasefire_hazard(0.14, will, np.array([True]), np.array([True]))[0] == 0.14


def test_a_ceasefire_is_called_off_only_by_a_side_unwilling_to_keep_it() -> None:
    """Exit hazard h(1 - prod a): zero when every side is willing, h when one is not at all."""
    will = ceasefire_willingness(np.array([1.0, 0.5]), np.array([1.0, 0.0, 0.5]))
    h = ceasefire_exit_hazard(0.2, will)
    assert h.tolist() == pytest.approx([0.0, 0.2, 0.2 * (1 - 0.5 * 0.75)])
    uncoupled = ceasefire_willingness(np.array([0.0, 0.0]), np.array([0.0]))
    assert ceasefire_exit_hazard(0.2, uncoupled).tolist() == [0.0]
