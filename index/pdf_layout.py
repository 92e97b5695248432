"""Read a Word-made PDF by its layout: lines, furniture, footnotes and paragraph blocks (pure).

Input: the glyphs and rules of every page (:mod:`index.pdf_glyphs`). Output: a
:class:`LayoutDocument` whose blocks are the document's paragraphs and headings in reading
order, each with its pages, its label (``12.``, ``(a)``, ``II.`` when a tab follows it), the
footnote marks it cites, and whether it is set as a heading; plus the footnote bodies.

Everything is decided by position and size, not by guessing from plain text:

* **lines**: glyphs grouped by baseline; raised, smaller glyphs are footnote reference marks,
  removed from the text and recorded (``Declaration,2 in`` -> ``Declaration, in`` + mark 2);
* **furniture**: lines in the top and bottom bands of a page that are made only of the
  document symbol, job number (``25-11705 (E) 250725 280725``), page marker (``4/18``),
  barcode or "Please recycle", or that repeat (digits aside) at the same place on other pages
  (running titles);
* **footnotes**: the lines under the short separator rule at the foot of a page, in a smaller
  size; a line that opens with a mark starts a footnote, others continue it (also across pages);
* **blocks**: a line starts a new block after a vertical gap larger than the line spacing, at a
  first-line indent, with a label followed by a tab, at a change of size or weight, or after a
  line that ended a sentence although the next word would have fitted on it. A block at the top
  of a page continues the last one of the page before unless it starts a paragraph of its own
  (label, first-line indent, heading) or the line before ended a paragraph.

Hyphenation is left to :mod:`index.textnorm` (the parser joins the lines of a block), told by
:func:`uses_hyphenation` whether this document was hyphenated automatically at all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from statistics import median

from index.pdf_glyphs import Glyph, PageGlyphs, Rule

LABEL_RE = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,5}\)|[IVXLC]{1,7}\.|[A-Z]\.)$")
MARK_TEXT_RE = re.compile(r"^[\d*†‡§,\s]+$")
_JOB_RE = re.compile(r"\b\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}\b")
_MARKER_RE = re.compile(r"(?<![\d/])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])")
_BARCODE_RE = re.compile(r"\*\s?\d{6,}\s?\*")
_RECYCLE_RE = re.compile(r"\bPlease\s+recycle\b.*", re.I)
_SEPARATOR_TEXT_RE = re.compile(r"^_{5,}$")
_TERMINAL = ".;:,!?"
# Headings UN documents print on a line of their own, even where the type does not change.
STANDALONE_HEADING_RE = re.compile(
    r"^(?:(?:Note|Report|Letter)\s+(?:by|of|dated)\s+the\s+(?:Secretary-General|Secretariat|President)\b"
    r"|(?:Annex|Appendix|Enclosure)(?:\s+(?:[IVXL]{1,6}|[A-Z]|\d{1,2}))?$)"
)
_CLOSERS = "’”\"')]»"
BAND = 0.13  # fraction of the page height at top and bottom where headers and footers sit


# ---- records ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    """One printed line, footnote marks taken out of its words and kept in ``marks``."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    words: tuple[Word, ...]
    marks: tuple[str, ...] = ()
    label: str = ""  # "12.", "(a)", "II." when a tab-like gap follows it
    lead_mark: str = ""  # a mark that opens the line (a footnote body's number)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if any(c.isalpha() for c in w.text)] or list(self.words)
        return bool(letters) and all(w.bold for w in letters)

    @property
    def italic(self) -> bool:
        letters = [w for w in self.words if any(c.isalpha() for c in w.text)] or list(self.words)
        return bool(letters) and all(w.italic for w in letters)

    @property
    def body_words(self) -> tuple[Word, ...]:
        """The words after the label, if any."""
        return self.words[1:] if self.label else self.words

    @property
    def text_x0(self) -> float:
        """Where the text starts: after a label and its tab."""
        words = self.body_words
        return words[0].x0 if words else self.x0


