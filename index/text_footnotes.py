"""Footnotes of text files: Markdown footnote definitions (``[^1]: A/80/83.``) and the marks they
leave in the text (``… resolution 79/7;1``), which the text reader keeps as plain digits.

Pure functions, applied by the build to a parsed text document: each mark is taken out of the
paragraph's text and its footnote kept beside the paragraph (``Paragraph.footnotes``), as the PDF
reader does with raised marks. A digit run counts as a mark only when the file defines that
footnote, it sits right after a letter or closing punctuation with no space (``rights,2``,
``79/7;1``) and before a space or the end, and it does not go back in the footnotes' order (or is
one already met, as an "Ibid." repeats); after punctuation and a space (``Rights, 1 the``) only
the very next footnote counts. Numbers in the text are not taken for marks. Footnotes the parser
already attached (``[^4]`` references) keep their place in the order.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from index.furniture import split_md_footnotes
from index.models import Footnote, ParsedDocument

_MARK = re.compile(r"(?<=[A-Za-z;,.:)\]”’\"])( ?)(\d{1,3})(?=\s|$|[;,.:)]|[a-z])")


def footnote_definitions(text: str) -> dict[str, str]:
    """Footnote number -> its whole text, from the ``[^N]: text`` lines of a Markdown file and the
    indented lines that continue them (index.furniture.split_md_footnotes)."""
    notes = split_md_footnotes(text.replace("\r\n", "\n").split("\n"))[2]
    return {mark: text for mark, text in notes.items() if mark.isdigit() and text}


def _marks(text: str, defined: dict[str, str], expected: int, seen: set[str]) -> tuple[list[re.Match], int]:
    found = []
    for m in _MARK.finditer(text):
        spaced, mark = bool(m.group(1)), m.group(2)
        if mark not in defined:
            continue
        k = int(mark)
        if _glued(text, m):  # "States Parties, 8and welcomes": the next footnote, glued to the next word
            ok = spaced and k == expected and text[m.start() - 1] in ",;.”)"
        elif spaced:
            ok = k == expected and text[m.start() - 1] in ",;.”)" and text[m.end():m.end() + 1] in (" ", "")
        else:
            ok = k >= expected or mark in seen
        if ok:
            found.append(m)
            expected = max(expected, k + 1)
            seen.add(mark)
    return found, expected


def _glued(text: str, m: re.Match) -> bool:
    """Whether the mark runs straight into a word ("8and")."""
    return text[m.end():m.end() + 1].isalpha()


def _cut(text: str, matches: Iterable[re.Match]) -> str:
    out, pos = [], 0
    for m in matches:
        out.append(text[pos:m.start()] + (" " if _glued(text, m) else ""))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _ordered(notes: tuple[Footnote, ...]) -> tuple[Footnote, ...]:
    """Footnotes once each, in the order of their numbers."""
    unique = tuple(dict.fromkeys(notes))
    return tuple(sorted(unique, key=lambda f: (not f.mark.isdigit(), int(f.mark) if f.mark.isdigit() else 0)))


def apply_text_footnotes(doc: ParsedDocument, source_text: str) -> ParsedDocument:
    """``doc`` with the marks of ``source_text``'s Markdown footnotes taken out of its paragraphs and
    the footnotes attached to them (unchanged when the file defines none)."""
    defined = footnote_definitions(source_text)
    if not defined:
        return doc
    expected, seen = 1, set()
    marks_of: dict[tuple[str, str], list[str]] = {}
    out = []
    for p in doc.paragraphs:
        if p.parent:
            out.append(p)
            continue
        found, expected = _marks(p.text, defined, expected, seen)
        parsed = [int(f.mark) for f in p.footnotes if f.mark.isdigit()]
        if parsed:
            expected = max(expected, max(parsed) + 1)
            seen.update(str(k) for k in parsed)
        if not found:
            out.append(p)
            continue
        marks = [m.group(2) for m in found]
        marks_of[(p.scope, p.ref)] = marks
        notes = tuple(dict.fromkeys(Footnote(k, defined[k]) for k in marks))
        out.append(replace(p, text=_cut(p.text, found), footnotes=_ordered((*p.footnotes, *notes))))
    final = []
    for p in out:
        marks = marks_of.get((p.scope, p.parent)) if p.parent else None
        if marks:
            own = [m for m in _MARK.finditer(p.text) if m.group(2) in marks and (not m.group(1) or p.text[m.end():m.end() + 1] in (" ", ""))]
            if own:
                notes = tuple(dict.fromkeys(Footnote(m.group(2), defined[m.group(2)]) for m in own))
                p = replace(p, text=_cut(p.text, own), footnotes=_ordered((*p.footnotes, *notes)))
        final.append(p)
    return replace(doc, paragraphs=tuple(final))
