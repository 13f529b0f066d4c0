"""One way to reach a Dask cluster: a local one of N processes, or a running scheduler.

Sweeps that outgrow one machine (the backtest, the rate fit, Sobol designs) hand independent
tasks to Dask's distributed scheduler. Each task carries its own seed and inputs, so where it
runs never changes a number. Dask is an optional extra (``detente[distributed]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from detente.errors import InvalidParameterError

__all__ = ["cluster_map", "use_cluster"]


def use_cluster(workers: int, scheduler: str | None) -> bool:
    """True when work should go to Dask (more than one worker, or a scheduler address)."""
    if workers < 1:
        msg = f"workers must be >= 1 (got {workers}). Fix: pass --workers 1 or more."
        raise InvalidParameterError(msg)
    return workers > 1 or scheduler is not None


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is part of the test install
        msg = (
            "--workers and --scheduler need Dask's distributed scheduler. "
            "Fix: pip install 'detente[distributed]'."
        )
        raise InvalidParameterError(msg) from None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            msg = f"cannot reach the Dask scheduler at {scheduler} ({exc}). Fix: check the address."
            raise InvalidParameterError(msg) from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def cluster_map(
    func: Callable[..., Any],
    args: Sequence[tuple[Any, ...]],
    *,
    workers: int,
    scheduler: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """``[func(*a) for a in args]``, on Dask when asked, results in ``args`` order."""
    if not use_cluster(workers, scheduler):
        out = []
        for k, a in enumerate(args):
            out.append(func(*a))
            if progress is not None:
                progress(k + 1, len(args))
        return out
    if not args:
        return []
    # a local cluster needs no more processes than tasks
    ctx: AbstractContextManager[Any] = _client(min(workers, len(args)), scheduler)
    results: dict[int, Any] = {}
    with ctx as client:
        from dask.distributed import as_completed

        futures = {client.submit(func, *a, pure=False): k for k, a in enumerate(args)}
        for done, fut in enumerate(as_completed(list(futures)), start=1):
            results[futures[fut]] = fut.result()
            if progress is not None:
                progress(done, len(args))
    return [results[k] for k in range(len(args))]
