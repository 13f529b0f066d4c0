"""What one request may ask of the server: caps that keep a public what-if tool responsive."""

from __future__ import annotations

from dataclasses import dataclass

from detente.scenario.loader import MAX_BYTES

__all__ = ["ApiLimits"]


@dataclass(frozen=True)
class ApiLimits:
    """Per-request caps and the job pool's bounds.

    Attributes
    ----------
    max_draws, max_months : int
        The largest forecast a request may start (over them: 422, saying the cap).
    max_upload_bytes : int
        The largest scenario text accepted (over it: 413); the loader's own cap by default.
    concurrency : int
        Forecasts computed at once; the rest wait in the queue.
    max_queued : int
        Forecasts waiting or running at once (over it: 429 — retry later).
    max_kept : int
        Finished jobs remembered for polling (the oldest are forgotten first).
    """

    max_draws: int = 20_000
    max_months: int = 120
    max_upload_bytes: int = MAX_BYTES
    concurrency: int = 1
    max_queued: int = 8
    max_kept: int = 64
