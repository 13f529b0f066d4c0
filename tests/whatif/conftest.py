"""Fixtures for the what-if tests: the dynamics miniature and the report's small scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.scenario import Scenario, load_scenario

ROOT = Path(__file__).parent.parent
MINI = ROOT / "dynamics" / "data" / "mini_ukraine.yaml"
SMALL = ROOT / "report" / "data" / "small.yaml"


@pytest.fixture
def mini() -> Scenario:
    """A small Russia–Ukraine-like scenario (tests/dynamics/data/mini_ukraine.yaml)."""
    return load_scenario(MINI)


@pytest.fixture
def small() -> Scenario:
    """The tiny scenario plus proposals, a lever and a citation (tests/report/data/small.yaml)."""
    return load_scenario(SMALL)
