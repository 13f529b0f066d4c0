"""Who trades with whom: the exchange model's bargains and KTAB's challenges as one network.

KTAB's dashboard draws the SMP as a graph of actors linked by the bargains they propose,
coloured by the coalitions that form; Stokman's exchange model adds a second kind of tie,
the vote trades that move each partner towards what it cares about more. Both say which
actors the outcome is negotiated *between* — the question an analyst asks before deciding
whom a mediator should bring together. This module only reads forecasts; it runs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from detente.models.exchange import ExchangeForecast
from detente.models.forecast import Forecast
from detente.models.ktab.smp import KtabForecast

__all__ = ["NetworkEdge", "TradeNetwork", "trade_network"]


@dataclass(frozen=True)
class NetworkEdge:
    """A tie between two actors.

    ``kind`` is ``"exchange"`` (undirected: the pair traded positions; ``weight`` is the
    sum of the equal gains, ``issues`` what each side gave, ``"a gives x ↔ b gives y"``) or
    ``"challenge"`` (directed source → target: KTAB bargains proposed; ``weight`` counts
    them and ``adopted`` how many some actor moved to).
    """

    kind: str
    source: str
    target: str
    weight: float
    count: int
    adopted: int = 0
    issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class TradeNetwork:
    """Actors, their KTAB coalition (index into ``coalitions``; −1 without KTAB) and ties."""

    actors: tuple[str, ...]
    coalitions: tuple[tuple[str, ...], ...]
    edges: tuple[NetworkEdge, ...]

    def coalition_of(self, actor: str) -> int:
        """Index of the coalition holding ``actor`` (−1 when KTAB was not run)."""
        for k, group in enumerate(self.coalitions):
            if actor in group:
                return k
        return -1

    def degree(self, kind: str | None = None) -> dict[str, float]:
        """Each actor's summed tie weight (of one kind, or all): who is most traded with."""
        out = dict.fromkeys(self.actors, 0.0)
        for e in self.edges:
            if kind is None or e.kind == kind:
                out[e.source] += e.weight
                out[e.target] += e.weight
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per edge (kind, source, target, weight, count, adopted, issues)."""
        cols = ["kind", "source", "target", "weight", "count", "adopted", "issues"]
        rows = [
            (e.kind, e.source, e.target, e.weight, e.count, e.adopted, "; ".join(e.issues))
            for e in self.edges
        ]
        return pd.DataFrame(rows, columns=cols)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (nodes with coalition and degree, edges) for the API and the page."""
        deg = self.degree()
        return {
            "nodes": [
                {"id": a, "coalition": self.coalition_of(a), "degree": deg[a]} for a in self.actors
            ],
            "coalitions": [list(g) for g in self.coalitions],
            "edges": [
                {
                    "kind": e.kind,
                    "source": e.source,
                    "target": e.target,
                    "weight": e.weight,
                    "count": e.count,
                    "adopted": e.adopted,
                    "issues": list(e.issues),
                }
                for e in self.edges
            ],
        }


def _exchange_edges(f: ExchangeForecast) -> list[NetworkEdge]:
    pairs: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for row in f.exchanges.to_dict(orient="records"):
        a, b = str(row["actor_a"]), str(row["actor_b"])
        label = f"{a} gives {row['issue_a']} ↔ {b} gives {row['issue_b']}"
        key = (a, b) if a <= b else (b, a)
        pairs.setdefault(key, []).append((float(row["gain"]), label))
    return [
        NetworkEdge(
            kind="exchange",
            source=a,
            target=b,
            weight=sum(g for g, _ in trades),
            count=len(trades),
            issues=tuple(label for _, label in trades),
        )
        for (a, b), trades in sorted(pairs.items())
    ]


def _challenge_edges(f: KtabForecast) -> list[NetworkEdge]:
    ties: dict[tuple[str, str], list[int]] = {}
    for row in f.bargains.to_dict(orient="records"):
        source, target = str(row["initiator"]), str(row["receiver"])
        if source == target:
            continue
        tally = ties.setdefault((source, target), [0, 0])
        tally[0] += 1
        tally[1] += int(bool(str(row["adopted_by"])))
    return [
        NetworkEdge(kind="challenge", source=s, target=t, weight=float(n), count=n, adopted=m)
        for (s, t), (n, m) in sorted(ties.items())
    ]


def trade_network(forecasts: Sequence[Forecast]) -> TradeNetwork:
    """The network from whichever exchange and KTAB forecasts are in ``forecasts``.

    Other models' forecasts are ignored; with neither model the network has nodes only.
    The actors are those of the first forecast (all models share the scenario's table).
    """
    if not forecasts:
        return TradeNetwork(actors=(), coalitions=(), edges=())
    edges: list[NetworkEdge] = []
    coalitions: tuple[tuple[str, ...], ...] = ()
    for f in forecasts:
        if isinstance(f, ExchangeForecast):
            edges += _exchange_edges(f)
        elif isinstance(f, KtabForecast):
            edges += _challenge_edges(f)
            coalitions = f.coalitions()
    return TradeNetwork(actors=forecasts[0].actors, coalitions=coalitions, edges=tuple(edges))
