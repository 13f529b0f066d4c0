"""Migrating scenario files written for an older schema version.

Scenario files are user data: a file written for version 1 must keep working. The loader
reads it through :func:`upgrade_data` (in memory, with a warning), and ``detente scenario
upgrade FILE --out NEW`` writes the migrated file with :func:`upgrade_text`, which edits the
text line by line so the author's comments and layout survive.

Version 1 → 2 adds fields that all default to "absent" (issue owners, constraints,
provisions, power shifts) and one that can be inferred: each proposal's ``authors`` (the
actor ids its free-text ``author`` names). Nothing is guessed silently: every inference is
reported as a note.
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
    return UpgradeResult(out, version, notes)


_VERSION_LINE = re.compile(r"^(\s*schema_version\s*:\s*)1(\s*(#.*)?)$")
_AUTHOR_LINE = re.compile(r"^(\s*)(- )?author\s*:")


def upgrade_text(text: str, data: Any, lines: dict[tuple[str | int, ...], int]) -> UpgradeResult:
    """Migrate a scenario's YAML text, keeping its comments and layout.

    ``data`` and ``lines`` are :func:`detente.scenario.loader.parse_yaml`'s output for
    ``text``. The version line is rewritten in place and each proposal's inferred
    ``authors`` line is inserted just above its ``author`` key, at the same indentation.
    """
    result = upgrade_data(data)
    if not result.changed or result.from_version != 1:
        return UpgradeResult(text, result.from_version, result.notes)
    src = text.split("\n")
    edits: dict[int, list[str]] = {}
    for k, prop in enumerate(result.data.get("proposals") or []):
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
        msg = "cannot find the `schema_version: 1` line to rewrite"
        raise ValueError(msg)
    return UpgradeResult("\n".join(out), 1, result.notes)
