"""``detente sources verify | duplicates | fingerprint``: citations against the analyst's articles.

The scenario carries fingerprints, never text; these commands let whoever holds copies of the
articles check every citation (``verify``), see which files are copies of one article
(``duplicates``) and compute a fingerprint when writing a scenario (``fingerprint``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from detente.cli._console import console, err_console, handle_errors
from detente.errors import InvalidParameterError
from detente.scenario import load_scenario
from detente.sources.corpus import Corpus, load_corpus, read_article
from detente.sources.duplicates import DEFAULT_THRESHOLD, DuplicatePair, find_duplicates
from detente.sources.fingerprint import fingerprint, parse_fingerprint
from detente.sources.normalise import words
from detente.sources.verify import (
    CitationCheck,
    PassageIndex,
    VerificationReport,
    citations,
    verify_citations,
)

__all__ = ["app"]

app = typer.Typer(
    help="Verify citations against your copies of the articles; compute fingerprints.",
    no_args_is_help=True,
)

_STYLE = {"verified": "green", "missing": "bold red", "ambiguous": "yellow"}
_HINT = {
    "missing": (
        "missing: no copy holds the passage word for word. Check you hold the cited article, "
        "then recompute the fingerprint from it (`detente sources fingerprint --show`)."
    ),
    "ambiguous": (
        "ambiguous: the passage occurs more than once. Cite a longer passage that occurs once."
    ),
}


class OutputFormat(StrEnum):
    """How ``verify`` and ``duplicates`` print their results."""

    table = "table"
    json = "json"


CorpusOption = Annotated[
    Path,
    typer.Option(
        "--corpus",
        "-c",
        help="Folder holding your copies of the articles (.txt, .md, .html; PDFs as text).",
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="table for reading, json for scripts.")
]


def _found_in(check: CitationCheck) -> str:
    counts: dict[str, int] = {}
    for loc in check.locations:
        counts[loc.document] = counts.get(loc.document, 0) + 1
    return ", ".join(f"{escape(d)}" + (f" (×{n})" if n > 1 else "") for d, n in counts.items())


def _citation_table(report: VerificationReport) -> Table:
    table = Table(title=f"Citations of {escape(report.scenario)}")
    table.add_column("citation", overflow="fold", ratio=3)
    table.add_column("source", overflow="fold", ratio=1)
    table.add_column("status", no_wrap=True)
    table.add_column("found in", overflow="fold", ratio=3)
    for c in report.checks:
        status = f"[{_STYLE[c.status]}]{c.status}[/]"
        table.add_row(escape(c.path), escape(c.source), status, _found_in(c) or "—")
    return table


def _duplicates_table(pairs: tuple[DuplicatePair, ...] | list[DuplicatePair]) -> Table:
    table = Table(title="Near-duplicate documents")
    table.add_column("document", overflow="fold")
    table.add_column("copy of", overflow="fold")
    table.add_column("jaccard", justify="right")
    table.add_column("containment", justify="right")
    for p in pairs:
        table.add_row(escape(p.first), escape(p.second), f"{p.jaccard:.2f}", f"{p.containment:.2f}")
    return table


def _summary(report: VerificationReport) -> str:
    n = report.counts()
    total = len(report.checks)
    return (
        f"{report.scenario}: {total} citation{'s' if total != 1 else ''}: "
        f"{n['verified']} verified, {n['missing']} missing, {n['ambiguous']} ambiguous"
    )


def _print_skipped(corpus: Corpus) -> None:
    for s in corpus.skipped:
        err_console.print(f"[yellow]skipped:[/] {escape(s.name)}: {escape(s.reason)}")


def _as_json(corpus: Corpus, pairs: list[DuplicatePair], reports: list[VerificationReport]) -> str:
    def check(c: CitationCheck) -> dict[str, Any]:
        return {
            "path": c.path,
            "source": c.source,
            "locator": c.locator,
            "fingerprint": c.fingerprint,
            "status": c.status,
            "documents": list(c.documents),
            "locations": [{"document": loc.document, "word": loc.word} for loc in c.locations],
        }

    data = {
        "ok": all(r.ok for r in reports),
        "corpus": {
            "root": corpus.root,
            "documents": [d.name for d in corpus.documents],
            "skipped": [{"name": s.name, "reason": s.reason} for s in corpus.skipped],
        },
        "duplicates": [vars(p) for p in pairs],
        "scenarios": [
            {"scenario": r.scenario, "counts": r.counts(), "checks": [check(c) for c in r.checks]}
            for r in reports
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


@app.command()
@handle_errors
def verify(
    corpus: CorpusOption,
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Scenario files or built-in names (default: the built-in ukraine-2025-09).",
        ),
    ] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Find every cited passage in your articles; exit 1 if any is missing or ambiguous."""
    loaded = [load_scenario(s) for s in (scenarios or ["ukraine-2025-09"])]
    docs = load_corpus(corpus)
    pairs = find_duplicates(docs.documents)
    lengths = {parse_fingerprint(c.fingerprint)[1] for s in loaded for _, c in citations(s)}
    index = PassageIndex(docs, lengths)
    reports = [verify_citations(s, docs, duplicates=pairs, index=index) for s in loaded]
    if output is OutputFormat.json:
        typer.echo(_as_json(docs, pairs, reports))
    else:
        for r in reports:
            console.print(_citation_table(r))
        if pairs:
            console.print(_duplicates_table(pairs))
        _print_skipped(docs)
        for r in reports:
            style = "green" if r.ok else "bold red"
            console.print(f"[{style}]{escape(_summary(r))}[/]")
        statuses = {c.status for r in reports for c in r.checks}
        for status, hint in _HINT.items():
            if status in statuses:
                console.print(f"[{_STYLE[status]}]{escape(hint)}[/]", highlight=False)
        console.print(
            f"corpus: {len(docs.documents)} documents, {len(docs.skipped)} skipped, "
            f"{len(pairs)} near-duplicate pair{'s' if len(pairs) != 1 else ''}",
            highlight=False,
        )
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


