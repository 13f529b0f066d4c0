r"""Reference-class base rates: how soon do conflict episodes end in a ceasefire or a settlement?

Every forecast in the backtest must beat the answer the historical record gives without any
knowledge of the case. That record is the UCDP Conflict Termination data (v3-2021; Kreutz
2010): how long each conflict episode of 1946–2020 lasted and how it ended. The packaged
table (``data/reference_hazards.csv``, built by ``scripts/build_reference_class.py``) holds,
per conflict type and elapsed-duration band, the episode-months at risk and the endings by
cause; the library's own conflicts and the held-out ones are excluded from it.

Model
-----
Competing risks with piecewise-constant cause-specific hazards. Band :math:`j` covers elapsed
months :math:`(e_{j-1}, e_j]`; cause :math:`k \in` {peace agreement, ceasefire, victory, low
activity or other} has hazard :math:`\lambda_{jk}` there, with a Gamma(:math:`a, b`) prior and
the Poisson likelihood of :math:`d_{jk}` endings in :math:`E_j` episode-months, so

.. math:: \lambda_{jk} \mid \text{data} \sim \mathrm{Gamma}(a + d_{jk},\ b + E_j), \qquad
          \hat\lambda_{jk} = \frac{a + d_{jk}}{b + E_j}.

The all-cause exit rate is :math:`\Lambda_j = \sum_k \lambda_{jk}` and survival
:math:`S(t) = \exp(-\int_0^t \Lambda)`. An event is a set of causes: *settlement* = peace
agreement; *ceasefire* = peace agreement + ceasefire (an agreement brings a ceasefire with it),
with rate :math:`\lambda^{E}_j = \sum_{k \in E} \lambda_{jk}`. Given that the episode has lasted
:math:`d` months, the chance the event ends it within :math:`h` more months is

.. math:: P_E(h \mid d) = \int_d^{d+h} \lambda^E(t)\,\frac{S(t)}{S(d)}\,dt
          = \sum_j \frac{\lambda^E_j}{\Lambda_j}\, e^{-H_j}\,\bigl(1 - e^{-\Lambda_j w_j}\bigr),

where :math:`w_j` is the length of :math:`[d, d+h] \cap (e_{j-1}, e_j]` and :math:`H_j` the
cumulative all-cause hazard from :math:`d` to the start of that piece. Other endings (victory,
low activity) compete: they remove episodes that could otherwise have reached a deal, which is
why :math:`P_E` is below :math:`1 - e^{-\lambda^E h}`.

:meth:`ReferenceClass.p_by` plugs in the posterior means (a point base rate);
:meth:`ReferenceClass.p_by_draws` draws every band's cause-specific hazards from their Gamma
posteriors, so sparse bands (interstate wars past two years) carry wide uncertainty.

Prior: shape :math:`a = 0.5`, rate :math:`b = 1` month, i.e. half an ending in one episode-month
per cause. It is weak on purpose: it matters only where a band has few episode-months (a band
with 100 months and no endings of a cause gets :math:`0.5/101 \approx 0.005` a month instead of a
hazard of exactly zero) and is swamped wherever the data are rich. The shape 0.5 is the
Jeffreys choice for a Poisson rate.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Final, Literal, get_args

import numpy as np

from detente._random import Seed, as_generator
from detente._typing import FloatArray, IntArray
from detente.errors import InvalidParameterError

__all__ = [
    "CAUSES",
    "EVENT_CAUSES",
    "ConflictType",
    "Event",
    "HazardBands",
    "HazardTable",
    "ReferenceClass",
    "load_hazards",
]

Event = Literal["ceasefire", "settlement"]
ConflictType = Literal["interstate", "civil"]

CAUSES: Final[tuple[str, ...]] = (
    "peace_agreement",
    "ceasefire",
    "victory",
    "low_activity_or_other",
)
EVENT_CAUSES: Final[Mapping[Event, tuple[str, ...]]] = {
    "settlement": ("peace_agreement",),
    "ceasefire": ("peace_agreement", "ceasefire"),
}

_CSV = "reference_hazards.csv"
_META = "reference_hazards.meta.json"


def _frozen(a: FloatArray) -> FloatArray:
    a = np.array(a, dtype=np.float64)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class HazardBands:
    """One conflict type's bands: edges, episode-months at risk, endings by cause.

    Attributes
    ----------
    edges : (K+1,) array
        Band edges in months, from 0 up to ``inf`` (the last band is open-ended so any elapsed
        time has a hazard).
    exposure : (K,) array
        Episode-months at risk inside each band.
    events : (K, len(CAUSES)) array
        Episodes ending in each band, by cause in :data:`CAUSES` order.
    entering : (K,) array
        Episodes still running at the start of each band (for reading the table, not the maths).
    """

    edges: FloatArray
    exposure: FloatArray
    events: FloatArray
    entering: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        edges, exposure, events = (_frozen(x) for x in (self.edges, self.exposure, self.events))
        k = edges.size - 1
        if k < 1 or edges[0] != 0.0 or not np.isinf(edges[-1]) or np.any(np.diff(edges) <= 0):
            msg = f"band edges must rise from 0 to inf (got {edges.tolist()})."
            raise InvalidParameterError(msg)
        if exposure.shape != (k,) or events.shape != (k, len(CAUSES)):
            msg = (
                f"exposure must be ({k},) and events ({k}, {len(CAUSES)}) "
                f"(got {exposure.shape} and {events.shape})."
            )
            raise InvalidParameterError(msg)
        if np.any(exposure < 0) or np.any(events < 0):
            msg = "exposure and event counts must be non-negative."
            raise InvalidParameterError(msg)
        entering = np.array(self.entering, dtype=np.int64)
        if entering.size == 0:
            entering = np.zeros(k, dtype=np.int64)
        entering.flags.writeable = False
        for name, value in (("edges", edges), ("exposure", exposure), ("events", events)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "entering", entering)


@dataclass(frozen=True, eq=False)
class HazardTable:
    """Per conflict type, the banded exposure and endings the base rates are fitted to."""

    bands: Mapping[ConflictType, HazardBands]
    source: str = ""

    def __getitem__(self, conflict_type: ConflictType) -> HazardBands:
        """The bands of ``conflict_type``."""
        if conflict_type not in self.bands:
            msg = f"conflict_type must be one of {sorted(self.bands)} (got {conflict_type!r})."
            raise InvalidParameterError(msg)
        return self.bands[conflict_type]


@cache
def load_hazards() -> HazardTable:
    """The packaged table (UCDP Conflict Termination v3-2021, CC BY 4.0, Kreutz 2010)."""
    data = resources.files("detente.history") / "data"
    text = (data / _CSV).read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    meta = json.loads((data / _META).read_text(encoding="utf-8"))
    bands: dict[ConflictType, HazardBands] = {}
    for ctype in get_args(ConflictType):
        mine = [r for r in rows if r["conflict_type"] == ctype]
        edges = [float(r["band_lo_months"]) for r in mine] + [float(mine[-1]["band_hi_months"])]
        bands[ctype] = HazardBands(
            edges=np.array(edges),
            exposure=np.array([float(r["exposure_months"]) for r in mine]),
            events=np.array([[float(r[c]) for c in CAUSES] for r in mine]),
            entering=np.array([int(r["n_episodes_entering"]) for r in mine], dtype=np.int64),
        )
    src = meta["source"]
    return HazardTable(bands, source=f"{src['dataset']} {src['version']}; {src['attribution']}")


def _check_times(elapsed_months: float, horizons: Sequence[float]) -> FloatArray:
    h = np.asarray(horizons, dtype=np.float64).reshape(-1)
    if not np.isfinite(elapsed_months) or elapsed_months < 0:
        msg = f"elapsed_months must be finite and >= 0 (got {elapsed_months})."
        raise InvalidParameterError(msg)
    if h.size == 0 or not np.all(np.isfinite(h)) or np.any(h < 0):
        msg = f"horizons must be a non-empty list of finite months >= 0 (got {list(horizons)})."
        raise InvalidParameterError(msg)
    return h


def _p_event(
    edges: FloatArray, lam_event: FloatArray, lam_all: FloatArray, d: float, h: FloatArray
) -> FloatArray:
    """Exact competing-risk P(event in (d, d+h]) for band rates of shape (..., K) → (..., H)."""
    lo, hi = edges[:-1], edges[1:]
    a = np.clip(d, lo, hi)  # (K,)
    b = np.clip(d + h[:, None], lo, hi)  # (H, K)
    w = b - a  # length of each band piece inside the window
    cum = lam_all[..., None, :] * w  # (..., H, K)
    before = np.cumsum(cum, axis=-1) - cum  # all-cause hazard from d to the piece's start
    share = lam_event / lam_all  # (..., K)
    terms = share[..., None, :] * np.exp(-before) * -np.expm1(-cum)
    return np.asarray(terms.sum(axis=-1), dtype=np.float64)


@dataclass(frozen=True)
class ReferenceClass:
    """Base rates of ceasefire and settlement by conflict type and time already elapsed.

    Attributes
    ----------
    table : HazardTable
        Banded exposure and endings (:func:`load_hazards` for the packaged UCDP table).
    prior_shape, prior_rate_months : float
        Gamma prior on each band's cause-specific monthly hazard: half an ending per cause in
        one episode-month, weak so that it only keeps sparse bands off zero (module docstring).
    """

    table: HazardTable
    prior_shape: float = 0.5
    prior_rate_months: float = 1.0

    def __post_init__(self) -> None:
        if not (self.prior_shape > 0 and self.prior_rate_months > 0):
            msg = (
                "prior_shape and prior_rate_months must be > 0 "
                f"(got {self.prior_shape}, {self.prior_rate_months})."
            )
            raise InvalidParameterError(msg)

    def _posterior(self, conflict_type: ConflictType) -> tuple[FloatArray, FloatArray]:
        bands = self.table[conflict_type]
        shape = self.prior_shape + bands.events  # (K, C)
        rate = self.prior_rate_months + bands.exposure  # (K,)
        return shape, rate

    def rates(self, conflict_type: ConflictType) -> FloatArray:
        """Posterior-mean monthly hazards, shape (K, len(CAUSES)), for reading the table."""
        shape, rate = self._posterior(conflict_type)
        return np.asarray(shape / rate[:, None], dtype=np.float64)

    def p_by(
        self,
        event: Event,
        conflict_type: ConflictType,
        elapsed_months: float,
        horizons: Sequence[float],
    ) -> FloatArray:
        """Posterior-mean P(``event`` within each horizon | the episode has lasted so long).

        Returns an array of ``len(horizons)`` probabilities, non-decreasing in the horizon.
        """
        h = _check_times(elapsed_months, horizons)
        lam = self.rates(conflict_type)
        return _p_event(
            self.table[conflict_type].edges,
            lam[:, _event_index(event)].sum(axis=-1),
            lam.sum(axis=-1),
            elapsed_months,
            h,
        )

    def p_by_draws(
        self,
        event: Event,
        conflict_type: ConflictType,
        elapsed_months: float,
        horizons: Sequence[float],
        n: int,
        seed: Seed,
    ) -> FloatArray:
        """``n`` draws of the same probabilities, shape (n, len(horizons)).

        Each draw samples every band's cause-specific hazards from their Gamma posteriors, so
        the spread shows how much the record actually pins the base rate down.
        """
        h = _check_times(elapsed_months, horizons)
        if n < 1:
            msg = f"n must be >= 1 (got {n})."
            raise InvalidParameterError(msg)
        shape, rate = self._posterior(conflict_type)
        rng = as_generator(seed)
        lam = rng.gamma(shape, 1.0 / rate[:, None], size=(n, *shape.shape))  # (n, K, C)
        return _p_event(
            self.table[conflict_type].edges,
            lam[..., _event_index(event)].sum(axis=-1),
            lam.sum(axis=-1),
            elapsed_months,
            h,
        )


def _event_index(event: Event) -> list[int]:
    if event not in EVENT_CAUSES:
        msg = f"event must be one of {sorted(EVENT_CAUSES)} (got {event!r})."
        raise InvalidParameterError(msg)
    return [CAUSES.index(c) for c in EVENT_CAUSES[event]]
