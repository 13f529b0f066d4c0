"""Correlation matrices of the Gaussian copula: rank → Pearson, and the repair of a matrix
that is not positive definite.

Lives with the scenario so that validation can tell the analyst how far their declared
correlations move when repaired (a warning) with the very arithmetic the sampler uses.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray

__all__ = ["MIN_EIGENVALUE", "nearest_correlation", "pearson_to_spearman", "spearman_to_pearson"]

MIN_EIGENVALUE = 1e-8
"""Eigenvalues below this are clipped to it: the matrix must be (numerically) positive definite
for the copula's Cholesky factor."""


def spearman_to_pearson(rho: float) -> float:
    """Pearson correlation of normals giving rank correlation ``rho`` (Kruskal 1958)."""
    return float(2.0 * np.sin(np.pi * rho / 6.0))


def pearson_to_spearman(r: float) -> float:
    """Inverse of :func:`spearman_to_pearson`."""
    return float(6.0 / np.pi * np.arcsin(np.clip(r / 2.0, -1.0, 1.0)))


def nearest_correlation(corr: FloatArray) -> tuple[FloatArray, bool]:
    """``corr`` itself if positive definite, else the nearest one by eigenvalue clipping
    (rescaled to a unit diagonal); the flag says whether it was repaired."""
    w, v = np.linalg.eigh(corr)
    if w.min() >= MIN_EIGENVALUE:
        return corr, False
    fixed = (v * np.maximum(w, MIN_EIGENVALUE)) @ v.T
    sd = np.sqrt(np.diag(fixed))
    return fixed / np.outer(sd, sd), True
