"""The one contract every bargaining model keeps: parameters in, Forecast out.

In the spirit of scikit-learn's estimators, made stateless: a model is a frozen dataclass
whose fields are its parameters (validated once, in ``__post_init__``), and ``forecast`` is
its only verb. ``dataclasses.replace(model, x=…)`` stands in for ``set_params``/``clone``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import numpy as np

from detente._random import Seed, as_generator
from detente._typing import FloatArray
from detente.errors import InvalidParameterError
from detente.models.feasibility import project
from detente.models.forecast import Forecast
from detente.models.table import PositionTable
from detente.models.utility import normalised_saliences, package_utility

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario

__all__ = ["BargainingModel", "ModelInfo", "check_param"]

F = TypeVar("F", bound=Forecast)


@dataclass(frozen=True)
class ModelInfo:
    """What a model is and what it needs (shown by ``detente models``).

    Attributes
    ----------
    title : str
        Human name, e.g. "Nash bargaining over package deals".
    summary : str
        One sentence for analysts.
    reference : str
        The paper or book it implements.
    dynamic : bool
        True if it returns a round-by-round trace.
    stochastic : bool
        True if its result depends on the seed.
    needs_walk_away : bool
        True if it requires walk-away values (scenario war block).
    needs_issue_info : bool
        True if it reads each issue's procedure and voting rule (``PositionTable.issue_info``,
        set by the DEU reader), so it refuses scenarios and plain tables.
    """

    title: str
    summary: str
    reference: str
    dynamic: bool = False
    stochastic: bool = False
    needs_walk_away: bool = False
    needs_issue_info: bool = False

    def check_supports(self, table: PositionTable, name: str) -> None:
        """Raise InvalidParameterError when the table lacks what the model needs."""
        if self.needs_walk_away and table.walk_away is None:
            msg = (
                f"model '{name}' needs walk-away values (got a table without them). Fix: use a "
                "scenario with a `war` block, or a table with walk_away set."
            )
            raise InvalidParameterError(msg)
        if self.needs_issue_info and table.issue_info is None:
            msg = (
                f"model '{name}' needs each issue's procedure and voting rule, which only DEU "
                "data carry (got a scenario or a plain table). Fix: run it with --deu FILE."
            )
            raise InvalidParameterError(msg)


def check_param(model: str, name: str, value: Any, rule: str, ok: bool) -> None:
    """Raise sklearn-style ``The 'x' parameter of Y must be … Got … instead.`` if not ``ok``."""
    if not ok:
        msg = f"The '{name}' parameter of {model} must be {rule}. Got {value!r} instead."
        raise InvalidParameterError(msg)


@dataclass(frozen=True, kw_only=True)
class BargainingModel(ABC):
    """Base class: subclasses declare parameters as dataclass fields and implement ``_forecast``."""

    name: ClassVar[str]
    info: ClassVar[ModelInfo]

    def get_params(self) -> dict[str, Any]:
        """Parameters as a dict (the dataclass fields, verbatim)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def forecast(self, data: PositionTable | Scenario, /, *, seed: Seed = None) -> Forecast:
        """Predict the outcome of bargaining over ``data``.

        Parameters
        ----------
        data : PositionTable or Scenario
            The negotiation; scenarios are converted at the median of every uncertain input.
        seed : int, numpy Generator or None
            For stochastic models; deterministic models ignore it.
        """
        table = PositionTable.coerce(data)
        self.info.check_supports(table, self.name)
        return self._forecast(table, as_generator(seed))

    @abstractmethod
    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        """Compute the forecast (subclasses)."""

    def _result(
        self,
        table: PositionTable,
        outcome: FloatArray,
        *,
        kind: type[F] = Forecast,  # type: ignore[assignment]
        utilities: FloatArray | None = None,
        **extra: Any,
    ) -> F:
        """Wrap an outcome in a Forecast (or subclass ``kind``) labelled from ``table``.

        Utilities default to the shared ``package_utility`` of each actor for the outcome.
        """
        if table.rules:
            weight = (table.capabilities * normalised_saliences(table.saliences)).sum(axis=0)
            options = tuple(sc.option_points for sc in table.scales)
            outcome, moved = project(outcome, table.rules, weight, options)
            if moved:
                notes = tuple(extra.pop("notes", ())) + tuple(
                    f"moved to a feasible package: {m}" for m in moved
                )
                extra["notes"] = notes
                utilities = None  # recomputed for the package actually predicted
        if utilities is None:
            utilities = package_utility(table.positions, table.saliences, outcome[None, :])[0]
        return kind(
            model=self.name,
            params=self.get_params(),
            actors=table.actors,
            issues=table.issues,
            scales=table.scales,
            outcome=outcome,
            utilities=utilities,
            **extra,
        )
