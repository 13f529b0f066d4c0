"""Fixtures for the dynamics tests: the built-in scenario (skipped until it lands) and a miniature."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.scenario import Scenario, builtin_names, load_scenario

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini_ukraine.yaml"
BUILTIN = "ukraine-2025-09"


@pytest.fixture
def mini() -> Scenario:
    """A small Russia–Ukraine-like scenario written for these tests."""
    return load_scenario(MINI)


def scenario_source(name: str) -> str:
    """Path or built-in name for a parametrised scenario."""
    if name == "builtin":
        assert BUILTIN in builtin_names()
        return BUILTIN
    return str(MINI)
