"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert & Smith.

Actors challenge one another's positions on one issue at a time. Each weighs the chance of
winning a vote (eqs. 30–31) against what it stands to gain or lose (eqs. 15–16, 22–25), with
a risk attitude read off how exposed its position is (eqs. 32–34). Offers that both sides
expect to pay are accepted, positions move, and the rounds repeat until the median settles
(BDM 2002). Equation numbers are those of Scholz, Calbert & Smith (ICAART 2011).

The published account is ambiguous in places; every reading that changes the numbers is a
parameter (see docs/models.md, section "expected-utility").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.errors import ConvergenceWarning
from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.forecast import Forecast
from detente.models.median import weighted_median
from detente.models.table import PositionTable

__all__ = [
    "ExpectedUtilityModel",
    "challenge_matrices",
    "expected_utility_of_challenge",
    "probability_of_success",
    "risk_exponents",
    "round_of_challenges",
    "update_positions",
]

_NAME = "ExpectedUtilityModel"
_CHUNK = 1 << 18  # elements in the (voter, a, b) temporary of probability_of_success


def _is_real(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and bool(np.isfinite(v))


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def probability_of_success(
    x: FloatArray,
    weights: FloatArray,
    r: FloatArray,
    span: float,
    *,
    method: Literal["paper", "scholz-code"] = "paper",
) -> FloatArray:
    """Probability that actor i's position beats actor j's in a weighted vote, for all pairs.

    Parameters
    ----------
    x : (n,) array
        Positions on one issue.
    weights : (n,) array
        Each voter's weight :math:`c_k s_k`.
    r : (n,) array
        Each voter's risk exponent (applied to its distances).
    span : float
        The range :math:`R` of positions (> 0).
    method : {"paper", "scholz-code"}
        ``"paper"``: eq. 31, so :math:`P^i + P^j = 1`. ``"scholz-code"``: the numerator of
        eq. 31 over the votes summed over *all* ordered pairs of positions, as Scholz's code
        does (per jmckib's reading), which makes every probability small.

    Returns
    -------
    (n, n) array
        ``P[i, j]`` = probability that i prevails against j.

    Notes
    -----
    Scholz, Calbert & Smith (2011), eqs. 30–31:

    .. math:: P^i = \\frac{\\sum_{k: a_k > 0} c_k s_k a_k}{\\sum_k c_k s_k |a_k|},\\quad
              a_k = (|x_k - x_j|/R)^{r_k} - (|x_k - x_i|/R)^{r_k}.

    Computed on the distinct positions only, so clustered positions cost less.
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(weights, dtype=float)
    rk = np.asarray(r, dtype=float)
    u, inv = np.unique(x, return_inverse=True)
    dist = (np.abs(x[:, None] - u[None, :]) / span) ** rk[:, None]  # (voter, distinct)
    linear = bool(np.all(rk == 1.0))  # the risk-neutral pass has an O(m^2 log n) form
    support = _support_linear(u, x, w) / span if linear else _support(dist, w)
    if method == "paper":
        total = support + support.T
        p = np.divide(support, total, out=np.full_like(support, 0.5), where=total > 0)
    else:
        full = dist[:, inv]  # (voter, actor)
        srt = np.sort(full, axis=1)
        n = x.shape[0]
        coef = 2.0 * (2.0 * np.arange(n) - n + 1.0)
        denom = float(w @ (srt @ coef))
        p = support / denom if denom > 0 else np.zeros_like(support)
    out = p[inv][:, inv]
    np.fill_diagonal(out, 0.0)
    return np.asarray(out, dtype=float)


def _support(dist: FloatArray, w: FloatArray) -> FloatArray:
    """``S[a, b] = sum_k w_k max(0, D[k, b] - D[k, a])``, in chunks of voters (O(n m^2))."""
    m = dist.shape[1]
    support = np.zeros((m, m))
    step = max(1, _CHUNK // max(1, m * m))
    for k0 in range(0, dist.shape[0], step):
        d = dist[k0 : k0 + step]
        gap = d[:, None, :] - d[:, :, None]
        np.maximum(gap, 0.0, out=gap)
        support += np.einsum("k,kab->ab", w[k0 : k0 + step], gap)
    return support


def _support_linear(u: FloatArray, x: FloatArray, w: FloatArray) -> FloatArray:
    """``S[a, b] = sum_k w_k max(0, |x_k - u_b| - |x_k - u_a|)`` by prefix sums (O(m^2 log n)).

    For :math:`u_a < u_b` a voter at or left of :math:`u_a` gives :math:`u_b - u_a`, one
    between :math:`u_a` and the midpoint gives :math:`u_a + u_b - 2x_k`, the rest nothing;
    mirrored for :math:`u_a > u_b`. Used for the risk-neutral pass (every :math:`r = 1`).
    """
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cw = np.concatenate([[0.0], np.cumsum(ws)])
    cwx = np.concatenate([[0.0], np.cumsum(ws * xs)])
    ua, ub = u[:, None], u[None, :]
    gap, both, mid = np.abs(ub - ua), ua + ub, 0.5 * (ua + ub)
    # u_a < u_b: voters x <= u_a, then u_a < x <= mid
    k_a = np.searchsorted(xs, ua, side="right")
    k_m = np.searchsorted(xs, mid, side="right")
    left = gap * cw[k_a] + both * (cw[k_m] - cw[k_a]) - 2.0 * (cwx[k_m] - cwx[k_a])
    # u_a > u_b: voters x >= u_a, then mid <= x < u_a
    j_a = np.searchsorted(xs, ua, side="left")
    j_m = np.searchsorted(xs, mid, side="left")
    right = gap * (cw[-1] - cw[j_a]) + 2.0 * (cwx[j_a] - cwx[j_m]) - both * (cw[j_a] - cw[j_m])
    out = np.where(ua < ub, left, np.where(ua > ub, right, 0.0))
    return np.asarray(np.maximum(out, 0.0), dtype=float)


def expected_utility_of_challenge(
    d: FloatArray,
    d_median: FloatArray,
    p: FloatArray,
    s_target: FloatArray,
    r: FloatArray,
    *,
    q: float,
) -> FloatArray:
    """Expected utility to a challenger of challenging a target, rather than not.

    Parameters
    ----------
    d : array
        :math:`d_{ij} = |x_i - x_j| / R`, challenger to target.
    d_median : array
        :math:`|x_i - \\mu| / R`, challenger to the median (broadcasts with ``d``).
    p : array
        Probability the challenger prevails.
    s_target : array
        Target's salience: the probability that it resists.
    r : array
        Risk exponent of the actor whose estimate this is.
    q : float
        Probability that the status quo persists if no challenge is made.

    Returns
    -------
    array (broadcast shape)

    Notes
    -----
    Scholz, Calbert & Smith (2011), eqs. 5–7 and 25 with the basic utilities of eqs. 15–16
    and 22–24:

    .. math::
        E^i(U_{ij}) = s_j[P^i U_s + (1-P^i) U_f] + (1-s_j) U_s - Q U_{sq}
                      - (1-Q)[T U_b + (1-T) U_w]

    with :math:`U_s = 2 - 4(0.5 - 0.5 d)^r`, :math:`U_f = 2 - 4(0.5 + 0.5 d)^r`,
    :math:`U_{sq} = 2 - 4 \\cdot 0.5^r`, :math:`U_{b,w} = 2 - 4(0.5 \\mp 0.25(d_\\mu + d))^r`.
    :math:`T = 1` when the target drifting to the median would help the challenger, that is
    when :math:`|x_i - \\mu| < |x_i - x_j|` (Scholz's figs. 1–4, restated). At
    :math:`r = 1, Q = 1` this is :math:`2 d [1 - 2 s_j (1 - P^i)]`.
    """
    u_s = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    u_f = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    u_sq = 2.0 - 4.0 * 0.5**r
    eu = s_target * (p * u_s + (1.0 - p) * u_f) + (1.0 - s_target) * u_s - q * u_sq
    if q < 1.0:
        t = d_median < d
        dm = np.minimum(d_median + d, 2.0)
        u_b = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * dm, 0.0) ** r
        u_w = 2.0 - 4.0 * (0.5 + 0.25 * dm) ** r
        eu = eu - (1.0 - q) * np.where(t, u_b, u_w)
    return np.asarray(eu, dtype=float)


def risk_exponents(security: FloatArray) -> FloatArray:
    """Risk exponents from each actor's security level.

    Parameters
    ----------
    security : (n,) array
        :math:`Sec_i = \\sum_{j \\ne i} E(U_{ji})`, what i's adversaries expect from
        challenging i (computed with every :math:`r = 1`).

    Returns
    -------
    (n,) array on [0.5, 2]

    Notes
    -----
    Scholz, Calbert & Smith (2011), eqs. 32–34 (BDM 1985, p. 157):

    .. math:: R_i = \\frac{2 Sec_i - Sec_{max} - Sec_{min}}{Sec_{max} - Sec_{min}},\\qquad
              r_i = \\frac{1 - R_i/3}{1 + R_i/3}.

    The most exposed actor (:math:`R = 1`) gets 0.5, the safest (:math:`R = -1`) 2. If all
    security levels are equal every exponent is 1.
    """
    sec = np.asarray(security, dtype=float)
    hi, lo = float(sec.max()), float(sec.min())
    if hi - lo <= 1e-15 * max(1.0, abs(hi)):
        return np.ones_like(sec)
    big_r = (2.0 * sec - hi - lo) / (hi - lo)
    return np.asarray((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0), dtype=float)


def _eu_matrix(
    x: FloatArray,
    s: FloatArray,
    p: FloatArray,
    r_view: FloatArray,
    mu: float,
    span: float,
    q: float,
) -> FloatArray:
    """``E[a, b]``: a challenging b, estimated with exponent ``r_view`` (broadcast)."""
    d = np.abs(x[:, None] - x[None, :]) / span
    dmu = (np.abs(x - mu) / span)[:, None]
    return expected_utility_of_challenge(d, dmu, p, s[None, :], r_view, q=q)


def challenge_matrices(
    x: FloatArray,
    s: FloatArray,
    weights: FloatArray,
    span: float,
    *,
    q: float = 1.0,
    probability: Literal["paper", "scholz-code"] = "scholz-code",
    viewpoint: Literal["receiver", "own"] = "receiver",
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Risk exponents and the pair of expected utilities behind every offer, on one issue.

    Parameters
    ----------
    x, s, weights : (n,) arrays
        Positions, saliences (probability of resisting) and vote weights :math:`c s`.
    span : float
        Range :math:`R` of the initial positions.
    q, probability, viewpoint
        See :class:`ExpectedUtilityModel`.

    Returns
    -------
    a : (n, n) array
        ``a[i, j]`` = i's EU of challenging j.
    b : (n, n) array
        ``b[i, j]`` = j's EU of challenging i (estimated with i's exponent for
        ``viewpoint="receiver"``, with j's own for ``"own"``).
    r : (n,) array
        The risk exponents.

    Notes
    -----
    Scholz, Calbert & Smith (2011), eqs. 32–34: every EU is first computed with
    :math:`r = 1`; the security levels :math:`Sec_i = \\sum_{j \\ne i} E(U_{ji})` give the
    exponents, and the EUs are computed again with them.
    """
    n = x.shape[0]
    mu = float(weighted_median(x[:, None], weights[:, None])[0])
    ones = np.ones(n)
    p1 = probability_of_success(x, weights, ones, span, method=probability)
    e1 = _eu_matrix(x, s, p1, ones[:, None], mu, span, q)
    off = ~np.eye(n, dtype=bool)
    security = np.where(off, e1, 0.0).sum(axis=0)  # column i: the others challenging i
    r = risk_exponents(security)
    p = probability_of_success(x, weights, r, span, method=probability)
    e_own = _eu_matrix(x, s, p, r[:, None], mu, span, q)  # a challenging b, a's estimate
    if viewpoint == "own":
        return e_own, np.ascontiguousarray(e_own.T), r
    b = _eu_matrix(x, s, p, r[None, :], mu, span, q).T  # j challenging i, i's estimate
    return e_own, np.ascontiguousarray(b), r


def update_positions(
    x: FloatArray,
    a: FloatArray,
    b: FloatArray,
    *,
    conflict: Literal["loser-moves", "no-move"] = "loser-moves",
    selection: Literal["least-move", "scholz-code"] = "scholz-code",
    capitulation: bool = True,
) -> tuple[FloatArray, FloatArray]:
    """Everyone accepts its best offer at once.

    Parameters
    ----------
    x : (n,) array
        Positions.
    a, b : (n, n) arrays
        From :func:`challenge_matrices`.
    conflict, selection, capitulation
        See :class:`ExpectedUtilityModel`.

    Returns
    -------
    new_x : (n,) array
    kind : (n,) array
        What each actor accepted: 0 nothing, 1 conflict (lost), 2 compromise, 3 capitulation.

    Notes
    -----
    Scholz, Calbert & Smith (2011), fig. 6 and eqs. 35–36; receiver i, proposer j:
    conflict :math:`b > a > 0`, i loses and moves to :math:`x_j`; compromise
    :math:`b > 0 > a, b > |a|`, i moves by :math:`(x_j - x_i)|a/b|`; capitulation
    :math:`b > 0 > a, |a| > b`, i moves to :math:`x_j`; stalemate (both negative), no
    move. i takes a conflict loss before a compromise before a capitulation (BDM 1997,
    pp. 251–252), and within a class the offer that moves it least ("least-move") or, as
    Scholz's code does for compromises, the lowest EU-weighted mean of the two positions
    (``"scholz-code"``). Ties go to the first actor in table order.
    """
    n = x.shape[0]
    valid = ~np.eye(n, dtype=bool) & (x[:, None] != x[None, :])
    dist = np.abs(x[None, :] - x[:, None])
    is_conflict = valid & (b > a) & (a > 0) & (conflict == "loser-moves")
    is_comp = valid & (b > 0) & (a < 0) & (b > -a)
    is_cap = valid & (b > 0) & (a < 0) & (-a > b) & capitulation
    ratio = np.divide(-a, b, out=np.zeros_like(a), where=is_comp)
    comp_pos = x[:, None] + (x[None, :] - x[:, None]) * ratio
    if selection == "least-move":
        comp_key = np.abs(comp_pos - x[:, None])
    else:
        wa, wb = np.abs(a), np.abs(b)
        comp_key = np.divide(
            wa * x[:, None] + wb * x[None, :], wa + wb, out=np.zeros_like(a), where=is_comp
        )
    full = np.broadcast_to(x[None, :], (n, n))
    new_x = x.copy()
    kind = np.zeros(n)
    rows = np.arange(n)
    done: BoolArray = np.zeros(n, dtype=bool)
    for code, mask, key, target in (
        (1.0, is_conflict, dist, full),
        (2.0, is_comp, comp_key, comp_pos),
        (3.0, is_cap, dist, full),
    ):
        take = mask.any(axis=1) & ~done
        best = np.argmin(np.where(mask, key, np.inf), axis=1)
        new_x = np.where(take, target[rows, best], new_x)
        kind = np.where(take, code, kind)
        done |= take
    return new_x, kind


def round_of_challenges(
    x: FloatArray,
    s: FloatArray,
    weights: FloatArray,
    span: float,
    *,
    q: float = 1.0,
    probability: Literal["paper", "scholz-code"] = "scholz-code",
    conflict: Literal["loser-moves", "no-move"] = "loser-moves",
    viewpoint: Literal["receiver", "own"] = "receiver",
    selection: Literal["least-move", "scholz-code"] = "scholz-code",
    capitulation: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """One round on one issue: :func:`challenge_matrices`, then :func:`update_positions`.

    Returns
    -------
    new_x, r, kind : (n,) arrays
        New positions, the round's risk exponents, and what each actor accepted.
    """
    a, b, r = challenge_matrices(
        x, s, weights, span, q=q, probability=probability, viewpoint=viewpoint
    )
    new_x, kind = update_positions(
        x, a, b, conflict=conflict, selection=selection, capitulation=capitulation
    )
    return new_x, r, kind


@dataclass(frozen=True, kw_only=True)
class ExpectedUtilityModel(BargainingModel):
    """Bueno de Mesquita's dynamic expected-utility model, issue by issue.

    Parameters
    ----------
    q : float, default 1.0
        Probability that the status quo persists when no one challenges. 1.0 as Scholz chose
        to replicate BDM (1994); BDM & Lalman (1986) and BDM (2009) use 0.5.
    probability : {"paper", "scholz-code"}, default "scholz-code"
        Eq. 31 as printed, or Scholz's code's all-pairs denominator. The default is the
        reading that reproduces Scholz's published trace; with eq. 31 as printed nearly
        every pair is in conflict and the emission-standards median never leaves 7.0.
    conflict : {"loser-moves", "no-move"}, default "loser-moves"
        When both sides expect to gain from a challenge, the side with the lower EU moves
        fully to the other's position (Scholz), or nobody moves.
    viewpoint : {"receiver", "own"}, default "receiver"
        Whose risk exponent evaluates the pair of EUs behind an offer: the receiving
        actor's for both (BDM 1985 "perceived" utilities; Scholz's code), or each
        challenger's own (Scholz's appendix).
    selection : {"least-move", "scholz-code"}, default "scholz-code"
        Among compromises, the one that moves the receiver least (BDM 1997), or the lowest
        EU-weighted mean position, as Scholz's code does (the default, because it
        reproduces Scholz's Table 2; "least-move" is BDM's stated rule).
    capitulation : bool, default True
        Whether offers where the receiver's loss outweighs the proposer's gain make the
        receiver give in fully (fig. 6). jmckib's port of Scholz's code never reaches this
        branch (a typo in its test); on the emission table no such offer arises either way.
    max_rounds : int, default 50
    tolerance : float, default 1e-3
        Stop an issue once its weighted median has moved less than this (unit scale) from
        one round to the next for ``patience`` rounds in a row (BDM 2002), or at once when
        no position changed (nothing more can happen); otherwise stop at ``max_rounds``
        with a ConvergenceWarning. ``tolerance=0`` runs a fixed ``max_rounds``, as Scholz.
    patience : int, default 1
        Rounds in a row the median must stay put: 1 is the literal rule; more keeps a round
        in which positions move but the median happens not to from ending the run. The
        answer can depend on it (emission table: 9.962 with 1 or 2, 7.0 with 3).

    Notes
    -----
    The predicted outcome is the capability × salience weighted median of the final
    positions (the Condorcet winner). Issues run independently, since the model is
    one-dimensional; the trace holds every issue's positions round by round (an issue that
    stopped early keeps its final positions).
    """

    name: ClassVar[str] = "expected-utility"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Expected utility (Bueno de Mesquita)",
        summary="Actors challenge and concede round by round; the outcome is the final "
        "weighted median.",
        reference="Bueno de Mesquita 1994, 2002; Scholz, Calbert & Smith 2011",
        dynamic=True,
    )

    q: float = 1.0
    probability: Literal["paper", "scholz-code"] = "scholz-code"
    conflict: Literal["loser-moves", "no-move"] = "loser-moves"
    viewpoint: Literal["receiver", "own"] = "receiver"
    selection: Literal["least-move", "scholz-code"] = "scholz-code"
    capitulation: bool = True
    max_rounds: int = 50
    tolerance: float = 1e-3
    patience: int = 1

    def __post_init__(self) -> None:
        check_param(_NAME, "q", self.q, "a float in [0, 1]", _is_real(self.q) and 0 <= self.q <= 1)
        for name, options in (
            ("probability", ("paper", "scholz-code")),
            ("conflict", ("loser-moves", "no-move")),
            ("viewpoint", ("receiver", "own")),
            ("selection", ("least-move", "scholz-code")),
        ):
            value = getattr(self, name)
            rule = f"one of {', '.join(map(repr, options))}"
            check_param(_NAME, name, value, rule, value in options)
        check_param(
            _NAME, "capitulation", self.capitulation, "a bool", isinstance(self.capitulation, bool)
        )
        check_param(
            _NAME,
            "max_rounds",
            self.max_rounds,
            "an int >= 1",
            _is_int(self.max_rounds) and self.max_rounds >= 1,
        )
        check_param(
            _NAME,
            "tolerance",
            self.tolerance,
            "a float >= 0",
            _is_real(self.tolerance) and self.tolerance >= 0,
        )
        check_param(
            _NAME,
            "patience",
            self.patience,
            "an int >= 1",
            _is_int(self.patience) and self.patience >= 1,
        )

    def run_issue(
        self, x: FloatArray, s: FloatArray, weights: FloatArray
    ) -> tuple[FloatArray, bool]:
        """Run one issue to the stopping rule; return the trace (rounds + 1, n) and convergence."""
        x = np.asarray(x, dtype=float)
        span = float(x.max() - x.min())
        trace = [x]
        if span <= 0:
            return np.stack(trace), True
        mu = float(weighted_median(x[:, None], weights[:, None])[0])
        calm = 0
        for _ in range(self.max_rounds):
            old = x
            x, _, _ = round_of_challenges(
                x,
                s,
                weights,
                span,
                q=self.q,
                probability=self.probability,
                conflict=self.conflict,
                viewpoint=self.viewpoint,
                selection=self.selection,
                capitulation=self.capitulation,
            )
            trace.append(x)
            if np.array_equal(x, old):
                return np.stack(trace), True
            new_mu = float(weighted_median(x[:, None], weights[:, None])[0])
            calm = calm + 1 if abs(new_mu - mu) < self.tolerance else 0
            if calm >= self.patience:
                return np.stack(trace), True
            mu = new_mu
        return np.stack(trace), False

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        del rng
        weights = table.capabilities * table.saliences
        sal = np.clip(table.saliences, 0.0, 1.0)
        traces: list[FloatArray] = []
        notes: list[str] = []
        for k in range(table.n_issues):
            tr, ok = self.run_issue(table.positions[:, k], sal[:, k], weights[:, k])
            traces.append(tr)
            if not ok:
                notes.append(
                    f"issue '{table.issues[k]}' stopped at max_rounds={self.max_rounds} "
                    "before its median settled"
                )
        n_rounds = max(t.shape[0] for t in traces)
        trace = np.stack(
            [np.concatenate([t, np.repeat(t[-1:], n_rounds - t.shape[0], axis=0)]) for t in traces],
            axis=-1,
        )
        if notes:
            warnings.warn("; ".join(notes), ConvergenceWarning, stacklevel=3)
        outcome = weighted_median(trace[-1], weights)
        return self._result(
            table,
            outcome,
            trace=trace,
            notes=tuple(notes),
        )
