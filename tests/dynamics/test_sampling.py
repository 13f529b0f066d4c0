"""Tests of uncertain-input sampling and the Gaussian copula."""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import stats

from detente.dynamics.sampling import input_space, uniforms
from detente.scenario import Scenario
from detente.scenario.schema import Correlation


def test_every_uncertain_input_and_bottom_line_is_listed_by_readable_name(mini: Scenario) -> None:
    """Names use actor and lever ids, and bottom lines are included."""
    space = input_space(mini)
    assert "actors.russia.capability" in space.names
    assert "levers.us_secondary_sanctions.credibility" in space.names
    assert "positions.russia.territory.bottom_line" in space.names


def test_bottom_lines_are_sampled_on_the_unit_scale_and_snapped_to_options(mini: Scenario) -> None:
    """Numeric bottom lines map to [0, 1]; ordinal ones land on option points."""
    space = input_space(mini)
    x = space.quantiles(uniforms(space, 2000, 1, 0))
    terr = x[:, space.index("positions.russia.territory.bottom_line")]
    sec = x[:, space.index("positions.russia.security.bottom_line")]
    assert terr.min() >= 0.0 and terr.max() <= 0.9 + 1e-9
    assert set(np.round(sec, 6)) <= {0.333333, 0.666667}


def test_declared_correlation_is_respected_by_the_copula(mini: Scenario) -> None:
    """A declared rank correlation is reproduced within sampling error."""
    corr = Correlation(a="war.beliefs.russia.optimism", b="war.beliefs.ukraine.optimism", rho=0.7)
    s = mini.model_copy(update={"correlations": [corr]})
    space = input_space(s)
    u = uniforms(space, 20_000, 3, 0)
    a, b = space.index(corr.a), space.index(corr.b)
    rho = stats.spearmanr(u[:, a], u[:, b]).statistic
    assert abs(rho - 0.7) < 0.02
    other = space.index("actors.russia.capability")
    assert abs(stats.spearmanr(u[:, a], u[:, other]).statistic) < 0.03


def test_each_input_has_its_own_stream(mini: Scenario) -> None:
    """Dropping an input leaves the other inputs' uniforms unchanged."""
    space = input_space(mini)
    u = uniforms(space, 100, 5, 0)
    fewer = dataclasses.replace(
        space,
        names=space.names[1:],
        dists=space.dists[1:],
        native_scale=space.native_scale[1:],
        snap=space.snap[1:],
    )
    assert np.array_equal(uniforms(fewer, 100, 5, 0), u[:, 1:])


def test_closed_form_triangular_quantiles_match_scipy() -> None:
    """The fast triangular quantile function equals scipy's."""
    from detente.dynamics.sampling import _triangular_ppf
    from detente.scenario.uncertain import Triangular, ppf

    u = np.random.default_rng(0).random(1000)
    for low, mode, high in ((0.0, 0.3, 1.0), (0.2, 0.2, 0.5), (0.0, 1.0, 1.0)):
        d = Triangular(dist="triangular", low=low, mode=mode, high=high)
        assert np.allclose(_triangular_ppf(d, u), ppf(d, u), atol=1e-12)
