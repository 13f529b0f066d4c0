"""Shared fixtures: the seed, the test scenarios and the source articles (when present)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.scenario import Scenario, load_scenario

DATA = Path(__file__).parent / "data"
SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
REFERENCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def _seeds() -> list[int]:
    return list(range(100)) if os.environ.get("DETENTE_TEST_SEEDS") == "all" else [42]


@pytest.fixture(params=_seeds())
def seed(request: pytest.FixtureRequest) -> int:
    """A deterministic seed (42); DETENTE_TEST_SEEDS=all runs seeds 0–99."""
    return int(request.param)


@pytest.fixture
def tiny() -> Scenario:
    """A two-party, two-issue scenario small enough to check by hand."""
    return load_scenario(DATA / "tiny.yaml")


@pytest.fixture
def seeds_dir() -> Path:
    """The source articles in ../shared/seeds; skips the test when they are absent."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"source articles not found at {SEEDS_DIR} (they live outside the repository)")
    return SEEDS_DIR


@pytest.fixture
def reference_dir() -> Path:
    """Published worked examples in ../shared/reference; skips the test when absent."""
    if not REFERENCE_DIR.is_dir():
        pytest.skip(f"reference material not found at {REFERENCE_DIR} (outside the repository)")
    return REFERENCE_DIR


@pytest.fixture(autouse=True)
def _runs_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test stores runs in its own temporary database, never in the user's data folder."""
    monkeypatch.setenv("DETENTE_RUNS_URL", f"sqlite:///{tmp_path / 'runs.sqlite'}")


def _fake() -> ModuleType:
    if "detente_tests_fake_result" in sys.modules:
        return sys.modules["detente_tests_fake_result"]
    path = Path(__file__).resolve().parent / "results" / "fake_result.py"
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
    """A simulation result for tests/data/tiny.yaml, made by hand (tests/results/fake_result.py)."""
    return make_result()
