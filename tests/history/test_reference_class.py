"""The reference-class base rates: the posterior maths, competing risks, and the packaged table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.history.reference_class import (
    CAUSES,
    HazardBands,
    HazardTable,
    ReferenceClass,
    load_hazards,
)

INF = math.inf


def one_band(events: tuple[float, float, float, float], exposure: float) -> HazardTable:
    """A table whose single open band has the given endings (CAUSES order) and exposure."""
    bands = HazardBands(np.array([0.0, INF]), np.array([exposure]), np.array([events]))
    return HazardTable({"interstate": bands, "civil": bands})


def test_posterior_mean_matches_hand_computation() -> None:
    # rates: PA (0.5+3)/(1+99) = 0.035, CF 0.025, V 0.015, other 0.005; all = 0.08
    rc = ReferenceClass(one_band((3, 2, 1, 0), 99.0))
    np.testing.assert_allclose(rc.rates("civil")[0], [0.035, 0.025, 0.015, 0.005])
    h = 12.0
    p_settle = 0.035 / 0.08 * (1 - math.exp(-0.08 * h))
    p_cease = 0.060 / 0.08 * (1 - math.exp(-0.08 * h))
    assert rc.p_by("settlement", "civil", 5.0, [h])[0] == pytest.approx(p_settle, rel=1e-12)
    assert rc.p_by("ceasefire", "civil", 5.0, [h])[0] == pytest.approx(p_cease, rel=1e-12)


def test_two_bands_integrate_exactly_across_the_edge() -> None:
    bands = HazardBands(
        np.array([0.0, 6.0, INF]), np.array([9.5, 99.0]), np.array([[2, 0, 0, 0], [0.5, 0, 2, 0]])
    )
    rc = ReferenceClass(HazardTable({"civil": bands}), prior_shape=0.5, prior_rate_months=0.5)
    l1, a1 = 2.5 / 10.0, (2.5 + 0.5 * 3) / 10.0  # band 1: PA rate, all-cause rate
    l2, a2 = 1.0 / 99.5, (1.0 + 0.5 + 2.5 + 0.5) / 99.5  # band 2
    d, h = 4.0, 10.0  # 2 months in band 1, 8 in band 2
    expected = l1 / a1 * (1 - math.exp(-a1 * 2)) + math.exp(-a1 * 2) * l2 / a2 * (
        1 - math.exp(-a2 * 8)
    )
    assert rc.p_by("settlement", "civil", d, [h])[0] == pytest.approx(expected, rel=1e-12)


def test_probability_rises_with_horizon_and_starts_at_zero() -> None:
    rc = ReferenceClass(load_hazards())
    for ctype in ("interstate", "civil"):
        p = rc.p_by("ceasefire", ctype, 7.0, [0, 1, 3, 6, 12, 24, 60, 240])
        assert p[0] == 0.0
        assert np.all(np.diff(p) > 0)
        assert p[-1] < 1.0


def test_more_agreements_raise_the_probability() -> None:
    few = ReferenceClass(one_band((2, 2, 5, 5), 200.0))
    many = ReferenceClass(one_band((8, 2, 5, 5), 200.0))
    for event in ("settlement", "ceasefire"):
        assert many.p_by(event, "civil", 3.0, [12])[0] > few.p_by(event, "civil", 3.0, [12])[0]


def test_ceasefire_is_at_least_settlement() -> None:
    rc = ReferenceClass(load_hazards())
    for ctype in ("interstate", "civil"):
        for d in (0.0, 2.0, 11.0, 30.0, 120.0):
            hs = [1, 6, 12, 36]
            assert np.all(rc.p_by("ceasefire", ctype, d, hs) >= rc.p_by("settlement", ctype, d, hs))


def test_competing_risks_reduce_the_probability() -> None:
    alone = ReferenceClass(one_band((4, 0, 0, 0), 100.0), prior_shape=1e-9)
    rivals = ReferenceClass(one_band((4, 0, 10, 10), 100.0), prior_shape=1e-9)
    p_alone = alone.p_by("settlement", "civil", 0.0, [24])[0]
    assert p_alone == pytest.approx(1 - math.exp(-0.04 / (1 + 1e-2) * 24), rel=1e-6)
    assert rivals.p_by("settlement", "civil", 0.0, [24])[0] < 0.8 * p_alone


def test_draws_average_to_the_point_estimate_and_are_reproducible() -> None:
    rc = ReferenceClass(load_hazards())
    hs = [6, 12, 36]
    draws = rc.p_by_draws("ceasefire", "civil", 10.0, hs, n=20_000, seed=7)
    assert draws.shape == (20_000, 3)
    assert np.all((draws >= 0) & (draws <= 1))
    # P is nonlinear in the rates, so the mean of draws is close to, not equal to, p_by
    np.testing.assert_allclose(
        draws.mean(axis=0), rc.p_by("ceasefire", "civil", 10.0, hs), rtol=0.05
    )
    again = rc.p_by_draws("ceasefire", "civil", 10.0, hs, n=20_000, seed=7)
    np.testing.assert_array_equal(draws, again)
    other = rc.p_by_draws("ceasefire", "civil", 10.0, hs, n=20_000, seed=8)
    assert not np.array_equal(draws, other)


def test_sparse_bands_have_wider_draws() -> None:
    rc = ReferenceClass(load_hazards())
    inter = rc.p_by_draws("settlement", "interstate", 30.0, [12], n=4000, seed=1)[:, 0]
    civil = rc.p_by_draws("settlement", "civil", 30.0, [12], n=4000, seed=1)[:, 0]
    assert inter.std() / inter.mean() > 1.3 * civil.std() / civil.mean()


def test_invalid_inputs_are_refused() -> None:
    rc = ReferenceClass(load_hazards())
    with pytest.raises(InvalidParameterError, match="elapsed_months"):
        rc.p_by("ceasefire", "civil", -1.0, [12])
    with pytest.raises(InvalidParameterError, match="horizons"):
        rc.p_by("ceasefire", "civil", 1.0, [-3])
    with pytest.raises(InvalidParameterError, match="event"):
        rc.p_by("armistice", "civil", 1.0, [3])  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="conflict_type"):
        rc.p_by("ceasefire", "extrasystemic", 1.0, [3])  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="prior"):
        ReferenceClass(load_hazards(), prior_shape=0.0)
    with pytest.raises(InvalidParameterError, match="edges"):
        HazardBands(np.array([1.0, INF]), np.array([1.0]), np.zeros((1, len(CAUSES))))


# --- the packaged table against the figures in the termination README -------------------------


def _totals(ctype: str) -> np.ndarray:
    return np.asarray(load_hazards()[ctype].events.sum(axis=0))  # type: ignore[index]


def test_packaged_table_shape_and_band_edges() -> None:
    table = load_hazards()
    assert "UCDP" in table.source and "Kreutz" in table.source
    civil, inter = table["civil"], table["interstate"]
    np.testing.assert_array_equal(civil.edges, [0, 1, 3, 6, 12, 24, 48, 96, INF])
    assert inter.edges[-1] == INF and inter.edges[:-1].tolist() == [0, 1, 3, 6, 12, 24]
    for bands in (civil, inter):
        assert np.all(np.diff(bands.entering) <= 0)  # episodes only leave
        assert np.all(bands.entering >= 5)  # no band rests on the prior alone
        assert np.all(bands.exposure > 0)


def test_packaged_outcome_shares_match_the_readme() -> None:
    # README: 525 ended episodes (all types, no exclusions): low activity 40 %, victory 30 %,
    # ceasefire 13 %, peace agreement 13 % (the rest: actor ceased to exist). The package drops
    # extrasystemic wars and the excluded conflicts, so allow a few points either way.
    both = _totals("civil") + _totals("interstate")
    ended = both.sum()
    assert 430 <= ended <= 525
    share = dict(zip(CAUSES, both / ended, strict=True))
    assert share["peace_agreement"] == pytest.approx(0.13, abs=0.04)
    assert share["ceasefire"] == pytest.approx(0.13, abs=0.04)
    assert share["victory"] == pytest.approx(0.30, abs=0.04)
    assert share["low_activity_or_other"] == pytest.approx(0.44, abs=0.05)
    # README: inter-state episodes ended by agreement or ceasefire 42 %
    inter = _totals("interstate")
    assert (inter[0] + inter[1]) / inter.sum() == pytest.approx(0.42, abs=0.06)


def test_interstate_wars_end_faster_than_civil_wars() -> None:
    rc = ReferenceClass(load_hazards())
    assert rc.rates("interstate")[0].sum() > 2 * rc.rates("civil")[0].sum()
    # COW inter-state wars (README): about 15 % end within the first month; UCDP episodes
    # are shorter still (many end within days), so the all-cause first-month exit is higher
    first = 1 - math.exp(-rc.rates("interstate")[0].sum())
    assert 0.15 <= first <= 0.6