@app.command()
@handle_errors
def duplicates(
    corpus: CorpusOption,
    threshold: Annotated[
        float, typer.Option(help="Minimum share of the shorter text found in the other (0–1].")
    ] = DEFAULT_THRESHOLD,
    output: FormatOption = OutputFormat.table,
) -> None:
    """List documents that are copies of one article (e.g. a web page and its PDF)."""
    docs = load_corpus(corpus)
    pairs = find_duplicates(docs.documents, threshold=threshold)
    if output is OutputFormat.json:
        typer.echo(json.dumps([vars(p) for p in pairs], indent=2, ensure_ascii=False))
        return
    _print_skipped(docs)
    if pairs:
        console.print(_duplicates_table(pairs))
    console.print(f"{len(pairs)} near-duplicate pair(s) among {len(docs.documents)} documents")


def _passage(text: str | None, file: Path | None) -> str:
    if text is not None and file is not None:
        msg = "the passage must come from TEXT or --file, not both (got both). Fix: drop one."
        raise InvalidParameterError(msg)
    if file is not None:
        try:
            return read_article(file)
        except (ValueError, OSError) as exc:
            msg = f"--file must be a readable text, markdown or HTML file (got '{file}': {exc})."
            raise InvalidParameterError(
                msg + " Fix: save the passage as a .txt, .md or .html file."
            ) from None
    if text is not None:
        return text
    if sys.stdin.isatty():
        msg = (
            "a passage must be given (got none). "
            "Fix: pass it as an argument in quotes, with --file, or on standard input."
        )
        raise InvalidParameterError(msg)
    return sys.stdin.read()


@app.command("fingerprint")
@handle_errors
def fingerprint_command(
    text: Annotated[str | None, typer.Argument(help="The passage, quoted.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the passage from this file.")
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Also print the normalised words that are hashed.")
    ] = False,
) -> None:
    """Print the fingerprint of a passage, to paste into a scenario's citation."""
    passage = _passage(text, file)
    tokens = words(passage)
    if not tokens:
        msg = "a passage must contain at least one word (got none). Fix: check the text or file."
        raise InvalidParameterError(msg)
    typer.echo(fingerprint(passage))
    if show:
        err_console.print(f"{len(tokens)} words: {escape(' '.join(tokens))}", highlight=False)
