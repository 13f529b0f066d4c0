"""The contract every registered model must keep, as reusable checks.

scikit-learn's ``parametrize_with_checks`` idea: one suite, run over every entry in
``MODELS`` by ``tests/models/test_contract.py``, so a new model joins by passing it. Each
check takes ``(model, table)`` and raises ``AssertionError`` naming what broke.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from detente.errors import InvalidParameterError
from detente.models.base import BargainingModel
from detente.models.forecast import Forecast
from detente.models.table import PositionTable
from detente.scenario.scales import IssueScale

__all__ = ["CHECKS", "check_model", "contract_table"]

Check = Callable[[BargainingModel, PositionTable], None]
_ATOL = 1e-9


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise AssertionError(what)


def contract_table(seed: int = 0, n_actors: int = 5) -> PositionTable:
    """A small random table with walk-away values: two numeric issues and one ordinal.

    Walk-away utilities are low (0.1), so models that need them find a bargaining range.
    """
    rng = np.random.default_rng(seed)
    ordinal = IssueScale(
        "status",
        "Status",
        "ordinal",
        0.0,
        1.0,
        option_ids=("a", "b", "c"),
        option_labels=("A", "B", "C"),
        option_points=(0.0, 0.5, 1.0),
    )
    scales = (
        IssueScale("land", "Land", "numeric", 0.0, 100.0, unit="%"),
        IssueScale("money", "Money", "numeric", -5.0, 5.0, unit="bn"),
        ordinal,
    )
    positions = rng.random((n_actors, 3))
    positions[:, 2] = rng.choice([0.0, 0.5, 1.0], n_actors)
    return PositionTable(
        actors=tuple(f"actor{i}" for i in range(n_actors)),
        issues=tuple(s.id for s in scales),
        scales=scales,
        positions=positions,
        saliences=rng.uniform(0.2, 1.0, (n_actors, 3)),
        capabilities=rng.uniform(0.2, 1.0, (n_actors, 3)),
        veto=np.ones(n_actors, dtype=bool),
        at_table=np.ones(n_actors, dtype=bool),
        reference=np.full(3, 0.5),
        walk_away=np.full(n_actors, 0.1),
    )


def _same(f: Forecast, g: Forecast) -> bool:
    same_trace = (f.trace is None and g.trace is None) or (
        f.trace is not None
        and g.trace is not None
        and f.trace.shape == g.trace.shape
        and np.allclose(f.trace, g.trace, atol=_ATOL)
    )
    return bool(
        np.allclose(f.outcome, g.outcome, atol=_ATOL)
        and np.allclose(f.utilities, g.utilities, atol=_ATOL)
        and same_trace
    )


def check_returns_forecast(model: BargainingModel, table: PositionTable) -> None:
    """A Forecast with the table's labels, an outcome per issue on [0, 1], a utility per actor."""
    f = model.forecast(table, seed=0)
    _require(isinstance(f, Forecast), f"forecast returned {type(f).__name__}, not Forecast")
    _require(f.model == model.name, f"Forecast.model is {f.model!r}, not {model.name!r}")
    _require(
        f.actors == table.actors and f.issues == table.issues, "labels differ from the table's"
    )
    _require(f.scales == table.scales, "scales differ from the table's")
    out = np.asarray(f.outcome)
    _require(out.shape == (table.n_issues,), f"outcome has shape {out.shape}")
    _require(bool(np.all(np.isfinite(out))), "outcome is not finite")
    _require(bool(np.all((out >= -_ATOL) & (out <= 1 + _ATOL))), f"outcome {out} is off [0, 1]")
    _require(np.asarray(f.utilities).shape == (table.n_actors,), "utilities are not one per actor")
    _require(dict(f.params) == model.get_params(), "Forecast.params differ from get_params()")
    if model.info.dynamic:
        _require(
            f.trace is not None
            and f.trace.ndim == 3
            and f.trace.shape[1:] == (table.n_actors, table.n_issues),
            "a dynamic model must return a (rounds, actors, issues) trace",
        )
    else:
        _require(f.trace is None, "a model tagged dynamic=False returned a trace")
    f.to_frame()


def check_same_seed_same_numbers(model: BargainingModel, table: PositionTable) -> None:
    """Two runs with one seed agree; a deterministic model ignores the seed altogether."""
    _require(
        _same(model.forecast(table, seed=7), model.forecast(table, seed=7)),
        "the same seed gave different numbers",
    )
    if not model.info.stochastic:
        _require(
            _same(model.forecast(table, seed=1), model.forecast(table, seed=2)),
            "a model tagged stochastic=False depends on the seed",
        )


