"""The repository never repeats the source articles' sentences, only their facts.

The articles in ../shared/seeds are other people's writing. The project may carry facts and
figures from them, in its own words, but no run of their wording: this test fails when any
tracked text file under ``src/``, ``docs/`` or the top-level README, CHANGELOG and CONTRIBUTING
shares :data:`RUN` or more consecutive words with any article. Both sides are compared as the
normalised words that fingerprints are taken over (:func:`detente.sources.normalise.words`:
lower case, any whitespace, quotes, dashes and apostrophes of every kind alike, markdown
dropped), so re-typing a sentence with straight quotes or a new line break does not hide it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from detente.sources.corpus import load_corpus
from detente.sources.normalise import words

RUN = 8
"""Shortest shared run of words that counts as a quotation (shorter ones are common phrases)."""

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("src", "docs", "README.md", "CHANGELOG.md", "CONTRIBUTING.md")

# Addresses are not prose: an article's URL slug spells out its headline word for word.
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Passage fingerprints (sha256 of the words, then the count) are hashes, not wording.
_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}(?::\d+)?")
# YAML fields that cite rather than speak, and so must copy the article's own words: a
# source's ``title`` is its headline (the Charap & Radchenko headline alone is 20 words), its
# ``outlet`` may name the programme or episode it was published in (one source is the write-up
# of a YouTube episode, named by its full title), and a ``locator`` may name the section
# heading a passage sits under, which is how the passage is found again. Only these three keys
# are exempt (with their folded continuation lines); every ``paraphrase``, ``description``,
# ``note``, ``judgement`` and comment is checked, and so is a title quoted anywhere else.
_CITING_KEY = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?:title|outlet|locator)\s*:")
_YAML_SUFFIXES = frozenset({".yaml", ".yml"})


@dataclass(frozen=True)
class Hit:
    """A run of at least :data:`RUN` words that a repository file shares with an article."""

    file: str
    line: int
    article: str
    shared: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: shares with {self.article}: {self.shared!r}"


def _text_files() -> list[Path]:
    """The tracked files under :data:`SCANNED`; every file there when git is not available."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *SCANNED],
            cwd=ROOT, capture_output=True, check=True, text=True,
        ).stdout  # fmt: skip
        paths = [ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [ROOT / name for name in SCANNED if (ROOT / name).is_file()]
        paths += [p for name in SCANNED if (ROOT / name).is_dir() for p in (ROOT / name).rglob("*")]
        paths = [p for p in paths if "__pycache__" not in p.parts]
    return sorted(p for p in paths if p.is_file())


def _read_text(path: Path) -> str | None:
    """The file's text, or None for a binary file (images, databases)."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _checked_lines(path: Path, text: str) -> Iterator[tuple[int, str | None]]:
    """Each line number with its text to check, or None for a line exempt from the check."""
    exempt_indent: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if path.suffix in _YAML_SUFFIXES:
            indent = len(line) - len(line.lstrip())
            if exempt_indent is not None and (not line.strip() or indent > exempt_indent):
                yield number, None  # continuation of a folded ``title: >-``
                continue
            exempt_indent = None
            if match := _CITING_KEY.match(line):
                exempt_indent = len(match.group("lead"))  # the key's column, after any "- "
                yield number, None
                continue
        yield number, _FINGERPRINT.sub(" ", _URL.sub(" ", line))


def _segments(path: Path, text: str) -> Iterator[list[tuple[str, int]]]:
    """Runs of (word, line number) that a quotation could span; exempt lines cut them."""
    segment: list[tuple[str, int]] = []
    for number, line in _checked_lines(path, text):
        if line is None:
            if segment:
                yield segment
            segment = []
        else:
            segment.extend((word, number) for word in words(line))
    if segment:
        yield segment


def _shingles(tokens: tuple[str, ...] | list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1))


def find_shared_runs(
    name: str, path: Path, text: str, shingles: dict[tuple[str, ...], str]
) -> list[Hit]:
    """Every maximal run of :data:`RUN`+ words of ``text`` that is also in an article."""
    hits = []
    for segment in _segments(path, text):
        tokens = [word for word, _ in segment]
        runs: list[tuple[int, int, str]] = []  # (first word, last shingle start, article)
        for i, shingle in enumerate(_shingles(tokens)):
            if (article := shingles.get(shingle)) is None:
                continue
            if runs and runs[-1][1] == i - 1:  # the next shingle of the same run
                runs[-1] = (runs[-1][0], i, runs[-1][2])
            else:
                runs.append((i, i, article))
        hits += [Hit(name, segment[first][1], article, " ".join(tokens[first : last + RUN]))
                 for first, last, article in runs]  # fmt: skip
    return hits


def _article_shingles(
    documents: Iterable[tuple[str, tuple[str, ...]]],
) -> dict[tuple[str, ...], str]:
    shingles: dict[tuple[str, ...], str] = {}
    for name, tokens in documents:
        for shingle in _shingles(tokens):
            shingles.setdefault(shingle, name)
    return shingles


def test_finder_reports_file_line_and_the_shared_words() -> None:
    """A planted quotation is found across a line break; an exempt title is not."""
    article = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    shingles = _article_shingles([("a.txt", article)])
    text = "x = 1\n# zero One two three “four”\n# five six—seven eight. Nine\n"
    hits = find_shared_runs("m.py", Path("m.py"), text, shingles)
    assert [str(h) for h in hits] == [
        "m.py:2: shares with a.txt: 'one two three four five six seven eight nine'"
    ]
    assert (
        find_shared_runs("m.py", Path("m.py"), "one two three four five six seven", shingles) == []
    )
    title = "- title: >-\n    One two three four\n\n    five six seven eight\n"
    quoted = "  paraphrase: one two three four five six seven eight\n"
    assert find_shared_runs("s.yaml", Path("s.yaml"), title + "  paraphrase: ok\n", shingles) == []
    assert [
        h.line for h in find_shared_runs("s.yaml", Path("s.yaml"), title + quoted, shingles)
    ] == [5]
    note = title.replace("title", "note")
    assert [h.line for h in find_shared_runs("s.yaml", Path("s.yaml"), note, shingles)] == [2]


@pytest.mark.seeds
def test_no_file_repeats_eight_words_of_a_source_article(seeds_dir: Path) -> None:
    """No tracked text file shares a run of 8+ consecutive words with a source article."""
    corpus = load_corpus(seeds_dir)
    assert corpus.documents, f"no readable article in {seeds_dir}"
    shingles = _article_shingles((d.name, d.words) for d in corpus.documents)
    hits: list[Hit] = []
    files = _text_files()
    assert files, f"no file to check under {ROOT}"
    for path in files:
        text = _read_text(path)
        if text is not None:
            hits += find_shared_runs(path.relative_to(ROOT).as_posix(), path, text, shingles)
    assert not hits, (
        f"{len(hits)} passage(s) repeat the source articles' wording; say it in your own words "
        "(keep the facts and the citation):\n" + "\n".join(map(str, hits))
    )
