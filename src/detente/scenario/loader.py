"""The one place that reads scenario files: safe YAML, located errors, all problems at once.

Loading never executes code: YAML is composed with PyYAML's safe loader (no Python object
tags), and the document is guarded against empty, binary, oversized and alias-bomb input before
pydantic sees it. Every problem is reported with the file, the YAML line, the field path and a
fix.
"""

from __future__ import annotations

import copy
import difflib
import functools
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from detente._files import read_bounded
from detente._limits import SCENARIO_BYTES
from detente.errors import Problem, ScenarioError, ScenarioWarning, UnknownNameError
from detente.scenario import schema as schema_module
from detente.scenario.checks import Finding, Loc, raw_option_findings, run_checks
from detente.scenario.schema import SCHEMA_VERSION, Scenario
from detente.scenario.upgrade import upgrade_data

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Validation",
    "builtin_names",
    "builtin_path",
    "case_names",
    "load_scenario",
    "locate",
    "parse_yaml",
    "render_loc",
    "validate_data",
    "validate_file",
    "validate_text",
]

MAX_BYTES = SCENARIO_BYTES.default
"""Largest scenario file accepted by default (2 MiB; ``DETENTE_MAX_SCENARIO_BYTES`` raises it)."""

_MAX_NODES = 200_000
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted (a real scenario nests about 7 levels)."""
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "merge")
)
_BUILTIN = "detente.scenario.builtin"


@dataclass(frozen=True)
class Validation:
    """The outcome of validating one scenario: the scenario if valid, and every finding."""

    scenario: Scenario | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    model_warnings: list[Problem] = field(default_factory=list)
    """The warnings about what the forecast does with the values (a subset of ``warnings``):
    loading emits them as :class:`~detente.errors.ScenarioWarning`."""

    def warn(self) -> None:
        """Emit each model warning as a :class:`~detente.errors.ScenarioWarning`."""
        for p in self.model_warnings:
            warnings.warn(p.render(), ScenarioWarning, stacklevel=3)

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors and self.scenario is not None


# --- YAML with line numbers ---------------------------------------------------------------

LineMap = dict[Loc, int]


class _YamlProblemError(Exception):
    def __init__(self, line: int | None, message: str, fix: str, path: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.fix, self.path = line, message, fix, path


_Above = dict[int, Loc]


def _too_deep(line: int | None, loc: Loc = ()) -> _YamlProblemError:
    return _YamlProblemError(
        line,
        f"nesting too deep: values are nested more than {MAX_DEPTH} levels "
        "(a recursive alias, or unclosed brackets?)",
        "flatten the structure; an alias must not refer to the value that contains it",
        render_loc(loc),
    )


class _DepthLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit: its composer recurses once per level, so
    200,000 nested brackets would otherwise end in RecursionError instead of a problem."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose one node, refusing to go deeper than ``MAX_DEPTH``."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _too_deep(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _scalar(node: yaml.Node, loc: Loc) -> Any:
    """Construct one plain scalar; a number Python refuses to convert is a located problem."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except ValueError:
        # e.g. an integer over Python's int-string digit limit (sys.get_int_max_str_digits)
        raise _YamlProblemError(
            node.start_mark.line + 1,
            f"must be a number of ordinary size (got a number with {len(node.value)} characters)",
            "write the value with fewer digits (a scenario number is at most a few digits long)",
            render_loc(loc),
        ) from None


