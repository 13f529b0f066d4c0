"""Uncertain quantities: quantile functions match their distributions' published moments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from detente.scenario.uncertain import (
    Beta,
    Fixed,
    Normal,
    Triangular,
    Uncertain,
    Uniform,
    point,
    ppf,
)

ADAPTER: TypeAdapter[object] = TypeAdapter(Uncertain)
U = np.linspace(0.0005, 0.9995, 20001)


def test_bare_number_means_a_fixed_value() -> None:
    """A plain number in YAML is a certain value."""
    assert ADAPTER.validate_python(0.3) == Fixed(value=0.3)
    assert ADAPTER.validate_python("neutral") == Fixed(value="neutral")


def test_unknown_distribution_is_rejected() -> None:
    """Only the documented distributions are accepted."""
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({"dist": "lognormal", "mean": 1})


def test_triangular_mean_is_the_average_of_its_corners() -> None:
    """E[triangular(a, c, b)] = (a + b + c) / 3."""
    x = ppf(Triangular(dist="triangular", low=1, mode=2, high=6), U)
    assert x.mean() == pytest.approx(3.0, abs=2e-3)


def test_beta_matches_its_mean_and_sd() -> None:
    """The beta is parameterised by mean and sd (method of moments)."""
    x = ppf(Beta(dist="beta", mean=0.3, sd=0.1), U)
    assert x.mean() == pytest.approx(0.3, abs=2e-3)
    assert x.std() == pytest.approx(0.1, abs=3e-3)


def test_truncated_normal_stays_inside_its_bounds() -> None:
    """Truncation bounds hold at every quantile."""
    x = ppf(Normal(dist="normal", mean=0.0, sd=1.0, low=-0.5, high=2.0), U)
    assert x.min() >= -0.5 and x.max() <= 2.0


@given(st.floats(-10, 10), st.floats(0, 10))
def test_uniform_quantiles_are_monotone_and_span_the_range(low: float, width: float) -> None:
    """Uniform quantiles rise from low to high."""
    d = Uniform(dist="uniform", low=low, high=low + width)
    q = ppf(d, np.array([0.0, 0.5, 1.0]))
    assert q[0] == pytest.approx(low) and q[2] == pytest.approx(low + width)
    assert q[0] <= q[1] <= q[2]
    assert point(d) == pytest.approx(low + width / 2)
