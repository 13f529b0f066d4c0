r"""Weibull proportional-hazards regression for right-censored durations.

The relapse hazard of a deal given what it contains (``detente.dynamics.provisions``) is fitted
with this model on the UCDP Peace Agreement Dataset by ``scripts/fit_provision_effects.py``;
it lives in the package so that the same likelihood the shipped numbers came from is the one
the tests check by parameter recovery.

.. math:: h(t \mid z) = \frac{k}{\lambda}\Big(\frac{t}{\lambda}\Big)^{k-1} e^{\beta^\top z},
          \qquad S(t \mid z) = \exp\!\big(-(t/\lambda)^k e^{\beta^\top z}\big)

With event indicator :math:`d_i` and :math:`H_i = (t_i/\lambda)^k e^{\beta^\top z_i}` the
log-likelihood is :math:`\ell = \sum_i d_i\,[\ln k - \ln\lambda + (k-1)\ln(t_i/\lambda) +
\beta^\top z_i] - \sum_i H_i`, maximised over :math:`(\ln k, \ln\lambda, \beta)` with its
analytic gradient (BFGS). An optional ridge term :math:`-\tfrac{r}{2}\lVert\beta\rVert^2` (a
normal prior of variance :math:`1/r` on each log hazard ratio, the baseline unpenalised) keeps
the estimate finite when a resample leaves a rare provision with no ending at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize

from detente._typing import FloatArray
from detente.errors import InvalidParameterError

__all__ = ["WeibullPHFit", "fit_weibull_ph", "weibull_ph_loglik"]


@dataclass(frozen=True)
class WeibullPHFit:
    """Maximum-(penalised-)likelihood estimate: shape k, scale λ (time units of t), β."""

    shape: float
    scale: float
    beta: FloatArray
    loglik: float
    """The unpenalised log-likelihood at the estimate."""

    def cdf(self, t: float, z: npt.ArrayLike | None = None) -> float:
        """P(event by ``t``) for covariates ``z`` (baseline when None)."""
        lp = 0.0 if z is None else float(np.asarray(z, dtype=float) @ self.beta)
        return float(-np.expm1(-((t / self.scale) ** self.shape) * np.exp(lp)))


def _check(t: npt.ArrayLike, event: npt.ArrayLike, z: npt.ArrayLike) -> tuple[FloatArray, ...]:
    tt = np.asarray(t, dtype=float)
    dd = np.asarray(event, dtype=float)
    zz = np.asarray(z, dtype=float)
    if zz.ndim == 1:
        zz = zz[:, None]
    if tt.ndim != 1 or dd.shape != tt.shape or zz.ndim != 2 or zz.shape[0] != tt.size:
        msg = (
            f"t, event and z must be (n,), (n,) and (n, p) (got {tt.shape}, {dd.shape}, "
            f"{zz.shape}). Fix: one row per unit."
        )
        raise InvalidParameterError(msg)
    if tt.size == 0 or not np.all(np.isfinite(tt)) or np.any(tt <= 0):
        msg = "durations must be finite and > 0. Fix: drop or shift zero-length spells."
        raise InvalidParameterError(msg)
    if not np.all((dd == 0) | (dd == 1)):
        msg = "event must be 0 (censored) or 1 (ended)."
        raise InvalidParameterError(msg)
    return tt, dd, zz


def _nll_grad(
    theta: FloatArray, logt: FloatArray, d: FloatArray, z: FloatArray, ridge: float
) -> tuple[float, FloatArray]:
    rho, a, beta = theta[0], theta[1], theta[2:]
    k = np.exp(rho)
    u = logt - a
    lp = z @ beta
    H = np.exp(np.clip(k * u + lp, -700.0, 700.0))
    ll = float(np.sum(d * (rho - a + (k - 1.0) * u + lp)) - np.sum(H))
    g_rho = float(np.sum(d * (1.0 + k * u)) - np.sum(H * k * u))
    g_a = float(-k * np.sum(d) + k * np.sum(H))
    g_beta = z.T @ (d - H)
    obj = -ll + 0.5 * ridge * float(beta @ beta)
    grad = -np.concatenate(([g_rho, g_a], g_beta)) + np.concatenate(([0.0, 0.0], ridge * beta))
    return obj, grad


def weibull_ph_loglik(
    shape: float,
    scale: float,
    beta: npt.ArrayLike,
    t: npt.ArrayLike,
    event: npt.ArrayLike,
    z: npt.ArrayLike,
) -> float:
    """The (unpenalised) log-likelihood of the model at the given parameters."""
    tt, dd, zz = _check(t, event, z)
    theta = np.concatenate(([np.log(shape), np.log(scale)], np.asarray(beta, dtype=float)))
    return -_nll_grad(theta, np.log(tt), dd, zz, 0.0)[0]


def fit_weibull_ph(
    t: npt.ArrayLike,
    event: npt.ArrayLike,
    z: npt.ArrayLike,
    *,
    ridge: float = 0.0,
    start: npt.ArrayLike | None = None,
) -> WeibullPHFit:
    """Fit the Weibull PH model to durations ``t`` (> 0), ``event`` (1 ended, 0 censored) and
    covariates ``z`` (n, p); ``ridge`` ≥ 0 penalises β only; ``start`` = (ln k, ln λ, β…)."""
    tt, dd, zz = _check(t, event, z)
    if ridge < 0 or not np.isfinite(ridge):
        msg = f"ridge must be a finite number >= 0 (got {ridge})."
        raise InvalidParameterError(msg)
    if dd.sum() == 0:
        msg = "no event in the data: the Weibull model has no finite estimate."
        raise InvalidParameterError(msg)
    logt = np.log(tt)
    if start is None:
        # Exponential start: k = 1, λ = total time / events (the constant-hazard MLE).
        x0 = np.concatenate(([0.0, np.log(tt.sum() / dd.sum())], np.zeros(zz.shape[1])))
    else:
        x0 = np.asarray(start, dtype=float)
    res = optimize.minimize(
        _nll_grad,
        x0,
        args=(logt, dd, zz, float(ridge)),
        jac=True,
        method="BFGS",
        options={"gtol": 1e-8, "maxiter": 5000},
    )
    _, grad = _nll_grad(res.x, logt, dd, zz, float(ridge))
    if not np.all(np.isfinite(res.x)) or float(np.max(np.abs(grad))) > 1e-4:
        msg = (
            f"Weibull PH fit did not converge ({res.message}; max |gradient| "
            f"{np.abs(grad).max():.2g})"
        )
        raise RuntimeError(msg)
    beta = np.asarray(res.x[2:], dtype=float)
    ll = -_nll_grad(res.x, logt, dd, zz, 0.0)[0]
    return WeibullPHFit(float(np.exp(res.x[0])), float(np.exp(res.x[1])), beta, float(ll))
