"""Scenarios: a negotiation as validated data (actors, issues, positions, war, levers, sources).

Scenarios are YAML files checked by pydantic models (``schema``) and cross-field rules
(``checks``); ``loader`` is the only module that reads files.
"""

from detente.scenario.loader import (
    Validation,
    builtin_names,
    case_names,
    load_scenario,
    validate_file,
    validate_text,
)
from detente.scenario.scales import IssueScale, scale_of
from detente.scenario.schema import SCHEMA_VERSION, Scenario
from detente.scenario.uncertain import ppf

__all__ = [
    "SCHEMA_VERSION",
    "IssueScale",
    "Scenario",
    "Validation",
    "builtin_names",
    "case_names",
    "load_scenario",
    "ppf",
    "scale_of",
    "validate_file",
    "validate_text",
]
