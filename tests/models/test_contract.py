"""The contract suite (detente.models.checks) run over every registered model."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from detente.models import MODELS, PositionTable
from detente.models.checks import CHECKS, Check, check_model, contract_table
from detente.models.compromise import CompromiseModel
from detente.scenario import Scenario

TABLES = {"random": contract_table(0), "random-8": contract_table(3, n_actors=8)}


def _for(name: str, table: PositionTable) -> PositionTable:
    """Models that read DEU issue facts get them (co-decision, QMV, no institutions)."""
    if not MODELS[name].info.needs_issue_info:
        return table
    info = tuple({"procedure": "COD", "rule": "QMV"} for _ in table.issues)
    return dataclasses.replace(table, issue_info=info)


@pytest.mark.parametrize("table_id", sorted(TABLES))
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_keeps_the_contract(name: str, check: Check, table_id: str) -> None:
    """Each registered model, with default parameters, passes each contract check."""
    check(MODELS[name](), _for(name, TABLES[table_id]))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_keeps_the_contract_on_a_scenario_table(name: str, tiny: Scenario) -> None:
    """The suite also passes on a table built from a scenario (with a war block)."""
    check_model(MODELS[name](), _for(name, PositionTable.from_scenario(tiny)))


@pytest.mark.parametrize("name", [n for n in sorted(MODELS) if MODELS[n].info.needs_issue_info])
def test_models_that_read_deu_facts_refuse_a_scenario(name: str, tiny: Scenario) -> None:
    """A DEU-only model given a scenario raises a DetenteError naming the fix."""
    from detente.errors import DetenteError

    with pytest.raises(DetenteError, match="--deu"):
        MODELS[name]().forecast(tiny)


def test_the_suite_catches_a_model_that_ignores_unanimity() -> None:
    """A model whose outcome is off the unanimous position fails the suite (the suite can fail)."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Broken(CompromiseModel):
        def _forecast(self, table, rng):  # type: ignore[no-untyped-def]
            f = super()._forecast(table, rng)
            return dataclasses.replace(f, outcome=np.full_like(f.outcome, 0.5))

    with pytest.raises(AssertionError, match="unanimous"):
        check_model(Broken())


def test_the_suite_catches_a_model_that_depends_on_actor_order() -> None:
    """A model that returns the first actor's ideal fails the permutation check."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class FirstActor(CompromiseModel):
        def _forecast(self, table, rng):  # type: ignore[no-untyped-def]
            f = super()._forecast(table, rng)
            return dataclasses.replace(f, outcome=np.array(table.positions[0]))

    with pytest.raises(AssertionError, match="reordering actors"):
        check_model(FirstActor())
