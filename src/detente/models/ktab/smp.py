"""KTAB's Spatial Model of Politics (SMP), reproduced exactly and vectorised with numpy.

Actors hold positions in a multi-dimensional space; each turn every actor challenges the
actor it gains most from challenging, proposes an interpolated bargain, and every actor
moves to the bargain its peers' capability-weighted vote favours, until moves die down
(KAPSARC's KTAB, ``examples/smp``; Wise, Lester et al. 2015–2017). The maths lives in
``ktab_pce`` (voting and PCE), ``ktab_utility``, ``ktab_challenge``, ``ktab_bargain`` and
``ktab_step``; this module holds the parameters, the run loop and the stopping rule
(``Model::run``, ``smpStopFn``, ``SMPModel::configExec``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from detente._random import Seed
from detente._typing import FloatArray
from detente.errors import ConvergenceWarning, InvalidParameterError
from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.forecast import Forecast
from detente.models.ktab.bargain import BARGAIN_INTERPOLATIONS, BARGAIN_MODELS
from detente.models.ktab.challenge import THIRD_PARTY_COMMITS
from detente.models.ktab.pce import PCE_MODELS, VICTORY_MODELS, VOTING_RULES
from detente.models.ktab.step import (
    SmpOptions,
    assess_state,
    new_ideals,
    state_distance,
    step_bargains,
    unique_positions,
    win_probabilities,
)
from detente.models.ktab.utility import BIG_R_ADJUSTS, BIG_R_RANGES
from detente.models.table import PositionTable
from detente.models.utility import package_utility

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario

__all__ = ["BARGAIN_COLUMNS", "KtabForecast", "SpatialModelOfPolitics"]

_MIN_DELTA_RATIO = 0.02
_MIN_SIG_DELTA = 1e-4
_MIN_ITER = 2

#: Columns of :attr:`KtabForecast.bargains`.
BARGAIN_COLUMNS = ("turn", "initiator", "receiver", "adopted_by")


@dataclass(frozen=True, eq=False)
class KtabForecast(Forecast):
    """A :class:`Forecast` with KTAB's SMP history.

    Attributes
    ----------
    n_steps : int
        Turns taken before the stopping rule fired (states = n_steps + 1).
    win_probabilities : (n_steps + 1, n_actors) array
        Per state, the PCE probability that each actor's position (shared by actors whose
        positions coincide) wins — KTAB's "History of actors' winning probabilities".
    risk_attitudes : (n_steps + 1, n_actors) array
        KTAB's inferred risk attitude R of each actor per state.
    bargains : DataFrame
        One row per bargain proposed, turn by turn: ``initiator`` challenged ``receiver``
        and ``adopted_by`` lists (comma-separated) the actors who moved to it — who
        bargains with whom, as KTAB's dashboard draws it.
    """

    n_steps: int = 0
    win_probabilities: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    risk_attitudes: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))
    bargains: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BARGAIN_COLUMNS))

    def coalitions(self) -> tuple[tuple[str, ...], ...]:
        """Groups of actors sharing a final position (KTAB's coalitions), largest first."""
        _, which = unique_positions(self.final_positions())
        groups: dict[int, list[str]] = {}
        for actor, k in zip(self.actors, which, strict=True):
            groups.setdefault(int(k), []).append(actor)
        return tuple(sorted((tuple(g) for g in groups.values()), key=lambda g: -len(g)))

    def final_positions(self) -> FloatArray:
        """Positions in the final state (the input when the model has no trace)."""
        if self.trace is None or len(self.trace) == 0:
            msg = "this forecast has no trace; KTAB forecasts always carry one"
            raise ValueError(msg)
        return np.asarray(self.trace[-1], dtype=float)


@dataclass(frozen=True, kw_only=True)
class SpatialModelOfPolitics(BargainingModel):
    """KTAB's Spatial Model of Politics, with KTAB's options and defaults.

    Parameters
    ----------
    victory_model : {"Linear", "Square", "Quartic", "Octic", "Binary"}
        How coalition strengths become victory odds (KTAB ``VictoryProbModel``).
    voting_rule : {"Prop", "PropCbc", "Binary", "PropBin", "Cubic", "ASymProsp"}
        How utility differences become votes (``VotingRule``).
    pce_model : {"Conditional", "MarkovIncentive", "MarkovUniform"}
        Probabilistic Condorcet election (``PCEModel``).
    transitions : {"Deterministic", "Stochastic"}
        Take the most likely bargain, or draw one from ``seed`` (``StateTransitions``).
    big_r_range : {"Mid", "Min", "Max"}
        Range of risk attitudes (``BigRRange``).
    big_r_adjust : {"OneThird", "None", "Half", "TwoThirds", "Full"}
        How much of i's risk attitude h perceives (``BigRAdjust``).
    third_party_commit : {"SemiCommit", "NoCommit", "FullCommit"}
        Third parties' commitment in little contests (``ThirdPartyCommit``).
    bargain_interpolation : {"S2P2", "S1P1", "S2PMax"}
        Bargain interpolation (``InterVecBrgn``).
    bargain_model : {"InitOnlyInterp"}
        Which bargains are queued (``BargnModel``; only KTAB's default is implemented).
    max_turns : int
        KTAB's maximum of 100 turns.
    accommodation : tuple of tuples or None
        KTAB's ideal-accommodation matrix (``IdealAdjustment``); None is the identity
        (ideals follow positions).
    """

    name: ClassVar[str] = "ktab-smp"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="KTAB Spatial Model of Politics",
        summary=(
            "Actors challenge, bargain and move in a multi-dimensional issue space until "
            "moves die down; KTAB's SMP, reproduced exactly."
        ),
        reference="KAPSARC Toolkit for Behavioral Analysis (KTAB), examples/smp (MIT).",
        dynamic=True,
        stochastic=False,
    )

    victory_model: str = "Linear"
    voting_rule: str = "Prop"
    pce_model: str = "Conditional"
    transitions: str = "Deterministic"
    big_r_range: str = "Mid"
    big_r_adjust: str = "OneThird"
    third_party_commit: str = "SemiCommit"
    bargain_interpolation: str = "S2P2"
    bargain_model: str = "InitOnlyInterp"
    max_turns: int = 100
    accommodation: tuple[tuple[float, ...], ...] | None = None

    def __post_init__(self) -> None:
        cls = type(self).__name__
        for name, allowed in (
            ("victory_model", VICTORY_MODELS),
            ("voting_rule", VOTING_RULES),
            ("pce_model", PCE_MODELS),
            ("transitions", ("Deterministic", "Stochastic")),
            ("big_r_range", BIG_R_RANGES),
            ("big_r_adjust", BIG_R_ADJUSTS),
            ("third_party_commit", THIRD_PARTY_COMMITS),
            ("bargain_interpolation", BARGAIN_INTERPOLATIONS),
            ("bargain_model", BARGAIN_MODELS),
        ):
            value = getattr(self, name)
            rule = "one of " + ", ".join(repr(a) for a in allowed)
            check_param(cls, name, value, rule, value in allowed)
        check_param(
            cls,
            "max_turns",
            self.max_turns,
            "an int >= 1",
            isinstance(self.max_turns, int) and self.max_turns >= 1,
        )
        if self.accommodation is not None:
            try:
                a = np.asarray(self.accommodation, dtype=float)
            except (TypeError, ValueError):
                a = np.full((1, 2), np.nan)
            ok = (
                a.ndim == 2
                and a.shape[0] == a.shape[1]
                and bool(np.all((a >= 0) & (a <= 1)))
                and bool(np.all(a.sum(axis=1) <= 1 + 1e-10))
            )
            check_param(
                cls,
                "accommodation",
                self.accommodation,
                "a square matrix of weights in [0, 1] whose rows sum to at most 1",
                ok,
            )

    @property
    def options(self) -> SmpOptions:
        """KTAB's options as passed to the step functions."""
        return SmpOptions(
            victory_model=self.victory_model,
            voting_rule=self.voting_rule,
            pce_model=self.pce_model,
            transitions=self.transitions,
            big_r_range=self.big_r_range,
            big_r_adjust=self.big_r_adjust,
            third_party_commit=self.third_party_commit,
            bargain_interpolation=self.bargain_interpolation,
            bargain_model=self.bargain_model,
        )

    def _inputs(self, table: PositionTable) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Positions, saliences (rows summing to at most 1) and scalar capabilities."""
        sal = np.asarray(table.saliences, dtype=float)
        totals = sal.sum(axis=1)
        if np.any(totals <= 0):
            bad = [table.actors[i] for i in np.flatnonzero(totals <= 0)]
            msg = (
                f"every actor needs a positive salience on some issue for ktab-smp (got none "
                f"for {', '.join(bad)}). Fix: give each actor a salience > 0."
            )
            raise InvalidParameterError(msg)
        sal = sal / max(1.0, float(totals.max()))
        caps = np.asarray(table.capabilities, dtype=float).mean(axis=1)
        return np.asarray(table.positions, dtype=float), sal, caps

    def forecast(self, data: PositionTable | Scenario, /, *, seed: Seed = None) -> KtabForecast:
        """Run the SMP on ``data`` (see :meth:`BargainingModel.forecast`); a KtabForecast."""
        f = super().forecast(data, seed=seed)
        if not isinstance(f, KtabForecast):  # pragma: no cover - _forecast always returns one
            msg = "internal error: SMP did not return a KtabForecast"
            raise TypeError(msg)
        return f

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> Forecast:
        pos, sal, caps = self._inputs(table)
        n = len(pos)
        if n < 2:
            msg = f"ktab-smp needs at least 2 actors (got {n}). Fix: add actors."
            raise InvalidParameterError(msg)
        acc = np.eye(n) if self.accommodation is None else np.asarray(self.accommodation)
        if acc.shape != (n, n):
            msg = (
                f"'accommodation' must be {n}×{n} for this table (got {acc.shape}). "
                "Fix: give one row and column per actor."
            )
            raise InvalidParameterError(msg)
        opts = self.options
        state = assess_state(pos, pos, sal, caps, opts)
        # keep positions, risk and probabilities per state, not the n³ utility tensors
        trace, risk = [state.positions], [state.risk]
        win = [win_probabilities(state, caps, opts)[2]]
        d01 = 0.0
        turn = 0
        quiet = False
        bargains: list[tuple[int, str, str, str]] = []
        while True:
            turn += 1
            nxt, init, rcvr, chosen = step_bargains(state, sal, caps, opts, rng)
            for b in range(len(init)):
                movers = ",".join(table.actors[k] for k in np.flatnonzero(chosen == b))
                bargains.append(
                    (turn, table.actors[int(init[b])], table.actors[int(rcvr[b])], movers)
                )
            state = assess_state(nxt, new_ideals(nxt, state.ideals, acc), sal, caps, opts)
            trace.append(state.positions)
            risk.append(state.risk)
            win.append(win_probabilities(state, caps, opts)[2])
            if turn == 1:
                d01 = state_distance(trace[0], trace[1]) + _MIN_SIG_DELTA
            quiet = (
                turn >= _MIN_ITER and state_distance(trace[-2], trace[-1]) / d01 < _MIN_DELTA_RATIO
            )
            if quiet or turn >= self.max_turns:
                break
        notes: tuple[str, ...] = ()
        if not quiet:
            notes = (f"stopped at max_turns={self.max_turns} before moves died down",)
            warnings.warn(notes[0], ConvergenceWarning, stacklevel=3)
        uniq, p_unique, _ = win_probabilities(state, caps, opts)
        outcome = p_unique @ state.positions[uniq]
        return KtabForecast(
            model=self.name,
            params=self.get_params(),
            actors=table.actors,
            issues=table.issues,
            scales=table.scales,
            outcome=np.asarray(outcome, dtype=float),
            utilities=package_utility(table.positions, table.saliences, outcome),
            trace=np.array(trace),
            notes=notes,
            n_steps=turn,
            win_probabilities=np.array(win),
            risk_attitudes=np.array(risk),
            bargains=pd.DataFrame(bargains, columns=list(BARGAIN_COLUMNS)),
        )
