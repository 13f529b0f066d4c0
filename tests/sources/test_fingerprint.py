"""Tests for detente.sources.fingerprint: stable across copies, sensitive to the words."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from detente.sources.fingerprint import fingerprint, parse_fingerprint

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
_PASSAGE = st.lists(_WORD, min_size=1, max_size=40)
_SPACE = st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\u00a0", "\r\n"])


@given(_PASSAGE, st.data())
def test_fingerprint_ignores_whitespace(tokens: list[str], data: st.DataObject) -> None:
    """Any run of spaces, tabs, line breaks or non-breaking spaces between words is alike."""
    spaced = "".join(w + data.draw(_SPACE) for w in tokens)
    assert fingerprint(spaced) == fingerprint(" ".join(tokens))


@given(_PASSAGE, st.data())
def test_fingerprint_ignores_case(tokens: list[str], data: st.DataObject) -> None:
    """Upper, lower or mixed case give one fingerprint."""
    cased = [data.draw(st.sampled_from([w, w.upper(), w.title()])) for w in tokens]
    assert fingerprint(" ".join(cased)) == fingerprint(" ".join(tokens))


@given(_PASSAGE, st.data())
def test_fingerprint_ignores_quote_style(tokens: list[str], data: st.DataObject) -> None:
    """Straight and curly quotes around any word leave the fingerprint unchanged."""
    quotes = st.sampled_from([("", ""), ('"', '"'), ("\u201c", "\u201d"), ("'", "'"),
                              ("\u2018", "\u2019"), ("\u00ab", "\u00bb")])  # fmt: skip
    quoted = []
    for w in tokens:
        left, right = data.draw(quotes)
        quoted.append(f"{left}{w}{right}")
    assert fingerprint(" ".join(quoted)) == fingerprint(" ".join(tokens))


@given(_PASSAGE, st.data())
def test_fingerprint_changes_when_any_word_changes(tokens: list[str], data: st.DataObject) -> None:
    """Replacing one word by another gives a different fingerprint."""
    i = data.draw(st.integers(0, len(tokens) - 1))
    other = data.draw(_WORD)
    assume(other != tokens[i])
    changed = [*tokens[:i], other, *tokens[i + 1 :]]
    assert fingerprint(" ".join(changed)) != fingerprint(" ".join(tokens))


@given(_PASSAGE)
def test_fingerprint_counts_the_words_and_hashes_them_joined_by_spaces(tokens: list[str]) -> None:
    """The fingerprint is sha256 of the words joined by one space, then the word count."""
    digest = hashlib.sha256(" ".join(tokens).encode()).hexdigest()
    assert fingerprint("  ".join(tokens)) == f"sha256:{digest}:{len(tokens)}"
    assert parse_fingerprint(fingerprint(" ".join(tokens))) == (digest, len(tokens))


def test_fingerprint_of_a_passage_without_words_is_refused() -> None:
    """Punctuation alone has no words to hash."""
    with pytest.raises(ValueError, match="at least one word"):
        fingerprint(" — “…” ")


@pytest.mark.parametrize(
    "bad", ["", "sha256:abc:3", "md5:" + "0" * 64 + ":3", "sha256:" + "0" * 64 + ":0",
            "sha256:" + "A" * 64 + ":2"],
)  # fmt: skip
def test_malformed_fingerprints_are_rejected(bad: str) -> None:
    """Only ``sha256:<64 lower-case hex>:<positive count>`` parses."""
    with pytest.raises(ValueError, match="fingerprint must look like"):
        parse_fingerprint(bad)
