r"""What a deal contains moves how long it holds: relapse hazard ratios of its provisions.

Fortna (2003, 2004) measures an agreement's strength by its mechanisms (demilitarised zones,
peacekeepers, guarantees, joint commissions) and finds they lengthen the peace; Walter (2002)
puts third-party guarantees at the centre, Hartzell & Hoddie (2003) military and political
power-sharing. ``scripts/fit_provision_effects.py`` fits those ideas on the UCDP Peace Agreement
Dataset (Högbladh 2011; PAD v22.1) as a Weibull proportional-hazards model
(``detente.history.weibull_ph``):

.. math:: h(t \mid z) = \frac{k}{\lambda}\Big(\frac{t}{\lambda}\Big)^{k-1} e^{\beta^\top z}

and ships the point estimates and joint cluster-bootstrap draws of :math:`\beta` in
``data/provision_effects.json``. :func:`hazard_ratio` turns the provisions a deal contains into
the multiplier :math:`e^{\beta^\top z}` of the relapse hazard, per draw when asked, so the
estimates' uncertainty reaches the simulation's intervals. The ratios are associations
(provisions go to the harder cases), and PAD's 'ended' is the agreement ceasing to be in force,
a proxy for war resuming: ``docs/validation.md`` §5.5 says what that implies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from detente._typing import FloatArray
from detente.errors import InvalidParameterError

__all__ = ["PROVISIONS", "ProvisionEffects", "hazard_ratio", "load_provision_effects"]

PROVISIONS: Final[tuple[str, ...]] = (
    "ceasefire_provision",
    "peacekeepers",
    "third_party_guarantee",
    "withdrawal",
    "military_integration_or_ddr",
    "demarcation",
    "implementation_commission",
    "referendum",
    "elections",
)
"""The provisions a deal may contain, in the column order of every array here."""

_FILE: Final[str] = "provision_effects.json"


@dataclass(frozen=True)
class ProvisionEffects:
    """The fitted model: log hazard ratios (point and draws) of :data:`PROVISIONS`."""

    names: tuple[str, ...]
    log_hr: FloatArray
    """(n_prov,) point estimates of :math:`\\beta`."""
    draws: FloatArray
    """(n_draws, n_prov) bootstrap refits of :math:`\\beta`, one row per resample."""
    shape: float
    """Weibull shape k of the baseline (no provision), years."""
    scale: float
    """Weibull scale λ of the baseline, years."""
    shape_draws: FloatArray
    scale_draws: FloatArray
    identified: tuple[bool, ...]
    """False where no agreement with the provision ended: its ratio is the prior's, not data's."""
    meta: dict[str, Any]
    """The file's provenance, model summary and per-provision table."""

    @property
    def hr(self) -> FloatArray:
        """Point hazard ratios :math:`e^{\\beta}`."""
        return np.asarray(np.exp(self.log_hr), dtype=float)

    @property
    def n_draws(self) -> int:
        return int(self.draws.shape[0])


def _frozen(values: Any, ndim: int, what: str) -> FloatArray:
    a = np.array(values, dtype=float)
    if a.ndim != ndim or not np.all(np.isfinite(a)):
        msg = f"{_FILE}: '{what}' must be a finite {ndim}-D array (got shape {a.shape})."
        raise InvalidParameterError(msg)
    a.setflags(write=False)
    return a


def parse_provision_effects(doc: dict[str, Any]) -> ProvisionEffects:
    """Validate the shipped document's shape and build the dataclass (the loader's schema)."""
    names = tuple(doc["names"])
    if names != PROVISIONS:
        msg = f"{_FILE}: names {names} are not PROVISIONS {PROVISIONS}. Fix: refit with the script."
        raise InvalidParameterError(msg)
    d = doc["draws"]
    log_hr = _frozen(doc["log_hr"], 1, "log_hr")
    draws = _frozen(d["log_hr"], 2, "draws.log_hr")
    shape_draws = _frozen(d["shape"], 1, "draws.shape")
    scale_draws = _frozen(d["scale"], 1, "draws.scale")
    n = int(d["n"])
    if (
        log_hr.shape != (len(names),)
        or draws.shape != (n, len(names))
        or shape_draws.shape != (n,)
        or scale_draws.shape != (n,)
        or n < 1
    ):
        msg = (
            f"{_FILE}: inconsistent shapes (log_hr {log_hr.shape}, draws {draws.shape}, "
            f"shape {shape_draws.shape}, scale {scale_draws.shape}, n {n})."
        )
        raise InvalidParameterError(msg)
    rows = {row["name"]: row for row in doc["provisions"]}
    model = doc["model"]
    if not (model["shape"] > 0 and model["scale"] > 0 and np.all(shape_draws > 0)):
        msg = f"{_FILE}: the Weibull shape and scale must be > 0."
        raise InvalidParameterError(msg)
    meta = {k: v for k, v in doc.items() if k not in ("log_hr", "draws", "names")}
    return ProvisionEffects(
        names=names,
        log_hr=log_hr,
        draws=draws,
        shape=float(model["shape"]),
        scale=float(model["scale"]),
        shape_draws=shape_draws,
        scale_draws=scale_draws,
        identified=tuple(bool(rows[name]["identified"]) for name in names),
        meta=meta,
    )


@cache
def load_provision_effects() -> ProvisionEffects:
    """The shipped fit (read once; arrays are read-only)."""
    text = resources.files("detente.dynamics").joinpath("data", _FILE).read_text(encoding="utf-8")
    return parse_provision_effects(json.loads(text))


def hazard_ratio(
    present: npt.ArrayLike,
    draw_index: npt.ArrayLike | None = None,
    effects: ProvisionEffects | None = None,
) -> FloatArray:
    """Relapse hazard multiplier :math:`e^{\\beta^\\top z}` of each deal against one with none.

    Parameters
    ----------
    present : (n, n_prov) array of bool or float in [0, 1]
        Which provisions each deal contains, columns in :data:`PROVISIONS` order. A fraction
        scales the log ratio (a provision half in force counts half).
    draw_index : (n,) int array, optional
        Bootstrap row of :math:`\\beta` to use for each deal (e.g. ``draw % n_draws``), so the
        estimates' uncertainty is carried per simulation draw; None uses the point estimates.
    effects : optional
        A fit other than the shipped one.
    """
    fx = load_provision_effects() if effects is None else effects
    z = np.asarray(present, dtype=float)
    if z.ndim != 2 or z.shape[1] != len(fx.names):
        msg = (
            f"present must be (n, {len(fx.names)}) with columns {fx.names} (got shape "
            f"{z.shape}). Fix: one row per deal, one column per provision."
        )
        raise InvalidParameterError(msg)
    if not np.all((z >= 0.0) & (z <= 1.0)):
        msg = "present must hold booleans or fractions in [0, 1]."
        raise InvalidParameterError(msg)
    if draw_index is None:
        return np.asarray(np.exp(z @ fx.log_hr), dtype=float)
    idx = np.asarray(draw_index)
    if idx.shape != (z.shape[0],) or not np.issubdtype(idx.dtype, np.integer):
        msg = (
            f"draw_index must be an (n,) = ({z.shape[0]},) integer array (got {idx.shape}, "
            f"{idx.dtype})."
        )
        raise InvalidParameterError(msg)
    if np.any((idx < 0) | (idx >= fx.n_draws)):
        msg = f"draw_index must lie in [0, {fx.n_draws}). Fix: pass draw % {fx.n_draws}."
        raise InvalidParameterError(msg)
    return np.asarray(np.exp(np.einsum("ij,ij->i", z, fx.draws[idx])), dtype=float)