@dataclass(frozen=True)
class LayoutBlock:
    """A paragraph, sub-paragraph or heading as laid out: its lines (over one or more pages)."""

    lines: tuple[Line, ...]
    heading: bool = False

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def label(self) -> str:
        return self.first.label

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({ln.page for ln in self.lines}))

    @property
    def size(self) -> float:
        return self.first.size

    @property
    def marks(self) -> tuple[tuple[int, str], ...]:
        return tuple((ln.page, m) for ln in self.lines for m in ln.marks)

    def line_texts(self) -> list[str]:
        return [ln.text for ln in self.lines]


@dataclass(frozen=True)
class Footnote:
    """A footnote body as printed: the page it is on, its mark, its lines (not yet joined)."""

    page: int
    mark: str
    lines: tuple[str, ...]
    key: str = ""  # what citing blocks record instead of the mark, when marks are not unique (Word ids)


@dataclass(frozen=True)
class LayoutDocument:
    blocks: tuple[LayoutBlock, ...]
    footnotes: tuple[Footnote, ...]
    page_count: int
    body_size: float
    first_page_lines: tuple[str, ...] = ()  # every line of page 1, furniture included (cover metadata)
    page_texts: tuple[str, ...] = ()  # every page's lines as printed (diagnostics, metadata)
    symbol: str = ""
    empty_pages: tuple[int, ...] = ()
    furniture: tuple[str, ...] = field(default=(), compare=False)  # removed lines, for diagnostics


# ---- lines from glyphs -------------------------------------------------------------------
def _dominant_size(glyphs: list[Glyph]) -> float:
    sizes = Counter(round(g.size * 2) / 2 for g in glyphs if not g.text.isspace())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into rows of (nearly) the same baseline; a row of smaller glyphs raised a
    little above a row of bigger ones (superscript marks) is merged into that row."""
    ink = sorted((g for g in glyphs if g.text.strip()), key=lambda g: (g.baseline, g.x0))
    rows: list[list[Glyph]] = []
    for g in ink:
        if rows and abs(rows[-1][-1].baseline - g.baseline) <= max(0.8, 0.12 * g.size):
            rows[-1].append(g)
        else:
            rows.append([g])
    info = [(_dominant_size(r), _row_baseline(r), min(g.x0 for g in r), max(g.x1 for g in r)) for r in rows]
    host_of: dict[int, int] = {}
    for i, (size, base, x0, x1) in enumerate(info):
        for j in (i + 1, i + 2):  # the row below: marks are raised above their line's baseline
            if j >= len(rows):
                break
            osize, obase, ox0, ox1 = info[j]
            if size < 0.85 * osize and 0 < obase - base <= 0.75 * osize and x0 >= ox0 - max(3 * osize, 36.0) and x1 <= ox1 + 3 * osize:
                host_of[i] = j
                break
    merged: dict[int, list[Glyph]] = {}
    for i, row in enumerate(rows):
        j = i
        while j in host_of:
            j = host_of[j]
        merged.setdefault(j, []).extend(row)
    return [sorted(merged[j], key=lambda g: g.x0) for j in sorted(merged, key=lambda j: info[j][1])]


def _row_baseline(row: list[Glyph]) -> float:
    size = _dominant_size(row)
    main = [g.baseline for g in row if abs(g.size - size) < 0.6] or [g.baseline for g in row]
    return median(main)


def _make_line(page: int, row: list[Glyph]) -> Line | None:
    size = _dominant_size(row)
    if size <= 0:
        return None
    base = _row_baseline(row)
    raised = [
        (g.size < 0.85 * size and base - g.baseline > 0.15 * size) for g in row
    ]
    # words: split at gaps; marks are runs of raised glyphs
    words: list[Word] = []
    marks: list[str] = []
    lead_mark = ""
    cur: list[Glyph] = []
    cur_mark: list[Glyph] = []
    gap_limit = 0.12 * size

    def flush_word() -> None:
        if cur:
            text = "".join(g.text for g in cur)
            letters = [g for g in cur if g.text.isalpha()] or cur
            words.append(Word(text, cur[0].x0, cur[-1].x1,
                              bold=sum(g.bold for g in letters) * 2 > len(letters),
                              italic=sum(g.italic for g in letters) * 2 > len(letters)))
            cur.clear()

    def flush_mark() -> None:
        nonlocal lead_mark
        if cur_mark:
            text = "".join(g.text for g in cur_mark)
            found = [m for m in re.split(r"[,\s]+", text) if m]
            if not words and not cur and not lead_mark and found:
                lead_mark = found[0]
                marks.extend(found[1:])
            else:
                marks.extend(found)
            cur_mark.clear()

    prev: Glyph | None = None
    for g, is_mark in zip(row, raised):
        if is_mark and MARK_TEXT_RE.match(g.text):
            cur_mark.append(g)
            prev = g
            continue
        if cur_mark:
            # a mark ends the word it is glued to ("group1 and": mark after "group")
            flush_mark()
            if prev is not None and g.x0 - prev.x1 > gap_limit * 0.5:
                flush_word()
        elif prev is not None and g.x0 - prev.x1 > gap_limit:
            flush_word()
        cur.append(g)
        prev = g
    flush_word()
    flush_mark()
    if not words:
        if lead_mark or marks:  # a line of marks only: keep as its own (rare) line of text
            return None
        return None
    return Line(
        page=page,
        top=min(g.top for g in row),
        bottom=max(g.bottom for g in row),
        x0=words[0].x0,
        x1=words[-1].x1,
        size=size,
        words=tuple(words),
        marks=tuple(marks),
        lead_mark=lead_mark,
    )


def tab_stops(lines: list[Line]) -> frozenset[int]:
    """x positions (rounded) where the text after a ``12.``/``(a)`` label starts on many lines:
    the tab stops of the document's numbered paragraphs."""
    xs = Counter(
        round(ln.words[1].x0) for ln in lines if len(ln.words) > 1 and LABEL_RE.match(ln.words[0].text)
    )
    return frozenset(x for x, n in xs.items() if n >= 3)