def _walk(
    node: yaml.Node, loc: Loc, lines: LineMap, budget: list[int], above: _Above | None = None
) -> Any:
    """Build plain Python data from a composed node, recording each path's line.

    ``above`` maps the nodes enclosing this one to their paths: an alias back to one of them
    (a recursive alias) would make the data contain itself, so it is refused instead of
    recursing forever.
    """
    above = above or {}
    budget[0] -= 1
    if budget[0] < 0:
        msg = f"the document expands to more than {_MAX_NODES} values (YAML aliases?)"
        raise _YamlProblemError(None, msg, "remove repeated aliases or split the file")
    if id(node) in above:
        raise _YamlProblemError(
            node.start_mark.line + 1,
            "nesting too deep: a recursive alias makes this value contain itself",
            "an alias (*name) must not refer to the value that contains it",
            render_loc(above[id(node)]),
        )
    if len(above) >= MAX_DEPTH:
        raise _too_deep(node.start_mark.line + 1, loc[:1])
    lines.setdefault(loc, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        raise _YamlProblemError(
            node.start_mark.line + 1,
            f"unsupported YAML value: the tag '{node.tag}' is not allowed in a scenario",
            "use plain mappings, lists, strings, numbers and dates (no tags)",
        )
    inside = {**above, id(node): loc}
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            key = (
                yaml.SafeLoader.construct_scalar(yaml.SafeLoader(""), k_node)
                if isinstance(k_node, yaml.ScalarNode)
                else None
            )
            if not isinstance(key, str):
                raise _YamlProblemError(
                    k_node.start_mark.line + 1, "mapping keys must be plain text", "quote the key"
                )
            if k_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlProblemError(
                    k_node.start_mark.line + 1,
                    "YAML merge keys (<<) are not supported",
                    "write the fields out",
                )
            if key in out:
                raise _YamlProblemError(
                    k_node.start_mark.line + 1,
                    f"duplicate key '{key}' (the earlier value would be silently dropped)",
                    "remove or rename one of them",
                )
            out[key] = _walk(v_node, (*loc, key), lines, budget, inside)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(v, (*loc, i), lines, budget, inside) for i, v in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # pydantic parses dates and explains a bad one better than PyYAML
    return _scalar(node, loc)


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse YAML safely, returning the data and a map from path to 1-based line.

    Raises ``_YamlProblemError`` for syntax errors, unsafe tags, duplicate keys and alias bombs.
    The same text parsed again (a what-if on the same file, the API's repeated requests)
    is served from a small cache, as a fresh copy the caller may edit.
    """
    data, lines = _parse_cached(text)
    return copy.deepcopy(data), dict(lines)


@functools.lru_cache(maxsize=16)
def _parse_cached(text: str) -> tuple[Any, LineMap]:
    try:
        node = yaml.compose(text, Loader=_DepthLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "invalid YAML"
        raise _YamlProblemError(
            line, f"YAML syntax error: {what}", "check indentation, colons and quoting on this line"
        ) from None
    except yaml.YAMLError as exc:
        raise _YamlProblemError(None, f"YAML error: {exc}", "check the file is YAML") from None
    if node is None:
        raise _YamlProblemError(
            1, "the file holds no YAML document", "write a scenario (see docs/scenario.md)"
        )
    lines: LineMap = {}
    try:
        data = _walk(node, (), lines, [_MAX_NODES])
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise _YamlProblemError(
            mark.line + 1 if mark else None,
            f"unsupported YAML value: {exc.problem}",
            "use plain mappings, lists, strings, numbers and dates (no tags)",
        ) from None
    return data, lines


def locate(loc: Iterable[str | int], lines: LineMap) -> int | None:
    """Line of the deepest existing node along ``loc`` (unknown steps are skipped)."""
    best: Loc = ()
    cur: Loc = ()
    for step in loc:
        if (*cur, step) in lines:
            cur = (*cur, step)
            best = cur
    return lines.get(best, lines.get((), None))


def render_loc(loc: Iterable[str | int]) -> str:
    """``('positions','russia','nato','salience')`` → ``positions.russia.nato.salience``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# --- pydantic errors → problems -----------------------------------------------------------


def _all_field_names() -> list[str]:
    names: set[str] = set()
    for obj in vars(schema_module).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names.update(obj.model_fields)
    return sorted(names)


def _fix_for(err: Any) -> str:
    kind = err["type"]
    name = str(err["loc"][-1]) if err["loc"] else ""
    if kind == "missing":
        return f"add '{name}' here (see `detente schema` for what it holds)"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, _all_field_names(), n=1)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        return f"remove '{name}' or correct its spelling{hint}"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type"}:
        return "write a number"
    if kind == "finite_number":
        return "write an ordinary finite number (NaN and infinity are not allowed)"
    if kind in {"bool_parsing", "bool_type"}:
        return "write true or false"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "write an ISO date such as 2025-09-01"
    if kind == "string_pattern_mismatch":
        return "use lower-case letters, digits and underscores, starting with a letter"
    if kind in {"literal_error", "union_tag_invalid", "enum"}:
        return "use one of the values listed"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return "change the value to satisfy the bound"
    if kind in {"too_short", "string_too_short"}:
        return "add the missing entries or text"
    if kind == "union_tag_not_found":
        return "add the discriminating key named in the message"
    return "see `detente schema` for this field's type"


_SCALAR_BRANCHES = frozenset({"float", "str"})
"""Labels pydantic gives the branches of ``ScaleValue`` (a number or an option id)."""


def _clean_loc(loc: tuple[Any, ...], data: Any = None) -> Loc:
    """Drop pydantic's union-branch labels (e.g. 'triangular', 'function-before[…]', 'float'),
    and the ``value`` of a fixed value the file wrote as a bare number."""
    out: list[str | int] = []
    if loc and loc[-1] in _SCALAR_BRANCHES:
        loc = loc[:-1]
    for step in loc:
        if isinstance(step, str) and ("[" in step or step in {"citation", "judgement"}):
            continue
        if (
            isinstance(step, str)
            and step in {"fixed", "uniform", "triangular", "normal", "beta", "numeric", "ordinal"}
            and out
        ):
            continue
        out.append(step)
    if out and out[-1] == "value" and not isinstance(_at(data, out[:-1]), dict):
        out.pop()  # ``capability: .nan`` is read as ``{dist: fixed, value: .nan}``
    return tuple(out)


def _at(data: Any, loc: Iterable[str | int]) -> Any:
    """The raw value at ``loc`` in the parsed document (None where the path does not exist)."""
    for step in loc:
        inside = (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        )
        if not inside:
            return None
        data = data[step]
    return data


def _shadowed(err: Any, errors: list[Any]) -> bool:
    """True for the option-id branch's "not a string" when the number branch failed too:
    for ``.nan`` or a huge number the number branch says what is wrong."""
    loc = err["loc"]
    return (
        err["type"] == "string_type"
        and bool(loc)
        and loc[-1] == "str"
        and any(e["loc"] == (*loc[:-1], "float") for e in errors)
    )


def _message_for(err: Any) -> str:
    name = str(err["loc"][-1]) if err["loc"] else ""
    if err["type"] == "extra_forbidden":
        return f"unknown field '{name}'"
    if err["type"] == "missing":
        return f"required field '{name}' is missing"
    if err["type"] == "finite_number":
        return "must be a finite number"
    if err["type"] == "float_type" and type(err.get("input")) is int:
        digits = int(err["input"].bit_length() * 0.30103) + 1
        return f"must be a number of ordinary size (got one of about {digits} digits)"
    return str(err["msg"]).removeprefix("Value error, ")


def _received(err: Any) -> str:
    if err["type"] == "missing":
        return ""
    value = err.get("input")
    if isinstance(value, dict | list) or (err["type"] == "float_type" and type(value) is int):
        return ""  # a mapping is too long to quote; a huge integer's size is the message
    try:
        text = repr(value)
    except ValueError:  # an int over Python's int-string digit limit
        return " (got a number too long to print)"
    return f" (got {text[:60]}{'…' if len(text) > 60 else ''})"


# --- entry points -------------------------------------------------------------------------


def _problem(name: str, lines: LineMap, f: Finding) -> Problem:
    return Problem(name, locate(f.loc, lines), render_loc(f.loc), f.message, f.fix)


def validate_data(data: Any, lines: LineMap, name: str, *, strict: bool = False) -> Validation:
    """Validate already-parsed data (used for files and for ``--set`` overrides)."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        return Validation(
            None,
            [
                Problem(
                    name,
                    1,
                    "",
                    f"the document must be a mapping of fields (got a {kind})",
                    "start with `schema_version: 2`, then id, title, as_of, actors, issues, "
                    "positions",
                )
            ],
        )
    upgraded = upgrade_data(data)
    notice = []
    if upgraded.changed and upgraded.from_version is not None and upgraded.data is not data:
        data = upgraded.data
        notice = [
            Problem(
                name,
                locate(("schema_version",), lines),
                "schema_version",
                f"written for schema version {upgraded.from_version}; read as version "
                f"{SCHEMA_VERSION} ({'; '.join(upgraded.notes) or 'nothing to infer'})",
                f"run `detente scenario upgrade {name} --out NEW.yaml` to write it as version "
                f"{SCHEMA_VERSION}",
            )
        ]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        details = exc.errors()
        for err in details:
            loc = _clean_loc(err["loc"], data)
            if _shadowed(err, details):
                continue
            msg = _message_for(err)
            problems.append(
                Problem(
                    name, locate(loc, lines), render_loc(loc), msg + _received(err), _fix_for(err)
                )
            )
        seen = {p.path for p in problems}
        problems += [
            p
            for p in (_problem(name, lines, f) for f in raw_option_findings(data))
            if p.path not in seen
        ]
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        return Validation(None, problems)
    findings = run_checks(scenario)
    errors = [_problem(name, lines, f) for f in findings if f.severity == "error" or strict]
    shown = [f for f in findings if f.severity == "warning" and not strict]
    return Validation(
        None if errors else scenario,
        errors,
        notice + [_problem(name, lines, f) for f in shown],
        [_problem(name, lines, f) for f in shown if f.about == "model"],
    )


def validate_text(text: str, name: str = "<string>", *, strict: bool = False) -> Validation:
    """Validate scenario YAML given as text."""
    try:
        data, lines = parse_yaml(text)
    except _YamlProblemError as p:
        return Validation(None, [Problem(name, p.line, p.path, p.message, p.fix)])
    return validate_data(data, lines, name, strict=strict)


def _read_guarded(path: Path) -> tuple[str | None, Problem | None]:
    name = str(path)
    if not path.exists():
        return None, Problem(
            name,
            None,
            "",
            "no such file",
            "check the path, or run `detente scenario list` for built-ins",
        )
    if path.is_dir():
        return None, Problem(
            name, None, "", "this is a folder, not a scenario file", "name a .yaml file"
        )
    try:
        raw = read_bounded(path, SCENARIO_BYTES, kind="scenario")
    except ScenarioError as exc:
        return None, exc.problems[0]
    if not raw.strip():
        return None, Problem(
            name, 1, "", "the file is empty", "write a scenario (see docs/scenario.md)"
        )
    if b"\x00" in raw:
        return None, Problem(
            name, None, "", "this is a binary file, not YAML text", "name a .yaml scenario file"
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(name, line, "", "the file is not UTF-8 text", "save it as UTF-8")


def validate_file(path: str | Path, *, strict: bool = False) -> Validation:
    """Validate a scenario file (or a built-in name) and return every finding."""
    p = _resolve(path)
    text, problem = _read_guarded(p)
    if problem is not None or text is None:
        return Validation(None, [problem] if problem else [])
    return validate_text(text, str(path), strict=strict)


CASES_FOLDER = "cases"
"""Subfolder of the built-ins holding the backtest's case library (past negotiations, as of)."""


def _builtin_files() -> dict[str, Any]:
    root = resources.files(_BUILTIN)
    found = {f.name.removesuffix(".yaml"): f for f in root.iterdir() if f.name.endswith(".yaml")}
    cases = root.joinpath(CASES_FOLDER)
    if cases.is_dir():
        for f in cases.iterdir():
            if f.name.endswith(".yaml"):
                found.setdefault(f.name.removesuffix(".yaml"), f)
    return found


def builtin_names() -> list[str]:
    """Names of the scenarios shipped inside the package (the flagship and the case library)."""
    return sorted(_builtin_files())


def case_names() -> list[str]:
    """Names of the built-in case library: past negotiations written as of a date."""
    cases = resources.files(_BUILTIN).joinpath(CASES_FOLDER)
    if not cases.is_dir():
        return []
    return sorted(f.name.removesuffix(".yaml") for f in cases.iterdir() if f.name.endswith(".yaml"))


def builtin_path(name: str) -> Path:
    """Path of a built-in scenario; raise UnknownNameError with suggestions if unknown."""
    names = builtin_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = (
            f" Did you mean '{close[0]}'?" if close else f" Built-in scenarios: {', '.join(names)}."
        )
        msg = f"no built-in scenario or file named '{name}'.{hint}"
        raise UnknownNameError(msg)
    return Path(str(_builtin_files()[name]))


def _resolve(path: str | Path) -> Path:
    p = Path(path)
    if p.exists() or p.suffix in {".yaml", ".yml"} or "/" in str(path):
        return p
    return builtin_path(str(path))


def load_scenario(path: str | Path, *, strict: bool = False) -> Scenario:
    """Load and validate a scenario file or built-in name; raise ScenarioError on any problem.

    Warnings about what the forecast does with the values (e.g. a repaired correlation matrix)
    are emitted as :class:`~detente.errors.ScenarioWarning`.
    """
    v = validate_file(path, strict=strict)
    if not v.ok or v.scenario is None:
        raise ScenarioError(v.errors)
    v.warn()
    return v.scenario
