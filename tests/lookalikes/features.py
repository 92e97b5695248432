"""What a look-alike's PDF actually shows: the hard cases that occurred, measured from glyph positions.

``observe(doc, layout, pages, locations)`` reports, for the manifest and the generator's tests:
paragraphs that cross a page break, line-end hyphens that are hyphenation breaks (``na-``/``tional``)
and hyphens that belong to the word (``non-``/``State``) — and those at the last line of a page —,
headings that wrap, annexes that start at the top of a page, and where numbers sit against the
text (number x, x of the text after it, x of the next line).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from tests.lookalikes.layouts import Layout
from tests.lookalikes.locate import Location
from tests.lookalikes.model import AnnexStart, Document, Heading, Para
from tests.lookalikes.pdf_lines import Line, Page

_EDGE_PUNCT = "“”\"'’(),;:.[]"


@dataclass
class LineEndHyphen:
    ref: str
    page: int
    before: str  # "na-" / "non-"
    after: str  # "tional" / "State"
    last_on_page: bool


@dataclass
class Features:
    pages: int
    crossing: list[str] = field(default_factory=list)  # scope/ref of paragraphs that cross a page break
    breaks: list[LineEndHyphen] = field(default_factory=list)  # hyphenation breaks
    hyphens: list[LineEndHyphen] = field(default_factory=list)  # hyphens of the text at a line end
    wrapped_headings: list[str] = field(default_factory=list)
    annexes_at_top: list[str] = field(default_factory=list)
    numbers: list[tuple[str, float, float, float | None]] = field(default_factory=list)  # ref, number x, text x, next line x

    def to_json(self) -> dict:
        return asdict(self)


def body_words(line: Line, lay: Layout) -> list[tuple[str, float]]:
    """Words of a line at body size or larger (footnote marks left out), with their x."""
    kept = tuple(c for c in line.chars if c.size >= lay.body_size - 0.6)
    return Line.of(line.page, kept).words() if kept else []


def _hyphen(text: str, before: str, after: str) -> str | None:
    """"break" / "hyphen" for a line ending in ``before`` (with "-") followed by ``after``, or None."""
    left = before.lstrip(_EDGE_PUNCT)[:-1]
    right = after.rstrip(_EDGE_PUNCT)
    if not left or not right:
        return None
    if re.search(rf"(?<![\w-]){re.escape(left)}-{re.escape(right)}", text):
        return "hyphen"
    if re.search(rf"(?<![\w-]){re.escape(left + right)}", text):
        return "break"
    return None


def observe(doc: Document, lay: Layout, pages: list[Page], locations: list[Location]) -> Features:
    feats = Features(pages=len(pages))
    last_line = {p.number: max((i for i, ln in enumerate(p.lines) if body_words(ln, lay) and
                                ln.bottom <= p.height - lay.margin_bottom + 2), default=-1) for p in pages}
    first_line = {p.number: min((i for i, ln in enumerate(p.lines) if body_words(ln, lay) and ln.top >= lay.margin_top - 2),
                                default=-1) for p in pages}
    scope = "main"
    for block, where in zip(doc.blocks, locations):
        lines = [pages[p - 1].lines[i] for p, i in where.lines]
        if isinstance(block, AnnexStart):
            scope = block.scope
            if where.lines[0][1] == first_line[where.page]:
                feats.annexes_at_top.append(block.label)
        elif isinstance(block, Heading) and len(lines) > 1:
            feats.wrapped_headings.append(block.truth)
        if not isinstance(block, Para):
            continue
        name = f"{scope} {block.ref}"
        if where.end_page != where.page:
            feats.crossing.append(name)
        for (page, index), line, nxt in zip(where.lines, lines, lines[1:]):
            words, following = body_words(line, lay), body_words(nxt, lay)
            if not words or not following or not words[-1][0].endswith("-"):
                continue
            kind = _hyphen(block.text, words[-1][0], following[0][0])
            if kind:
                found = LineEndHyphen(name, page, words[-1][0], following[0][0], index == last_line[page])
                (feats.breaks if kind == "break" else feats.hyphens).append(found)
        if block.label and not block.preambular:
            first = body_words(lines[0], lay)
            second = body_words(lines[1], lay) if len(lines) > 1 and lines[1].page == lines[0].page else []
            if len(first) >= 2:
                feats.numbers.append((name, round(first[0][1], 2), round(first[1][1], 2),
                                      round(second[0][1], 2) if second else None))
    return feats
