"""Resource limits: raised knowingly by one environment variable each, checked before any work,
sizes taken from the stream (not ``stat``), worker pools capped and torn down on failure."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from detente import _files
from detente._limits import DRAWS, KTAB_BYTES, LIMITS, XML_DEPTH
from detente.dynamics import RunSpec, pool
from detente.errors import InvalidParameterError, ScenarioError
from detente.readers import read_ktab


def test_every_limit_names_its_variable_and_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal names the bound and the variable; setting the variable lifts the bound."""
    for limit in LIMITS.values():
        assert limit.env.startswith("DETENTE_MAX_")
        msg = limit.exceeded("x", limit.default + 1)
        assert msg is not None and limit.env in msg and f"{limit.default:,}" in msg
        monkeypatch.setenv(limit.env, str(limit.default + 1))
        assert limit.exceeded("x", limit.default + 1) is None


def test_a_bad_limit_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """DETENTE_MAX_DRAWS=0 or =lots is refused with the fix, not ignored."""
    for bad in ("0", "lots", "-5"):
        monkeypatch.setenv(DRAWS.env, bad)
        with pytest.raises(InvalidParameterError, match="DETENTE_MAX_DRAWS must be a whole"):
            DRAWS.value()


def test_draws_are_refused_before_anything_is_allocated() -> None:
    """RunSpec refuses 10^12 draws at once (it used to grow to GBs building chunk jobs)."""
    start = time.monotonic()
    with pytest.raises(InvalidParameterError, match="DETENTE_MAX_DRAWS"):
        RunSpec(n_draws=10**12)
    assert time.monotonic() - start < 1


def test_the_size_limit_reads_the_stream_not_stat(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/zero (stat: 0 bytes, endless), let through as if regular, is cut off at the limit."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    monkeypatch.setenv(KTAB_BYTES.env, "1000")
    monkeypatch.setattr(_files.stat, "S_ISREG", lambda _mode: True)
    with pytest.raises(ScenarioError, match="limited to"):
        _files.read_bounded(Path("/dev/zero"), KTAB_BYTES, kind="KTAB file")


def test_a_file_at_the_limit_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exactly the limit is accepted; one byte more is refused."""
    path = tmp_path / "k.csv"
    path.write_bytes(b"x" * 1000)
    monkeypatch.setenv(KTAB_BYTES.env, "1000")
    assert len(_files.read_bounded(path, KTAB_BYTES, kind="KTAB file")) == 1000
    path.write_bytes(b"x" * 1001)
    with pytest.raises(ScenarioError, match="DETENTE_MAX_KTAB_BYTES"):
        _files.read_bounded(path, KTAB_BYTES, kind="KTAB file")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO with no writer would block forever; it is refused at once."""
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(ScenarioError, match="must be a regular file"):
        read_ktab(fifo)
    assert time.monotonic() - start < 2


def test_deep_xml_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """200,000 nested elements stop at the depth limit (memory used to grow with depth²)."""
    path = tmp_path / "deep.xml"
    depth = 200_000
    path.write_text("<Scenario>" + "<a>" * depth + "</a>" * depth + "</Scenario>")
    start = time.monotonic()
    with pytest.raises(ScenarioError) as info:
        read_ktab(path)
    assert time.monotonic() - start < 5
    assert XML_DEPTH.env in str(info.value) and "Scenario, Actors" in str(info.value)


def test_wide_xml_is_read_in_linear_time(tmp_path: Path) -> None:
    """100,000 siblings are counted as they come (indexing each by a scan was quadratic)."""
    path = tmp_path / "wide.xml"
    path.write_text("<Scenario>" + "<Actor/>" * 100_000 + "</Scenario>")
    start = time.monotonic()
    with pytest.raises(ScenarioError):
        read_ktab(path)
    assert time.monotonic() - start < 10


class _Recorder:
    """Stands in for ProcessPoolExecutor, recording the pool size asked for."""

    sizes: list[int] = []  # noqa: RUF012

    def __init__(self, max_workers: int) -> None:
        self.sizes.append(max_workers)

    def map(self, fn: Any, jobs: Any) -> Any:
        return map(fn, jobs)

    def shutdown(self, **_k: Any) -> None:
        pass


def test_a_pool_is_capped_by_its_jobs_and_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """40 workers for 3 jobs start 3 processes; on 2 CPUs, 2."""
    monkeypatch.setattr(pool, "ProcessPoolExecutor", _Recorder)
    _Recorder.sizes = []
    monkeypatch.setattr(pool, "usable_cpus", lambda: 64)
    assert list(pool.ordered_map(abs, [-1, -2, -3], workers=40)) == [1, 2, 3]
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    assert list(pool.ordered_map(abs, [-1, -2, -3], workers=40)) == [1, 2, 3]
    assert _Recorder.sizes == [3, 2]
