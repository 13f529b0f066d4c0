"""Tests for detente.sources.verify: each citation verified, missing or ambiguous."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from detente.scenario import Scenario, builtin_names, load_scenario
from detente.sources.corpus import Corpus, Document, load_corpus
from detente.sources.fingerprint import fingerprint
from detente.sources.normalise import words
from detente.sources.verify import (
    Location,
    PassageIndex,
    citations,
    verify_citations,
)

DATA = Path(__file__).parents[1] / "data"
BUILTIN = "ukraine-2025-09"

ARTICLE = (
    "Delegations from Northland and Southland met again on Tuesday in the port city of Velmar. "
    "The two sides will discuss a ceasefire along the river first and leave the islands for "
    "later. A deal this year remains unlikely. Observers expect a monitoring mission."
)
OTHER = (
    "Shipping insurers say the corridor cannot reopen until both navies stop escorting convoys. "
    "A deal this year remains unlikely, one officer said, and prices keep rising."
)


def _cite(passage: str, source: str = "note") -> dict[str, Any]:
    return {
        "source": source,
        "locator": "para 1",
        "paraphrase": "p",
        "fingerprint": fingerprint(passage),
    }


def _scenario(tmp_path: Path, placed: dict[str, list[dict[str, Any]]]) -> Scenario:
    """The tiny scenario with the given evidence lists at the given dotted places."""
    data = yaml.safe_load((DATA / "tiny.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for place, evidence in placed.items():
        node: Any = data
        for step in place.split("."):
            node = node[int(step)] if step.isdigit() else node[step]
        node["evidence"] = evidence
    path = tmp_path / "cited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_scenario(path)


def _corpus(**docs: str) -> Corpus:
    return Corpus("mem", tuple(Document(name, tuple(words(text))) for name, text in docs.items()))


def test_citations_are_listed_with_their_field_paths_in_file_order(tmp_path: Path) -> None:
    """Every citation is found with its path; judgements are not citations."""
    s = _scenario(tmp_path, {
        "actors.1": [{"judgement": "j"}, _cite("one")],
        "positions.blue.land": [_cite("two"), _cite("three")],
        "war.beliefs.red": [_cite("four")],
        "war": [_cite("five")],
    })  # fmt: skip
    assert [path for path, _ in citations(s)] == [
        "actors[1].evidence[1]",
        "positions.blue.land.evidence[0]",
        "positions.blue.land.evidence[1]",
        "war.beliefs.red.evidence[0]",
        "war.evidence[0]",
    ]
    assert citations(s)[0][1].fingerprint == fingerprint("one")


def test_passage_found_once_in_one_document_is_verified(tmp_path: Path) -> None:
    """A passage occurring once in the corpus is verified and located to the word."""
    s = _scenario(tmp_path, {"war": [_cite("the two sides will discuss a ceasefire")]})
    report = verify_citations(s, _corpus(**{"a.md": ARTICLE, "b.txt": OTHER}))
    (check,) = report.checks
    assert (check.path, check.status, check.documents) == ("war.evidence[0]", "verified", ("a.md",))
    assert check.locations == (Location("a.md", 15),)
    assert report.ok


def test_passage_found_once_in_each_copy_of_one_article_is_verified(tmp_path: Path) -> None:
    """Copies of one article (a page and its PDF) each holding the passage once is fine."""
    pdf = ARTICLE.replace("Velmar", "Vel-\nmar").replace("The two", "The\ntwo")
    s = _scenario(tmp_path, {"war": [_cite("port city of Velmar. The two sides")]})
    (check,) = verify_citations(s, _corpus(**{"page.md": ARTICLE, "print.txt": pdf})).checks
    assert check.status == "verified"
    assert check.documents == ("page.md", "print.txt")


def test_passage_found_nowhere_is_missing(tmp_path: Path) -> None:
    """A changed word makes the passage missing, with no locations."""
    s = _scenario(tmp_path, {"war": [_cite("the two sides will reject a ceasefire")]})
    report = verify_citations(s, _corpus(**{"a.md": ARTICLE}))
    assert [(c.status, c.locations) for c in report.checks] == [("missing", ())]
    assert not report.ok


def test_passage_found_twice_in_one_document_is_ambiguous(tmp_path: Path) -> None:
    """A passage repeated in an article (e.g. a pull quote) cannot say which one is meant."""
    s = _scenario(tmp_path, {"war": [_cite("Observers expect")]})
    doc = ARTICLE + " Observers expect more."
    (check,) = verify_citations(s, _corpus(**{"a.md": doc})).checks
    assert check.status == "ambiguous"
    assert [loc.document for loc in check.locations] == ["a.md", "a.md"]


def test_passage_found_in_two_different_articles_is_ambiguous(tmp_path: Path) -> None:
    """A phrase common to unrelated articles does not pin down the source."""
    s = _scenario(tmp_path, {"war": [_cite("A deal this year remains unlikely")]})
    (check,) = verify_citations(s, _corpus(**{"a.md": ARTICLE, "b.txt": OTHER})).checks
    assert (check.status, check.documents) == ("ambiguous", ("a.md", "b.txt"))


def test_passage_twice_in_one_copy_is_ambiguous_even_with_copies(tmp_path: Path) -> None:
    """Copies do not excuse a repetition inside one of them."""
    s = _scenario(tmp_path, {"war": [_cite("Observers expect")]})
    corpus = _corpus(**{"a.md": ARTICLE, "b.txt": ARTICLE + " Observers expect"})
    (check,) = verify_citations(s, corpus).checks
    assert check.status == "ambiguous"


def test_given_duplicates_decide_what_counts_as_one_article(tmp_path: Path) -> None:
    """With no duplicate pairs supplied, two copies are two articles and the passage ambiguous."""
    s = _scenario(tmp_path, {"war": [_cite("the two sides will discuss a ceasefire")]})
    corpus = _corpus(**{"a.md": ARTICLE, "b.txt": ARTICLE})
    assert verify_citations(s, corpus).checks[0].status == "verified"
    assert verify_citations(s, corpus, duplicates=[]).checks[0].status == "ambiguous"


def test_report_counts_statuses_and_is_ok_only_when_all_verified(tmp_path: Path) -> None:
    """Counts add up to the citations; ok is False as soon as one is not verified."""
    s = _scenario(tmp_path, {
        "war": [_cite("the two sides will discuss"), _cite("not in any article at all")],
        "positions.red.land": [_cite("A deal this year remains unlikely")],
    })  # fmt: skip
    report = verify_citations(s, _corpus(**{"a.md": ARTICLE, "b.txt": OTHER}))
    assert report.counts() == {"verified": 1, "missing": 1, "ambiguous": 1}
    assert report.scenario == "tiny"
    assert not report.ok


def test_scenario_without_citations_is_vacuously_verified() -> None:
    """The tiny scenario has only judgements: nothing to check, nothing wrong."""
    report = verify_citations(load_scenario(DATA / "tiny.yaml"), _corpus(a=ARTICLE))
    assert report.checks == ()
    assert report.ok


def test_index_finds_passages_of_the_lengths_it_was_built_for() -> None:
    """One index answers many lookups; an unindexed length is a KeyError, not a silent miss."""
    index = PassageIndex(_corpus(a=ARTICLE, b=OTHER), [2, 6])
    assert index.find(fingerprint("Observers expect")) == (Location("a", 38),)
    assert len(index.find(fingerprint("A deal this year remains unlikely"))) == 2
    assert index.find(fingerprint("no such")) == ()
    with pytest.raises(KeyError):
        index.find(fingerprint("three words here"))


def test_test_data_scenario_gets_each_status_it_was_written_for() -> None:
    """tests/data/sources/mixed.yaml: verified, missing, ambiguous twice, against its corpus."""
    report = verify_citations(
        load_scenario(DATA / "sources" / "mixed.yaml"), load_corpus(DATA / "sources" / "corpus")
    )
    assert [(c.path, c.status, c.documents) for c in report.checks] == [
        ("actors[0].evidence[0]", "verified", ("harbour_talks.md", "harbour_talks_print.txt")),
        ("positions.blue.land.evidence[0]", "missing", ()),
        ("positions.blue.alliance.evidence[0]", "ambiguous", ("river_front.txt",)),
        ("war.evidence[0]", "ambiguous", ("grain_corridor.html", "river_front.txt")),
    ]


@pytest.mark.seeds
def test_passages_of_the_seed_articles_are_verified_in_every_copy(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """Windows taken from the seeds (by offset; no text stored) verify, across 002 and 004."""
    corpus = load_corpus(seeds_dir)
    by_prefix = {d.name[:3]: d for d in corpus.documents}
    picks = {
        "positions.red.land": (by_prefix["004"], 700, 25),  # body: in the PDF and markdown copy
        "positions.blue.land": (by_prefix["000"], 300, 15),
        "war": (by_prefix["003"], 1200, 30),
        # The headline and byline are only in the markdown copy. (The 12-word headline alone
        # is ambiguous: the copy's closing URL repeats it.)
        "actors.0": (by_prefix["002"], 0, 18),
    }
    s = _scenario(tmp_path, {
        place: [_cite(" ".join(doc.words[i : i + n]))] for place, (doc, i, n) in picks.items()
    })  # fmt: skip
    report = verify_citations(s, corpus)
    assert report.counts()["verified"] == 4
    documents = {c.path.rsplit(".evidence", 1)[0]: c.documents for c in report.checks}
    assert [d[:3] for d in documents["positions.red.land"]] == ["002", "004"]
    assert [d[:3] for d in documents["actors[0]"]] == ["002"]


@pytest.mark.seeds
def test_every_citation_of_the_builtin_scenario_is_verified_against_the_seeds(
    seeds_dir: Path,
) -> None:
    """Each citation in ukraine-2025-09 is found exactly once per copy of its article."""
    assert BUILTIN in builtin_names()
    report = verify_citations(load_scenario(BUILTIN), load_corpus(seeds_dir))
    assert report.checks, "the built-in scenario should cite its sources"
    not_verified = [(c.path, c.status) for c in report.checks if c.status != "verified"]
    assert not_verified == []
    sources = {c.source for c in report.checks} if hasattr(report.checks[0], "source") else None
    if sources is not None:
        assert len(sources) == 4, "every one of the four sources is cited"
