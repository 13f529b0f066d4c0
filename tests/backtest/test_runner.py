"""Cases simulate to the same numbers in one process and on a local Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest

from detente.backtest.runner import case_seed, run_cases
from detente.errors import InvalidParameterError
from detente.scenario import case_names

pytest.importorskip("dask.distributed", reason="the 'distributed' extra is not installed")


@pytest.fixture(scope="module")
def two() -> list[str]:
    names = case_names()
    if len(names) < 2:
        pytest.skip("the case library has fewer than two cases")
    return names[:2]


def test_a_local_cluster_gives_the_single_process_numbers(two: list[str]) -> None:
    """Same seed → identical series whether one process or two Dask workers run the cases."""
    one = run_cases(two, n_draws=400, seed=3)
    seen: list[tuple[int, int]] = []
    dask = run_cases(two, n_draws=400, seed=3, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert list(dask) == two
    for cid in two:
        assert np.array_equal(one[cid].settlement, dask[cid].settlement)
        assert np.array_equal(one[cid].ceasefire, dask[cid].ceasefire)
    assert seen[-1] == (2, 2)


def test_a_case_forecast_depends_on_its_own_seed_only(two: list[str]) -> None:
    """Running a case alone, or after another, or with another seed: only the seed matters."""
    both = run_cases(two, n_draws=300, seed=5)
    alone = run_cases([two[1]], n_draws=300, seed=5)
    assert np.array_equal(both[two[1]].settlement, alone[two[1]].settlement)
    other = run_cases([two[1]], n_draws=300, seed=6)
    assert not np.array_equal(other[two[1]].ceasefire, alone[two[1]].ceasefire)
    assert case_seed(5, two[0]) != case_seed(5, two[1])


def test_the_series_are_cumulative_probabilities(two: list[str]) -> None:
    f = run_cases(two[:1], n_draws=300, seed=1)[two[0]]
    for s in (f.settlement, f.ceasefire):
        assert s.shape == (60,) and np.all(np.diff(s) >= 0) and s[0] >= 0 and s[-1] <= 1
    assert np.all(f.ceasefire >= f.settlement - 1e-12)  # a settlement brings a ceasefire


def test_zero_workers_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="workers"):
        run_cases(["x"], n_draws=10, seed=0, workers=0)
