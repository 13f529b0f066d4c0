"""Forecasts run off the request path: a bounded pool and the jobs' state for polling."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Job", "JobQueue", "QueueFullError"]

Status = Literal["queued", "running", "done", "failed"]
Work = Callable[[Callable[[int, int], None]], dict[str, Any]]


class QueueFullError(RuntimeError):
    """More forecasts are waiting or running than the server accepts."""


@dataclass
class Job:
    """One forecast: its state, progress ``(done, total)`` in draws, and result or error."""

    id: str
    status: Status = "queued"
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: str | None = None
    key: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, done: int, total: int) -> None:
        with self.lock:
            self.done, self.total = done, total

    def view(self) -> dict[str, Any]:
        """What a poll returns (the result only once done)."""
        with self.lock:
            out: dict[str, Any] = {
                "id": self.id,
                "status": self.status,
                "progress": {"done": self.done, "total": self.total},
            }
            if self.error is not None:
                out["error"] = self.error
            if self.result is not None:
                out["result"] = self.result
            return out


class JobQueue:
    """At most ``concurrency`` forecasts computing and ``max_queued`` accepted at once; the
    last ``max_kept`` finished jobs are kept for polling."""

    def __init__(self, concurrency: int, max_queued: int, max_kept: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="forecast")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_queued, self._max_kept = max_queued, max_kept

    def active(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return sum(j.status in ("queued", "running") for j in self._jobs.values())

    def submit(self, work: Work, key: str | None = None) -> tuple[Job, bool]:
        """Queue ``work`` (called with the job's progress callback; returns the result).

        With a ``key`` (the request's identity), a remembered job with the same key that has
        not failed is returned instead, with ``True``: identical what-ifs cost nothing twice.
        """
        with self._lock:
            if key is not None:
                for j in reversed(self._jobs.values()):
                    if j.key == key and j.status != "failed":
                        self._jobs.move_to_end(j.id)
                        return j, True
            busy = sum(j.status in ("queued", "running") for j in self._jobs.values())
            if busy >= self._max_queued:
                msg = f"{busy} forecasts are queued or running (the limit); retry in a moment"
                raise QueueFullError(msg)
            job = Job(uuid.uuid4().hex[:16], key=key)
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job, False

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _forget_old(self) -> None:
        done = [k for k, j in self._jobs.items() if j.status in ("done", "failed")]
        for k in done[: max(0, len(self._jobs) - self._max_kept)]:
            del self._jobs[k]

    @staticmethod
    def _run(job: Job, work: Work) -> None:
        with job.lock:
            job.status = "running"
        try:
            result = work(job.progress)
        except Exception as exc:
            with job.lock:
                job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
            return
        with job.lock:
            job.status, job.result = "done", result
