"""A simple averaged ensemble: the mean of several models' unit outcomes, issue by issue.

Its defaults are the model put forward for the DEU test half, frozen from the development
half by the protocol in ``scripts/deu_select.py`` (5-fold cross-validation by proposal):
the mean of the compromise model and the probabilistic Condorcet model with quartic victory
probabilities and quadratic loss (cross-validated MAE 19.97 against the compromise's 20.72).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.compromise import CompromiseModel
from detente.models.condorcet import CondorcetModel
from detente.models.forecast import Forecast
from detente.models.median import MedianVoterModel
from detente.models.table import PositionTable

__all__ = ["EnsembleModel"]

# the members at the parameters frozen from the DEU development half
_MEMBERS: dict[str, BargainingModel] = {
    "compromise": CompromiseModel(),
    "condorcet": CondorcetModel(victory="Quartic", summary="mean", power=2.0),
    "median": MedianVoterModel(),
}


@dataclass(frozen=True, kw_only=True)
class EnsembleModel(BargainingModel):
    """Average the unit outcomes of ``members``: ``compromise``, ``median`` and ``condorcet``
    (quartic victory probabilities, quadratic loss, as frozen from the DEU development half).

    Works wherever its members work, scenarios included.
    """

    members: tuple[str, ...] = ("compromise", "condorcet")

    name: ClassVar[str] = "ensemble"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Averaged ensemble",
        summary="The mean of the compromise and probabilistic Condorcet outcomes "
        "(frozen from the DEU development half).",
        reference="Bates & Granger 1969 (forecast combination)",
    )

    def __post_init__(self) -> None:
        ok = (
            isinstance(self.members, tuple)
            and bool(self.members)
            and all(isinstance(m, str) and m in _MEMBERS for m in self.members)
        )
        rule = f"a non-empty tuple of {', '.join(_MEMBERS)}"
        check_param(type(self).__name__, "members", self.members, rule, ok)

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        outs = [_MEMBERS[m].forecast(table, seed=rng).outcome for m in self.members]
        return self._result(table, np.clip(np.mean(outs, axis=0), 0.0, 1.0))
