"""Migrating scenario files written for an older schema version.

Scenario files are user data: a file written for version 1 must keep working. The loader
reads it through :func:`upgrade_data` (in memory, with a warning), and ``detente scenario
upgrade FILE --out NEW`` writes the migrated file with :func:`upgrade_text`, which edits the
text line by line so the author's comments and layout survive.

Version 1 → 2 adds fields that all default to "absent" (issue owners, constraints,
provisions, power shifts) and one that can be inferred: each proposal's ``authors`` (the
actor ids its free-text ``author`` names). Nothing is guessed silently: every inference is
reported as a note.

Version 2 → 3 removes two calibration rates the simulation no longer has: ``concession_rate``
(bottom lines now follow the value of fighting on, with no speed constant) and
``learning_rate`` (beliefs now update by Bayes' rule from battles, with the fitted
``belief_strength``). A file that set either loses it, and a note says so: the value had no
counterpart to carry over to.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from detente.scenario.schema import SCHEMA_VERSION

__all__ = ["UpgradeResult", "infer_authors", "upgrade_data", "upgrade_text"]

OLDEST = 1
"""The oldest schema version that can be upgraded."""


@dataclass
class UpgradeResult:
    """A migrated document and what the migration did."""

    data: Any
    from_version: int | None
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the document was not already at the current version."""
        return self.from_version != SCHEMA_VERSION


def infer_authors(author: str, actors: list[dict[str, Any]]) -> list[str]:
    """Actor ids a free-text author names: by id, or by a name's first word (so "Russian
    negotiators" names the actor "Russia"); in the order the actors are listed."""
    text = author.lower()
    words = set(re.findall(r"[a-z0-9_]+", text))
    found = []
    for a in actors:
        aid = str(a.get("id", ""))
        name = str(a.get("name", "")).lower()
        stem = re.findall(r"[a-z0-9]+", name)[:1]
        if aid in words or (stem and len(stem[0]) >= 4 and re.search(rf"\b{stem[0][:6]}", text)):
            found.append(aid)
    return found


