"""Array aliases and the codebase-wide axis order.

Axis order, everywhere: ``(n_draws, n_months, n_actors, n_issues)``; drop the axes a quantity
does not have but never reorder the rest.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
