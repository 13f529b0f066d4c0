"""Tests for detente.sources.normalise: every copy of a passage gives the same words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.sources.normalise import normalise, words

# --- markdown ------------------------------------------------------------------------------


def test_markdown_links_keep_their_text_and_drop_the_address() -> None:
    """An inline link, even with a title or parentheses in its URL, leaves only its text."""
    md = 'Talks in [Istanbul](https://x.org/a_(b) "Title") resumed [today](#).'
    assert words(md) == ["talks", "in", "istanbul", "resumed", "today"]


def test_markdown_images_reference_links_and_footnotes_leave_only_words() -> None:
    """Images keep their alt text, reference links their text, footnote marks vanish."""
    md = "![Map of the front](m.png) as [reported][1] by the agency[^note] and [others][]."
    assert words(md) == ["map", "of", "the", "front", "as", "reported", "by", "the", "agency",
                         "and", "others"]  # fmt: skip


def test_markdown_emphasis_headings_and_bullets_vanish() -> None:
    """Heading marks, bold, italics, underscores and list bullets are not words."""
    md = "## The *first* point\n\n- **Ukraine** will _not_ join\n* ~~now~~ `ever`"
    assert normalise(md) == "the first point ukraine will not join now ever"


def test_markdown_autolink_keeps_its_address() -> None:
    """An autolink ``<https://…>`` keeps the address as words (it is visible text)."""
    assert words("<https://example.org/a>") == ["https", "example", "org", "a"]


# --- PDF-extracted text --------------------------------------------------------------------


def test_pdf_hard_line_breaks_and_stray_spaces_are_plain_spaces() -> None:
    """Line breaks, indents, doubled and non-breaking spaces separate words like one space."""
    pdf = "the talks in Velmar\n showed that\r\nneither  Northland\u00a0nor\tthe\n\nLeague"
    assert normalise(pdf) == "the talks in velmar showed that neither northland nor the league"


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", " \n  "])
def test_words_hyphenated_across_a_line_break_are_rejoined(hyphen: str, newline: str) -> None:
    """``nego-⏎tiations`` is one word whatever the hyphen or line ending."""
    assert words(f"long nego{hyphen}{newline}tiations ahead") == ["long", "negotiations", "ahead"]


def test_soft_hyphen_inside_a_word_is_ignored() -> None:
    """A soft hyphen (invisible unless the line breaks there) does not split the word."""
    assert words("nego\u00adtiations") == ["negotiations"]


def test_hyphen_inside_a_line_still_separates_words() -> None:
    """``full-fledged`` keeps its two words; only line-end hyphenation is rejoined."""
    assert words("a full-fledged deal") == ["a", "full", "fledged", "deal"]


def test_stray_space_inside_a_word_is_not_repaired() -> None:
    """A PDF space inside a word stays a word break (documented limitation)."""
    assert words("nego tiations") != words("negotiations")


# --- quotes, apostrophes, Unicode ----------------------------------------------------------


def test_curly_and_straight_quotes_normalise_alike() -> None:
    """Curly, straight, guillemet and prime quotes and every apostrophe give the same words."""
    forms = [
        "Kyiv\u2019s \u201cfriendly\u201d neighbour",
        'Kyiv\'s "friendly" neighbour',
        "Kyiv\u02bcs \u00abfriendly\u00bb neighbour",
        "Kyiv`s \u2018friendly\u2019 neighbour",
        "Kyiv\uff07s \u201efriendly\u201d neighbour",
    ]
    assert {normalise(f) for f in forms} == {"kyiv s friendly neighbour"}


def test_html_character_references_are_decoded() -> None:
    """Named and numeric references ending in ';' read as the characters they stand for."""
    text = "Kyiv&rsquo;s &ldquo;plan&rdquo; &amp; Moscow&#8217;s&nbsp;reply&#x2014;&shy;now"
    assert words(text) == words("Kyiv’s “plan” & Moscow’s reply—now")


def test_ampersands_that_are_not_references_are_left_alone() -> None:
    """``AT&T`` and ``&parameters`` (no ';') keep their letters, unlike html.unescape."""
    assert words("AT&T &parameters &unknownentity;") == [
        "at", "t", "parameters", "unknownentity"
    ]  # fmt: skip


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e"])
def test_zero_width_characters_do_not_split_words(invisible: str) -> None:
    """Zero-width spaces, joiners, word joiners, BOMs and bidi marks are deleted."""
    assert words(f"cease{invisible}fire") == ["ceasefire"]


def test_ligatures_full_width_and_decomposed_accents_fold_to_plain_letters() -> None:
    """NFKC folds ``ﬁ``, full-width letters and combining accents to their plain forms."""
    assert words("ﬁnal ｃｅａｓｅｆｉｒｅ Communiqu\u0065\u0301") == [
        "final",
        "ceasefire",
        "communiqué",
    ]


# --- stability of existing fingerprints ----------------------------------------------------

_OLD_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_OLD_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_OLD_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_OLD_BROKEN_WORD = re.compile(r"(\w)-[ \t]*\r?\n[ \t]*(\w)")


def _old_words(text: str) -> list[str]:
    """The normaliser as first released, against which well-formed text is compared."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = _OLD_MD_IMAGE.sub(r"\1", text)
    text = _OLD_MD_LINK.sub(r"\1", text)
    text = _OLD_AUTOLINK.sub(r"\1", text)
    text = _OLD_BROKEN_WORD.sub(r"\1\2", text)
    return [w.lower() for w in re.findall(r"\w+", text.replace("_", " "))]


_PIECES = [
    *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-\n\t",
    *"\u2019\u201c\u201d\u2014\u2013éß\u00a0ﬁЯї[]()*_#<>",
    "peace", "Talks", " ", "https://", "](", "![", "-\n", "\n  ",
]  # fmt: skip
_PROSE = (
    st.lists(st.sampled_from(_PIECES), max_size=80)
    .map("".join)
    .filter(lambda t: "][" not in t)  # "[text][ref]" is a reference link, newly handled
)


@given(_PROSE)
def test_well_formed_text_normalises_exactly_as_before(text: str) -> None:
    """Prose without entities, invisible characters or reference links keeps its old words."""
    assert words(text) == _old_words(text)


@pytest.mark.seeds
def test_seed_copies_of_one_article_share_their_body_words(seeds_dir: Path) -> None:
    """The PDF-extracted copy (004) is, word for word, a stretch of the markdown copy (002)."""
    md = normalise((seeds_dir / "002_7679c7e7e78aaa5f.txt").read_text(encoding="utf-8"))
    pdf = normalise((seeds_dir / "004_33e7607e03a2aad9.txt").read_text(encoding="utf-8"))
    assert len(pdf.split()) > 1500
    assert pdf in md