def _with_label(line: Line, body_x: float, stops: frozenset[int] = frozenset()) -> Line:
    """Set ``label`` when the line opens with ``12.``/``(a)``/``II.`` followed by a tab: a gap
    wider than the line's word spaces, the text starting at one of the document's tab stops,
    or a label hanging in the margin left of the body text."""
    if len(line.words) < 2 or not LABEL_RE.match(line.words[0].text):
        return line
    first, nxt = line.words[0], line.words[1]
    gap = nxt.x0 - first.x1
    gaps = [b.x0 - a.x1 for a, b in zip(line.words[1:], line.words[2:])]
    typical = median(gaps) if gaps else 0.25 * line.size
    tab = gap > max(1.2 * line.size, 2.5 * typical)
    at_stop = gap > 0.3 * line.size and any(abs(nxt.x0 - x) <= 1.0 for x in stops)
    hanging = first.x0 < body_x - 2 and abs(nxt.x0 - body_x) < 1.5
    return replace(line, label=first.text) if (tab or at_stop or hanging) else line


def page_lines(page: PageGlyphs) -> list[Line]:
    """The page's lines, top to bottom (footnote marks separated, labels not yet set)."""
    out = []
    for row in _rows(list(page.glyphs)):
        line = _make_line(page.number, row)
        if line is not None:
            out.append(line)
    return sorted(out, key=lambda ln: (round(ln.top, 1), ln.x0))


# ---- furniture ---------------------------------------------------------------------------
def _squash(text: str) -> str:
    return " ".join(text.split())


def furniture_residue(text: str, symbol: str, pages: int = 0) -> str:
    """What is left of a header/footer line once its furniture tokens are taken out: the
    symbol, job numbers, barcodes, "Please recycle" and page markers ``N/M`` (with M the page
    count when it is known, so that "75/240" is not one)."""
    s = _squash(text)
    if symbol:
        s = re.sub(rf"(?<![\w/]){re.escape(symbol)}\*?(?![\w/])", " ", s)
    s = _JOB_RE.sub(" ", s)
    s = _BARCODE_RE.sub(" ", s)
    s = _MARKER_RE.sub(
        lambda m: " " if 1 <= int(m.group(1)) <= int(m.group(2)) and (not pages or int(m.group(2)) == pages) else m.group(0), s
    )
    s = _RECYCLE_RE.sub(" ", s)
    s = re.sub(r"\(E\)|[♲♻]", " ", s)
    return s.strip(" \t*·•|-–—")


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", _squash(text)).lower()


