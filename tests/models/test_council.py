"""Council capabilities and power indices."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.models.council import banzhaf, capabilities, shapley_shubik


def test_banzhaf_and_shapley_by_hand() -> None:
    """[3; 2, 1, 1]: the big voter swings in 3 of 5 swings (Banzhaf 0.6), is pivotal in 4
    of 6 orders (Shapley–Shubik 2/3)."""
    np.testing.assert_allclose(banzhaf([2, 1, 1], 3), [0.6, 0.2, 0.2])
    np.testing.assert_allclose(shapley_shubik([2, 1, 1], 3), [2 / 3, 1 / 6, 1 / 6])


def test_eu15_shapley_shubik_matches_the_published_values() -> None:
    """EU-15, 62 of 87 votes: the published Shapley–Shubik indices are 11.67 % for each large
    member and 2.07 % for Luxembourg (e.g. Felsenthal & Machover 2001)."""
    eu15 = ["de", "fr", "it", "uk", "es", "be", "el", "nl", "pt", "at", "se", "dk", "fi", "ie"]
    cap = capabilities([*eu15, "lu"], "shapley", rule="QMV")
    assert cap[0] == pytest.approx(0.1167, abs=5e-4)
    assert cap[-1] == pytest.approx(0.0207, abs=5e-4)
    assert cap.sum() == pytest.approx(1.0, abs=1e-6)


def test_unanimity_gives_equal_power_and_institutions_the_largest() -> None:
    cap = capabilities(["com", "de", "lu"], "banzhaf", rule="Unan")
    np.testing.assert_allclose(cap, [0.5, 0.5, 0.5])


def test_votes_follow_the_membership() -> None:
    """EU-15 only: pre-Nice weights; with a 2004 member: Nice weights."""
    np.testing.assert_array_equal(capabilities(["ep", "de", "lu"]), [10, 10, 2])
    np.testing.assert_array_equal(capabilities(["ep", "de", "lu", "pl"]), [29, 29, 4, 27])


def test_unknown_scheme_and_actor_are_refused() -> None:
    with pytest.raises(InvalidParameterError, match="scheme"):
        capabilities(["de"], "gdp-ish")
    with pytest.raises(InvalidParameterError, match="xx"):
        capabilities(["de", "xx"])
