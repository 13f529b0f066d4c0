"""Property: whatever a careless or hostile edit does to a shipped scenario, `detente scenario
validate` answers ok (exit 0) or with located problems (exit 1 or 2) — never an internal error
(exit 3) or an uncaught exception (issue 15).

Mutations are applied to the parsed data at a random path, then the data is written back as
YAML; values YAML cannot dump (a 5000-digit integer, 200 nested brackets, a recursive alias)
are spliced into the text in place of a placeholder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from detente.cli import app
from detente.scenario.loader import builtin_path, parse_yaml

SHIPPED = ["aceh-2005-01", "falklands-1982-04", "syria-geneva-2014-01"]
TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"

_PLACE = "ZZ_PLACEHOLDER_ZZ"
_RAW = {  # YAML text spliced in verbatim for the placeholder
    "huge_int": "9" * 5000,
    "long_int": "9" * 4000,
    "deep_list": "[" * 200 + "]" * 200,
    "recursive": "&loop [1, *loop]",
    "neg_inf_text": "-.inf",
}
_VALUES: list[Any] = [
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -0.0,
    10**30,
    "[/oops]",
    "[bold]x[/bold]",
    "[link=javascript:alert(1)]x",
    "",
    None,
    True,
    [],
    {},
    [1, [2, [3]]],
    {"dist": "normal", "mean": float("nan"), "sd": float("inf")},
    {"dist": "triangular", "low": 0, "mode": float("inf"), "high": 1},
    {"dist": "uniform", "low": "[/x]", "high": 1},
    "2025-02-30",
    "9999-12-31",
]


def _documents() -> list[Any]:
    paths = [builtin_path(n) for n in SHIPPED] + [TINY]
    return [parse_yaml(p.read_text(encoding="utf-8"))[0] for p in paths]


DOCS = _documents()


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if here else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*here, i))
    return out


def _mutate(doc: Any, path: tuple[Any, ...], kind: str, value: Any) -> Any:
    import copy

    out = copy.deepcopy(doc)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "raw":
        parent[last] = _PLACE
    else:
        parent[last] = value
    return out


def _dump(doc: Any, raw: str) -> str:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return text.replace(_PLACE, raw)


runner = CliRunner()


@st.composite
def mutations(draw: st.DrawFn) -> str:
    """A shipped scenario with one to three random edits, as YAML text."""
    doc = draw(st.sampled_from(DOCS))
    raw = ""
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        kind = draw(st.sampled_from(["value", "value", "delete", "raw", "nest"]))
        value: Any = draw(st.sampled_from(_VALUES))
        if kind == "nest":
            kind, value = "value", [[[[[[value]]]]]]
        if kind == "raw":
            raw = _RAW[draw(st.sampled_from(sorted(_RAW)))]
        doc = _mutate(doc, path, kind, value)
        if kind == "raw":
            break  # one placeholder per document
    return _dump(doc, raw)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutations())
def test_validate_never_raises_an_internal_error(text: str) -> None:
    """Exit 0, 1 or 2 with no traceback, whatever the mutation."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.yaml"
        path.write_text(text, encoding="utf-8")
        res = runner.invoke(app, ["scenario", "validate", str(path)])
    assert res.exit_code in (0, 1, 2), res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "This is a bug" not in res.output and "Traceback" not in res.output
