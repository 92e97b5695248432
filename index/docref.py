"""What a user typed to name paragraphs: ``REF``, ``DOC REF`` or ``REF DOC``, split into the two.

Pure functions. The CLI (``oewg para [DOC] REF``), the console (``/para [DOC] REF``) and the
engine's :meth:`~index.engine.Engine.read` all split words here, so that one rule decides: the
words are a reference alone when they parse as one; otherwise the words at the start (or, failing
that, at the end) that name an indexed document are the document and the rest the reference.
Errors say which part is wrong: a document without a paragraph (:class:`MissingReference`), a
reference that does not parse (:class:`~index.errors.BadReference`, naming just that part), or an
unknown document (:class:`~index.errors.UnknownDocument`, raised by the caller's resolver).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from index.errors import BadReference, OEWGError
from index.models import MAIN_SCOPE, Quote
from index.refs import ParsedRef, parse_ref, parse_refs


class MissingReference(OEWGError):
    """Only a document was named: there is no paragraph to read."""

    def __init__(self, doc: str):
        self.doc = doc
        super().__init__(f"{doc} is a document: name a paragraph too, e.g. {doc} 1 (or PP1 for its preamble).")


def is_ref(text: str) -> bool:
    """Whether ``text`` parses as a paragraph reference or a list of them ("3, 5 and 7")."""
    try:
        parse_refs(text)
        return True
    except BadReference:
        return False


def split_doc_ref(text: str, is_document: Callable[[str], bool]) -> tuple[str | None, str]:
    """(document or None, reference) from ``text``; ``is_document(name)`` says whether a name is indexed.

    Raises MissingReference when ``text`` names only a document, BadReference (naming the part
    beside a document, or else the whole) when no reference parses. When no word names a document
    and the rest is a reference, the first word is returned as the document, so that the caller's
    resolver says it is unknown and lists the indexed ones.
    """
    words = text.split()
    whole = " ".join(words)
    if not words:
        raise BadReference(text, "it is empty")
    if is_ref(whole):
        return None, whole
    if is_document(whole):
        raise MissingReference(whole)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]  # DOC REF
    splits += [(" ".join(words[i:]), " ".join(words[:i])) for i in range(len(words) - 1, 0, -1)]  # REF DOC
    named = [(doc, ref) for doc, ref in splits if is_document(doc)]
    for doc, ref in named:
        if is_ref(ref):
            return doc, ref
    if named:
        doc, ref = named[0]
        parse_refs(ref)  # raises BadReference naming just the reference
    for doc, ref in ((words[0], " ".join(words[1:])), (words[-1], " ".join(words[:-1]))):
        if is_ref(ref):
            return doc, ref  # an unknown document: the caller's resolver names the known ones
    parse_refs(whole)  # raises BadReference for the whole
    raise AssertionError("unreachable")  # pragma: no cover


def past_end_note(parsed: ParsedRef, quotes: tuple[Quote, ...] | list[Quote]) -> str:
    """What a range that runs past the last paragraph of its part gets said beside the paragraphs
    that exist ("A/RES/80/16 ends at ¶4: only ¶3–4 of 3-5 exist."); "" for any other lookup."""
    if not parsed.is_range or not quotes or quotes[-1].ref == parsed.end:
        return ""
    first, last = quotes[0], quotes[-1]
    if first.ref.startswith("PP"):
        where = f"The preamble of {first.symbol}"
    elif first.scope != (first.default_scope or MAIN_SCOPE):
        part = "the main text" if first.scope == MAIN_SCOPE else first.scope
        where = f"{part[0].upper()}{part[1:]} of {first.symbol}"
    else:
        where = first.symbol

    def mark(ref: str) -> str:
        return ref if ref.startswith("PP") else f"¶{ref}"

    shown = mark(last.ref) if len(quotes) == 1 else f"{mark(first.ref)}–{last.ref}"
    return f"{where} ends at {mark(last.ref)}: only {shown} of {parsed.display()} {'exists' if len(quotes) == 1 else 'exist'}."


def list_note(parsed: list[ParsedRef], quotes: tuple[Quote, ...] | list[Quote]) -> str:
    """The note beside the paragraphs a reference or a list of them names: a range's past-end note
    (``past_end_note``), for a list that of each of its ranges, one after the other."""
    if len(parsed) == 1:
        return past_end_note(parsed[0], quotes)
    notes = [past_end_note(one, [q for q in quotes if _in_range(one, q)]) for one in parsed if one.is_range]
    return " ".join(n for n in notes if n)


def _in_range(parsed: ParsedRef, quote: Quote) -> bool:
    """Whether ``quote`` is one of the paragraphs the range ``parsed`` names: its part (the scope
    named, else the preamble's main text or the document's default part) and its numbers."""
    prefix = "PP" if parsed.start.startswith("PP") else ""
    scope = parsed.scope or (MAIN_SCOPE if prefix else quote.default_scope or MAIN_SCOPE)
    number = quote.ref.removeprefix(prefix)
    if quote.scope != scope or not number.isdigit() or quote.ref.startswith("PP") != bool(prefix):
        return False
    return int(parsed.start.removeprefix(prefix)) <= int(number) <= int(parsed.end.removeprefix(prefix))


_TRAILING_DOCUMENT = re.compile(r"(?is)^(.*\S)\s+in\s+(?:the\s+)?(\S.*?)[\s.?!]*$")
_SYMBOL_SHAPE = re.compile(r"(?i)^(?:[A-Z]{1,2}(?:/[A-Z0-9.\-]+)+|[A-Z]{1,2}(?:_[A-Z0-9.\-]+)+|\d{2,3}/\d{1,4})$")


def trailing_document(text: str) -> tuple[str, str] | None:
    """(phrase, document name) when ``text`` ends with "in NAME" (`/find PHRASE in DOC`): the name is
    the words after the last " in " (a leading "the" left out); None when there is no such ending.
    Whether the name is a document is the caller's to decide."""
    found = _TRAILING_DOCUMENT.match(text)  # greedy: the last " in "
    return (found.group(1), found.group(2)) if found else None


def looks_like_symbol(name: str) -> bool:
    """Whether ``name`` is shaped like a UN document symbol as users type them (A/RES/80/999,
    A/80/257, A_RES_80_16, 80/16), with a number in it."""
    name = name.strip().removesuffix(".pdf")
    return bool(_SYMBOL_SHAPE.match(name)) and any(c.isdigit() for c in name)


@dataclass(frozen=True)
class Lookup:
    """Paragraphs named by a reference, each as a whole verbatim quote, and a note when a range
    runs past the end of its part (only the paragraphs that exist are quoted)."""

    doc: str  # the document's symbol
    ref: str  # the reference as typed
    quotes: tuple[Quote, ...]
    note: str = ""  # e.g. "A/RES/80/16 ends at ¶4: only ¶3–4 of 3-5 exist."
    is_range: bool = False

    def to_json(self) -> dict | list:
        """`oewg para --json`: one object for one paragraph, a list for a range (even when one of
        its paragraphs exists)."""
        items = [{"doc": q.symbol, "ref": q.ref, "scope": q.scope, "page": q.page, "heading": q.heading,
                  "text": q.text, "url": q.url, "footnotes": [f.to_json() for f in q.footnotes]} for q in self.quotes]
        return items[0] if len(items) == 1 and not self.is_range else items
