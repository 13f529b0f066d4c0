"""Normalising article text so the same passage hashes the same in every format.

Real copies of an article differ in ways that do not change its words: markdown links and
emphasis, PDF line breaks and hyphenation, curly or straight quotes, stray spaces, case.
Normalisation keeps only the sequence of lower-cased word tokens, which all those copies share.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "words"]

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_SOFT_HYPHEN = "\u00ad"
_BROKEN_WORD = re.compile(r"(\w)-[ \t]*\r?\n[ \t]*(\w)")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Return the article's word tokens, lower-cased, with formatting and punctuation dropped.

    Markdown links keep their text, hyphenated line breaks are re-joined, and Unicode is folded
    with NFKC so ligatures and full-width forms match their plain equivalents. Apostrophes of
    every kind split words the same way (``won’t`` and ``won't`` both give ``won``, ``t``).
    """
    text = unicodedata.normalize("NFKC", text).replace(_SOFT_HYPHEN, "")
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BROKEN_WORD.sub(r"\1\2", text)
    return [w.lower() for w in _WORD.findall(text.replace("_", " "))]


def normalise(text: str) -> str:
    """The normalised form that fingerprints hash: word tokens joined by single spaces."""
    return " ".join(words(text))
