"""Read a source file (PDF, Markdown or plain text) into page texts plus what is known about it.

This is the I/O edge of parsing: it opens the file, hashes its bytes, reads the YAML front
matter of ``.md``/``.txt`` files or the symbol printed in a PDF's header, and turns every kind
of bad input (missing, empty, corrupt, encrypted, scanned, wrong type) into a
:class:`~index.errors.SourceError` whose one-line message names the file and says what to do.
The paragraph structure is found by :mod:`index.parser`, which never touches the file system.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import yaml

from index.errors import SourceError
from index.furniture import (
    PAGE_MARKER_RE,
    FurnitureContext,
    is_header_line,
    find_cover_title,
    find_issue_date,
    find_symbol,
    is_running_title,
    symbol_from_filename,
)
from index.models import DocumentMeta
from index.userinput import one_line
from index.wording import or_list

if TYPE_CHECKING:  # for the annotation only (the layout readers import from here)
    from index.pdf_layout import LayoutDocument

PDF_SUFFIXES = frozenset({".pdf"})
WORD_SUFFIXES = frozenset({".docx"})
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
SUPPORTED_SUFFIXES = PDF_SUFFIXES | WORD_SUFFIXES | TEXT_SUFFIXES  # the one list of accepted file types
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_GET_PDF = "get the born-digital PDF from documents.un.org (or digitallibrary.un.org) and try again"


@dataclass(frozen=True)
class RawDocument:
    """A source file's page texts, before any paragraph structure is found.

    ``pages`` holds one text per PDF page (pypdf ``extract_text()``), or for ``.md``/``.txt``
    a single page with the body after the front matter (several pages only when the text
    file itself marks page breaks with form feeds or UN page markers such as ``2/4``).
    ``has_page_numbers`` says whether ``pages[i]`` really is page ``i + 1``.
    """

    meta: DocumentMeta
    pages: list[str]
    kind: str  # "pdf", "docx" or "text"
    has_page_numbers: bool
    layout: "LayoutDocument | None" = None  # blocks by layout (PDF, Word); None for text files


def describe_suffixes() -> str:
    """The accepted file types for messages: ".docx, .markdown, .md, .pdf, .text or .txt"."""
    return or_list(sorted(SUPPORTED_SUFFIXES))


def read_source(path: Path) -> tuple[bytes, str]:
    """A source file's bytes and their SHA-256 (hex): read once, hashed once.

    Raises SourceError (one line, actionable) for a file of another type, a missing, unreadable
    or empty file, or a directory.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            path,
            f"unsupported file type '{suffix or '(none)'}'",
            "use a PDF, a Word .docx, or a .md/.txt file with the document text",
        )
    if not path.exists():
        raise SourceError(path, "file not found", "check the path, or run `oewg fetch` to download the sources")
    if path.is_dir():
        raise SourceError(path, "is a directory, not a file", "pass the files inside it, or use --sources DIR")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(path, f"cannot be read ({err.strerror or err})", "check the file's permissions") from None
    if not data:
        how = _GET_PDF if path.suffix.lower() == ".pdf" else "save or copy the file again and try again"
        raise SourceError(path, "is empty (0 bytes)", f"the download or copy probably failed: {how}")
    return data, hashlib.sha256(data).hexdigest()


def read_document(path: Path, data: bytes | None = None, digest: str | None = None) -> RawDocument:
    """Read one source file (or the ``data`` and ``digest`` that :func:`read_source` already gave).
    Raises SourceError (one-line, actionable) for anything unusable."""
    path = Path(path)
    if data is None or digest is None:
        data, digest = read_source(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, digest)
    if suffix in WORD_SUFFIXES:
        return _read_docx(path, data, digest)
    return _read_text(path, data, digest)


def _read_docx(path: Path, data: bytes, digest: str) -> RawDocument:
    from index.docx_reader import read_docx_layout

    layout, symbol, has_pages = read_docx_layout(data, path)
    if not layout.blocks:
        raise SourceError(path, "is a Word document with no text", "give the document with its text, or the PDF")
    lines = list(layout.first_page_lines)
    meta = DocumentMeta(
        symbol=symbol or find_symbol(lines) or symbol_from_filename(path.stem) or path.stem,
        date=find_issue_date(lines),
        path=str(path),
        sha256=digest,
    )
    return RawDocument(meta=meta, pages=[], kind="docx", has_page_numbers=has_pages, layout=layout)


# ---- PDF ------------------------------------------------------------------------------------
@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's logging and warnings while reading (restored afterwards)."""
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old_level)


def _read_pdf(path: Path, data: bytes, digest: str) -> RawDocument:
    if b"%PDF-" not in data[:1024]:
        raise SourceError(path, "is not a PDF (no %PDF header; maybe an HTML error page)", _GET_PDF)
    from index.pdf_glyphs import read_page_glyphs
    from index.pdf_layout import analyse_layout

    with _quiet_pypdf():
        password = _check_pdf(path, data)
    try:
        glyph_pages = read_page_glyphs(data, password)
    except Exception as err:  # noqa: BLE001 - pdfminer raises many exception types on bad input
        raise SourceError(
            path, f"is corrupt or unreadable ({type(err).__name__}: {one_line(err, 120)})", _GET_PDF
        ) from None
    if not glyph_pages:
        raise SourceError(path, "is a PDF with no pages", _GET_PDF)
    if not any(g.text.strip() for p in glyph_pages for g in p.glyphs):
        raise SourceError(
            path,
            f"has no text layer (its {len(glyph_pages)} page(s) are scanned images)",
            "OCR it first, e.g. `ocrmypdf in.pdf out.pdf`, or " + _GET_PDF,
        )
    layout = analyse_layout(glyph_pages)
    first_lines = list(layout.first_page_lines)
    symbol = layout.symbol or find_symbol(first_lines) or symbol_from_filename(path.stem) or path.stem
    meta = DocumentMeta(symbol=symbol, date=find_issue_date(first_lines), path=str(path), sha256=digest)
    return RawDocument(meta=meta, pages=list(layout.page_texts), kind="pdf", has_page_numbers=True, layout=layout)


