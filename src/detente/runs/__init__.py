"""runs (see docs)."""
