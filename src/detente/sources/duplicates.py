"""Near-duplicate articles: the same text saved twice, in different formats or cuts.

Analysts often hold one article twice: the web page and the PDF, the outlet's copy and a
syndicated one. A citation found once in each copy is one passage, not two, so verification
must know which documents are copies of each other. Copies are found by comparing their sets of
word shingles (every run of ``k`` consecutive normalised words): two copies share nearly all of
them, two different articles on the same subject share almost none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from detente.errors import InvalidParameterError
from detente.sources.corpus import Document

__all__ = ["DEFAULT_SHINGLE", "DEFAULT_THRESHOLD", "DuplicatePair", "find_duplicates", "groups"]

DEFAULT_SHINGLE = 5
"""Words per shingle: long enough that unrelated articles rarely share one by chance."""

DEFAULT_THRESHOLD = 0.5
"""Containment above which two documents count as copies of one article."""


@dataclass(frozen=True)
class DuplicatePair:
    """Two documents that hold (mostly) the same text.

    Attributes
    ----------
    first, second : str
        Document names, ``first < second``.
    jaccard : float
        Shared shingles over all shingles of either: 1 for identical texts.
    containment : float
        Shared shingles over the shingles of the smaller document: 1 when one text holds the
        whole of the other, as a full page holds a PDF extract that lost the headline and
        byline. This is the score compared with the threshold.
    """

    first: str
    second: str
    jaccard: float
    containment: float


def _shingles(tokens: Sequence[str], k: int) -> set[tuple[str, ...]]:
    """All runs of ``k`` consecutive words (the whole text if it is shorter than ``k``)."""
    if len(tokens) < k:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def find_duplicates(
    documents: Iterable[Document],
    *,
    shingle: int = DEFAULT_SHINGLE,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[DuplicatePair]:
    """Pairs of documents whose shingle containment reaches ``threshold``.

    Parameters
    ----------
    documents : iterable of Document
        Typically ``corpus.documents``.
    shingle : int
        Words per shingle (``k``), at least 1.
    threshold : float
        Minimum containment, in (0, 1].

    Returns
    -------
    list of DuplicatePair
        Sorted by descending containment, then by names.

    Notes
    -----
    With :math:`S_A` the set of ``k``-shingles of document A,
    :math:`J = |S_A ∩ S_B| / |S_A ∪ S_B|` and
    :math:`C = |S_A ∩ S_B| / \\min(|S_A|, |S_B|)`. Only pairs that share at least one shingle
    are compared (an inverted index from shingle to documents), so unrelated articles cost
    nothing.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents. *Compression and
    Complexity of Sequences*, 21–29.
    """
    if not isinstance(shingle, int) or isinstance(shingle, bool) or shingle < 1:
        msg = f"the shingle length must be an integer of at least 1 (got {shingle!r}). Fix: use 5."
        raise InvalidParameterError(msg)
    if not 0 < threshold <= 1:
        msg = f"the duplicate threshold must be in (0, 1] (got {threshold!r}). Fix: use 0.5."
        raise InvalidParameterError(msg)
    docs = list(documents)
    sets = [_shingles(d.words, shingle) for d in docs]
    postings: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    shared: defaultdict[tuple[int, int], int] = defaultdict(int)
    for holders in postings.values():
        for pair in combinations(holders, 2):
            shared[pair] += 1
    pairs: list[DuplicatePair] = []
    for (i, j), common in shared.items():
        union = len(sets[i]) + len(sets[j]) - common
        containment = common / min(len(sets[i]), len(sets[j]))
        if containment >= threshold:
            a, b = sorted((docs[i].name, docs[j].name))
            pairs.append(DuplicatePair(a, b, common / union, containment))
    pairs.sort(key=lambda p: (-p.containment, p.first, p.second))
    return pairs


def groups(names: Iterable[str], pairs: Iterable[DuplicatePair]) -> dict[str, str]:
    """Map each document name to a representative of its group of copies.

    Groups are the connected components of the duplicate relation, so three saves of one
    article form one group even if the two shortest extracts overlap too little to be paired
    directly. The representative is the group's first name in sorted order.
    """
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for p in pairs:
        if p.first in parent and p.second in parent:
            a, b = sorted((root(p.first), root(p.second)))
            parent[b] = a
    return {n: root(n) for n in parent}
