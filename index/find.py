"""Finding a phrase: its normalised pattern, exact spans in a paragraph, results grouped by document.

Pure functions and records only; the engine feeds them paragraphs from the full-text index.

A phrase matches case-insensitively, on whole words, whatever the line breaks and spacing, with
the hyphen variants ``-‐‑–`` equal (and spaces after a hyphen ignored, as a line break leaves them in
"Nuclear- Weapon-Free"), soft hyphens and zero-width characters ignored, and curly
and straight quotes equal; ``word*`` matches any ending of ``word``. Accents count (``Côte`` is
not ``Cote``). :func:`compile_phrase` turns what a user typed into a :class:`Phrase`: a regular
expression run on the stored text (without its invisible characters, spans mapped back), so
every span is exact (``text[start:end]`` is the occurrence), and an SQLite FTS5 query that finds at least every paragraph the expression matches
(the index holds :func:`searchable_text` of each paragraph, tokenised by ``unicode61``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from index.errors import OEWGError
from index.models import Quote
from index.store import natural_key

HYPHENS = "-\u2010\u2011\u2013"  # hyphen-minus, hyphen, non-breaking hyphen, en dash
SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"  # ' ‘ ’ ‚ ‛
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f'  # " “ ” „ ‟
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width space/joiners, BOM
MAX_PHRASE_CHARS = 200

_HYPHEN_RE = "[" + re.escape(HYPHENS) + "]"
_SINGLE_RE = "[" + re.escape(SINGLE_QUOTES) + "]"
_DOUBLE_RE = "[" + re.escape(DOUBLE_QUOTES) + "]"
_WORD_CHAR = re.compile(r"\w")
_INVISIBLE_TABLE = {ord(c): None for c in INVISIBLE}
_INVISIBLE_RE = re.compile("[" + INVISIBLE + "]")
_OUTER_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}


class BadPhrase(OEWGError):
    """A phrase that cannot be searched for (empty, no word, a misplaced ``*``, too long)."""

    def __init__(self, phrase: str, why: str):
        self.phrase = phrase
        super().__init__(f"Cannot search for '{phrase[:60]}': {why}. Try a phrase like \"responsible State behaviour\" or negotiat*.")


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


def searchable_text(text: str) -> str:
    """What the full-text index holds for a paragraph: its text without invisible characters."""
    return text.translate(_INVISIBLE_TABLE) if _INVISIBLE_RE.search(text) else text


def clean_phrase(raw: str) -> str:
    """The phrase as typed, spaces collapsed, invisible characters dropped, outer quotes removed."""
    text = " ".join(searchable_text(raw).split())
    while len(text) >= 2 and _OUTER_QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        if not inner:
            break
        text = inner
    return text


@dataclass(frozen=True)
class Phrase:
    """A phrase ready to search: the cleaned text, its patterns over stored text, its FTS5 query.

    ``pattern`` is the whole rule (case-insensitive, whole words). ``lower_pattern`` is the same
    rule for lower-cased text without the look-behind that stops Python's fast literal search;
    :meth:`spans` checks the word boundary before each match itself (2-3x faster on common words).
    """

    text: str
    pattern: re.Pattern
    lower_pattern: re.Pattern
    starts_with_word: bool
    fts_query: str

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence in ``text``, left to right, not overlapping.

        The pattern runs on the text without its invisible characters; spans are mapped back, so
        ``text[start:end]`` is the occurrence as stored (a soft hyphen inside it included).
        """
        if not _INVISIBLE_RE.search(text):
            return self._scan(text)
        found = self._scan(searchable_text(text))
        kept = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
        return [(kept[s], kept[e - 1] + 1) for s, e in found]

    def _scan(self, text: str) -> list[tuple[int, int]]:
        lower = text.lower()
        if len(lower) != len(text):  # a character whose lower case is longer: use the whole rule
            return [m.span() for m in self.pattern.finditer(text)]
        out: list[tuple[int, int]] = []
        search = self.lower_pattern.search
        pos = 0
        while (m := search(lower, pos)) is not None:
            start, end = m.span()
            if self.starts_with_word and start and _is_word(lower[start - 1]):
                pos = start + 1  # inside a longer word: an occurrence may still start further on
                continue
            out.append((start, end))
            pos = end
        return out


