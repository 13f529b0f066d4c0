"""Uncertain inputs: one uniform per input and draw, a Gaussian copula, and quantile functions.

Every uncertain value of a scenario (bottom lines, beliefs, costs, capabilities, battlefield
parameters, lever credibility and effects) is an *input* with a readable name. Draws are made
in two steps so that independent Monte Carlo, correlated (copula) sampling and Sobol designs
share one path: uniforms ``U`` (n_draws, n_inputs) first, then each input's quantile function.
Each input has its own named random stream, so adding or removing an input never changes the
numbers drawn for the others (common random numbers across what-ifs).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import special

from detente._typing import FloatArray
from detente.dynamics.rates import Discrete, fitted_inputs
from detente.scenario.checks import _named_paths, uncertain_paths
from detente.scenario.correlation import nearest_correlation, spearman_to_pearson
from detente.scenario.scales import scale_of
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import Beta, Fixed, Normal, Triangular, Uniform, ppf

__all__ = ["InputSpace", "input_space", "stream", "uniforms"]

Dist = Fixed | Uniform | Triangular | Normal | Beta | Discrete


@dataclass(frozen=True)
class InputSpace:
    """The uncertain inputs of a scenario, in a fixed order.

    Attributes
    ----------
    names : tuple of str
        Readable dotted paths (``actors.russia.capability``, ``levers.x.credibility``,
        ``positions.russia.territory.bottom_line`` …).
    dists : tuple
        Each input's distribution; bottom lines already on the unit scale.
    native_scale : tuple of (low, high) or None
        For bottom lines given in native units: map the quantile to [0, 1] with these bounds.
    correlation : (n_inputs, n_inputs) array or None
        Pearson correlation of the copula's normals (None: independent).
    snap : tuple
        For bottom lines on ordinal issues, the option points a draw is rounded to (a
        bottom line between two options means the nearer one); empty otherwise.
    """

    names: tuple[str, ...]
    dists: tuple[Dist, ...]
    native_scale: tuple[tuple[float, float] | None, ...]
    correlation: FloatArray | None
    snap: tuple[tuple[float, ...], ...] = ()

    @property
    def n_inputs(self) -> int:
        """Number of inputs."""
        return len(self.names)

    def index(self, name: str) -> int:
        """Column of ``name`` (KeyError if absent)."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(name) from None

    def quantiles(self, u: FloatArray) -> FloatArray:
        """Map uniforms (n_draws, n_inputs) to input values (n_draws, n_inputs)."""
        out = np.empty_like(u)
        for j, (dist, native) in enumerate(zip(self.dists, self.native_scale, strict=True)):
            if isinstance(dist, Discrete):
                x = dist.ppf(u[:, j])
            elif isinstance(dist, Triangular):
                x = _triangular_ppf(dist, u[:, j])
            else:
                x = ppf(dist, u[:, j])
            if native is not None:
                x = np.clip((x - native[0]) / (native[1] - native[0]), 0.0, 1.0)
            if self.snap and self.snap[j]:
                pts = np.asarray(self.snap[j])
                x = pts[np.argmin(np.abs(x[:, None] - pts[None, :]), axis=1)]
            out[:, j] = x
        return out

    def medians(self) -> FloatArray:
        """Each input at its median, shape (1, n_inputs)."""
        return self.quantiles(np.full((1, self.n_inputs), 0.5))


def _triangular_ppf(dist: Triangular, u: FloatArray) -> FloatArray:
    """Closed-form triangular quantiles (the same values as scipy's, several times faster).

    Notes
    -----
    .. math:: F^{-1}(u) = \\begin{cases} a + \\sqrt{u (b-a)(c-a)} & u < \\frac{c-a}{b-a} \\\\
              b - \\sqrt{(1-u)(b-a)(b-c)} & \\text{otherwise} \\end{cases}
    """
    a, c, b = float(dist.low), float(dist.mode), float(dist.high)
    if b == a:
        return np.full_like(u, a)
    cut = (c - a) / (b - a)
    lower = a + np.sqrt(np.clip(u, 0, 1) * (b - a) * (c - a))
    upper = b - np.sqrt(np.clip(1 - u, 0, 1) * (b - a) * (b - c))
    return np.asarray(np.where(u < cut, lower, upper), dtype=float)


def _readable(s: Scenario) -> dict[tuple[str | int, ...], str]:
    names = {loc: name for name, loc in _named_paths(s).items()}
    for k, lv in enumerate(s.levers):
        for j in range(len(lv.effects)):
            names[("levers", k, "effects", j, "delta")] = f"levers.{lv.id}.effects.{j}.delta"
    return names


