"""Verifying a scenario's citations against the analyst's own copies of the articles.

A citation's fingerprint is the hash of an ``n``-word passage. Sliding an ``n``-word window over
every document and hashing each window finds the passage again if, and only if, some copy holds
it word for word. One lookup table per passage length (hash → places) makes this one pass over
the corpus however many citations there are.

A passage must be found exactly once in the article to count as ``verified``: found nowhere it
is ``missing``; found at several places in one document, or in articles that are not copies of
each other, it is ``ambiguous`` (too short or too generic to say which sentence is meant).
Finding it once in each of several copies of one article (see ``duplicates.py``) is fine.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from detente.scenario.loader import render_loc
from detente.scenario.schema import Citation, Scenario
from detente.sources.corpus import Corpus
from detente.sources.duplicates import DuplicatePair, find_duplicates, groups
from detente.sources.fingerprint import parse_fingerprint

__all__ = [
    "CitationCheck",
    "Location",
    "PassageIndex",
    "Status",
    "VerificationReport",
    "citations",
    "verify_citations",
]

Status = Literal["verified", "missing", "ambiguous"]

Loc = tuple[str | int, ...]

_OFFSET_BITS = 40  # word offsets below 2**40: far beyond any article


@dataclass(frozen=True)
class Location:
    """Where a passage starts: a document name and a 0-based word offset."""

    document: str
    word: int


@dataclass(frozen=True)
class CitationCheck:
    """The verdict on one citation.

    Attributes
    ----------
    path : str
        Field path of the citation, e.g. ``positions.russia.nato.evidence[0]``.
    source, locator, fingerprint : str
        Copied from the citation.
    status : {'verified', 'missing', 'ambiguous'}
        See the module docstring.
    locations : tuple of Location
        Every place the passage was found.
    """

    path: str
    source: str
    locator: str
    fingerprint: str
    status: Status
    locations: tuple[Location, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        """Names of the documents holding the passage, each once, in corpus order."""
        return tuple(dict.fromkeys(loc.document for loc in self.locations))


@dataclass(frozen=True)
class VerificationReport:
    """Every citation of a scenario checked against one corpus."""

    scenario: str
    checks: tuple[CitationCheck, ...]
    duplicates: tuple[DuplicatePair, ...]

    @property
    def ok(self) -> bool:
        """True when every citation is verified (vacuously true with no citations)."""
        return all(c.status == "verified" for c in self.checks)

    def counts(self) -> dict[Status, int]:
        """Number of citations with each status."""
        out: dict[Status, int] = {"verified": 0, "missing": 0, "ambiguous": 0}
        for c in self.checks:
            out[c.status] += 1
        return out


def _digest(tokens: tuple[str, ...]) -> bytes:
    # Same bytes as fingerprint.passage_digest, kept raw to halve the index's memory.
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).digest()


class PassageIndex:
    """Hash of every ``n``-word window of a corpus → where it occurs, for the lengths asked.

    Build it once and look up any number of fingerprints whose length is among ``lengths``.
    Each window costs one 32-byte key and one small integer (document number and offset
    packed together); the rare windows that repeat keep their further places aside.
    """

    def __init__(self, corpus: Corpus, lengths: Iterable[int]) -> None:
        self._names = [d.name for d in corpus.documents]
        self._first: dict[int, dict[bytes, int]] = {}
        self._more: dict[int, dict[bytes, list[int]]] = {}
        for n in sorted(set(lengths)):
            first: dict[bytes, int] = {}
            more: defaultdict[bytes, list[int]] = defaultdict(list)
            for d, doc in enumerate(corpus.documents):
                w = doc.words
                for i in range(len(w) - n + 1):
                    key = _digest(w[i : i + n])
                    if key in first:
                        more[key].append(d << _OFFSET_BITS | i)
                    else:
                        first[key] = d << _OFFSET_BITS | i
            self._first[n], self._more[n] = first, dict(more)

    def find(self, fingerprint: str) -> tuple[Location, ...]:
        """Every place the fingerprinted passage occurs (empty if nowhere), in corpus order.

        Raises
        ------
        KeyError
            If the fingerprint's length was not among those the index was built for.
        """
        hexdigest, n = parse_fingerprint(fingerprint)
        key = bytes.fromhex(hexdigest)
        first = self._first[n].get(key)
        if first is None:
            return ()
        packed = [first, *self._more[n].get(key, ())]
        mask = (1 << _OFFSET_BITS) - 1
        return tuple(Location(self._names[p >> _OFFSET_BITS], p & mask) for p in packed)


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Citation]]:
    """Yield every citation under ``value`` with its path, in the order of the file."""
    if isinstance(value, Citation):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i))


def citations(scenario: Scenario) -> list[tuple[str, Citation]]:
    """Every citation in the scenario with its field path (``actors[0].evidence[1]``).

    The walk is generic over the schema, so evidence added to new record types is covered
    without changing this module.
    """
    return [(render_loc(loc), c) for loc, c in _walk(scenario, ())]


def _status(locations: tuple[Location, ...], group_of: dict[str, str]) -> Status:
    if not locations:
        return "missing"
    docs = [loc.document for loc in locations]
    once_per_document = len(set(docs)) == len(docs)
    one_article = len({group_of[d] for d in docs}) == 1
    return "verified" if once_per_document and one_article else "ambiguous"


def verify_citations(
    scenario: Scenario,
    corpus: Corpus,
    *,
    duplicates: Iterable[DuplicatePair] | None = None,
    index: PassageIndex | None = None,
) -> VerificationReport:
    """Check every citation of ``scenario`` against the articles in ``corpus``.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    corpus : Corpus
        The analyst's copies of the cited articles (see :func:`~detente.sources.load_corpus`).
    duplicates : iterable of DuplicatePair, optional
        Near-duplicate documents of the corpus; found with
        :func:`~detente.sources.duplicates.find_duplicates` when not given.
    index : PassageIndex, optional
        A prebuilt index (to share across several scenarios); it must cover every passage
        length the scenario's fingerprints use.

    Returns
    -------
    VerificationReport
        One :class:`CitationCheck` per citation, in file order, and the duplicate pairs used.
    """
    cited = citations(scenario)
    pairs = tuple(find_duplicates(corpus.documents) if duplicates is None else duplicates)
    if index is None:
        index = PassageIndex(corpus, (parse_fingerprint(c.fingerprint)[1] for _, c in cited))
    group_of = groups((d.name for d in corpus.documents), pairs)
    checks = []
    for path, c in cited:
        found = index.find(c.fingerprint)
        checks.append(
            CitationCheck(path, c.source, c.locator, c.fingerprint, _status(found, group_of), found)
        )
    return VerificationReport(scenario.id, tuple(checks), pairs)