def _pattern_body(text: str, raw: str) -> str:
    parts: list[str] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "*":
            if not prev or not _is_word(prev) or (nxt and _is_word(nxt)):
                raise BadPhrase(raw, "'*' goes at the end of a word (negotiat* finds negotiate, negotiations, ...)")
            parts.append(r"\w*")
        elif ch == " " and prev in HYPHENS:
            continue  # the hyphen's own pattern takes the spaces after it
        elif ch == " ":
            parts.append(r"\s+")
        elif ch in HYPHENS:
            parts.append(_HYPHEN_RE + (r"\s*" if nxt else ""))  # "Nuclear- Weapon-Free": a line-break hyphen kept with its space
        elif ch in SINGLE_QUOTES:
            parts.append(_SINGLE_RE)
        elif ch in DOUBLE_QUOTES:
            parts.append(_DOUBLE_RE)
        else:
            parts.append(re.escape(ch))
    tail = r"(?!\w)" if _is_word(text[-1]) else ""
    return "".join(parts) + tail


def compile_phrase(raw: str) -> Phrase:
    """Turn a phrase as typed into a :class:`Phrase`; raise BadPhrase saying what to change."""
    text = clean_phrase(raw)
    if not text:
        raise BadPhrase(raw, "it is empty")
    if len(text) > MAX_PHRASE_CHARS:
        raise BadPhrase(raw, f"it is longer than {MAX_PHRASE_CHARS} characters")
    if not any(_is_word(c) and c != "_" for c in text):
        raise BadPhrase(raw, "it has no word in it")
    word_first = _is_word(text[0])
    head = r"(?<!\w)" if word_first else ""
    pattern = re.compile(head + _pattern_body(text, raw), re.IGNORECASE)
    lower_pattern = re.compile(_pattern_body(text.lower(), raw))
    return Phrase(text=text, pattern=pattern, lower_pattern=lower_pattern, starts_with_word=word_first,
                  fts_query=fts_phrase_query(text))


def fts_phrase_query(text: str) -> str:
    """An FTS5 phrase query matching every paragraph where ``text`` (a cleaned phrase) occurs.

    The phrase is cut at each ``*``: every piece is a quoted FTS5 string (tokenised by the index's
    own tokenizer, so punctuation and case fall away exactly as in the index), the piece before a
    ``*`` ends in a prefix token, and the pieces are joined with ``+`` into one phrase.
    """
    pieces = text.split("*")
    out = []
    for i, piece in enumerate(pieces):
        if not any(_is_word(c) and c != "_" for c in piece):
            continue
        quoted = '"' + piece.replace('"', '""') + '"'
        out.append(quoted + ("*" if i < len(pieces) - 1 else ""))
    return " + ".join(out)


def fts_any_words_query(text: str, frequencies: dict[str, int] | None = None, total: int = 0,
                        limit: int = 24, common: float = 0.2) -> str:
    """An FTS5 query for paragraphs sharing the telling words of ``text`` (to rank them by BM25).

    With the index's document ``frequencies`` (word -> paragraphs holding it) out of ``total``,
    words held by more than ``common`` of the paragraphs are left out and the ``limit`` rarest
    are kept; without them, the ``limit`` longest. One-letter words are always left out.
    """
    words: list[str] = []
    seen: set[str] = set()
    for w in re.findall(r"[^\W_]+", searchable_text(text).lower()):
        if len(w) > 1 and w not in seen:
            seen.add(w)
            words.append(w)
    if frequencies is not None and total:
        words = [w for w in words if frequencies.get(w, 0) <= common * total] or words[:limit]
        keep = set(sorted(words, key=lambda w: (frequencies.get(w, 0), w))[:limit])
    else:
        keep = set(sorted(words, key=lambda w: (-len(w), w))[:limit])
    return " OR ".join(f'"{w}"' for w in words if w in keep)


# ---- results ---------------------------------------------------------------------------

def chronological_key(date: str, symbol: str) -> tuple:
    """Oldest first by ISO date (undated last), ties in natural symbol order (80/2 before 80/10)."""
    return (not date, date, natural_key(symbol))


@dataclass(frozen=True)
class Excerpt:
    """A verbatim window ``text[start:end]`` of a paragraph around some spans (absolute offsets)."""

    start: int
    end: int
    spans: tuple[tuple[int, int], ...]

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """The window as (piece, is_occurrence) pairs, in order: for bold or colour in a front end."""
        out: list[tuple[str, bool]] = []
        pos = self.start
        for s, e in self.spans:
            if s > pos:
                out.append((text[pos:s], False))
            out.append((text[s:e], True))
            pos = e
        if pos < self.end:
            out.append((text[pos:self.end], False))
        return out


