"""Identify a scenario by its content: sha256 of the canonical JSON of the validated scenario.

Two runs of "the same" scenario are only comparable if the inputs really were the same;
a file name or an id says nothing about an edited bottom line. Hashing the *validated*
model (not the YAML text) ignores comments, key order and formatting, and catches every
change that reaches the maths.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from detente.scenario.schema import Scenario

__all__ = ["canonical_json", "scenario_hash"]


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, no insignificant whitespace and UTF-8 text: one text per value."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def scenario_hash(scenario: Scenario) -> str:
    """``sha256:<hex>`` of the scenario's canonical JSON (``model_dump(mode="json")``)."""
    text = canonical_json(scenario.model_dump(mode="json"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
