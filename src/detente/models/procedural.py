"""A procedure-aware compromise for EU legislation: who sets the agenda, who can veto, and
what happens without agreement.

The compromise model's weights :math:`w_k = c_k s_k` are scaled by the actor's role under the
issue's procedure: the Commission (agenda setter under both procedures) by
:math:`\\alpha_{com}`, the Parliament by :math:`\\alpha_{ep}^{COD}` under co-decision (a
veto player) and :math:`\\alpha_{ep}^{CNS}` under consultation (only an opinion). Where the
reference point :math:`r` (the outcome without agreement) is known, the outcome is pulled
toward it, more under unanimity, where every member can hold out for it:

.. math:: O = \\frac{\\sum_k \\alpha_k w_k x_k + \\lambda_{rule} W r}{\\sum_k \\alpha_k w_k
          + \\lambda_{rule} W},\\qquad W = \\sum_k \\alpha_k w_k .

The parameters' defaults are frozen from the DEU development half (odd-numbered proposals
only; see docs/models.md, "DEU"). The model reads each issue's procedure and voting rule from
``PositionTable.issue_info``, which only the DEU reader sets: scenarios are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from detente.errors import InvalidParameterError
from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.forecast import Forecast
from detente.models.table import PositionTable

__all__ = ["ProceduralModel", "procedural_outcome"]


def procedural_outcome(
    positions: np.ndarray,
    weights: np.ndarray,
    roles: np.ndarray,
    reference: float,
    *,
    cod: bool,
    unanimity: bool,
    commission: float,
    ep_cod: float,
    ep_cns: float,
    ref_qmv: float,
    ref_unan: float,
) -> float:
    """One issue's outcome. ``roles`` is 1 for the Commission, 2 for the Parliament, else 0."""
    mult = np.where(roles == 1, commission, np.where(roles == 2, ep_cod if cod else ep_cns, 1.0))
    w = np.asarray(weights, dtype=float) * mult
    total = float(w.sum())
    if total <= 0:
        return float(np.mean(positions))
    num = float((w * positions).sum())
    lam = ref_unan if unanimity else ref_qmv
    if np.isfinite(reference) and lam > 0:
        return (num + lam * total * reference) / (total * (1 + lam))
    return num / total


@dataclass(frozen=True, kw_only=True)
class ProceduralModel(BargainingModel):
    """Compromise with the Commission's, the Parliament's and the reference point's roles.

    Parameters
    ----------
    commission, ep_cod, ep_cns : float
        Multipliers of the Commission's weight, and of the Parliament's under co-decision and
        under consultation.
    ref_qmv, ref_unan : float
        Weight of the reference point (as a share of the actors' total weight) under QMV and
        under unanimity; 0 ignores it.
    """

    commission: float = 2.0
    ep_cod: float = 2.0
    ep_cns: float = 1.0
    ref_qmv: float = 0.0
    ref_unan: float = 0.0

    name: ClassVar[str] = "procedural"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Procedure-aware compromise (EU legislation)",
        summary="Compromise with the Commission's and Parliament's roles under COD/CNS and a "
        "pull toward the reference point; DEU tables only.",
        reference="Thomson et al. 2006 (EUD); Crombez 1996; Steunenberg 1994",
        needs_issue_info=True,
    )

    def __post_init__(self) -> None:
        cls = type(self).__name__
        for field_name in ("commission", "ep_cod", "ep_cns", "ref_qmv", "ref_unan"):
            v = getattr(self, field_name)
            check_param(cls, field_name, v, "a finite number >= 0",
                        isinstance(v, int | float) and not isinstance(v, bool)
                        and bool(np.isfinite(v)) and v >= 0)  # fmt: skip

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        if table.issue_info is None:  # forecast() checks first; kept for direct callers
            self.info.check_supports(table, self.name)
            raise InvalidParameterError(self.name)  # pragma: no cover
        weights = table.capabilities * table.saliences
        ref = np.full(table.n_issues, np.nan) if table.reference is None else table.reference
        out = np.zeros(table.n_issues)
        for d, info in enumerate(table.issue_info):
            roles = np.array(
                [
                    1 if a == info.get("commission") else 2 if a == info.get("parliament") else 0
                    for a in table.actors
                ]
            )
            out[d] = procedural_outcome(
                table.positions[:, d],
                weights[:, d],
                roles,
                float(ref[d]),
                cod=info.get("procedure", "").upper() == "COD",
                unanimity=info.get("rule", "").lower().startswith("unan"),
                commission=self.commission,
                ep_cod=self.ep_cod,
                ep_cns=self.ep_cns,
                ref_qmv=self.ref_qmv,
                ref_unan=self.ref_unan,
            )
        return self._result(table, np.clip(out, 0.0, 1.0))
