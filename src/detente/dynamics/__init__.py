"""dynamics (see docs)."""
