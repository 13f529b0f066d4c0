"""A corpus: a folder of real-world articles read into normalised word lists.

This is the only module in ``detente.sources`` that reads files. Analysts keep their own copies
of the articles a scenario cites (the project stores none of their text), saved however they
came: plain text, markdown, HTML pages, text extracted from PDFs. Each readable file becomes a
:class:`Document` holding its normalised words; anything else (binary files, PDFs not yet
converted, unknown encodings) is skipped with a recorded reason, because one odd file in a
folder of downloads must not stop the other citations from being checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from detente.errors import InvalidParameterError
from detente.sources.normalise import words

__all__ = [
    "MAX_FILE_BYTES",
    "TEXT_SUFFIXES",
    "Corpus",
    "Document",
    "Skipped",
    "html_to_text",
    "load_corpus",
    "read_article",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest article read (20 MiB); a longer file is almost certainly not an article."""

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
"""File types read as articles (PDF text must first be extracted, e.g. with ``pdftotext``)."""

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|i|img|ins|kbd|mark|q|s|samp|small|span"
    r"|strong|sub|sup|time|u|var|wbr)(?:\s[^<>\n]*)?/?>",
    re.IGNORECASE,
)
_MD_BLOCK_TAG = re.compile(
    r"</?(?:blockquote|br|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|pre|table|tbody"
    r"|td|th|thead|tr|ul)(?:\s[^<>\n]*)?/?>",
    re.IGNORECASE,
)
_BINARY_HINTS = {
    ".pdf": "PDF files are not read directly; extract the text first (e.g. `pdftotext`)",
    ".docx": "Word files are not read; save the article as .txt, .md or .html",
    ".doc": "Word files are not read; save the article as .txt, .md or .html",
    ".epub": "e-books are not read; save the article as .txt, .md or .html",
}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Document:
    """One article of the corpus, as the normalised words that fingerprints are taken over.

    Attributes
    ----------
    name : str
        Path relative to the corpus folder (with ``/``), used in every report.
    words : tuple of str
        The article's normalised word tokens (see :func:`detente.sources.normalise.words`).
    """

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """A file in the corpus folder that was not read, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The readable articles of a folder, plus every file skipped with its reason."""

    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()

    def document(self, name: str) -> Document:
        """Return the document called ``name`` (KeyError if absent)."""
        for d in self.documents:
            if d.name == name:
                return d
        raise KeyError(name)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, breaking lines at block elements.

    Inline elements (``<a>``, ``<em>``, ``<span>``) join their text to the words around them,
    so a drop capital ``<b>W</b>ar`` stays one word; block elements end a line, so
    ``<p>end</p><p>start`` stays two.
    """

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _KEEP_IN_SKIP = frozenset({"title"})
    _BLOCK = frozenset(
        {
            "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
            "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
            "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
            "ul", "title", "body",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._KEEP_IN_SKIP:
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._KEEP_IN_SKIP:
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip_depth == 0 or self._in_title:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document or fragment (tags dropped, entities decoded).

    Uses the standard library's tolerant ``html.parser``: broken markup never raises, it just
    yields whatever text can be recovered.
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _markdown_html_to_text(text: str) -> str:
    """Drop the HTML that markdown may embed, tag by known tag name only.

    A general tag pattern would also eat prose such as ``x <y and z> w`` or a blockquote's
    ``>``; known names on one line are safe. Inline tags join the words around them, block
    tags separate them, as in :func:`html_to_text`.
    """
    text = _MD_COMMENT.sub("\n", text)
    text = _MD_BLOCK_TAG.sub("\n", text)
    return _MD_INLINE_TAG.sub("", text)


def _decode(raw: bytes) -> str | None:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Windows-1252 is the usual encoding of older saved pages; its undefined bytes make a
    binary file fail here rather than be read as noise.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw[:_SNIFF_BYTES]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_article(path: Path) -> str:
    """The text of one article file, with HTML already reduced to its visible text.

    Raises
    ------
    ValueError
        With the reason, when the file is not a readable article (the corpus records it).
    OSError
        When the file cannot be read at all.
    """
    suffix = path.suffix.lower()
    if suffix in _BINARY_HINTS:
        raise ValueError(_BINARY_HINTS[suffix])
    if suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(sorted(TEXT_SUFFIXES))
        msg = f"file type '{suffix or '(none)'}' is not an article format (read: {kinds})"
        raise ValueError(msg)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        msg = f"file is {size / 1e6:.1f} MB, larger than the {MAX_FILE_BYTES // 2**20} MiB limit"
        raise ValueError(msg)
    text = _decode(path.read_bytes())
    if text is None:
        msg = "binary or undecodable content (not UTF-8, UTF-16 or Windows-1252 text)"
        raise ValueError(msg)
    if suffix in _HTML_SUFFIXES:
        return html_to_text(text)
    if suffix in _MARKDOWN_SUFFIXES:
        return _markdown_html_to_text(text)
    return text


def _files(root: Path) -> list[Path]:
    """Every file under ``root``, in a stable order, without following directory symlinks."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found.extend(Path(folder) / f for f in sorted(files))
    return found


def load_corpus(folder: str | Path) -> Corpus:
    """Read every article under ``folder`` (recursively) into a :class:`Corpus`.

    Parameters
    ----------
    folder : str or Path
        A folder of article files; see :data:`TEXT_SUFFIXES` for the formats read.

    Returns
    -------
    Corpus
        Documents named by their path relative to ``folder``; unreadable, binary, unknown or
        empty files are listed in ``skipped`` with their reason instead of raising.

    Raises
    ------
    InvalidParameterError
        If ``folder`` is not a folder, or holds no readable article at all (a wrong path is far
        likelier than an intentionally empty corpus).
    """
    root = Path(folder)
    if not root.is_dir():
        msg = (
            f"the corpus must be an existing folder of articles (got '{folder}'). "
            "Fix: pass the folder holding your copies of the cited articles."
        )
        raise InvalidParameterError(msg)
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for path in _files(root):
        name = path.relative_to(root).as_posix()
        try:
            tokens = words(read_article(path))
        except (ValueError, OSError) as exc:
            skipped.append(Skipped(name, str(exc) or type(exc).__name__))
            continue
        if not tokens:
            skipped.append(Skipped(name, "no words in the file"))
        else:
            documents.append(Document(name, tuple(tokens)))
    if not documents:
        msg = (
            f"the corpus must hold at least one readable article (got none in '{folder}'; "
            f"{len(skipped)} file(s) skipped). Fix: check the path; articles must be "
            f"{', '.join(sorted(TEXT_SUFFIXES))} files."
        )
        raise InvalidParameterError(msg)
    return Corpus(str(root), tuple(documents), tuple(skipped))