def excerpts(text: str, spans: Sequence[tuple[int, int]], context: int = 80) -> list[Excerpt]:
    """Windows of about ``context`` characters either side of the spans, cut at spaces, merged when
    they touch. The whole text is one window when it is short."""
    if not spans:
        return []
    windows: list[list] = []
    for s, e in spans:
        a = max(0, s - context)
        if a > 0:
            space = text.find(" ", a, s)
            a = space + 1 if space >= 0 else a
        b = min(len(text), e + context)
        if b < len(text):
            space = text.rfind(" ", e, b)
            b = space if space >= 0 else b
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
            windows[-1][2].append((s, e))
        else:
            windows.append([a, b, [(s, e)]])
    return [Excerpt(a, b, tuple(sp)) for a, b, sp in windows]


@dataclass(frozen=True)
class FindMatch:
    """One paragraph that contains the phrase: the paragraph (as a whole-text quote) and the spans."""

    quote: Quote  # quote.text is the whole stored paragraph text
    date: str
    spans: tuple[tuple[int, int], ...]

    @property
    def count(self) -> int:
        return len(self.spans)

    def occurrences(self) -> list[str]:
        return [self.quote.text[s:e] for s, e in self.spans]

    def excerpts(self, context: int = 80) -> list[Excerpt]:
        return excerpts(self.quote.text, self.spans, context)

    def to_json(self) -> dict:
        q = self.quote
        return {"doc": q.symbol, "date": self.date, "ref": q.ref, "scope": q.scope, "page": q.page,
                "heading": q.heading, "text": q.text, "url": q.url, "spans": [list(s) for s in self.spans]}


@dataclass(frozen=True)
class FindDocument:
    """A document with at least one occurrence: ``count`` occurrences in ``paragraphs`` paragraphs."""

    symbol: str
    title: str
    date: str
    count: int
    paragraphs: int

    def to_json(self) -> dict:
        return {"doc": self.symbol, "title": self.title, "date": self.date, "count": self.count}


@dataclass(frozen=True)
class FindResult:
    """Every occurrence of a phrase, documents oldest first, paragraphs in document order."""

    query: str  # the phrase searched for (cleaned)
    documents: tuple[FindDocument, ...]
    matches: tuple[FindMatch, ...]
    scope_doc: str | None = None  # the one document searched, None for all

    @property
    def total(self) -> int:
        return sum(d.count for d in self.documents)

    @property
    def first(self) -> FindMatch | None:
        """The first use: the earliest paragraph of the oldest document."""
        return self.matches[0] if self.matches else None

    def same_date_as_first(self) -> tuple[FindDocument, ...]:
        """The other documents dated the same day as the first use (the order among them is by symbol)."""
        if not self.documents or not self.documents[0].date:
            return ()
        return tuple(d for d in self.documents[1:] if d.date == self.documents[0].date)

    def summary(self) -> str:
        """One neutral sentence: how many uses, where, and the first one."""
        where = f" of {self.scope_doc}" if self.scope_doc else ""
        if not self.matches:
            return f"No indexed paragraph{where} contains “{self.query}”."
        first = self.first
        docs = len(self.documents)
        text = (f"“{self.query}” appears {_n(self.total, 'time')} in {_n(len(self.matches), 'paragraph')}"
                f"{where if self.scope_doc else ' of ' + _n(docs, 'document')}")
        if self.scope_doc:
            return f"{text}; first in {first.quote.citation()}."
        when = f" of {first.date}" if first.date else ""
        text += f"; first used in {first.quote.symbol}{when} ({first.quote.citation().removeprefix(first.quote.symbol).strip()})"
        same = self.same_date_as_first()
        if same:
            text += f", the same day as {_n(len(same), 'other document')}"
        return text + "."

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total,
                "documents": [d.to_json() for d in self.documents],
                "matches": [m.to_json() for m in self.matches]}


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def group_matches(query: str, found: Iterable[tuple[Quote, str, str, int, tuple[tuple[int, int], ...]]],
                  scope_doc: str | None = None) -> FindResult:
    """Assemble a FindResult from (quote, date, document title, order in document, spans) items.

    Documents come oldest first (:func:`chronological_key`), paragraphs in document order;
    items without spans are dropped.
    """
    items = [f for f in found if f[4]]
    keys = {(f[1], f[0].symbol): chronological_key(f[1], f[0].symbol) for f in items}
    items.sort(key=lambda f: (keys[(f[1], f[0].symbol)], f[3]))
    matches = tuple(FindMatch(quote=q, date=date, spans=tuple(spans)) for q, date, _, _, spans in items)
    docs: list[FindDocument] = []
    for q, date, title, _, spans in items:
        if docs and docs[-1].symbol == q.symbol:
            last = docs[-1]
            docs[-1] = FindDocument(last.symbol, last.title, last.date, last.count + len(spans), last.paragraphs + 1)
        else:
            docs.append(FindDocument(q.symbol, title, date, len(spans), 1))
    return FindResult(query=query, documents=tuple(docs), matches=matches, scope_doc=scope_doc)
