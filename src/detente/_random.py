"""One place where seeds become generators, so no code path touches the global RNG."""

from __future__ import annotations

import numpy as np

__all__ = ["Seed", "as_generator"]

Seed = int | np.random.Generator | None


def as_generator(seed: Seed) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for ``seed``.

    An ``int`` or ``None`` seeds a new PCG64 generator; a generator is returned unchanged so
    callers can share one stream (common random numbers).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)
