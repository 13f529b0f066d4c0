"""The Nash bargaining family: the model, its package space, solvers, diagnosis and the exact
two-party reduction the simulation calls each month.

- ``model``: :class:`NashBargainingModel` (asymmetric Nash over package deals).
- ``forecast``: :class:`NashForecast`, what it returns.
- ``packages``: the discrete package space and its chunked enumeration.
- ``solutions``: the Nash and Kalai–Smorodinsky points and the Pareto frontier.
- ``optimise``: LP/HiGHS + SLSQP for spaces too large to enumerate.
- ``diagnosis``: without a zone of agreement, which red lines or floors bind.
- ``two_party``: the exact, vectorised two-party ZOPA test used by the simulation.
"""

from detente.models.nash.forecast import NashForecast
from detente.models.nash.model import NashBargainingModel

__all__ = ["NashBargainingModel", "NashForecast"]
