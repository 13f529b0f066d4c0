"""Benchmark: read the DEU file and run every model on every issue (target < 20 s).

Usage::

    python benchmarks/deu.py [../shared/reference/deu/deu3-dev.tsv]

Prints a markdown table for docs/benchmarks.md (section "DEU").
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from detente.models import MODELS, get_model
from detente.readers.deu import read_deu

DEFAULT = Path(__file__).parents[2] / "shared" / "reference" / "deu" / "deu3-dev.tsv"


def main(path: Path) -> None:
    t0 = time.perf_counter()
    data = read_deu(path)
    read_s = time.perf_counter() - t0
    rows = [("read", read_s)]
    for name in sorted(MODELS):
        model = get_model(name)
        if model.info.needs_walk_away:
            continue
        t = time.perf_counter()
        data.forecast(model)
        rows.append((name, time.perf_counter() - t))
    total = sum(s for _, s in rows)
    print(f"{data.n_issues} issues in {len(data.tables)} blocks; {platform.processor() or ''}")
    print("| step | seconds |\n|---|---:|")
    for name, s in rows:
        print(f"| {name} | {s:.2f} |")
    print(f"| **total** | **{total:.2f}** |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