def find_symbol_line(lines: list[Line]) -> str:
    """The document symbol printed at the top of page 1 (in the largest size), or ""."""
    from index.furniture import SYMBOL_RE

    best = ("", 0.0)
    for ln in lines[:25]:
        s = _squash(ln.text)
        for token in [s, *s.split()]:
            m = SYMBOL_RE.match(token)
            if m and ln.size > best[1]:
                best = (m.group(1), ln.size)
                break
    return best[0]


def edge_group(lines: list[Line], band: str) -> set[int]:
    """Indexes of the lines at the top (or bottom) edge of a page down to (up to) the first gap
    of more than one and a half lines: where running headers (footers) stand apart from the text."""
    idx = list(range(len(lines))) if band == "top" else list(range(len(lines) - 1, -1, -1))
    group: list[int] = []
    for a, b in zip(idx, idx[1:]):
        group.append(a)
        upper, lower = (lines[a], lines[b]) if band == "top" else (lines[b], lines[a])
        if lower.top - upper.bottom > 1.5 * max(upper.size, lower.size):
            return set(group)
    return set(idx[:1]) if len(idx) == 1 else set()


def strip_furniture(pages: list[list[Line]], heights: list[float], symbol: str) -> tuple[list[list[Line]], list[str]]:
    """Remove running headers and footers from every page but the cover's own lines.

    A line in the top or bottom band of a page is furniture when nothing is left of it once the
    symbol, job number, page marker, barcode and "Please recycle" are taken out, or when what is
    left (the running title) repeats at the same place on other pages, or stands apart from the
    text and repeats a title printed on page 1.
    """
    cover_text = _squash(" ".join(ln.text for ln in pages[0])) if pages else ""
    band_of: list[dict[int, str]] = []
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    place: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p, (lines, h) in enumerate(zip(pages, heights)):
        bands = {}
        for k, ln in enumerate(lines):
            if ln.bottom <= BAND * h:
                bands[k] = "top"
            elif ln.top >= (1 - BAND) * h:
                bands[k] = "bottom"
        band_of.append(bands)
        for k, band in bands.items():
            key = (band, _mask(furniture_residue(lines[k].text, symbol, len(pages))))
            seen[key].add(p)
            place[key].append(lines[k].top)
    removed: list[str] = []
    out: list[list[Line]] = []
    for p, (lines, bands) in enumerate(zip(pages, band_of)):
        drop = set()
        apart = {"top": edge_group(lines, "top"), "bottom": edge_group(lines, "bottom")}
        for k, band in bands.items():
            ln = lines[k]
            residue = furniture_residue(ln.text, symbol, len(pages))
            key = (band, _mask(residue))
            repeated = (len(seen[key]) >= 2 and max(place[key]) - min(place[key]) <= 6.0 and len(residue) > 3
                        and k in apart[band])
            running_title = (p > 0 and len(residue) >= 12 and _squash(residue) in cover_text
                             and k in apart[band])
            if not residue or repeated or running_title:
                drop.add(k)
        removed.extend(lines[k].text for k in sorted(drop))
        out.append([ln for k, ln in enumerate(lines) if k not in drop])
    return out, removed


# ---- footnotes ---------------------------------------------------------------------------
def _separator_top(page_rules: tuple[Rule, ...], lines: list[Line], body_size: float, width: float) -> float | None:
    """Top of the footnote separator: a short rule with smaller text under it, or a ``_____`` line."""
    for ln in lines:
        if _SEPARATOR_TEXT_RE.match(_squash(ln.text)):
            return ln.top
    for rule in sorted(page_rules, key=lambda r: r.top):
        if rule.width > 0.6 * width:
            continue
        below = [ln for ln in lines if ln.top >= rule.top - 1]
        if below and all(ln.size < body_size - 0.4 for ln in below):
            return rule.top
    return None


