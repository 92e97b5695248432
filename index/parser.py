"""Split a UN document into citable paragraph records (pure: no I/O in parse_document).

Two readers feed one structurer (:mod:`index.structure`):

* **layout** (PDF read by glyph positions, :mod:`index.pdf_layout`; Word ``.docx``,
  :mod:`index.docx_reader`): the reader gives blocks that are the document's own paragraphs
  and headings, with their pages and the footnotes they cite; :mod:`index.layout_parse` drops
  the cover, finds the title and joins each block's lines;
* **text** (Markdown / plain text, also pypdf-like raw page text): page texts -> lines without
  furniture (:mod:`index.furniture`) -> the cover is cut off at "The General Assembly," (its
  "80/16. Title" line gives the title) -> lines are grouped into blocks (PDF-like text: wrapped
  lines joined, hyphenation resolved by :mod:`index.textnorm`; Markdown: one line is one block).

Records produced (see :class:`index.models.Paragraph`):

* a numbered paragraph ``"12"``: its own text plus its sub-paragraphs, one per line
  (``"Decides that:\\n(a) The group shall...;\\n(b) ..."``);
* one record per sub-paragraph, ``"12(b)"`` / ``"12(b)(ii)"`` with ``parent="12"``, whose text
  starts with its label (``"(b) ..."``) so that a quote of it reads naturally; a letter
  sub-paragraph's text includes its roman sub-items. Parents come before children in ``order``;
* unnumbered paragraphs before paragraph 1 of a scope (a resolution's preamble after
  "The General Assembly,", a note's covering text) are ``"PP1"``, ``"PP2"``...

Repairs of text-extraction damage (text reader only), all conservative: the next expected
number found inline after a sentence end (``"...Development.2 2. We acknowledge"``), after a
word when the numbering confirms it (``"...facility for 15. We emphasize"`` followed by
``"16."``), or glued to a heading (``"Partnerships and support mechanisms 17. We invite"``) is
split off; a block that starts in lower case, or follows text without final punctuation,
continues the paragraph (a page break; in the preamble also after a bare "and" unless the block
opens with "Recalling", "Noting"...); a block that looks like a paragraph whose number was lost
becomes paragraph n+1 with ``inferred=True`` when the numbering leaves room for it, otherwise it
is appended. No text is dropped and nothing is reordered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from index.errors import SourceError
from index.furniture import (
    BODY_START_RE,
    FurnitureContext,
    clean_pdf_page,
    find_cover_title,
    is_cover_line,
    remove_furniture_lines,
    split_md_footnotes,
)
from index.models import MAIN_SCOPE, Footnote, ParsedDocument
from index.readers import RawDocument, clean_title, read_document
from index.structure import (
    ENDS_AND_OR,
    NUM_RE,
    Block,
    _Structurer,
    is_structural,
    opens_preambular,
)
from index.textnorm import (
    Vocabulary,
    build_vocabulary,
    ends_with_terminal,
    join_lines,
    starts_capital,
)

BARE_LABEL_RE = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|[IVXL]{1,6}\.|[A-Z]\.)$")


# ---- public API ------------------------------------------------------------------------------
def parse_file(path: Path) -> ParsedDocument:
    """Read and parse one file (see :func:`parse_document`). Raises SourceError for unusable files."""
    return parse_document(read_document(Path(path)))


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Split a read document into paragraph records. Pure: no I/O.

    Raises SourceError when nothing in the text is a numbered paragraph and the text is not a
    resolution ("The General Assembly," ...) either: it is most likely not a UN document.
    """
    if raw.layout is not None:
        from index.layout_parse import layout_blocks

        found = layout_blocks(raw.layout)
        blocks, preamble, cover_title = found.blocks, found.preamble, found.title
        join, footnotes, warnings = found.join, found.footnotes, list(found.warnings)
        has_pages = raw.has_page_numbers
    else:
        ctx, lines, cover_title, warnings, notes = _clean_lines(raw)
        start = _body_start(lines)
        body = lines[start + 1 :] if start is not None else _drop_cover(lines)
        vocab = build_vocabulary(ln.text for ln in body)
        wrapped = raw.kind == "pdf" or raw.has_page_numbers
        blocks = assemble_blocks(body, wrapped=wrapped, vocab=vocab)
        preamble = start is not None
        footnotes = {(0, mark): Footnote(mark, text) for mark, text in notes.items()}
        has_pages = raw.has_page_numbers

        def join(a: str, b: str, vocab: Vocabulary = vocab) -> str:
            return join_lines(a, b, vocab)

    structurer = _Structurer(raw.meta.symbol, join, preamble=preamble, has_pages=has_pages, footnotes=footnotes)
    paragraphs = structurer.run(blocks)
    warnings.extend(structurer.warnings)

    numbered = [p for p in paragraphs if p.ref[:1].isdigit()]
    if not numbered and not preamble:
        raise SourceError(
            raw.meta.path or raw.meta.symbol,
            "no numbered paragraphs found — is this a UN document?",
            "give a UN report or resolution (paragraphs numbered 1., 2., ...), as PDF, Word or text",
        )
    meta = raw.meta
    if cover_title:  # the document's own title line beats catalogue data, which can be wrong
        meta = replace(meta, title=clean_title(cover_title))
    if meta.default_scope == MAIN_SCOPE and numbered and not any(p.scope == MAIN_SCOPE for p in numbered):
        meta = replace(meta, default_scope=numbered[0].scope)
    page_count = raw.layout.page_count if raw.layout is not None else (len(raw.pages) if raw.has_page_numbers else 0)
    return ParsedDocument(meta=meta, paragraphs=tuple(paragraphs), page_count=page_count, warnings=tuple(warnings))


