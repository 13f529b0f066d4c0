"""Sobol indices on a local Dask cluster are the indices of one process."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.scenario import Scenario
from detente.whatif.sobol import sobol_indices

pytest.importorskip("dask.distributed", reason="the 'distributed' extra is not installed")


def test_a_local_cluster_gives_the_same_indices(
    tiny: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detente.whatif import sobol

    monkeypatch.setattr(sobol, "BATCH", 64)  # several batches, so several tasks
    one = sobol_indices(tiny, n_base=8, replicates=1, n_months=6, seed=3)
    two = sobol_indices(tiny, n_base=8, replicates=1, n_months=6, seed=3, workers=2)
    pd.testing.assert_frame_equal(one, two)
