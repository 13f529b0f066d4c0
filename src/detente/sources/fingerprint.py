"""Fingerprints: verifiable citations that do not carry the cited text.

A fingerprint is ``sha256:<hex>:<n>``: the SHA-256 of the normalised passage and its length in
words. Anyone holding the article can slide an ``n``-word window over its normalised words and
find the passage again, so the citation is checkable while the project stores none of the
author's sentences.
"""

from __future__ import annotations

import hashlib
import re

from detente.sources.normalise import words

__all__ = ["fingerprint", "parse_fingerprint", "passage_digest"]

_PATTERN = re.compile(r"^sha256:([0-9a-f]{64}):([1-9][0-9]*)$")


def passage_digest(tokens: list[str]) -> str:
    """SHA-256 (hex) of word tokens joined by single spaces."""
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def fingerprint(passage: str) -> str:
    """Fingerprint of a passage as it appears in any copy of the article.

    Examples
    --------
    >>> fingerprint("The  “bird in the hand”") == fingerprint('the bird in the hand')
    True
    """
    tokens = words(passage)
    if not tokens:
        msg = "a passage to fingerprint must contain at least one word (got none)"
        raise ValueError(msg)
    return f"sha256:{passage_digest(tokens)}:{len(tokens)}"


def parse_fingerprint(fp: str) -> tuple[str, int]:
    """Split a fingerprint into (hex digest, number of words); ValueError if malformed."""
    m = _PATTERN.match(fp)
    if m is None:
        msg = f"fingerprint must look like sha256:<64 hex>:<words> (got {fp!r})"
        raise ValueError(msg)
    return m.group(1), int(m.group(2))