def _check_pdf(path: Path, data: bytes) -> str:
    """Open the PDF with pypdf to refuse, with a clear line, what cannot be read: encrypted with
    a password, corrupt, no pages. Returns the password that opens it ("" when none is needed)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise SourceError(
                    path,
                    "is encrypted with AES, which needs the 'cryptography' package to open",
                    "pip install cryptography, or save an unencrypted copy",
                ) from None
            if not opened:
                raise SourceError(
                    path,
                    "is encrypted and needs a password",
                    "save an unencrypted copy (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) or " + _GET_PDF,
                )
        if len(reader.pages) == 0:
            raise SourceError(path, "is a PDF with no pages", _GET_PDF)
        return ""
    except SourceError:
        raise
    except FileNotDecryptedError:
        raise SourceError(path, "is encrypted and needs a password", "save an unencrypted copy or " + _GET_PDF) from None
    except RecursionError:
        raise SourceError(path, "is corrupt (its object tree loops)", _GET_PDF) from None
    except Exception as err:  # noqa: BLE001 - pypdf raises many exception types on bad input
        raise SourceError(
            path, f"is corrupt or unreadable ({type(err).__name__}: {one_line(err, 120)})", _GET_PDF
        ) from None


# ---- Markdown / plain text ----------------------------------------------------------------
def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise SourceError(path, "holds binary data, not text", "give the PDF (.pdf) or a UTF-8 .md/.txt extraction")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(
            path, f"is not valid UTF-8 text (bad byte at offset {err.start})", "re-save it as UTF-8"
        ) from None


def split_front_matter(path: Path | str, text: str) -> tuple[dict, str]:
    """Split ``---`` YAML front matter from the body. Returns ({} , text) when there is none."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise SourceError(
            path, f"has invalid YAML front matter{where}", "fix or remove the block between the two --- lines"
        ) from None
    if not isinstance(data, dict):
        raise SourceError(path, "has front matter that is not a key: value mapping", "use lines like 'symbol: A/RES/80/16'")
    return data, text[m.end() :]


def _meta_str(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()  # a YAML date
    return " ".join(str(value).split())


def clean_title(title: str) -> str:
    """Catalogue titles end with a stray " :" ("Awaza Political Declaration :"): drop it."""
    return re.sub(r"\s*[:/;]\s*$", "", " ".join(title.split()))


def _read_text(path: Path, data: bytes, digest: str) -> RawDocument:
    text = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n")
    front, body = split_front_matter(path, text)
    if not body.strip():
        raise SourceError(path, "has no text" + (" after its front matter" if front else ""), "give the document text, or the PDF")
    pages = split_text_pages(body)
    lines = pages[0].splitlines()
    symbol = _meta_str(front.get("symbol")) or find_symbol(lines) or symbol_from_filename(path.stem) or path.stem
    meta = DocumentMeta(
        symbol=symbol,
        title=clean_title(_meta_str(front.get("title"))),
        date=_meta_str(front.get("date")) or find_issue_date(lines),
        source_pdf=_meta_str(front.get("source_pdf")),
        short_name=_meta_str(front.get("short_name")),
        path=str(path),
        sha256=digest,
    )
    return RawDocument(meta=meta, pages=pages, kind="text", has_page_numbers=len(pages) > 1)


def split_text_pages(text: str) -> list[str]:
    """Split a text file into pages where it marks them: form feeds, or PDF-like page headers.

    Text saved from a PDF (``pdftotext``, or pypdf output joined with newlines, like
    ``corpus/raw/A_RES_75_240.txt``) repeats a header block with a page marker ``N/M`` at the
    top of every page after the first; a page starts where that block starts. Text without
    such marks is one page.
    """
    if "\f" in text:
        pages = text.split("\f")
        while len(pages) > 1 and not pages[-1].strip():
            pages.pop()
        return pages
    lines = text.split("\n")
    markers = [
        i
        for i, ln in enumerate(lines)
        if (m := PAGE_MARKER_RE.match(ln.strip())) and 2 <= int(m.group(1)) <= int(m.group(2))
    ]
    if not markers:
        return [text]
    symbol = find_symbol(lines)
    ctx = FurnitureContext(symbol=symbol, titles=tuple(t for t in (find_cover_title(lines),) if t))
    starts: list[int] = []
    for i in markers:
        j = i
        while j > 0:
            s = " ".join(lines[j - 1].split())
            if not s or is_header_line(s, symbol) or is_running_title(s, ctx.titles, anywhere=False):
                j -= 1
            else:
                break
        if (not starts or j > starts[-1]) and j > 0:
            starts.append(j)
    bounds = [0] + starts + [len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:])]
