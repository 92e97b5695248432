"""Verbatim quotes: a whole paragraph, or its best sentences joined with an ellipsis.

Every piece of a quote is a substring of the stored paragraph text, by construction:
pieces are slices of that text, never rewritten. ``is_verbatim`` checks it.
"""

from __future__ import annotations

import re

from index.models import MAIN_SCOPE, Paragraph, Quote

MAX_QUOTE_CHARS = 900  # a paragraph longer than this is shortened to its best sentences
BUDGET_CHARS = 700  # how much of a long paragraph a shortened quote shows
ELLIPSIS = "…"
_BOUNDARY = re.compile(r"(?<=[.;:])\s+(?=[A-Z(“\"‘'])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_STOP = frozenset(
    "the a an and or of to in on for by with at from as is are was were be been that this these those "
    "what which who whom how does do did about say says said report reports paragraph it its their "
    "there any all can could should would will shall may might not no".split()
)


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def query_terms(query: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(query) if w.lower() not in _STOP}


def segments(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences and sub-paragraph lines of a paragraph."""
    spans = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def best_spans(text: str, query: str, budget: int = BUDGET_CHARS) -> list[tuple[int, int]]:
    """The spans to show, in document order: highest query-term overlap first, within the budget."""
    spans = segments(text) or [(0, len(text))]
    terms = query_terms(query)

    def score(span: tuple[int, int]) -> tuple[float, int]:
        words = {_stem(w) for w in _WORD.findall(text[span[0]:span[1]])}
        return (len(words & terms), -span[0])

    ranked = sorted(spans, key=score, reverse=True)
    matching = [s for s in ranked if score(s)[0] > 0]
    if not matching:  # nothing matches the words of the query: show the opening of the paragraph
        matching = sorted(spans)
    chosen: list[tuple[int, int]] = []
    used = 0
    for span in matching:
        length = span[1] - span[0]
        if used + length > budget and chosen:
            continue
        if length > budget:  # one very long sentence: cut it at a word boundary
            cut = text.rfind(" ", span[0], span[0] + budget)
            span = (span[0], cut if cut > span[0] else span[0] + budget)
            length = span[1] - span[0]
        chosen.append(span)
        used += length
        if used >= budget * 0.8:
            break
    return sorted(chosen)


def shorten(text: str, query: str, limit: int = MAX_QUOTE_CHARS, budget: int = BUDGET_CHARS) -> str:
    """The whole text if short enough, else its best pieces joined with `` … ``."""
    if len(text) <= limit:
        return text
    spans = best_spans(text, query, budget)
    pieces = []
    prev_end = 0
    for start, end in spans:
        if start > prev_end:
            pieces.append(ELLIPSIS)
        pieces.append(text[start:end].strip())
        prev_end = end
    if prev_end < len(text.rstrip()):
        pieces.append(ELLIPSIS)
    return " ".join(pieces)


def pieces(quote_text: str) -> list[str]:
    """The verbatim pieces of a quote (the text between ellipses)."""
    return [p.strip() for p in quote_text.split(ELLIPSIS) if p.strip()]


def is_verbatim(quote_text: str, full_text: str) -> bool:
    """True when every piece of the quote is a substring of the stored paragraph text."""
    return all(piece in full_text for piece in pieces(quote_text))


def make_quote(p: Paragraph, url: str, score: float, query: str, default_scope: str = MAIN_SCOPE) -> Quote:
    return Quote(symbol=p.symbol, scope=p.scope, ref=p.ref, text=shorten(p.text, query), score=score,
                 page=p.page, url=url, heading=p.heading, full_text=p.text, default_scope=default_scope,
                 footnotes=p.footnotes)


def whole_quote(p: Paragraph, url: str, score: float, default_scope: str = MAIN_SCOPE) -> Quote:
    return Quote(symbol=p.symbol, scope=p.scope, ref=p.ref, text=p.text, score=score, page=p.page, url=url,
                 heading=p.heading, full_text=p.text, default_scope=default_scope, footnotes=p.footnotes)
