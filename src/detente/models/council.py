"""Capabilities of EU legislative actors: Council votes, voting power, population, equal.

The DEU data code no capabilities, so published tests supply them. This module holds the
tables and the power indices; :func:`capabilities` turns an issue's actor set and voting rule
into one capability per actor under a named scheme.

Schemes (``--capabilities``):

* ``votes`` (default): Council votes under the treaty in force, inferred from who is coded:
  the pre-Nice weights (EU-15, 87 votes) when only pre-2004 members are coded, the Nice
  weights (345 votes for EU-27) otherwise. The DEU dates are unreliable (a spreadsheet
  mangled some), so the coded membership decides. The Commission and the Parliament get the
  largest member's weight. This is the convention that reproduces the compromise model's
  published-style score on the DEU development half (MAE 20.7).
* ``equal``: every actor 1.
* ``population``: population in millions (Eurostat, 1 January 2010, rounded); Commission and
  Parliament get the largest member's.
* ``banzhaf`` / ``shapley``: the normalised Banzhaf or Shapley–Shubik index of each member
  in the weighted vote of the issue's rule: QMV with the treaty's quota on the ``votes``
  weights (62 of 87; Nice: 255 of 345, else 73.9 % of the total rounded up), unanimity (every
  member pivotal: equal power). Commission and Parliament get the largest member's index.
  Lisbon's double majority (from November 2014) is not modelled.
* ``gdp``: the capability row some copies of the DEU file carry (row 2, GDP-based).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

import numpy as np

from detente._typing import FloatArray
from detente.errors import InvalidParameterError

__all__ = [
    "EU15",
    "INSTITUTIONS",
    "POPULATION",
    "SCHEMES",
    "VOTES_NICE",
    "VOTES_PRE_NICE",
    "banzhaf",
    "capabilities",
    "shapley_shubik",
]

INSTITUTIONS = ("com", "ep")

VOTES_PRE_NICE: Mapping[str, int] = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "fi": 3, "ie": 3, "lu": 2,
}  # fmt: skip
EU15 = frozenset(VOTES_PRE_NICE)

VOTES_NICE: Mapping[str, int] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip

POPULATION: Mapping[str, float] = {
    "de": 81.8, "fr": 64.7, "uk": 62.0, "it": 60.3, "es": 46.0, "pl": 38.2, "ro": 21.5,
    "nl": 16.6, "el": 11.3, "be": 10.8, "pt": 10.6, "cz": 10.5, "hu": 10.0, "se": 9.3,
    "at": 8.4, "bu": 7.6, "dk": 5.5, "sk": 5.4, "fi": 5.4, "ie": 4.5, "cr": 4.4,
    "lt": 3.3, "lv": 2.2, "si": 2.0, "ee": 1.3, "cy": 0.8, "lu": 0.5, "mt": 0.4,
}  # fmt: skip

SCHEMES = ("votes", "equal", "population", "banzhaf", "shapley", "gdp")

_NICE_QUOTA_SHARE = 255 / 345


def treaty_votes(members: Sequence[str]) -> tuple[Mapping[str, int], int]:
    """The vote table in force for this membership and its QMV quota on these members."""
    if all(m in EU15 for m in members):
        table: Mapping[str, int] = VOTES_PRE_NICE
        total = sum(table[m] for m in members)
        quota = 62 if total == 87 else math.ceil(total * 62 / 87)
    else:
        table = VOTES_NICE
        total = sum(table.get(m, 0) for m in members)
        quota = 255 if total == 345 else math.ceil(total * _NICE_QUOTA_SHARE)
    return table, quota


def _subset_counts(weights: Sequence[int], total: int) -> FloatArray:
    """counts[k, w]: number of subsets of ``weights`` with k members and weight w."""
    n = len(weights)
    counts = np.zeros((n + 1, total + 1))
    counts[0, 0] = 1.0
    for w in weights:
        shifted = np.zeros_like(counts)
        shifted[1:, w:] = counts[:-1, : total + 1 - w]
        counts = counts + shifted
    return counts


@functools.lru_cache(maxsize=256)
def _power(weights: tuple[int, ...], quota: int, kind: str) -> tuple[float, ...]:
    n = len(weights)
    total = sum(weights)
    out = np.zeros(n)
    for i, wi in enumerate(weights):
        others = weights[:i] + weights[i + 1 :]
        counts = _subset_counts(others, total)
        lo, hi = max(quota - wi, 0), quota - 1  # coalitions the member turns into winners
        if hi < lo:
            continue
        swings = counts[:, lo : hi + 1].sum(axis=1)  # by coalition size k
        if kind == "banzhaf":
            out[i] = swings.sum()
        else:
            k = np.arange(n)
            fact = np.array(
                [math.factorial(int(j)) * math.factorial(n - int(j) - 1) for j in k], dtype=float
            )
            out[i] = float((swings[:n] * fact).sum() / math.factorial(n))
    s = out.sum()
    return tuple(float(v) for v in (out / s if s > 0 else np.full(n, 1.0 / n)))


def banzhaf(weights: Sequence[int], quota: int) -> FloatArray:
    """Normalised Banzhaf index of each voter in the weighted game ``[quota; weights]``.

    >>> [round(v, 3) for v in banzhaf([2, 1, 1], 3)]
    [0.6, 0.2, 0.2]
    """
    return np.array(_power(tuple(int(w) for w in weights), int(quota), "banzhaf"))


def shapley_shubik(weights: Sequence[int], quota: int) -> FloatArray:
    """Shapley–Shubik index of each voter in the weighted game ``[quota; weights]``.

    >>> [round(v, 3) for v in shapley_shubik([2, 1, 1], 3)]
    [0.667, 0.167, 0.167]
    """
    return np.array(_power(tuple(int(w) for w in weights), int(quota), "shapley"))


def capabilities(
    actors: Sequence[str],
    scheme: str = "votes",
    *,
    rule: str = "QMV",
    gdp: Mapping[str, float] | None = None,
) -> FloatArray:
    """One capability per actor of an issue under ``scheme`` (see the module docstring).

    ``actors`` are DEU ids (``com``, ``ep``, member-state codes); ``rule`` is the issue's
    Council voting rule (``Unan`` for unanimity, anything else is QMV).
    """
    if scheme not in SCHEMES:
        msg = f"unknown capability scheme {scheme!r}; choose one of {', '.join(SCHEMES)}"
        raise InvalidParameterError(msg)
    members = [a for a in actors if a not in INSTITUTIONS]
    if scheme == "equal":
        return np.ones(len(actors))
    unknown = [
        a for a in members if a not in VOTES_NICE and a not in VOTES_PRE_NICE and scheme != "gdp"
    ]
    if unknown:
        msg = f"no Council votes or population for actor(s) {', '.join(unknown)}"
        raise InvalidParameterError(msg)
    if scheme == "gdp":
        if gdp is None:
            msg = "scheme 'gdp' needs the file's capability row (row 2 of a DEU file)"
            raise InvalidParameterError(msg)
        by: dict[str, float] = {a: float(gdp.get(a, 0.0)) for a in actors}
    elif scheme == "population":
        by = {m: POPULATION[m] for m in members}
    else:
        table, quota = treaty_votes(members)
        by = {m: float(table[m]) for m in members}
        if scheme in ("banzhaf", "shapley") and members:
            weights = [int(table[m]) for m in members]
            q = sum(weights) if rule.lower().startswith("unan") else quota
            index = banzhaf(weights, q) if scheme == "banzhaf" else shapley_shubik(weights, q)
            by = dict(zip(members, (float(v) for v in index), strict=True))
    largest = max(by.values(), default=1.0)
    cap = np.array([by.get(a, largest) if a not in INSTITUTIONS else largest for a in actors])
    if scheme == "gdp":
        cap = np.array([by[a] for a in actors])
    return np.asarray(np.where(cap > 0, cap, 1e-9), dtype=float)
