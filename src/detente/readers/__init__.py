"""File readers that turn other tools' input formats into detente's model input
(:class:`detente.models.PositionTable`): KTAB's CSV and XML scenarios, Decide input files and
detente's long CSV table. The scenario loader (``detente.scenario``) reads detente's own YAML."""

from detente.readers.decide import read_decide
from detente.readers.ktab import KtabInput, read_ktab, read_ktab_table
from detente.readers.table_csv import read_table_csv, read_table_issues

__all__ = [
    "KtabInput",
    "read_decide",
    "read_ktab",
    "read_ktab_table",
    "read_table_csv",
    "read_table_issues",
]
