"""From a layout reader's blocks (PDF or Word) to the structurer's: cover, title, text, footnotes.

A layout reader (:mod:`index.pdf_layout`, :mod:`index.docx_reader`) gives the document as
blocks that are its own paragraphs and headings. This module, pure:

* drops the cover of page 1 — for a resolution everything before "The General Assembly,"
  (whose "80/12. Title" line gives the title); otherwise the cover lines (United Nations,
  Distr., dates, session, agenda item and the agenda item's title) and the document's title
  set in the largest type, which is kept as the title;
* joins the lines of each block into its text: a line-end hyphen is kept when the document was
  not hyphenated automatically (every such hyphen is then a hyphen of the text, ``fifty-fifth``),
  otherwise :func:`index.textnorm.join_lines` decides, told which words are English
  (:mod:`index.lexicon`);
* maps each footnote (page, mark) to its body, for the paragraphs that cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from index.furniture import BODY_START_RE, DATE_RE, PLENARY_RE, find_cover_title, is_cover_line
from index.lexicon import english_words, stems_of
from index.models import Footnote
from index.pdf_layout import LayoutBlock, LayoutDocument, uses_hyphenation
from index.structure import SCOPE_RE as SCOPE_LINE_RE
from index.structure import SUBTITLE_RE, Block, Joiner
from index.textnorm import SOFT_HYPHEN, Vocabulary, build_vocabulary, ends_with_terminal, join_lines

_AGENDA_RE = re.compile(r"^(?:Provisional\s+)?(?:Agenda\s+item|Item)s?\s+\d+", re.I)
_SUSPENDED = frozenset({"and", "or", "nor", "to", "than"})
MAX_ITALIC_HEADING_WORDS = 12


@dataclass(frozen=True)
class LayoutParse:
    """What the structurer needs from a layout-read document."""

    blocks: list[Block]
    preamble: bool  # the body opens with "The General Assembly," (a resolution)
    title: str
    join: Joiner
    footnotes: dict[tuple[int, str], Footnote] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def make_joiner(vocab: Vocabulary, auto_hyphenation: bool, lexicon=None) -> Joiner:
    """How two lines of one paragraph join (see the module docstring)."""

    def join(a: str, b: str) -> str:
        left, right = a.rstrip(), b.lstrip()
        if not left or not right:
            return left or right
        if left.endswith(SOFT_HYPHEN):
            return left[:-1] + right
        if left.endswith("/") and not right.startswith("/"):
            return left + right  # a symbol or address broken after a slash: "A/" + "80/257"
        if left[-1] in "-\u2010" and len(left) > 1 and left[-2].isalnum():
            first = right.split(" ", 1)[0].lower().strip(",;:")
            if first in _SUSPENDED:  # "confidence- and security-building"
                return f"{left} {right}"
            if right[:1].isdigit():  # "A/S-" + "12/2": numbers are never hyphenated
                return left + right
            if not auto_hyphenation or not left[-2].isalpha():
                return left + right  # a hyphen of the text ("fifty-fifth", "2-chloro...")
        return join_lines(left, right, vocab, lexicon)

    return join


def block_text(block: LayoutBlock, join: Joiner) -> str:
    lines = block.line_texts()
    text = lines[0]
    for nxt in lines[1:]:
        text = join(text, nxt)
    return " ".join(text.split())


def _is_italic_heading(block: LayoutBlock, text: str) -> bool:
    return (
        all(ln.italic for ln in block.lines)
        and len(text.split()) <= MAX_ITALIC_HEADING_WORDS
        and not ends_with_terminal(text)
        and text[:1].isupper()
    )


def _cover_end(blocks: list[LayoutBlock], texts: list[str]) -> tuple[int, str]:
    """(index of the first body block, the title) for a document that is not a resolution.

    Page 1 opens with the cover (United Nations, Distr., dates, session, agenda item and its
    title), then the title block: the title, set as a heading with no label, with any further
    title lines in the same type and a "Note by the Secretary-General" line. The body starts at
    the first block that is none of these: text, a labelled heading ("I."), a scope ("Annex"),
    or a heading in smaller type than the title (the first section heading).
    """
    page1 = [i for i, b in enumerate(blocks) if b.pages[0] == blocks[0].pages[0]] if blocks else []
    body_size = sorted(b.size for b in blocks)[len(blocks) // 2] if blocks else 0.0
    title, title_size = "", 0.0
    after_agenda = False
    for i in page1:
        b, t = blocks[i], texts[i]
        if _all_cover(b):
            after_agenda = bool(_AGENDA_RE.match(b.lines[-1].text))
            continue
        if after_agenda and b.heading and not b.label and b.size <= body_size + 0.6:
            after_agenda = False  # the agenda item's title, set in bold under "Item 94"
            continue
        after_agenda = False
        if b.heading and SUBTITLE_RE.match(t):
            continue  # "Note by the Secretary-General": part of the title block, not a heading
        if b.heading and not b.label and not SCOPE_LINE_RE.match(t) and (not title or b.size >= title_size - 0.6):
            if not title:
                title, title_size = t, b.size
            continue
        return i, title
    return (page1[-1] + 1 if page1 else 0), title


def _all_cover(block: LayoutBlock) -> bool:
    """Every line is a cover line, or the lines up to an agenda item line are and the rest, set
    like it, is that agenda item's title ("Item 94 …" / "Developments in the field of …")."""
    lines = block.line_texts()
    for k, t in enumerate(lines):
        if _AGENDA_RE.match(t):
            return True
        if not is_cover_line(t):
            return False
    return True


