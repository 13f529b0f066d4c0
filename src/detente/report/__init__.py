"""What an analyst reads: terminal summaries and the self-contained HTML report."""
