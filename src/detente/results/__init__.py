"""Forecasts as data: the schema-versioned ``forecast.json`` and its Parquet/CSV tables.

``schema`` is the published contract, ``export`` writes and reads it, ``fingerprint``
identifies a scenario by its content.
"""

from detente.results.export import build_document, read_results, write_results
from detente.results.fingerprint import canonical_json, scenario_hash
from detente.results.schema import SCHEMA_VERSION, ForecastDocument, json_schema

__all__ = [
    "SCHEMA_VERSION",
    "ForecastDocument",
    "build_document",
    "canonical_json",
    "json_schema",
    "read_results",
    "scenario_hash",
    "write_results",
]