def split_footnotes(lines: list[Line], rules: tuple[Rule, ...], body_size: float, width: float) -> tuple[list[Line], list[Line]]:
    """(body lines, footnote lines) of one page."""
    top = _separator_top(rules, lines, body_size, width)
    if top is None:
        # no drawn separator: a run of smaller lines at the foot that opens with a mark
        k = len(lines)
        while k > 0 and lines[k - 1].size < body_size - 0.4:
            k -= 1
        tail = lines[k:]
        if tail and (tail[0].lead_mark or re.match(r"^\d{1,3}$", tail[0].words[0].text)) and k > 0:
            return lines[:k], tail
        return lines, []
    body = [ln for ln in lines if ln.top < top - 0.5]
    notes = [ln for ln in lines if ln.top >= top - 0.5 and not _SEPARATOR_TEXT_RE.match(_squash(ln.text))]
    return body, notes


def parse_footnotes(pages_notes: list[list[Line]]) -> list[Footnote]:
    """Footnote bodies from the footnote lines of every page: a line that opens with a mark
    starts a footnote; any other line continues the one before (also from the page before)."""
    notes: list[tuple[int, str, list[str]]] = []
    for lines in pages_notes:
        for ln in lines:
            mark = ln.lead_mark
            text = ln.text
            if not mark and len(ln.words) > 1 and re.fullmatch(r"\d{1,3}|\*{1,3}", ln.words[0].text):
                mark, text = ln.words[0].text, " ".join(w.text for w in ln.words[1:])
            if mark:
                notes.append((ln.page, mark, [text]))
            elif notes:
                notes[-1][2].append(text)
    return [Footnote(p, m, tuple(t)) for p, m, t in notes]


def split_mark(mark: str, known: set[str]) -> list[str]:
    """``"67"`` printed as one raised run is marks 6 and 7 when the page has footnotes 6 and 7
    but no footnote 67; a mark the page knows, or cannot be split, stays as it is."""
    if mark in known or not mark.isdigit():
        return [mark]
    for k in range(1, len(mark)):
        head, rest = mark[:k], mark[k:]
        if head in known and not rest.startswith("0"):
            tail = split_mark(rest, known)
            if all(t in known for t in tail):
                return [head, *tail]
    return [mark]


def resolve_marks(blocks: list[LayoutBlock], footnotes: list[Footnote]) -> list[LayoutBlock]:
    """Each line's marks split into the footnotes its page prints (see :func:`split_mark`)."""
    by_page: dict[int, set[str]] = defaultdict(set)
    for f in footnotes:
        by_page[f.page].add(f.mark)
    every = {f.mark for f in footnotes}
    out = []
    for b in blocks:
        lines = []
        for ln in b.lines:
            known = by_page.get(ln.page) or every
            marks = tuple(m for mark in ln.marks for m in split_mark(mark, known))
            lines.append(ln if marks == ln.marks else replace(ln, marks=marks))
        out.append(replace(b, lines=tuple(lines)))
    return out


# ---- blocks ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Metrics:
    """Document-wide measures the block rules compare against."""

    body_size: float
    body_x: float  # where most body lines start (the continuation indent)
    line_gap: dict[float, float]  # size -> usual gap between two lines of one paragraph
    right_edge: dict[int, float]  # page -> right edge of the text column
    first_indent: bool  # paragraphs open with a first-line indent


def _measure(pages: list[list[Line]], body_size: float) -> Metrics:
    xs = Counter(round(ln.x0) for lines in pages for ln in lines if abs(ln.size - body_size) < 0.6)
    body_x = float(xs.most_common(1)[0][0]) if xs else 0.0
    gaps: dict[float, list[float]] = defaultdict(list)
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < 0.3 and b.top > a.top:
                gaps[a.size].append(round(b.top - a.bottom, 1))
    line_gap = {s: Counter(v).most_common(1)[0][0] for s, v in gaps.items() if v}
    right: dict[int, float] = {}
    edges = []
    for lines in pages:
        body = [ln.x1 for ln in lines if abs(ln.size - body_size) < 0.6 and not ln.bold]
        if len(body) >= 3:
            right[lines[0].page] = max(body)
            edges.append(max(body))
    fallback = median(edges) if edges else max((ln.x1 for lines in pages for ln in lines), default=0.0)
    for lines in pages:
        if lines and lines[0].page not in right:
            right[lines[0].page] = fallback
    indented = sum(1 for lines in pages for ln in lines
                   if not ln.label and abs(ln.size - body_size) < 0.6 and ln.x0 > body_x + 0.8 * body_size)
    first_indent = indented >= 3
    return Metrics(body_size, body_x, line_gap, right, first_indent)