def layout_blocks(layout: LayoutDocument) -> LayoutParse:
    """The body blocks of a layout-read document, ready for the structurer."""
    vocab = build_vocabulary(_vocabulary_lines(layout.blocks))
    vocab = replace(vocab, stems=stems_of(vocab.words))
    lexicon = english_words()
    join = make_joiner(vocab, uses_hyphenation(list(layout.blocks), lexicon), lexicon)
    blocks = list(layout.blocks)
    texts = [block_text(b, join) for b in blocks]
    start = next((i for i, t in enumerate(texts) if BODY_START_RE.match(t)), None)
    if start is not None and all(not BODY_START_RE.match(t) for t in texts[:start]):
        title = find_cover_title([ln for b in blocks[:start] for ln in b.line_texts()])
        first, preamble = start + 1, True
    else:
        first, title = _cover_end(blocks, texts)
        preamble = False
    out: list[Block] = []
    after_plenary = False
    for b, t in zip(blocks[first:], texts[first:]):
        if PLENARY_RE.match(t) or (after_plenary and DATE_RE.match(t)):
            after_plenary = not after_plenary or not DATE_RE.match(t)
            continue  # "52nd plenary meeting" and its date close a resolution: not its text
        after_plenary = False
        out.append(Block(text=t, pages=b.pages, heading=b.heading or _is_italic_heading(b, t), trusted=True, marks=b.marks))
    footnotes = {(n.page, n.key or n.mark): Footnote(n.mark, _join_all(n.lines, join)) for n in layout.footnotes}
    warnings = tuple(f"page {p} has no text (scanned image?)" for p in layout.empty_pages)
    return LayoutParse(out, preamble, title, join, footnotes, warnings)


def _vocabulary_lines(blocks) -> list[str]:
    """Every line, without the word fragment that opens a line after a line-end hyphen ("ducive"
    after "con-"): the document's vocabulary must hold its words, not the pieces of broken ones."""
    out: list[str] = []
    for b in blocks:
        texts = b.line_texts()
        for k, t in enumerate(texts):
            if k and texts[k - 1].rstrip().endswith("-"):
                t = t.split(" ", 1)[1] if " " in t else ""
            out.append(t)
    return out


def _join_all(lines: tuple[str, ...], join: Joiner) -> str:
    text = lines[0] if lines else ""
    for nxt in lines[1:]:
        text = join(text, nxt)
    return " ".join(text.split())