def check_input_not_mutated(model: BargainingModel, table: PositionTable) -> None:
    """Every array of the table is equal before and after a forecast."""
    before = {
        k: np.array(v, copy=True) for k, v in vars(table).items() if isinstance(v, np.ndarray)
    }
    model.forecast(table, seed=0)
    for k, v in before.items():
        _require(
            bool(np.array_equal(v, getattr(table, k), equal_nan=True)), f"table.{k} was mutated"
        )


def check_replace_round_trips(model: BargainingModel, table: PositionTable) -> None:
    """``dataclasses.replace`` with no or with all parameters gives an equal, equivalent model."""
    copy = dataclasses.replace(model)
    _require(copy == model, "dataclasses.replace(model) != model")
    again = dataclasses.replace(model, **model.get_params())
    _require(again == model and again.get_params() == model.get_params(), "get_params round trip")
    _require(
        _same(copy.forecast(table, seed=0), model.forecast(table, seed=0)),
        "a replaced copy forecasts differently",
    )


def check_actor_order_is_irrelevant(model: BargainingModel, table: PositionTable) -> None:
    """Permuting and renaming the actors leaves the outcome and permutes the utilities."""
    order = np.roll(np.arange(table.n_actors), 1)  # every actor changes place
    moved = table.take_actors(order.tolist())
    moved = dataclasses.replace(moved, actors=tuple(f"x{a}" for a in moved.actors))
    f, g = model.forecast(table, seed=0), model.forecast(moved, seed=0)
    _require(
        bool(np.allclose(f.outcome, g.outcome, atol=1e-7)),
        f"reordering actors changed the outcome ({f.outcome} vs {g.outcome})",
    )
    _require(
        bool(np.allclose(np.asarray(f.utilities)[order], g.utilities, atol=1e-7)),
        "utilities were not permuted with the actors",
    )


def check_unanimous_table(model: BargainingModel, table: PositionTable) -> None:
    """When every actor wants the same package, that package is the outcome.

    On ordinal issues the common position is an option (the option nearest a spread of
    interior points), since that is all a position on such an issue can be.
    """
    target = np.linspace(0.2, 0.8, table.n_issues)
    for k, sc in enumerate(table.scales):  # on ordinal issues, positions are options
        if sc.kind == "ordinal":
            target[k] = sc.option_points[sc.nearest_option(float(target[k]))]
    same = dataclasses.replace(table, positions=np.tile(target, (table.n_actors, 1)))
    f = model.forecast(same, seed=0)
    _require(
        bool(np.allclose(f.outcome, target, atol=1e-7)),
        f"unanimous table gave {f.outcome}, not {target}",
    )


_BAD_VALUES: tuple[Any, ...] = ("__not-a-valid-value__", float("nan"), -1e300)


def check_invalid_parameters_raise(model: BargainingModel, table: PositionTable) -> None:
    """Each parameter refuses nonsense (a stray string, NaN, a huge negative) at construction."""
    del table
    for field in dataclasses.fields(model):
        default = getattr(model, field.name)
        for bad in _BAD_VALUES:
            if isinstance(default, str) and not isinstance(bad, str):
                continue
            if isinstance(default, bool) and bad == -1e300:
                continue
            try:
                dataclasses.replace(model, **{field.name: bad})
            except InvalidParameterError:
                continue
            msg = (
                f"{type(model).__name__}({field.name}={bad!r}) did not raise InvalidParameterError"
            )
            raise AssertionError(msg)


def check_info_tags_honoured(model: BargainingModel, table: PositionTable) -> None:
    """A model that needs walk-away values refuses a table without them, and only then."""
    bare = dataclasses.replace(table, walk_away=None)
    if model.info.needs_walk_away:
        try:
            model.forecast(bare, seed=0)
        except InvalidParameterError:
            return
        msg = "needs_walk_away=True but a table without walk_away was accepted"
        raise AssertionError(msg)
    model.forecast(bare, seed=0)


CHECKS: tuple[Check, ...] = (
    check_returns_forecast,
    check_same_seed_same_numbers,
    check_input_not_mutated,
    check_replace_round_trips,
    check_actor_order_is_irrelevant,
    check_unanimous_table,
    check_invalid_parameters_raise,
    check_info_tags_honoured,
)


def check_model(model: BargainingModel, table: PositionTable | None = None) -> None:
    """Run every contract check on ``model``; raise AssertionError at the first failure."""
    t = contract_table() if table is None else table
    for check in CHECKS:
        check(model, t)