def _ends_paragraph_text(text: str) -> bool:
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(t) and t[-1] in _TERMINAL


def _would_fit(prev: Line, nxt: Line, m: Metrics) -> bool:
    """True when the first word of ``nxt`` would have fitted at the end of ``prev``: ``prev`` was
    ended on purpose (a paragraph end), not wrapped."""
    words = nxt.words if not nxt.label else nxt.words[:1]
    if not words:
        return False
    first = words[0]
    need = (first.x1 - first.x0) + 0.25 * prev.size
    return prev.x1 + need < m.right_edge.get(prev.page, prev.x1) - 1.0


def _is_heading_line(ln: Line, m: Metrics) -> bool:
    return ln.bold or ln.size > m.body_size + 0.6


def _style(ln: Line, m: Metrics) -> tuple:
    return (round(ln.size * 2) / 2, _is_heading_line(ln, m))


def starts_new_block(prev: Line, ln: Line, block_first: Line, m: Metrics) -> bool:
    """True when ``ln`` (same page, right under ``prev``) opens a new block."""
    if _style(prev, m) != _style(ln, m):
        return True
    if ln.label or STANDALONE_HEADING_RE.match(ln.text):
        return True
    gap = ln.top - prev.bottom
    usual = m.line_gap.get(prev.size, 0.2 * prev.size)
    if gap > usual + max(1.5, 0.2 * ln.size):
        return True
    ref_x = prev.text_x0 if prev.label else prev.x0
    if prev is not block_first or prev.label:
        if ln.x0 > ref_x + 0.4 * ln.size:
            return True
    elif ln.x0 > prev.x0 + 0.4 * ln.size:  # the block's first line was not indented, this one is
        return True
    if not _is_heading_line(prev, m) and _ends_paragraph_text(prev.text) and _would_fit(prev, ln, m):
        first = ln.body_words[0].text if ln.body_words else ""
        if first[:1].isupper() or first[:1].isdigit() or first[:1] in "(“\"‘":
            return True
    return False


def continues_across_pages(last: Line, first: Line, last_block: LayoutBlock, m: Metrics) -> bool:
    """True when the first line of a page goes on with the paragraph the page before ended in."""
    if first.label or last_block.heading or STANDALONE_HEADING_RE.match(first.text):
        return False
    if _style(last, m) != _style(first, m):
        return False
    text = first.text
    lead = text.lstrip("“‘\"'(")
    if lead[:1].islower():
        return True
    if last.text.rstrip().endswith(("-", "\u00ad", "‐")):
        return True
    if not _ends_paragraph_text(last.text):
        return True  # a paragraph does not stop on a bare word: it goes on over the page
    going_on = [ln.x0 for ln in last_block.lines[1:]] or [last_block.first.text_x0]
    if m.first_indent and first.x0 > min(going_on) + 0.4 * first.size:
        return False  # set in from where the paragraph's lines run: a first line of its own
    return not _would_fit(last, first, m)


def build_blocks(pages: list[list[Line]], m: Metrics) -> list[LayoutBlock]:
    blocks: list[LayoutBlock] = []
    for lines in pages:
        cur: list[Line] = []
        first_on_page = True
        for ln in lines:
            if not cur:
                if first_on_page and blocks and continues_across_pages(blocks[-1].lines[-1], ln, blocks[-1], m):
                    prev_block = blocks.pop()
                    cur = list(prev_block.lines)
                    cur.append(ln)
                    first_on_page = False
                    continue
                cur = [ln]
                first_on_page = False
                continue
            block_first = next((x for x in reversed(cur) if x.page != ln.page), None)
            start = cur[0] if block_first is None else next(x for x in cur if x.page == ln.page)
            if starts_new_block(cur[-1], ln, cur[0] if start is cur[0] else start, m):
                blocks.append(LayoutBlock(tuple(cur), heading=_is_heading_line(cur[0], m)))
                cur = [ln]
            else:
                cur.append(ln)
        if cur:
            blocks.append(LayoutBlock(tuple(cur), heading=_is_heading_line(cur[0], m)))
    return blocks