# ---- lines -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One text line of the document body; ``page`` is 1-based, 0 when unknown; ``marks`` are
    the Markdown footnotes (``[^3]``) the line cited before they were taken out."""

    text: str
    page: int = 0
    marks: tuple[str, ...] = ()


def _clean_lines(raw: RawDocument) -> tuple[FurnitureContext, list[Line], str, list[str], dict[str, str]]:
    """The body lines of a text document without furniture, its cover title, warnings, and its
    Markdown footnote definitions (mark -> text)."""
    first_page = raw.pages[0] if raw.pages else ""
    first_lines = first_page.split("\n")
    start = next((i for i, ln in enumerate(first_lines) if BODY_START_RE.match(" ".join(ln.split()))), None)
    cover_title = find_cover_title(first_lines[:start] if start is not None else first_lines[:60])
    titles = tuple(t for t in (cover_title, raw.meta.title) if t)
    ctx = FurnitureContext(symbol=raw.meta.symbol, titles=titles)
    warnings: list[str] = []
    lines: list[Line] = []
    notes: dict[str, str] = {}
    if raw.has_page_numbers:
        for number, page in enumerate(raw.pages, start=1):
            if not page.strip():
                warnings.append(f"page {number} has no text (scanned image?)")
            page_lines = page.split("\n")
            if raw.kind == "text":
                page_lines, _, page_notes = split_md_footnotes(page_lines)
                notes.update(page_notes)
            lines.extend(Line(t, number) for t in clean_pdf_page("\n".join(page_lines), ctx))
    else:
        text = "\n".join(raw.pages).replace("\r\n", "\n").replace("\r", "\n")
        plain, marks, notes = split_md_footnotes(text.split("\n"))
        lines = [Line(t, 0, m) for t, m in zip(remove_furniture_lines(plain, ctx), marks)]
    return ctx, lines, cover_title, warnings, notes


def _body_start(lines: list[Line]) -> int | None:
    """Index of "The General Assembly," when it comes before any numbered paragraph, else None."""
    for i, ln in enumerate(lines):
        s = " ".join(ln.text.split())
        if BODY_START_RE.match(s):
            return i
        if NUM_RE.match(s):
            return None
    return None


COVER_ZONE_LINES = 40  # the cover block of page 1 is never longer than this


def _drop_cover(lines: list[Line]) -> list[Line]:
    """Without "The General Assembly,": drop cover lines near the top, before the first paragraph number."""
    first_num = next((i for i, ln in enumerate(lines) if NUM_RE.match(ln.text.strip())), len(lines))
    limit = min(first_num, COVER_ZONE_LINES)
    return [ln for i, ln in enumerate(lines) if i >= limit or ln.page > 1 or not is_cover_line(ln.text)]


# ---- blocks ----------------------------------------------------------------------------------
def assemble_blocks(lines: list[Line], wrapped: bool, vocab: Vocabulary = Vocabulary()) -> list[Block]:
    """Group body lines into blocks.

    Consecutive lines are one block, joined with hyphenation resolved, until a blank line, a
    page change or a line that starts a structure (paragraph number, sub-paragraph label,
    heading label, "Annex"). In ``wrapped`` text (PDF) such a line only breaks after a line
    that ends a clause or is short, and a capitalised line after a short (paragraph-final)
    line also starts a block. In Markdown/plain extractions (a paragraph per line, a few
    broken inside a paragraph) a structure line always breaks.
    A label alone on its line ("1.", "(a)", "II.") is joined to the line after it.
    """
    nonblank = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    full = nonblank[int(len(nonblank) * 0.9)] if nonblank else 80
    blocks: list[Block] = []
    cur: list[str] = []
    pages: list[int] = []
    marks: list[tuple[int, str]] = []

    def flush() -> None:
        if cur:
            text = cur[0]
            for nxt in cur[1:]:
                text = join_lines(text, nxt, vocab)
            blocks.append(Block(text, tuple(sorted(set(p for p in pages if p))), marks=tuple(marks)))
        cur.clear()
        pages.clear()
        marks.clear()

    for ln in lines:
        s = " ".join(ln.text.split())
        if not s:
            if not (len(cur) == 1 and BARE_LABEL_RE.match(cur[0])):
                flush()
            continue
        if cur and BARE_LABEL_RE.match(cur[-1]) and len(cur) == 1:
            cur.append(s)
            pages.append(ln.page)
            marks.extend((0, m) for m in ln.marks)
            continue
        if cur and (ln.page != pages[-1] or _breaks_before(cur[-1], s, full, wrapped)):
            flush()
        cur.append(s)
        pages.append(ln.page)
        marks.extend((0, m) for m in ln.marks)
    flush()
    return blocks


def _breaks_before(prev: str, s: str, full: int, wrapped: bool) -> bool:
    prev_end = ends_with_terminal(prev) or bool(ENDS_AND_OR.search(prev))
    if prev_end and opens_preambular(s):
        return True  # "..., \nNoting that ..." : a capitalised opener mid-sentence is impossible
    if not wrapped:
        return is_structural(s)
    if BARE_LABEL_RE.match(s):  # a hanging label alone on its line ("1.", "(a)", "II.")
        return True
    prev_short = len(prev) < 0.75 * full
    if is_structural(s) and (prev_end or prev_short):
        return True
    return prev_short and starts_capital(s)


