"""What changed between two runs: their headline numbers, and the inputs behind them.

"P(deal) went from 31% to 24%" is only useful with "because Russia's bottom line on Donbas
moved and the seed changed". The headline table puts the numbers side by side; the inputs
table lists every scenario field and parameter that differs, by dotted path, so an analyst
can tell a change of world from a change of assumptions or of sampling noise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from detente.runs.store import RunRecord

__all__ = ["RunDiff", "diff_runs", "flatten"]


@dataclass(frozen=True)
class RunDiff:
    """Two runs compared.

    Attributes
    ----------
    a, b : str
        The two run ids.
    same_scenario : bool
        True if both ran on byte-identical validated scenarios (same content hash).
    headline : DataFrame
        Columns name, a, b, change (b − a), one row per headline number.
    inputs : DataFrame
        Columns path, a, b: scenario fields (``scenario.…``) and run settings (``params.…``,
        ``seed``, ``n_draws``, ``detente_version``) that differ; empty if none do.
    """

    a: str
    b: str
    same_scenario: bool
    headline: pd.DataFrame
    inputs: pd.DataFrame


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return str(item["id"])
    return str(index)


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Leaves of nested JSON as (dotted path, value); list items are keyed by their ``id``."""
    if isinstance(value, dict):
        if not value:
            yield prefix, {}
        for k in sorted(value):
            yield from flatten(value[k], f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, item in enumerate(value):
            yield from flatten(item, f"{prefix}.{_key(item, i)}")
    else:
        yield prefix, value


def _changes(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    fa, fb = dict(flatten(a)), dict(flatten(b))
    return [
        {"path": path, "a": fa.get(path), "b": fb.get(path)}
        for path in sorted(fa.keys() | fb.keys())
        if fa.get(path) != fb.get(path)
    ]


def _settings(run: RunRecord) -> dict[str, Any]:
    s = run.summary
    return {
        "params": run.params,
        "seed": s.seed,
        "n_draws": s.n_draws,
        "detente_version": s.detente_version,
        "scenario": run.scenario or {"hash": s.scenario_hash},
    }


def diff_runs(a: RunRecord, b: RunRecord) -> RunDiff:
    """Compare two runs' headline numbers and inputs."""
    names = list(dict.fromkeys([*a.headline, *b.headline]))
    rows = []
    for name in names:
        va, vb = a.headline.get(name), b.headline.get(name)
        change = vb - va if isinstance(va, (int, float)) and isinstance(vb, (int, float)) else None
        rows.append({"name": name, "a": va, "b": vb, "change": change})
    headline = pd.DataFrame(rows, columns=["name", "a", "b", "change"])
    inputs = pd.DataFrame(_changes(_settings(a), _settings(b)), columns=["path", "a", "b"])
    return RunDiff(
        a=a.id,
        b=b.id,
        same_scenario=a.summary.scenario_hash == b.summary.scenario_hash,
        headline=headline,
        inputs=inputs,
    )
