"""Recognising questions that ask for a tool rather than a search: find, toc, compare.

Pure functions only. :func:`recognise` returns what the question asks for, or None for an
ordinary question (which then goes to lookup or search):

- find: a quoted phrase and a word asking where it is used — "Where else does the phrase
  'responsible State behaviour' appear?", "where is 'X' used", "every use of 'X'";
- toc: a request for a document's map and nothing else — "table of contents of A/RES/80/5",
  "outline of 80/16", "show the structure of the final report" —, or for a whole document ("what
  does resolution 80/4 say?", an indexed one or not: an unknown one is then said to be unknown);
- compare: a paragraph named right after a word asking how it changed — "what changed in
  paragraph 12 since the 2024 report?", "how did paragraph 5 change from APR 2024?", "compare
  paragraph 3 of A/RES/80/16 with A/RES/79/237".

A phrase in quotes without such a word ("what does the report say about 'ransomware'?") and a
heading-like word inside a longer question ("what is the structure of the Global Mechanism?")
are left to search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.refs import mentions_paragraph

_QUOTED = re.compile(r"[\"“”„]([^\"“”„]{1,200})[\"“”]|(?<![\w])['‘]([^'‘’]{1,200}?)['’](?![\w])")
_FIND_CUE = re.compile(
    r"""(?ix)
    \bwhere\b.*\b(?:appear\w*|occur\w*|used|use|uses|using|mention\w*|found|said|stated|agreed|come\s+up|comes\s+up|written)\b
    | \bwhere\s+else\b
    | \b(?:which|what)\s+(?:documents?|resolutions?|reports?|paragraphs?)\b.*\b(?:use\w*|contain\w*|mention\w*|say\w*|include\w*|have|has)\b
    | \b(?:every|each|all)\s+(?:the\s+)?(?:uses?|occurrences?|mentions?|instances?|places?)\b
    | \b(?:find|search(?:\s+for)?|locate|look\s+up\s+every)\b
    | \bhow\s+(?:often|many\s+times)\b
    | \bfirst\s+(?:used|use|appear\w*|mention\w*)\b
    """
)
_TOC_WORDS = r"(?:table\s+of\s+contents|toc|outline|structure|map|headings|sections|chapters|contents)"
_TOC_ONLY = re.compile(
    rf"""(?ix)^\s*
    (?:(?:please\s+)?(?:show|give|list|display|print|get|see)(?:\s+me)?\s+|what\s+(?:is|are)\s+|(?:can|could)\s+(?:i|you)\s+(?:see|get|have)\s+)?
    (?:the\s+|a\s+)?{_TOC_WORDS}
    (?:\s+(?:of|for|in|to))?(?:\s+the)?(?:\s+(?:document|resolution|report))?
    (?:\s*,?\s*please)?\s*[?.!]*\s*$"""
)
# "What does resolution 80/4 say?", "what's in A/RES/80/16": the whole document, so its outline
_DOC_OVERVIEW = re.compile(
    r"""(?ix)^\s*
    (?:what\s+(?:does|do|did)\s+(?:the\s+)?(?:resolution|document|report|text)?\s*(?:say|contain|cover|decide|do)
     |what(?:'s|\s+is)\s+in(?:\s+the)?(?:\s+(?:resolution|document|report|text))?)
    (?:\s*,?\s*(?:overall|in\s+(?:short|general|brief)))?\s*[?.!]*\s*$"""
)
# the same shape with the document still in it: a cheap test before looking for document names
_OVERVIEW_SHAPE = re.compile(
    r"""(?ix)^\s*
    (?:what\s+(?:does|do|did)\s+\S.*?\s+(?:say|contain|cover|decide|do)|what(?:'s|\s+is)\s+in\s+\S.*?)
    (?:\s*,?\s*(?:overall|in\s+(?:short|general|brief)))?\s*[?.!]*\s*$"""
)
# a resolution cited by its number alone ("resolution 80/99", "75/240"), indexed or not
_RESOLUTION_NUMBER = re.compile(r"(?<![\w/.-])(\d{2,3}/\d{1,4})(?![\w/-])")
_PARA = r"(?:the\s+)?(?:operative\s+|preambular\s+)?(?:paragraphs?|paras?\.?|¶+|§|PP)\s*\d"
_COMPARE_CUE = re.compile(
    rf"""(?ix)
    \bwhat(?:'s|\s+has|\s+have|\s+is)?\s+(?:changed|new|different)\s+(?:in|about|with|for)\s+{_PARA}
    | \bhow\s+(?:has|have|did|does|do)\s+{_PARA}[\w()]*(?:\s+(?:of|in)\s+[^?]*?)?\s+(?:change|changed|differ|evolve|evolved|move|moved)\b
    | \b(?:compare|diff)\s+{_PARA}
    """
)
_SPLIT = re.compile(r"(?i)\b(?:since|with|against|versus|vs\.?|from|to|than|and)\b")
_YEAR_DOC = re.compile(r"(?i)\b((?:19|20)\d{2})(?:'s)?\s+(?:annual\s+)?(?:(?:progress\s+)?reports?|resolutions?|(?:apr))\b"
                       r"|\b(?:reports?|resolutions?)\s+(?:of|from)\s+((?:19|20)\d{2})\b")
_SYMBOL = re.compile(r"\b(A/(?:RES/)?\d{2,3}/[A-Z0-9.]+(?:/[A-Za-z0-9.]+)*)", re.I)


@dataclass(frozen=True)
class FindIntent:
    phrase: str
    doc: str | None = None


@dataclass(frozen=True)
class TocIntent:
    doc: str | None = None


@dataclass(frozen=True)
class CompareIntent:
    doc: str | None  # the document of the paragraph (None: the default one)
    ref: str
    with_docs: tuple[str, ...] = ()  # documents named to compare with (symbols or names as typed)
    with_years: tuple[tuple[str, str], ...] = ()  # ("2024", "report") for "since the 2024 report"


Intent = FindIntent | TocIntent | CompareIntent


def quoted_phrase(question: str) -> tuple[str, tuple[int, int]] | None:
    """The first quoted phrase of the question and where it sits, or None."""
    m = _QUOTED.search(question)
    if not m:
        return None
    phrase = (m.group(1) or m.group(2) or "").strip()
    return (phrase, m.span()) if phrase and re.search(r"\w", phrase) else None


def document_mentions(text: str, doc_names: dict[str, str]) -> list[tuple[str, tuple[int, int]]]:
    """Documents named in ``text`` (symbols, or names from ``doc_names``), left to right, with their spans.

    Longer names win over the shorter names inside them ("APR 2024" over "2024"); each stretch of
    text names one document at most.
    """
    found: list[tuple[str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _SYMBOL.finditer(text):
        sym = m.group(1).upper().rstrip(".")
        found.append((doc_names.get(sym.lower(), sym), m.span(1)))
        taken.append(m.span(1))
    lower = text.lower()
    for name in sorted(doc_names, key=len, reverse=True):
        if len(name) < 3:
            continue
        for m in re.finditer(rf"(?<![\w/-]){re.escape(name)}(?![\w/-])", lower):
            if free(*m.span()):
                found.append((doc_names[name], m.span()))
                taken.append(m.span())
    return sorted(found, key=lambda f: f[1])


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return " ".join("".join(out).split())


def recognise_find(question: str, doc_names: dict[str, str]) -> FindIntent | None:
    quoted = quoted_phrase(question)
    if quoted is None:
        return None
    phrase, (a, b) = quoted
    rest = question[:a] + " " + question[b:]
    if not _FIND_CUE.search(rest):
        return None
    docs = document_mentions(rest, doc_names)
    return FindIntent(phrase=phrase, doc=docs[0][0] if docs else None)


def recognise_toc(question: str, doc_names: dict[str, str]) -> TocIntent | None:
    """An outline asked for ("table of contents of 80/16"), or a whole named document ("What does
    resolution 80/4 say?": no one paragraph answers that, its outline shows what it holds)."""
    if _OVERVIEW_SHAPE.match(question):
        docs = document_mentions(question, doc_names)
        if not docs:  # "What does resolution 80/99 say?" with no 80/99 indexed: the toc says it is unknown
            docs = [(f"A/RES/{m.group(1)}", m.span(1)) for m in _RESOLUTION_NUMBER.finditer(question)]
        if len(docs) == 1 and _DOC_OVERVIEW.match(_cut(question, [span for _, span in docs])):
            return TocIntent(doc=docs[0][0])
    if not re.search(rf"(?i)\b{_TOC_WORDS}\b", question):
        return None
    docs = document_mentions(question, doc_names)
    rest = _cut(question, [span for _, span in docs]).replace("'s", "")
    if not _TOC_ONLY.match(rest):
        return None
    return TocIntent(doc=docs[0][0] if docs else None)


def recognise_compare(question: str, doc_names: dict[str, str]) -> CompareIntent | None:
    q = " ".join(question.split())
    if not _COMPARE_CUE.search(q):
        return None
    named = mentions_paragraph(q)  # the paragraph, and where the question names it
    if named is None:
        return None
    m = re.search(r"(?i)(?:\b(?:operative\s+)?(?:paragraphs?|paras?\.?)|¶+|§|\bPP)\s*\d", q)
    start = m.start() if m else 0
    split = _SPLIT.search(q, m.end() if m else 0)
    left, right = (q[:split.start()], q[split.end():]) if split else (q, "")
    own = [d for d, (a, _) in document_mentions(left, doc_names) if a >= start] or \
          [d for d, _ in document_mentions(left, doc_names)]
    others = [d for d, _ in document_mentions(right, doc_names)]
    right_wo_docs = _cut(right, [span for _, span in document_mentions(right, doc_names)])
    years = tuple((y1 or y2, "resolution" if "resolution" in mm.group(0).lower() else "report")
                  for mm in _YEAR_DOC.finditer(right_wo_docs) for y1, y2 in [mm.groups()])
    _, ref = named
    return CompareIntent(doc=own[0] if own else None, ref=ref, with_docs=tuple(dict.fromkeys(others)), with_years=years)


def recognise(question: str, doc_names: dict[str, str] | None = None) -> Intent | None:
    """What tool the question asks for, or None for an ordinary question. ``doc_names`` maps
    lower-cased document names (symbols, short names, aliases) to symbols."""
    names = doc_names or {}
    q = " ".join(question.split())
    return recognise_find(q, names) or recognise_compare(q, names) or recognise_toc(q, names)