def _v1_to_v2(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["schema_version"] = 2
    actors = [a for a in out.get("actors") or [] if isinstance(a, dict)]
    for k, prop in enumerate(out.get("proposals") or []):
        if not isinstance(prop, dict) or "authors" in prop:
            continue
        ids = infer_authors(str(prop.get("author", "")), actors)
        prop["authors"] = ids
        pid = prop.get("id", f"#{k + 1}")
        notes.append(
            f"proposal {pid}: authors {ids} inferred from author {prop.get('author')!r}"
            if ids
            else f"proposal {pid}: no actor named in author {prop.get('author')!r}; authors: []"
        )
    return out


REMOVED_IN_3 = {
    "concession_rate": "bottom lines now follow the value of fighting on (no speed constant)",
    "learning_rate": "beliefs now update by Bayes' rule; set belief_strength to weigh them",
}
"""Calibration keys version 3 dropped, and why (the note the upgrade gives)."""


def _v2_to_v3(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["schema_version"] = 3
    block = out.get("calibration")
    if isinstance(block, dict):
        for key, why in REMOVED_IN_3.items():
            if key in block:
                notes.append(f"calibration.{key}: {block.pop(key)!r} removed ({why})")
        for ev in block.get("evidence") or []:
            sup = ev.get("supports") if isinstance(ev, dict) else None
            if isinstance(sup, list) and any(x in REMOVED_IN_3 for x in sup):
                ev["supports"] = [x for x in sup if x not in REMOVED_IN_3] or ["*"]
    return out


def _drop_supports(row: str) -> str:
    """A flow-style ``supports: [...]`` line without the removed keys (``["*"]`` if none left)."""
    m = re.search(r"supports:\s*\[([^\]]*)\]", row)
    if m is None:
        return row
    items = [x.strip() for x in m.group(1).split(",") if x.strip()]
    kept = [x for x in items if x.strip("'\"") not in REMOVED_IN_3]
    if kept == items:
        return row
    inner = ", ".join(kept) if kept else '"*"'
    return row[: m.start(1)] + inner + row[m.end(1) :]


def upgrade_data(data: Any) -> UpgradeResult:
    """Bring a parsed scenario document to the current schema version.

    Documents already at the current version, or without a readable version (left for the
    validator to report), are returned unchanged.
    """
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version == SCHEMA_VERSION:
        return UpgradeResult(data, version if isinstance(version, int) else None)
    if version < OLDEST or version > SCHEMA_VERSION:
        return UpgradeResult(data, version)
    notes: list[str] = []
    out = data
    if version == 1:
        out = _v1_to_v2(out, notes)
    if version <= 2:
        out = _v2_to_v3(out, notes)
    return UpgradeResult(out, version, notes)


_VERSION_LINE = re.compile(r"^(\s*schema_version\s*:\s*)[12](\s*(#.*)?)$")
_AUTHOR_LINE = re.compile(r"^(\s*)(- )?author\s*:")


def upgrade_text(text: str, data: Any, lines: dict[tuple[str | int, ...], int]) -> UpgradeResult:
    """Migrate a scenario's YAML text, keeping its comments and layout.

    ``data`` and ``lines`` are :func:`detente.scenario.loader.parse_yaml`'s output for
    ``text``. The version line is rewritten in place, each proposal's inferred ``authors``
    line (from version 1) is inserted just above its ``author`` key, at the same indentation,
    and the lines of the calibration keys version 3 removed are dropped.
    """
    result = upgrade_data(data)
    if not result.changed or result.from_version not in (1, 2):
        return UpgradeResult(text, result.from_version, result.notes)
    src = text.split("\n")
    edits: dict[int, list[str]] = {}
    block = data.get("calibration")
    for key in REMOVED_IN_3 if isinstance(block, dict) else ():
        if key not in block:
            continue
        line = lines.get(("calibration", key))
        if line is None or not re.match(rf"^\s*{key}\s*:", src[line - 1]):
            msg = f"calibration.{key}: cannot remove it (flow-style YAML); delete it by hand"
            raise ValueError(msg)
        edits[line - 1] = []
    evidence = (block.get("evidence") or []) if isinstance(block, dict) else []
    for j, ev in enumerate(evidence):
        sup = ev.get("supports") if isinstance(ev, dict) else None
        if not (isinstance(sup, list) and any(x in REMOVED_IN_3 for x in sup)):
            continue
        line = lines.get(("calibration", "evidence", j, "supports")) or lines.get(
            ("calibration", "evidence", j)
        )
        new = _drop_supports(src[line - 1]) if line else None
        if line is None or new is None or new == src[line - 1]:
            msg = f"calibration.evidence[{j}]: cannot edit its supports; edit them by hand"
            raise ValueError(msg)
        edits[line - 1] = [new]
    proposals = (result.data.get("proposals") or []) if result.from_version == 1 else []
    for k, prop in enumerate(proposals):
        if not isinstance(prop, dict) or "authors" not in prop:
            continue
        old = data["proposals"][k]
        if isinstance(old, dict) and "authors" in old:
            continue
        line = lines.get(("proposals", k, "author"))
        m = _AUTHOR_LINE.match(src[line - 1]) if line else None
        if line is None or m is None:
            msg = f"proposal {prop.get('id')}: cannot place `authors` (flow-style YAML)"
            raise ValueError(msg)
        ids = ", ".join(prop["authors"])
        indent, dash = m.group(1), m.group(2) or ""
        if dash:
            edits[line - 1] = [
                f"{indent}- authors: [{ids}]",
                f"{indent}  " + src[line - 1][len(indent) + 2 :],
            ]
        else:
            edits[line - 1] = [f"{indent}authors: [{ids}]", src[line - 1]]
    out: list[str] = []
    replaced = False
    for i, row in enumerate(src):
        if not replaced and (m := _VERSION_LINE.match(row)):
            out.append(f"{m.group(1)}{SCHEMA_VERSION}{m.group(2)}")
            replaced = True
            continue
        out.extend(edits.get(i, [row]))
    if not replaced:
        msg = f"cannot find the `schema_version: {result.from_version}` line to rewrite"
        raise ValueError(msg)
    return UpgradeResult("\n".join(out), result.from_version, result.notes)
