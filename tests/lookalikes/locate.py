"""Find where each block of a look-alike starts (and ends) in its PDF, independently of the parser.

The body of every page — characters inside the body frame (between the top and bottom margins,
so no running header or footer) at the body size or larger (so no footnote marks and no
footnote bodies) — is read in reading order and reduced to letters and digits. Hyphenation
breaks, real hyphens, spaces and punctuation then do not matter. Each block's label and text,
reduced the same way, must occur **whole** in that stream, in document order, starting at the
first character of a line; its page is the page of its first character. Footnote bodies are
found the same way in the stream of footnote-size characters. Anything not found raises
``NotLocated``: the truth is never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tests.lookalikes.layouts import Layout
from tests.lookalikes.model import AnnexStart, Document, Heading, Para, Plain, plain_text
from tests.lookalikes.pdf_lines import Page


class NotLocated(Exception):
    """A block of the document was not found in its PDF."""


@dataclass(frozen=True)
class Location:
    page: int
    end_page: int
    lines: tuple[tuple[int, int], ...]  # (page, index in Page.lines) of every line the block is on


def reduce(text: str) -> str:
    """Letters and digits only (NFKC, so ligatures become letters)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


class Stream:
    """Reduced characters of the chosen lines with, for each, its page and line, and where lines start."""

    def __init__(self, pages: list[Page], keep) -> None:
        chars: list[str] = []
        where: list[tuple[int, int]] = []
        starts: set[int] = set()
        for page in pages:
            for index, line in enumerate(page.lines):
                first = True
                for char in line.chars:
                    if not keep(page, line, char):
                        continue
                    for ch in reduce(char.text):
                        if first:
                            starts.add(len(chars))
                            first = False
                        chars.append(ch)
                        where.append((page.number, index))
        self.text = "".join(chars)
        self.where = where
        self.starts = starts

    def find(self, needle: str, pos: int) -> int:
        """First occurrence of ``needle`` at or after ``pos`` that starts a line, or -1."""
        at = self.text.find(needle, pos)
        while at != -1 and at not in self.starts:
            at = self.text.find(needle, at + 1)
        return at

    def location(self, at: int, length: int) -> Location:
        lines = tuple(dict.fromkeys(self.where[at : at + length]))
        return Location(self.where[at][0], self.where[at + length - 1][0], lines)


def body_stream(pages: list[Page], lay: Layout) -> Stream:
    top = lay.margin_top - 2
    bottom_margin = lay.margin_bottom - 2

    def keep(page: Page, line, char) -> bool:
        return char.size >= lay.body_size - 0.6 and char.top >= top and char.bottom <= page.height - bottom_margin

    return Stream(pages, keep)


def footnote_stream(pages: list[Page], lay: Layout) -> Stream:
    top = lay.margin_top - 2
    bottom_margin = lay.margin_bottom - 2

    def keep(page: Page, line, char) -> bool:
        return abs(char.size - lay.footnote_size) < 0.3 and char.top >= top and char.bottom <= page.height - bottom_margin

    return Stream(pages, keep)


def block_text(block) -> str:
    """What a block prints, label included, footnote marks excluded."""
    if isinstance(block, Para):
        return f"{block.label or ''} {block.text}"
    if isinstance(block, Heading):
        return f"{block.label or ''} {block.text}"
    if isinstance(block, AnnexStart):
        return f"{block.label} {block.title}"
    if isinstance(block, Plain):
        return plain_text(block.inlines)
    raise TypeError(f"not a block: {block!r}")


def _locate_all(stream: Stream, texts: list[str], what: list[str], doc_name: str) -> list[Location]:
    out, pos = [], 0
    for text, name in zip(texts, what):
        needle = reduce(text)
        if not needle:
            raise NotLocated(f"{doc_name}: {name} has no letters or digits to look for")
        at = stream.find(needle, pos)
        if at == -1:
            head = stream.find(needle[:24], pos)
            context = stream.text[head : head + 80] if head != -1 else stream.text[pos : pos + 80]
            raise NotLocated(f"{doc_name}: {name} not found whole in the PDF after offset {pos} "
                             f"(looked for {needle[:60]!r}…; the PDF has {context!r} there)")
        out.append(stream.location(at, len(needle)))
        pos = at + len(needle)
    return out


def locate_blocks(doc: Document, pages: list[Page], lay: Layout) -> list[Location]:
    """The location of every block of ``doc`` (annex label and title together), in order."""
    texts = [block_text(b) for b in doc.blocks]
    names = [getattr(b, "ref", None) or type(b).__name__ + " " + block_text(b)[:40] for b in doc.blocks]
    return _locate_all(body_stream(pages, lay), texts, names, doc.name)


def locate_footnotes(doc: Document, pages: list[Page], lay: Layout) -> dict[int, Location]:
    """The location of every footnote body, by footnote index, found in order of the marks."""
    order = list(doc.marks())
    texts = [doc.footnotes[i].text for i in order]
    found = _locate_all(footnote_stream(pages, lay), texts, [f"footnote {doc.marks()[i]}" for i in order], doc.name)
    return dict(zip(order, found))
