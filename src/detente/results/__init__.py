"""results (see docs)."""
