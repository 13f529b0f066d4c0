"""Tests for detente.sources.duplicates: copies of one article are paired, others are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import InvalidParameterError
from detente.sources.corpus import Document, load_corpus
from detente.sources.duplicates import DuplicatePair, find_duplicates, groups
from detente.sources.normalise import words

_ARTICLE = (
    "Delegations from Northland and Southland met again on Tuesday in the port city of Velmar "
    "for the first round of talks since the spring and agreed to discuss a ceasefire along the "
    "river before the status of the islands while mediators from the Coastal League prepared a "
    "monitoring mission of two hundred unarmed observers to be deployed within a month"
)
_OTHER = (
    "Shipping insurers say the grain corridor cannot reopen until both navies stop escorting "
    "convoys a condition that neither capital has accepted even though exporters have offered "
    "to pay for a neutral drone fleet that would watch the sea lanes from the air every day"
)


def _doc(name: str, text: str) -> Document:
    return Document(name, tuple(words(text)))


def test_identical_texts_in_different_formats_score_one() -> None:
    """A markdown page and its PDF extraction share every shingle."""
    head, tail = _ARTICLE.split(" Velmar ")
    md = _doc("a.md", f"**{head}** [Velmar](https://v.org) {tail}")
    pdf = _doc("a.txt", _ARTICLE.replace(" the ", "\nthe ").upper())
    (pair,) = find_duplicates([md, pdf])
    assert pair == DuplicatePair("a.md", "a.txt", 1.0, 1.0)


def test_extract_missing_headline_and_footer_is_contained_in_the_full_copy() -> None:
    """An extract lacking the headline and footer has containment 1 but Jaccard below 1."""
    full = _doc("full.md", f"Talks resume By A Writer {_ARTICLE} The views expressed are ours")
    extract = _doc("extract.txt", _ARTICLE)
    (pair,) = find_duplicates([full, extract])
    assert (pair.first, pair.second) == ("extract.txt", "full.md")
    assert pair.containment == 1.0
    assert 0.5 < pair.jaccard < 1.0


def test_articles_sharing_a_phrase_are_not_duplicates() -> None:
    """Two different articles quoting one sentence stay below the threshold."""
    shared = " the ceasefire would be monitored from the air "
    a = _doc("a.txt", _ARTICLE + shared)
    b = _doc("b.txt", shared + _OTHER)
    assert find_duplicates([a, b]) == []
    (low,) = find_duplicates([a, b], threshold=0.01)
    assert 0 < low.containment < 0.3


def test_pairs_are_sorted_by_containment_and_threshold_is_inclusive() -> None:
    """The closest copies come first; a pair exactly at the threshold is reported."""
    a = _doc("a", _ARTICLE)
    b = _doc("b", _ARTICLE)
    half = _doc("c", " ".join(_ARTICLE.split()[:30]) + " " + _OTHER)
    pairs = find_duplicates([a, b, half], threshold=0.2)
    assert (pairs[0].first, pairs[0].second) == ("a", "b")
    exact = pairs[-1].containment
    assert pairs[-1] in find_duplicates([a, b, half], threshold=exact)


def test_documents_shorter_than_a_shingle_compare_as_a_whole() -> None:
    """Two three-word documents are copies if their words match, not otherwise."""
    assert len(find_duplicates([_doc("x", "Peace in Europe"), _doc("y", "peace, in EUROPE")])) == 1
    assert find_duplicates([_doc("x", "Peace in Europe"), _doc("y", "war in Europe")]) == []


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"shingle": 0}, "shingle length must be an integer of at least 1"),
    ({"threshold": 0.0}, r"threshold must be in \(0, 1\]"),
    ({"threshold": 1.5}, r"threshold must be in \(0, 1\] \(got 1.5\)"),
])  # fmt: skip
def test_invalid_parameters_raise_with_the_rule_and_value(
    kwargs: dict[str, float], match: str
) -> None:
    """Out-of-domain shingle lengths and thresholds are refused with the fix."""
    with pytest.raises(InvalidParameterError, match=match):
        find_duplicates([], **kwargs)  # type: ignore[arg-type]


def test_groups_join_copies_transitively() -> None:
    """Three saves of one article form one group even if two of them were not paired."""
    pairs = [DuplicatePair("a", "b", 0.9, 1.0), DuplicatePair("b", "c", 0.6, 0.8)]
    assert groups(["a", "b", "c", "d"], pairs) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_test_corpus_pairs_only_the_two_harbour_copies() -> None:
    """The markdown article and its PDF-style copy are the one pair in the test corpus."""
    corpus = load_corpus(Path(__file__).parents[1] / "data" / "sources" / "corpus")
    pairs = find_duplicates(corpus.documents)
    assert [(p.first, p.second) for p in pairs] == [("harbour_talks.md", "harbour_talks_print.txt")]


@pytest.mark.seeds
def test_seed_duplicates_are_exactly_the_markdown_and_pdf_copies(seeds_dir: Path) -> None:
    """Among the seeds only 002 (markdown) and 004 (PDF-extracted) are one article."""
    pairs = find_duplicates(load_corpus(seeds_dir).documents)
    assert [(p.first[:3], p.second[:3]) for p in pairs] == [("002", "004")]
    assert pairs[0].containment > 0.95
    assert pairs[0].jaccard > 0.9
