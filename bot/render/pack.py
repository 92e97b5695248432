"""Packing text into Discord messages: verbatim quote blocks under their citation, cut cleanly at
line, sentence or word boundaries when too long (later parts headed "(continued)"), and blocks
joined into as few messages as fit."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable

from discord.utils import escape_markdown, escape_mentions

from bot.render.escape import safe_url
from index.models import Quote
from bot.render.measure import HEADING_CHARS, MESSAGE_LIMIT, _char_cost, discord_len, one_line, truncate

CONTINUED = "*(continued)*"
QUOTE_PREFIX = "> "


def citation_line(q: Quote, *, link: bool = True, heading: bool = True) -> str:
    """``**[A/80/257 ¶12 (p. 5)](<url>)** · *heading*`` (no link when the quote has no url)."""
    cit = q.citation()
    url = safe_url(q.url) if link else ""
    line = f"**[{cit}](<{url}>)**" if url else f"**{cit}**"
    if heading and q.heading.strip():
        line += f" · *{escape_markdown(escape_mentions(truncate(one_line(q.heading), HEADING_CHARS)))}*"
    return line


def block_quote(text: str) -> str:
    """Each line of ``text`` prefixed with ``> `` (the text itself is untouched)."""
    return "\n".join(QUOTE_PREFIX + line for line in text.split("\n"))


@dataclass(frozen=True)
class QuoteBlock:
    """One quote to render: its citation line, the line heading later parts, and the verbatim text."""

    head: str
    continued_head: str
    text: str

    @classmethod
    def of(cls, q: Quote, limit: int = MESSAGE_LIMIT) -> "QuoteBlock":
        head = citation_line(q)
        if discord_len(head) > limit // 3:
            head = citation_line(q, link=False, heading=False)
        continued = f"**{q.citation()}** {CONTINUED}"
        if discord_len(continued) > limit // 3:  # small limits: the heads leave room for the text
            continued = f"**{q.citation()}**"
        return cls(head=head, continued_head=continued, text=q.text.strip())

    def render(self) -> str:
        return f"{self.head}\n{block_quote(self.text)}"


_NEWLINE_CUT = re.compile(r"[ \t]*\n\s*")
_SENTENCE_CUT = re.compile(r"(?:(?<=[.;:!?…])|(?<=[.;:!?…][\"”’)]))\s+")
_WORD_CUT = re.compile(r"\s+")


def split_spans(text: str, budget: Callable[[int], int], line_cost: int = 0) -> list[tuple[int, int]]:
    """Cut ``text`` into (start, end) spans whose cost fits ``budget(i)`` for the i-th span.

    A span's cost is its Discord length plus ``line_cost`` per line (the ``> `` prefix of a
    block quote). Cuts fall at line breaks, else sentence ends, else spaces, else anywhere;
    the whitespace at a cut is the only text left out of the spans.
    """
    n = len(text)
    cum = [0] * (n + 1)
    for i, ch in enumerate(text):
        cum[i + 1] = cum[i] + _char_cost(ch) + (line_cost if ch == "\n" else 0)
    levels = [[(m.start(), m.end()) for m in rx.finditer(text) if 0 < m.start() < n] for rx in (_NEWLINE_CUT, _SENTENCE_CUT, _WORD_CUT)]
    ends = [[c[0] for c in cands] for cands in levels]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < n:
        room = max(budget(len(spans)) - line_cost, 1)
        far = bisect_right(cum, cum[start] + room) - 1  # last end whose cost fits
        if far >= n:
            spans.append((start, n))
            break
        far = max(far, start + 1)
        cut = None
        min_end = start + max(1, (far - start) // 3)
        for level, cands in enumerate(levels):
            i = bisect_right(ends[level], far) - 1
            if i >= 0 and cands[i][0] > start and (cands[i][0] >= min_end or level == len(levels) - 1):
                cut = cands[i]
                break
        if cut is None:
            cut = (far, far)
        spans.append((start, cut[0]))
        start = cut[1]
    return spans


def split_quote_block(block: QuoteBlock, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The block as one piece, or as several pieces each within ``limit`` (later ones "(continued)")."""
    whole = block.render()
    if discord_len(whole) <= limit:
        return [whole]

    def budget(i: int) -> int:
        head = block.head if i == 0 else block.continued_head
        return limit - discord_len(head) - 1

    pieces = []
    for i, (a, b) in enumerate(split_spans(block.text, budget, line_cost=len(QUOTE_PREFIX))):
        head = block.head if i == 0 else block.continued_head
        pieces.append(f"{head}\n{block_quote(block.text[a:b])}")
    return pieces


def split_plain(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    if discord_len(text) <= limit:
        return [text]
    return [text[a:b] for a, b in split_spans(text, lambda _i: limit)]


def pack(blocks: Iterable[str | QuoteBlock], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Blocks joined by blank lines into as few messages as fit; a block never straddles two
    messages unless it alone exceeds the limit."""
    pieces: list[str] = []
    for block in blocks:
        if isinstance(block, QuoteBlock):
            pieces += split_quote_block(block, limit)
        elif block.strip():
            pieces += split_plain(block, limit)
    messages: list[str] = []
    current = ""
    for piece in pieces:
        if current and discord_len(current) + 2 + discord_len(piece) <= limit:
            current += "\n\n" + piece
        else:
            if current:
                messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages
