"""KTAB's XML scenario format (``SMPModel::xmlRead`` in examples/smp/libsrc/smpread.cpp).

``<Scenario>`` holds ``name``, ``desc``, ``prngSeed``, optional ``ModelParameters`` (nine
options by KTAB's names), ``Dimensions/dName``, ``Actors/Actor`` (``name``, ``description``,
``capability``, ``Position/dCoord``, ``Salience/dSal``) and optional
``IdealAdjustment/iaPair`` (``adjustingIdeal``, ``referencePos``, ``adjust``).

Parsing is done by expat with a tiny tree builder that records each element's line; any
DOCTYPE or entity declaration is refused, so no entity expansion or external fetch happens.
Nesting deeper than ``DETENTE_MAX_XML_DEPTH`` (32; KTAB's format nests 5 deep) is refused as
it is met, and siblings are counted as they come, so time and memory stay linear in the size.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

from detente._limits import XML_DEPTH
from detente.errors import Problem, ScenarioError
from detente.readers.ktab_records import KtabRecords, check_saliences, parse_number

__all__ = ["XML_OPTIONS", "parse_ktab_xml"]

# XML element → (SpatialModelOfPolitics parameter, KTAB's names)
XML_OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "VictoryProbModel": ("victory_model", ("Linear", "Square", "Quartic", "Octic", "Binary")),
    "VotingRule": ("voting_rule", ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp")),
    "PCEModel": ("pce_model", ("Conditional", "MarkovIncentive", "MarkovUniform")),
    "StateTransitions": ("transitions", ("Deterministic", "Stochastic")),
    "BigRRange": ("big_r_range", ("Min", "Mid", "Max")),
    "BigRAdjust": ("big_r_adjust", ("None", "OneThird", "Half", "TwoThirds", "Full")),
    "ThirdPartyCommit": ("third_party_commit", ("NoCommit", "SemiCommit", "FullCommit")),
    "InterVecBrgn": ("bargain_interpolation", ("S1P1", "S2P2", "S2PMax")),
    "BargnModel": ("bargain_model", ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp")),
}


_REPEATED = frozenset({"Actor", "dCoord", "dSal", "dName", "iaPair"})


@dataclass
class _Node:
    tag: str
    line: int
    path: str
    text: str = ""
    children: list[_Node] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> _Node | None:
        found = self.all(tag)
        return found[0] if found else None


class _TooDeepError(Exception):
    """Elements nest deeper than the limit (raised from inside expat's callback)."""


def _parse_tree(raw: bytes, file: str) -> _Node:
    """Parse XML bytes into a _Node tree, refusing DTDs; raise ScenarioError on bad XML."""
    root = _Node("", 0, "")
    stack = [root]
    parser = xml.parsers.expat.ParserCreate()
    max_depth = XML_DEPTH.value()

    def refuse(*_: object) -> None:
        msg = "DTDs and entity declarations are not allowed"
        raise ValueError(msg)

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if len(stack) > max_depth:
            msg = XML_DEPTH.exceeded("the XML nesting depth", len(stack))
            raise _TooDeepError(msg)
        parent = stack[-1]
        k = parent.counts[tag] = parent.counts.get(tag, 0) + 1
        path = f"{parent.path}/{tag}" if parent.path or parent.tag else tag
        indexed = tag in _REPEATED
        node = _Node(tag, parser.CurrentLineNumber, f"{path}[{k}]" if indexed else path)
        parent.children.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        stack[-1].text += data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ScenarioError(
            [Problem(file, exc.lineno, "", f"is not well-formed XML ({exc})", "fix the XML syntax")]
        ) from None
    except _TooDeepError as exc:
        message, _, fix = str(exc).partition(" Fix: ")
        raise ScenarioError([Problem(file, parser.CurrentLineNumber, "", message, fix)]) from None
    except ValueError as exc:
        raise ScenarioError(
            [Problem(file, parser.CurrentLineNumber, "", str(exc), "remove the DOCTYPE")]
        ) from None
    if not root.children or root.children[0].tag != "Scenario":
        raise ScenarioError(
            [Problem(file, 1, "", "the root element must be <Scenario>", "use KTAB's XML format")]
        )
    return root.children[0]


def _child(node: _Node, tag: str, file: str, problems: list[Problem]) -> _Node | None:
    found = node.first(tag)
    if found is None:
        problems.append(
            Problem(file, node.line, node.path, f"has no <{tag}> element", f"add <{tag}>")
        )
    return found


def _text(node: _Node, tag: str, file: str, problems: list[Problem]) -> str:
    el = _child(node, tag, file, problems)
    if el is None:
        return ""
    if not el.text.strip():
        problems.append(Problem(file, el.line, el.path, "is empty", f"write the {tag}"))
    return el.text.strip()


def _options(scen: _Node, file: str, problems: list[Problem]) -> dict[str, str]:
    params = scen.first("ModelParameters")
    if params is None:
        return {}
    out: dict[str, str] = {}
    for tag, (param, allowed) in XML_OPTIONS.items():
        value = _text(params, tag, file, problems)
        el = params.first(tag)
        if value and value not in allowed and el is not None:
            problems.append(
                Problem(
                    file,
                    el.line,
                    el.path,
                    f"unknown option {value!r}",
                    "use one of " + ", ".join(allowed),
                )
            )
        elif value:
            out[param] = value
    return out


def _actor(a: _Node, n_dim: int, file: str, rec: KtabRecords, problems: list[Problem]) -> None:
    name = _text(a, "name", file, problems)
    if name and name in rec.actors:
        problems.append(
            Problem(file, a.line, a.path + "/name", f"'{name}' appears twice", "give unique names")
        )
    rec.actors.append(name)
    desc = a.first("description")
    rec.descriptions.append(desc.text.strip() if desc is not None else "")
    cap = _child(a, "capability", file, problems)
    rec.capabilities.append(
        parse_number(cap.text, (file, cap.line, cap.path), (0.0, None), "a capability", problems)
        if cap is not None
        else float("nan")
    )
    for group, tag, what, store in (
        ("Position", "dCoord", "a coordinate", rec.positions),
        ("Salience", "dSal", "a salience", rec.saliences),
    ):
        holder = _child(a, group, file, problems)
        values = []
        if holder is not None:
            items = holder.all(tag)
            if len(items) != n_dim:
                problems.append(
                    Problem(
                        file,
                        holder.line,
                        holder.path,
                        f"has {len(items)} <{tag}> values for {n_dim} dimensions",
                        f"give one <{tag}> per dimension",
                    )
                )
            values = [
                parse_number(el.text, (file, el.line, el.path), (0.0, 100.0), what, problems)
                for el in items
            ]
        store.append(values)
    check_saliences(rec.saliences[-1], (file, a.line, a.path), problems)


def _accommodation(scen: _Node, file: str, rec: KtabRecords, problems: list[Problem]) -> None:
    adj = scen.first("IdealAdjustment")
    if adj is None:
        return
    n = len(rec.actors)
    acc = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for pair in adj.all("iaPair"):
        who = [_text(pair, t, file, problems) for t in ("adjustingIdeal", "referencePos")]
        idx = []
        for tag, actor in zip(("adjustingIdeal", "referencePos"), who, strict=True):
            if actor and actor not in rec.actors:
                el = pair.first(tag)
                problems.append(
                    Problem(
                        file,
                        el.line if el else pair.line,
                        pair.path + "/" + tag,
                        f"names unknown actor '{actor}'",
                        "use an actor's <name>",
                    )
                )
            idx.append(rec.actors.index(actor) if actor in rec.actors else -1)
        el = _child(pair, "adjust", file, problems)
        v = (
            parse_number(el.text, (file, el.line, el.path), (0.0, 1.0), "a weight", problems)
            if el is not None
            else float("nan")
        )
        if min(idx) >= 0 and v == v:
            acc[idx[0]][idx[1]] = v
    for i, row in enumerate(acc):
        if sum(row) > 1 + 1e-10:
            problems.append(
                Problem(
                    file,
                    adj.line,
                    adj.path,
                    f"weights for '{rec.actors[i]}' sum to {sum(row):g} (more than 1)",
                    "lower them so they sum to at most 1",
                )
            )
    rec.accommodation = acc


def parse_ktab_xml(raw: bytes, file: str) -> KtabRecords:
    """Parse a KTAB XML scenario; raise ScenarioError listing every problem found."""
    scen = _parse_tree(raw, file)
    problems: list[Problem] = []
    rec = KtabRecords(name=_text(scen, "name", file, problems))
    desc = scen.first("desc")
    rec.description = desc.text.strip() if desc is not None else ""
    seed = scen.first("prngSeed")
    if seed is not None and seed.text.strip():
        try:
            rec.seed = int(seed.text.strip())
        except ValueError:
            problems.append(
                Problem(
                    file,
                    seed.line,
                    seed.path,
                    f"must be a whole number (got {seed.text.strip()!r})",
                    "write a non-negative integer",
                )
            )
    rec.options = _options(scen, file, problems)
    dims = _child(scen, "Dimensions", file, problems)
    if dims is not None:
        for d in dims.all("dName"):
            if not d.text.strip():
                problems.append(Problem(file, d.line, d.path, "is empty", "name the dimension"))
            rec.dimensions.append(d.text.strip())
        if not rec.dimensions:
            problems.append(
                Problem(file, dims.line, dims.path, "has no <dName>", "add a <dName> per dimension")
            )
    actors = _child(scen, "Actors", file, problems)
    if actors is not None:
        for a in actors.all("Actor"):
            _actor(a, len(rec.dimensions), file, rec, problems)
        if len(rec.actors) < 3:
            problems.append(
                Problem(
                    file,
                    actors.line,
                    actors.path,
                    f"has {len(rec.actors)} actors (KTAB needs at least 3)",
                    "add actors",
                )
            )
    if not problems:
        _accommodation(scen, file, rec, problems)
    if problems:
        raise ScenarioError(problems)
    return rec
