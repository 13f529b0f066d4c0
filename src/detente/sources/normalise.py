"""Normalising article text so the same passage hashes the same in every format.

Real copies of an article differ in ways that do not change its words: markdown links and
emphasis, PDF line breaks and hyphenation, curly or straight quotes, stray spaces, case.
Normalisation keeps only the sequence of lower-cased word tokens, which all those copies share.

What is handled (each rule only touches text that is *not* plain prose, so fingerprints of
well-formed text computed before a rule was added stay valid):

- case, whitespace of any kind (hard line breaks, non-breaking and repeated spaces), and all
  punctuation, including curly versus straight quotes, dashes and apostrophes (the modifier
  letter ``ʼ`` counts as an apostrophe, as ``’`` and ``'`` do);
- Unicode compatibility forms (NFKC): ligatures such as ``ﬁ``, full-width letters, composed
  versus decomposed accents;
- invisible format characters (zero-width spaces and joiners, word joiners, byte-order marks,
  bidi marks, soft hyphens), which are deleted, so a word split by one stays one word;
- HTML character references ending in ``;`` (``&amp;``, ``&rsquo;``, ``&#8217;``, ``&nbsp;``);
- markdown links and images (inline ``[text](url)``, reference ``[text][ref]``) keep their
  text, autolinks ``<https://…>`` their address; footnote marks ``[^1]`` are dropped;
  emphasis, headings and list bullets are punctuation and vanish with it;
- words hyphenated across a line break (``nego-⏎tiations``), with ``-``, ``‐`` or ``‑``.

What is not handled, and why: a word split by a stray space (``nego tiations``), because it
cannot be told from two real words; page headers, footers and numbers that a PDF extraction
puts inside a paragraph; a genuine compound broken at its hyphen across lines
(``long-⏎term`` becomes ``longterm``), because that needs a dictionary; emphasis inside a word
(``in**cred**ible``); letters that differ (``ß`` is not ``ss``; ``Zelenskyy`` is not
``Zelensky``). HTML tags are stripped when a corpus file is read (see ``corpus.py``), not here.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["normalise", "words"]

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_MD_REF_LINK = re.compile(r"\[([^\]^][^\]]*)\]\[[^\]\n]*\]")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_MODIFIER_APOSTROPHE = "\u02bc"
_BROKEN_WORD = re.compile(r"(\w)[-\u2010][ \t]*(?:\r\n|\r|\n)[ \t\f\v]*(\w)")
_WORD = re.compile(r"\w+")


def _drop_format_characters(text: str) -> str:
    """Delete invisible format characters (Unicode category Cf) such as zero-width spaces.

    They render as nothing, so the reader sees one word where the raw text has two tokens.
    """
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def words(text: str) -> list[str]:
    """Return the article's word tokens, lower-cased, with formatting and punctuation dropped.

    Markdown links keep their text, hyphenated line breaks are re-joined, and Unicode is folded
    with NFKC so ligatures and full-width forms match their plain equivalents. Apostrophes of
    every kind split words the same way (``won’t`` and ``won't`` both give ``won``, ``t``).

    Examples
    --------
    >>> words("The **“bird”** in the [hand](https://x.org), nego-\\ntiated")
    ['the', 'bird', 'in', 'the', 'hand', 'negotiated']
    """
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = unicodedata.normalize("NFKC", text)
    text = _drop_format_characters(text).replace(_MODIFIER_APOSTROPHE, "'")
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_FOOTNOTE.sub("", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BROKEN_WORD.sub(r"\1\2", text)
    return [w.lower() for w in _WORD.findall(text.replace("_", " "))]


def normalise(text: str) -> str:
    """The normalised form that fingerprints hash: word tokens joined by single spaces."""
    return " ".join(words(text))
