"""What-ifs: ``--set path=value`` applied to the raw scenario mapping, then fully re-validated.

A what-if can never produce a scenario that could not have been loaded from a file: the
override edits the parsed YAML data (not the validated model) and the result goes through the
same validation as a file (``loader.validate_data``). List items are addressed by their ``id``
(``levers.us_secondary_sanctions.credibility=0.9``) or by index; values are YAML scalars or
flow collections (``0.3``, ``true``, ``{dist: uniform, low: 0.1, high: 0.2}``).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario import loader
from detente.scenario.schema import Scenario

__all__ = ["apply_overrides", "load_with_overrides", "parse_assignment", "text_with_overrides"]


def parse_assignment(text: str) -> tuple[str, Any]:
    """Split ``path=value`` and parse the value as YAML (raise ScenarioError if malformed)."""
    if "=" not in text:
        raise ScenarioError(
            [
                Problem(
                    "--set",
                    None,
                    text,
                    "expected path=value (got no '=')",
                    "write e.g. war.beliefs.russia.optimism=0",
                )
            ]
        )
    path, raw = text.split("=", 1)
    path = path.strip()
    if not path or any(not part for part in path.split(".")):
        raise ScenarioError(
            [
                Problem(
                    "--set",
                    None,
                    path,
                    "empty path or empty step",
                    "use a dotted path such as actors.europe.at_table",
                )
            ]
        )
    if not raw.strip():
        return path, ""
    try:
        # the file's own guards: no tags, no alias bombs, no deep nesting, no huge integers
        value, _ = loader.parse_yaml(raw)
    except loader._YamlProblemError as exc:
        what = exc.message.removeprefix("YAML syntax error: ")
        raise ScenarioError(
            [
                Problem(
                    "--set",
                    None,
                    path,
                    f"the value is not valid: {what}",
                    "quote strings; use {k: v} for mappings; write ordinary numbers",
                )
            ]
        ) from None
    return path, value


def _step(node: Any, key: str, path: str, done: str, *, last: bool) -> tuple[Any, Any]:
    """Return (container, resolved key) for one step; create missing mappings when allowed."""
    if isinstance(node, list):
        if key.isdigit() and int(key) < len(node):
            return node, int(key)
        ids = [str(item.get("id")) for item in node if isinstance(item, dict) and "id" in item]
        for k, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == key:
                return node, k
        close = difflib.get_close_matches(key, ids, n=1)
        hint = (
            f"did you mean '{close[0]}'?" if close else f"known ids: {', '.join(ids) or '(none)'}"
        )
        raise ScenarioError(
            [
                Problem(
                    "--set",
                    None,
                    path,
                    f"no item with id '{key}' in {done or 'the scenario'}",
                    hint,
                )
            ]
        )
    if isinstance(node, dict):
        if key not in node:
            close = difflib.get_close_matches(key, [str(k) for k in node], n=1)
            known_field = key in loader._all_field_names()
            if close and not known_field:
                raise ScenarioError(
                    [
                        Problem(
                            "--set",
                            None,
                            path,
                            f"'{key}' is not a key of {done or 'the scenario'}",
                            f"did you mean '{close[0]}'?",
                        )
                    ]
                )
            if not last:
                node[key] = {}
        return node, key
    raise ScenarioError(
        [
            Problem(
                "--set",
                None,
                path,
                f"{done} is a value, not a mapping or list (cannot go into '{key}')",
                "shorten the path",
            )
        ]
    )


def apply_overrides(
    data: Mapping[str, Any], assignments: Iterable[tuple[str, Any]]
) -> dict[str, Any]:
    """A deep copy of ``data`` with each (dotted path, value) assignment applied in order."""
    out: dict[str, Any] = copy.deepcopy(dict(data))
    for path, value in assignments:
        parts = path.split(".")
        node: Any = out
        done = ""
        for j, part in enumerate(parts):
            last = j == len(parts) - 1
            container, key = _step(node, part, path, done, last=last)
            if last:
                container[key] = value
            else:
                node = container[key]
                done = f"{done}.{part}" if done else part
    return out


def load_with_overrides(
    source: str | Path, sets: Iterable[str] = (), *, strict: bool = False
) -> Scenario:
    """Load a scenario file or built-in name, apply ``path=value`` overrides, validate it all.

    Raises ScenarioError listing every problem (file problems, bad paths, invalid results).
    """
    p = loader._resolve(source)
    text, problem = loader._read_guarded(p)
    if problem is not None or text is None:
        raise ScenarioError([problem] if problem else [])
    return text_with_overrides(text, str(source), sets, strict=strict)


def text_with_overrides(
    text: str, source: str, sets: Iterable[str] = (), *, strict: bool = False
) -> Scenario:
    """:func:`load_with_overrides` for scenario YAML already read (``source`` names it in
    every problem): what the HTTP API validates an upload with, through the same rules."""
    sets = list(sets)
    try:
        data, lines = loader.parse_yaml(text)
    except loader._YamlProblemError as p:
        # a YAML-level problem (syntax, tags, duplicate keys): nothing to override yet
        raise ScenarioError([Problem(str(source), p.line, p.path, p.message, p.fix)]) from None
    if sets:
        if not isinstance(data, dict):
            raise ScenarioError(
                [Problem(str(source), 1, "", "the document is not a mapping", "fix the file first")]
            )
        data = apply_overrides(data, [parse_assignment(s) for s in sets])
    name = str(source) + (" (with --set)" if sets else "")
    v = loader.validate_data(data, lines, name, strict=strict)
    if not v.ok or v.scenario is None:
        raise ScenarioError(v.errors)
    v.warn()
    return v.scenario