def _unit_dist(dist: Dist, issue_scale: object) -> tuple[Dist, tuple[float, float] | None]:
    sc = issue_scale
    assert hasattr(sc, "to_unit")
    if isinstance(dist, Fixed):
        return Fixed(value=sc.to_unit(dist.value)), None
    if isinstance(dist, Uniform):
        return Uniform(dist="uniform", low=sc.to_unit(dist.low), high=sc.to_unit(dist.high)), None
    if isinstance(dist, Triangular):
        return (
            Triangular(
                dist="triangular",
                low=sc.to_unit(dist.low),
                mode=sc.to_unit(dist.mode),
                high=sc.to_unit(dist.high),
            ),
            None,
        )
    return dist, (float(sc.low), float(sc.high))  # type: ignore[attr-defined]


def input_space(scenario: Scenario) -> InputSpace:
    """List every uncertain input of ``scenario`` with its distribution and correlations."""
    readable = _readable(scenario)
    names: list[str] = []
    dists: list[Dist] = []
    native: list[tuple[float, float] | None] = []
    snap: list[tuple[float, ...]] = []
    alias: dict[str, int] = {}
    for loc, dist, _lo, _hi in uncertain_paths(scenario):
        raw = ".".join(str(p) for p in loc)
        alias[raw] = len(names)
        names.append(readable.get(loc, raw))
        alias[names[-1]] = len(names) - 1
        dists.append(dist)
        native.append(None)
        snap.append(())
    for aid, row in scenario.positions.items():
        for iid, pos in row.items():
            sc = scale_of(scenario.issue(iid))
            d, nat = _unit_dist(pos.bottom_line, sc)
            name = f"positions.{aid}.{iid}.bottom_line"
            alias[name] = len(names)
            names.append(name)
            dists.append(d)
            native.append(nat)
            snap.append(sc.option_points)
    # calibrated rates fitted on data, unless the scenario sets them (dynamics.rates)
    block = scenario.calibration
    own = (
        frozenset()
        if block is None
        else frozenset(
            k
            for k, v in block.model_dump(exclude={"coupling", "evidence"}).items()
            if v is not None
        )
    )
    for name, rate_dist in fitted_inputs(own):
        names.append(name)
        dists.append(rate_dist)
        native.append(None)
        snap.append(())
    corr: FloatArray | None = None
    if scenario.correlations:
        corr = np.eye(len(names))
        for c in scenario.correlations:
            a, b = alias[c.a], alias[c.b]
            corr[a, b] = corr[b, a] = spearman_to_pearson(c.rho)
        corr, _ = nearest_correlation(corr)  # validation warns when this repairs the matrix
    return InputSpace(tuple(names), tuple(dists), tuple(native), corr, tuple(snap))


def stream(seed_entropy: int, chunk: int, name: str) -> np.random.Generator:
    """A generator for the named stream of one chunk (independent of every other name)."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(seed_entropy, spawn_key=(chunk, key)))


def uniforms(space: InputSpace, n: int, seed_entropy: int, chunk: int) -> FloatArray:
    """Uniforms (n, n_inputs) for one chunk, correlated through a Gaussian copula if declared.

    Notes
    -----
    Each input's standard normals come from its own stream; with a correlation matrix
    :math:`R = LL^\\top` the copula uses :math:`z = L\\varepsilon`, :math:`u = \\Phi(z)`
    (Nelsen 2006, §2.9), applied to the inputs that take part in a declared correlation; the
    others are drawn directly. The block of a correlation matrix is itself a correlation matrix,
    so the result is the same as transforming every input.
    """
    out = np.empty((n, space.n_inputs))
    linked = _linked(space)
    for j, nm in enumerate(space.names):
        if j not in linked:
            out[:, j] = stream(seed_entropy, chunk, "input:" + nm).random(n)
    if linked:
        idx = list(linked)
        eps = np.column_stack(
            [stream(seed_entropy, chunk, "input:" + space.names[j]).standard_normal(n) for j in idx]
        )
        assert space.correlation is not None
        sub = space.correlation[np.ix_(idx, idx)]
        z = eps @ np.linalg.cholesky(sub).T
        out[:, idx] = np.clip(special.ndtr(z), 1e-12, 1 - 1e-12)
    return out


def _linked(space: InputSpace) -> tuple[int, ...]:
    """Inputs that take part in a declared correlation (the rest are sampled independently)."""
    if space.correlation is None:
        return ()
    off = np.abs(space.correlation - np.eye(space.n_inputs)) > 1e-12
    return tuple(int(j) for j in np.flatnonzero(off.any(axis=0)))


def by_name(space: InputSpace, values: FloatArray) -> Mapping[str, FloatArray]:
    """Columns of ``values`` keyed by input name."""
    return {nm: values[:, j] for j, nm in enumerate(space.names)}
