"""The probabilistic Condorcet, procedural and ensemble models."""

from __future__ import annotations

import numpy as np
import pytest

from detente.models.condorcet import CondorcetModel, condorcet_distribution
from detente.models.procedural import procedural_outcome


def test_two_candidates_by_hand() -> None:
    """Actors at 0 (weight 3) and 1 (weight 1), linear loss: C_01 = 3, C_10 = 1, so candidate
    0 wins with 3/4 (linear) or 9/10 (square); the mean is 1/4 or 1/10."""
    cand, p = condorcet_distribution(np.array([0.0, 1.0]), np.array([3.0, 1.0]))
    np.testing.assert_allclose(cand, [0.0, 1.0])
    np.testing.assert_allclose(p, [0.75, 0.25])
    _, p2 = condorcet_distribution(np.array([0.0, 1.0]), np.array([3.0, 1.0]), victory="Square")
    np.testing.assert_allclose(p2, [0.9, 0.1])


def test_invalid_parameters_are_refused() -> None:
    from detente.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="power"):
        CondorcetModel(power=9.0)


def test_procedural_roles_and_reference_by_hand() -> None:
    """Commission at 1 (w 1), a member at 0 (w 1); commission ×2 → 2/3; a unanimity pull of
    1.0 toward r = 0 halves it → 1/3; under QMV with ref_qmv 0 it is ignored."""
    x, w, roles = np.array([1.0, 0.0]), np.array([1.0, 1.0]), np.array([1, 0])
    kw = {"commission": 2.0, "ep_cod": 1.0, "ep_cns": 1.0, "ref_qmv": 0.0, "ref_unan": 1.0}
    assert procedural_outcome(x, w, roles, 0.0, cod=True, unanimity=False, **kw) == (
        pytest.approx(2 / 3)
    )
    assert procedural_outcome(x, w, roles, 0.0, cod=True, unanimity=True, **kw) == (
        pytest.approx(1 / 3)
    )
