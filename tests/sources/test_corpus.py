"""Tests for detente.sources.corpus: reading a folder of articles without ever crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DetenteError, InvalidParameterError
from detente.sources.corpus import html_to_text, load_corpus
from detente.sources.normalise import words

DATA = Path(__file__).parents[1] / "data" / "sources" / "corpus"


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_text_markdown_and_html_files_are_read_with_names_relative_to_the_folder(
    tmp_path: Path,
) -> None:
    """Each article format becomes a document named by its relative path, subfolders included."""
    _write(tmp_path, "a.txt", "Plain words here")
    _write(tmp_path, "b.md", "# Heading\n\n*Marked* words")
    _write(tmp_path, "sub/c.html", "<p>Web <b>page</b></p>")
    _write(tmp_path, "d.markdown", "More")
    _write(tmp_path, "e.HTM", "<div>Upper case suffix</div>")
    corpus = load_corpus(tmp_path)
    assert {d.name: " ".join(d.words) for d in corpus.documents} == {
        "a.txt": "plain words here",
        "b.md": "heading marked words",
        "d.markdown": "more",
        "e.HTM": "upper case suffix",
        "sub/c.html": "web page",
    }
    assert corpus.skipped == ()


def test_binary_file_is_skipped_with_its_reason(tmp_path: Path) -> None:
    """A binary file under an article suffix is recorded as skipped, and the rest still load."""
    _write(tmp_path, "good.txt", "A readable article")
    _write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    corpus = load_corpus(tmp_path)
    assert [d.name for d in corpus.documents] == ["good.txt"]
    assert [s.name for s in corpus.skipped] == ["photo.txt"]
    assert "binary" in corpus.skipped[0].reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("article.pdf", b"%PDF-1.7\n\x00\x01binary", "pdftotext"),
        ("notes.docx", b"PK\x03\x04\x00", "Word files"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "not an article format"),
        ("README", "no suffix at all", "not an article format"),
        ("empty.txt", "", "no words"),
        ("dashes.md", " — *** ---\n", "no words"),
        ("latin.txt", b"\x81\x8d\x8f\x90\x9d undefined in cp1252", "undecodable"),
    ],
)
def test_unreadable_files_are_skipped_with_a_reason_that_says_what_to_do(
    tmp_path: Path, name: str, content: str | bytes, reason: str
) -> None:
    """PDFs, office files, unknown types, empty and undecodable files are skipped, not fatal."""
    _write(tmp_path, "good.txt", "A readable article")
    _write(tmp_path, name, content)
    corpus = load_corpus(tmp_path)
    assert [(s.name, reason in s.reason) for s in corpus.skipped] == [(name, True)]


def test_file_that_cannot_be_read_is_skipped_with_the_system_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError while reading (e.g. no permission) skips the file with the OS's message."""
    _write(tmp_path, "good.txt", "A readable article")
    _write(tmp_path, "secret.txt", "hidden")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus(tmp_path)
    assert [s.name for s in corpus.skipped] == ["secret.txt"]
    assert "Permission denied" in corpus.skipped[0].reason


def test_windows_1252_and_utf16_articles_are_decoded(tmp_path: Path) -> None:
    """Older saved pages in Windows-1252 or UTF-16 read like their UTF-8 copies."""
    text = "Kyiv\u2019s \u201cplan\u201d"
    _write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    _write(tmp_path, "utf16.txt", text.encode("utf-16"))
    _write(tmp_path, "bom.txt", "\ufeff" + text)
    corpus = load_corpus(tmp_path)
    assert {d.words for d in corpus.documents} == {("kyiv", "s", "plan")}


def test_html_drops_scripts_styles_and_tags_and_decodes_entities() -> None:
    """Only the visible text remains; entities become characters."""
    page = (
        "<html><head><title>T</title><style>p{x:1}</style>"
        "<script>var hidden = 'secret words';</script></head>"
        "<body><p>Kyiv&rsquo;s &amp; Moscow&#8217;s view</p><noscript>enable js</noscript>"
        "</body></html>"
    )
    assert words(html_to_text(page)) == ["t", "kyiv", "s", "moscow", "s", "view"]


def test_html_inline_tags_join_words_and_block_tags_separate_them() -> None:
    """A drop capital stays in its word; adjacent paragraphs do not run together."""
    page = '<p><span class="drop">W</span>ar ends</p><p>Talks<br>begin</p><li>one</li><li>two</li>'
    assert words(html_to_text(page)) == ["war", "ends", "talks", "begin", "one", "two"]


def test_broken_html_yields_what_text_it_can() -> None:
    """Unclosed tags and stray brackets never raise."""
    assert words(html_to_text("<p>Open <b>bold <i>and a < b & c")) == [
        "open", "bold", "and", "a", "b", "c"
    ]  # fmt: skip


def test_markdown_inline_html_is_dropped_but_angle_brackets_in_prose_are_kept(
    tmp_path: Path,
) -> None:
    """Known HTML tags and comments in markdown vanish; ``x <y`` and autolinks stay."""
    _write(
        tmp_path,
        "a.md",
        "Two <em>unarmed</em> observers<br/>per post <!-- note -->\n> if x <y then\n<https://e.org>",
    )
    (doc,) = load_corpus(tmp_path).documents
    assert " ".join(doc.words) == "two unarmed observers per post if x y then https e org"


def test_missing_folder_is_an_error_that_names_the_fix(tmp_path: Path) -> None:
    """A corpus path that is not a folder raises a DetenteError with a fix."""
    with pytest.raises(InvalidParameterError, match=r"must be an existing folder .*Fix:"):
        load_corpus(tmp_path / "nowhere")


def test_folder_without_any_readable_article_is_an_error(tmp_path: Path) -> None:
    """A folder whose every file is skipped is almost certainly the wrong folder."""
    _write(tmp_path, "scan.pdf", b"%PDF-1.4\x00")
    with pytest.raises(DetenteError, match=r"at least one readable article .*1 file\(s\) skipped"):
        load_corpus(tmp_path)


def test_test_corpus_reads_all_four_synthetic_articles() -> None:
    """The corpus shipped with the tests loads whole, in sorted order."""
    corpus = load_corpus(DATA)
    assert [d.name for d in corpus.documents] == [
        "grain_corridor.html", "harbour_talks.md", "harbour_talks_print.txt", "river_front.txt"
    ]  # fmt: skip
    assert corpus.document("grain_corridor.html").words[:3] == ("grain", "corridor", "what")


@pytest.mark.seeds
def test_seed_articles_all_load(seeds_dir: Path) -> None:
    """The five seed articles are read, none skipped, each over a thousand words."""
    corpus = load_corpus(seeds_dir)
    assert len(corpus.documents) == 5
    assert corpus.skipped == ()
    assert all(len(d.words) > 1000 for d in corpus.documents)
