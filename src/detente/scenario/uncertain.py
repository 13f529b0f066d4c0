"""Uncertain quantities: a value the sources do not pin down, given as a distribution.

Stated positions are opening offers, not bottom lines; beliefs and costs are estimates. Every
such value is a distribution that Monte Carlo samples through its quantile function, so a
Gaussian copula (correlated inputs) and Sobol sampling (SALib) reuse the same code path.
A plain number or option id in YAML means a fixed (certain) value.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from scipy import stats

from detente._typing import FloatArray

__all__ = [
    "Beta",
    "Fixed",
    "Normal",
    "ScaleValue",
    "Triangular",
    "Uncertain",
    "Uniform",
    "ppf",
]

ScaleValue = float | str
"""A point on an issue's scale: a number, or an option id on an ordinal scale."""


def _g(x: object) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


class _Dist(BaseModel):
    # finite numbers only, as in the rest of the schema (``schema._Model``)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def describe(self) -> str:
        """The distribution with its parameters, for people (reports, summaries)."""
        raise NotImplementedError


class Fixed(_Dist):
    """A value known for certain (a bare number in YAML means this)."""

    dist: Literal["fixed"] = "fixed"
    value: ScaleValue = Field(description="The value (a number, or an option id).")

    def describe(self) -> str:
        return _g(self.value)


class Uniform(_Dist):
    """Every value between ``low`` and ``high`` equally likely: the sources give only a range."""

    dist: Literal["uniform"]
    low: ScaleValue = Field(description="Lower bound (number or option id).")
    high: ScaleValue = Field(description="Upper bound (number or option id).")

    def describe(self) -> str:
        return f"{_g(self.low)}–{_g(self.high)}"


class Triangular(_Dist):
    """A range with a most likely value: the analyst's low / best guess / high."""

    dist: Literal["triangular"]
    low: ScaleValue = Field(description="Lowest plausible value.")
    mode: ScaleValue = Field(description="Most likely value.")
    high: ScaleValue = Field(description="Highest plausible value.")

    def describe(self) -> str:
        return f"{_g(self.low)}–{_g(self.high)} (likely {_g(self.mode)})"


class Normal(_Dist):
    """A normal distribution, optionally truncated to [low, high]."""

    dist: Literal["normal"]
    mean: float = Field(description="Mean.")
    sd: float = Field(gt=0, description="Standard deviation (> 0).")
    low: float | None = Field(default=None, description="Truncate below (optional).")
    high: float | None = Field(default=None, description="Truncate above (optional).")

    def describe(self) -> str:
        cut = ""
        if self.low is not None or self.high is not None:
            lo = "−∞" if self.low is None else _g(self.low)
            hi = "∞" if self.high is None else _g(self.high)
            cut = f", truncated to [{lo}, {hi}]"
        return f"normal (mean {_g(self.mean)}, sd {_g(self.sd)}{cut})"


class Beta(_Dist):
    """A probability or share in [0, 1], given by its mean and standard deviation."""

    dist: Literal["beta"]
    mean: float = Field(gt=0, lt=1, description="Mean, strictly between 0 and 1.")
    sd: float = Field(
        gt=0, lt=0.5, description="Standard deviation; must satisfy sd² < mean(1−mean)."
    )

    @model_validator(mode="after")
    def _feasible(self) -> Beta:
        if self.sd**2 >= self.mean * (1 - self.mean):
            msg = (
                f"sd must satisfy sd² < mean·(1−mean) = {self.mean * (1 - self.mean):.4f} "
                f"(got sd={self.sd}); lower sd"
            )
            raise ValueError(msg)
        return self

    def describe(self) -> str:
        a, b = self.shape()
        return f"beta (mean {_g(self.mean)}, sd {_g(self.sd)}; α {a:.3g}, β {b:.3g})"

    def shape(self) -> tuple[float, float]:
        """Return (alpha, beta) from the mean and sd (method of moments)."""
        k = self.mean * (1 - self.mean) / self.sd**2 - 1
        return self.mean * k, (1 - self.mean) * k


def _scalar_to_fixed(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # let pydantic reject booleans with its own message
    if isinstance(value, int | float | str):
        return {"dist": "fixed", "value": value}
    return value


Uncertain = Annotated[
    Annotated[Fixed | Uniform | Triangular | Normal | Beta, Field(discriminator="dist")],
    BeforeValidator(_scalar_to_fixed),
]
"""An uncertain quantity: a bare value, or ``{dist: uniform|triangular|normal|beta, …}``."""


def ppf(dist: Fixed | Uniform | Triangular | Normal | Beta, u: FloatArray) -> FloatArray:
    """Quantile function of ``dist`` at probabilities ``u`` (numeric distributions only).

    Option ids must already be resolved to numbers (see ``resolve``). Sampling through the
    quantile function lets one uniform stream drive independent, copula and Sobol sampling.
    """
    u = np.asarray(u, dtype=float)
    if isinstance(dist, Fixed):
        return np.full_like(u, float(dist.value))
    if isinstance(dist, Uniform):
        lo, hi = float(dist.low), float(dist.high)
        return lo + (hi - lo) * u
    if isinstance(dist, Triangular):
        lo, mo, hi = float(dist.low), float(dist.mode), float(dist.high)
        if hi == lo:
            return np.full_like(u, lo)
        c = (mo - lo) / (hi - lo)
        return np.asarray(stats.triang.ppf(u, c, loc=lo, scale=hi - lo), dtype=float)
    if isinstance(dist, Normal):
        lo = -np.inf if dist.low is None else (dist.low - dist.mean) / dist.sd
        hi = np.inf if dist.high is None else (dist.high - dist.mean) / dist.sd
        return np.asarray(stats.truncnorm.ppf(u, lo, hi, loc=dist.mean, scale=dist.sd), dtype=float)
    a, b = dist.shape()
    return np.asarray(stats.beta.ppf(u, a, b), dtype=float)


def point(dist: Fixed | Uniform | Triangular | Normal | Beta) -> float:
    """The central value used for point forecasts: the median (numeric values only)."""
    return float(ppf(dist, np.array([0.5]))[0])


def support(dist: Fixed | Uniform | Triangular | Normal | Beta) -> tuple[float, float]:
    """The smallest interval holding all (or, for unbounded normals, 99.9%) of the mass."""
    if isinstance(dist, Beta):
        return 0.0, 1.0
    q = ppf(dist, np.array([0.0005, 0.9995]) if isinstance(dist, Normal) else np.array([0.0, 1.0]))
    return float(q[0]), float(q[1])
