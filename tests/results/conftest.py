"""Fixtures: a hand-made simulation result for the tiny scenario (see tests/results/fake_result.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _fake() -> ModuleType:
    if "detente_tests_fake_result" in sys.modules:
        return sys.modules["detente_tests_fake_result"]
    path = Path(__file__).resolve().parents[1] / "results" / "fake_result.py"
    spec = importlib.util.spec_from_file_location("detente_tests_fake_result", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


make_result = _fake().make_result


@pytest.fixture
def result_factory() -> Any:
    """``make_result(seed=42, scale=1.0)``: build more hand-made results in a test."""
    return make_result


@pytest.fixture
def sim_result() -> Any:
    """A simulation result for tests/data/tiny.yaml, made by hand."""
    return make_result()
