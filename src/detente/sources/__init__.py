"""Sources: normalising articles, fingerprinting cited passages and verifying citations.

The project carries facts and figures from others' writing, never their sentences; a
fingerprint lets a reader holding the article check each citation. ``corpus`` reads the
reader's copies of the articles, ``duplicates`` finds copies of one article saved twice, and
``verify`` finds each fingerprinted passage in them.
"""

from detente.sources.corpus import Corpus, Document, Skipped, load_corpus
from detente.sources.duplicates import DuplicatePair, find_duplicates
from detente.sources.fingerprint import fingerprint, parse_fingerprint
from detente.sources.normalise import normalise, words
from detente.sources.verify import CitationCheck, VerificationReport, verify_citations

__all__ = [
    "CitationCheck",
    "Corpus",
    "Document",
    "DuplicatePair",
    "Skipped",
    "VerificationReport",
    "find_duplicates",
    "fingerprint",
    "load_corpus",
    "normalise",
    "parse_fingerprint",
    "verify_citations",
    "words",
]
