"""Sources: normalising articles, fingerprinting cited passages and verifying citations.

The project carries facts and figures from others' writing, never their sentences; a
fingerprint lets a reader holding the article check each citation.
"""

from detente.sources.fingerprint import fingerprint, parse_fingerprint
from detente.sources.normalise import normalise, words

__all__ = ["fingerprint", "normalise", "parse_fingerprint", "words"]
