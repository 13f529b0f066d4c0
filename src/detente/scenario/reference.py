"""The scenario field reference, generated from the schema so the docs cannot go stale.

``docs/scenario.md`` embeds :func:`field_reference_markdown`'s output between two markers; a
test regenerates it and fails if the file differs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from detente.scenario.schema import Scenario

__all__ = ["BEGIN", "END", "field_reference_markdown", "refresh"]

BEGIN = (
    "<!-- BEGIN GENERATED FIELD REFERENCE "
    "(python -m detente.scenario.reference docs/scenario.md) -->"
)
END = "<!-- END GENERATED FIELD REFERENCE -->"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{prop['$ref'].rsplit('/', 1)[-1]}](#{prop['$ref'].rsplit('/', 1)[-1].lower()})"
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "oneOf" in prop:
        return " or ".join(_type(p) for p in prop["oneOf"])
    if "const" in prop:
        return f"`{prop['const']!r}`"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object" and "additionalProperties" in prop:
        return f"mapping → {_type(prop['additionalProperties'])}"
    if prop.get("format") == "date":
        return "date"
    return str(kind)


def _bounds(prop: dict[str, Any]) -> str:
    parts = []
    for key, sym in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in prop:
            parts.append(f"{sym} {prop[key]}")
    if "pattern" in prop:
        parts.append(f"pattern `{prop['pattern']}`")
    return ", ".join(parts)


def _section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", "", (schema.get("description") or "").strip().splitlines()[0], ""]
    lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for field, prop in schema.get("properties", {}).items():
        desc = (prop.get("description") or "").replace("|", "\\|").replace("\n", " ")
        extra = _bounds(prop)
        if "default" in prop and field not in required:
            extra = ", ".join(x for x in (extra, f"default `{prop['default']!r}`") if x)
        if extra:
            desc = f"{desc} ({extra})"
        req = "yes" if field in required else ""
        lines.append(f"| `{field}` | {_type(prop)} | {req} | {desc} |")
    return [*lines, ""]


def field_reference_markdown() -> str:
    """Markdown tables describing every model of the scenario schema, top level first."""
    schema = Scenario.model_json_schema()
    defs = schema.get("$defs", {})
    body = [BEGIN, "", *_section("Scenario", schema)]
    for name in sorted(defs):
        body += _section(name, defs[name])
    return "\n".join([*body, END])


def refresh(path: Path) -> bool:
    """Rewrite the generated block of ``path`` in place; return True if it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + field_reference_markdown() + text[end:]
    path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover - documentation helper
    import sys

    if len(sys.argv) > 1:
        refresh(Path(sys.argv[1]))
    else:
        sys.stdout.write(field_reference_markdown() + "\n")
