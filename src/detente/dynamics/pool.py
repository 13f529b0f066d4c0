"""Map a function over jobs in worker processes, in order, and never hang on a failure.

Each pool is capped at its number of jobs and the usable CPUs (more processes only compete;
the numbers never depend on the count). If the processes cannot be started — a process or
memory limit — or one dies, the pool is torn down (its processes killed) and a
:class:`WorkerError` says what happened and how to run with fewer workers; a pool left
half-started would otherwise keep the interpreter from exiting.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from detente.errors import DetenteError

__all__ = ["WorkerError", "ordered_map", "usable_cpus"]

J = TypeVar("J")
R = TypeVar("R")


class WorkerError(DetenteError, RuntimeError):
    """Worker processes could not be started, or one died; the message says what to do."""


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def ordered_map(fn: Callable[[J], R], jobs: Sequence[J], *, workers: int) -> Iterator[R]:
    """``fn(j)`` for each job, in order, in up to ``workers`` processes (capped as above)."""
    n = min(workers, len(jobs), usable_cpus())
    if n <= 1:
        yield from map(fn, jobs)
        return
    pool = ProcessPoolExecutor(max_workers=n)
    clean = False
    try:
        try:
            results = pool.map(fn, jobs)
        except OSError as exc:
            msg = (
                f"{n} worker processes must start (got: {exc.strerror or exc}; a limit on "
                "processes or memory?). Fix: run with fewer, e.g. --workers 1."
            )
            raise WorkerError(msg) from None
        try:
            yield from results
        except BrokenProcessPool as exc:
            msg = (
                f"a worker process died ({exc}; out of memory, or killed?). "
                "Fix: run with fewer workers or draws, e.g. --workers 1."
            )
            raise WorkerError(msg) from None
        clean = True
    finally:
        if clean:
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            _kill(pool)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a failed (or abandoned) pool at once: cancel its work, kill its processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.kill()
    for p in processes:
        p.join(timeout=5)