# ---- hyphenation ---------------------------------------------------------------------------
SYLLABLE_PREFIXES = frozenset("un in im il ir dis re de mis be en em con com pro pre".split())
KNOWN_PREFIXES = SYLLABLE_PREFIXES | frozenset(
    "non co self cross multi inter anti counter well post semi quasi pan extra intra ultra sub super".split()
)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def uses_hyphenation(blocks: list[LayoutBlock], lexicon=None) -> bool:
    """True when the document was hyphenated automatically: some line-end hyphen (``left-`` /
    ``right``, ``right`` in lower case) joins into a word (of ``lexicon`` or of the document)
    although one of its parts is none ("in-"/"frastructure", "addi-"/"tional"). Real hyphens
    leave words on both sides ("re-"/"examination", "age-"/"sensitive", "non-"/"State").
    Without such evidence every line-end hyphen is a hyphen of the text (``fifty-fifth``).
    """
    fragments = set()
    pairs = []
    for b in blocks:
        for a, c in zip(b.lines, b.lines[1:]):
            if not (a.words and c.words):
                continue
            left, right = a.words[-1].text, c.words[0].text
            if left.endswith("-") and len(left) > 2 and right[:1].islower():
                head, tail = _letters(left[:-1].split("-")[-1]), _letters(right.split("-")[0])
                pairs.append((head, tail))
                fragments.update((head, tail))
    if not pairs:
        return False
    whole = {_letters(w) for b in blocks for ln in b.lines for x in ln.words for w in x.text.split("-")}
    own = whole - fragments

    def word(w: str, inflected: bool = False) -> bool:
        if w in own:
            return True
        return bool(lexicon) and (lexicon.knows(w) if inflected else w in lexicon)

    for head, tail in pairs:
        if word(head + tail, inflected=True) and (not word(tail) or (not word(head) and head not in KNOWN_PREFIXES)):
            return True
    return False


# ---- whole document -------------------------------------------------------------------------
def analyse_layout(pages: list[PageGlyphs]) -> LayoutDocument:
    """Blocks and footnotes of a whole PDF (see the module docstring)."""
    raw_lines = [page_lines(p) for p in pages]
    all_glyphs = [g for p in pages for g in p.glyphs if g.text.strip()]
    body_size = _dominant_size(all_glyphs)
    first_page = tuple(ln.text for ln in raw_lines[0]) if raw_lines else ()
    symbol = find_symbol_line(raw_lines[0]) if raw_lines else ""
    cleaned, removed = strip_furniture(raw_lines, [p.height for p in pages], symbol)
    bodies: list[list[Line]] = []
    notes: list[list[Line]] = []
    for lines, page in zip(cleaned, pages):
        body, foot = split_footnotes(lines, page.rules, body_size, page.width)
        bodies.append(body)
        notes.append(foot)
    xs = Counter(round(ln.x0) for lines in bodies for ln in lines if abs(ln.size - body_size) < 0.6)
    body_x = float(xs.most_common(1)[0][0]) if xs else 0.0
    stops = tab_stops([ln for lines in bodies for ln in lines])
    bodies = [[_with_label(ln, body_x, stops) for ln in lines] for lines in bodies]
    metrics = _measure(bodies, body_size)
    blocks = build_blocks([b for b in bodies if b], metrics)
    footnotes = parse_footnotes(notes)
    blocks = resolve_marks(blocks, footnotes)
    empty = tuple(p.number for p in pages if not any(g.text.strip() for g in p.glyphs))
    return LayoutDocument(
        blocks=tuple(blocks),
        footnotes=tuple(footnotes),
        page_count=len(pages),
        body_size=body_size,
        first_page_lines=first_page,
        page_texts=tuple("\n".join(ln.text for ln in lines) for lines in raw_lines),
        symbol=symbol,
        empty_pages=empty,
        furniture=tuple(removed),
    )
