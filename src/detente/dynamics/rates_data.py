"""Calibrated rates fitted on termination data, with their bootstrap distributions.

``data/termination_rates.json`` is written by ``scripts/fit_termination_rates.py`` from the UCDP
Peace Agreement Dataset v22.1, the UCDP Conflict Termination Dataset v3-2021 (both CC BY 4.0)
and the Correlates of War Inter-State War Data v4.0; each entry carries its procedure, data
source, sample size, point estimate and a distribution in the vocabulary of
:mod:`detente.scenario.uncertain` (``beta`` for rates in (0, 1), else a truncated ``normal``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter

from detente.scenario.uncertain import Beta, Normal

__all__ = ["DATA_FILE", "TerminationRate", "load_termination_rates"]

DATA_FILE = "data/termination_rates.json"
"""The fitted rates, relative to the ``detente.dynamics`` package."""

_DIST: TypeAdapter[Beta | Normal] = TypeAdapter(Beta | Normal)


@dataclass(frozen=True)
class TerminationRate:
    """One fitted rate.

    Attributes
    ----------
    name : str
        Key in the data file (``sign_hazard_prior`` is a prior for ``sign_hazard``).
    calibrates : str
        The :class:`~detente.dynamics.calibration.CalibrationValues` field it informs.
    point : float
        Point estimate of the main fit (the backtest's conflicts excluded).
    dist : Mapping[str, Any]
        Distribution fitted by moments to the bootstrap draws, e.g.
        ``{"dist": "beta", "mean": 0.34, "sd": 0.027}``.
    n : int
        Units in the fit (agreements, conflict episodes or wars).
    procedure : str
        How the rate was fitted, in words, with the approximations it makes.
    source : Mapping[str, str]
        Dataset, version, copy, path, commit, licence, attribution and the raw file's sha256.
    """

    name: str
    calibrates: str
    point: float
    dist: Mapping[str, Any]
    n: int
    procedure: str
    source: Mapping[str, str]

    def uncertain(self) -> Beta | Normal:
        """``dist`` as a validated :mod:`detente.scenario.uncertain` distribution."""
        return _DIST.validate_python(dict(self.dist))


def _field(name: str, entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        msg = f"{DATA_FILE}: rate {name!r} lacks a valid {key!r} (got {value!r})"
        raise ValueError(msg)
    return value


def load_termination_rates() -> dict[str, TerminationRate]:
    """Every fitted rate in ``data/termination_rates.json``, by name.

    Raises
    ------
    ValueError
        If an entry lacks a field or has one of the wrong type.
    """
    text = resources.files("detente.dynamics").joinpath(DATA_FILE).read_text(encoding="utf-8")
    rates = json.loads(text).get("rates")
    if not isinstance(rates, dict) or not rates:
        msg = f"{DATA_FILE}: no 'rates' mapping"
        raise ValueError(msg)
    out: dict[str, TerminationRate] = {}
    for name, entry in rates.items():
        if not isinstance(entry, dict):
            msg = f"{DATA_FILE}: rate {name!r} is not a mapping"
            raise ValueError(msg)
        source = _field(name, entry, "source", dict)
        out[name] = TerminationRate(
            name=name,
            calibrates=_field(name, entry, "calibrates", str),
            point=float(_field(name, entry, "point", (int, float))),
            dist=MappingProxyType(dict(_field(name, entry, "dist", dict))),
            n=_field(name, entry, "n", int),
            procedure=_field(name, entry, "procedure", str),
            source=MappingProxyType({str(k): str(v) for k, v in source.items()}),
        )
    return out
