"""The paragraph-reference grammar: ``12``, ``12(b)``, ``12(b)(ii)``, ``12-14``, ``PP3``, ``annex I 5``,
and lists of them: ``3, 5 and 7``, ``5(a)-(c)``.

Pure functions only. ``parse_ref`` turns what a user typed into a ``ParsedRef``; ``parse_refs``
a list (each item one ``ParsedRef``, a sub-paragraph range one per letter);
``mentions_paragraph`` finds a reference named inside a free-text question
("what does paragraph 12 of A/RES/80/16 say?") so it can be answered by exact lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.errors import BadReference
from index.ordinals import ordinal_number

MAX_RANGE = 30  # a range wider than this is refused rather than flooding a channel

_ROMAN = r"(?:[IVXLC]+)"
_SCOPE_WORD = r"(?:annex|appendix|enclosure)"
_SUB = r"\(\s*[a-z]{1,2}\s*\)|\(\s*[ivxlc]{1,6}\s*\)"
_PREFIX = r"(?:paragraphs?|paras?\.?|pars?\.?|¶+|§|p\.)"


@dataclass(frozen=True)
class ParsedRef:
    """A reference as typed: optional scope, a number or PP id, optional end of range, sub-path."""

    scope: str | None  # None = the document's default scope
    start: str  # "12" or "PP3"
    end: str | None = None  # "14" for 12-14
    sub: tuple[str, ...] = ()  # ("b", "ii") for 12(b)(ii)

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @property
    def ref(self) -> str:
        """The stored ref string of the first paragraph named ("12(b)(ii)", "PP3")."""
        return self.start + "".join(f"({s})" for s in self.sub)

    def display(self) -> str:
        body = f"{self.start}-{self.end}" if self.end else self.ref
        return f"{self.scope} {body}" if self.scope and self.scope != "main" else body


def normalise_scope(text: str) -> str:
    """'ANNEX i' -> 'annex I', 'Annex' -> 'annex', 'main'/'body' -> 'main'."""
    words = text.strip().split()
    if not words:
        return "main"
    head = words[0].lower()
    if head in ("main", "body", "report"):
        return "main"
    if len(words) == 1:
        return head
    return f"{head} {words[1].upper()}"


def _range_end(raw: str, a: int, b: int) -> int | None:
    """The end of the range a-b, None when it names one paragraph; BadReference when it is not a range."""
    if b < a:
        raise BadReference(raw, "the range runs backwards")
    if b - a + 1 > MAX_RANGE:
        raise BadReference(raw, f"ranges are limited to {MAX_RANGE} paragraphs")
    return None if a == b else b


def parse_ref(text: str) -> ParsedRef:
    """Parse a reference typed by a user; raise BadReference with a hint when it is not one."""
    raw = text
    s = " ".join(text.replace("–", "-").replace("—", "-").split())
    if not s:
        raise BadReference(raw, "it is empty")
    if len(s) > 40:
        raise BadReference(raw[:40] + "…", "too long")
    scope = None
    m = re.match(rf"(?i)^({_SCOPE_WORD})(?:\s+({_ROMAN}|[A-Z])\b)?[\s,:]*", s)
    if m:
        word = m.group(1).lower()
        qual = m.group(2)
        rest = s[m.end():]
        scope = f"{word} {qual.upper()}" if qual else word
        s = rest
    elif re.match(r"(?i)^main\b[\s,:]*", s):
        scope = "main"
        s = re.sub(r"(?i)^main\b[\s,:]*", "", s)
    s = re.sub(rf"(?i)^{_PREFIX}\s*", "", s).strip()
    m = re.fullmatch(r"(?i)(?:pp|preamb(?:le|ular)?(?:\s+para(?:graph)?)?)\s*\.?\s*(\d{1,3})(?:\s*(?:-|to)\s*(?:pp\s*)?(\d{1,3}))?", s)
    if m:
        if scope not in (None, "main"):
            raise BadReference(raw, "preambular paragraphs belong to the main text")
        a = int(m.group(1))
        b = _range_end(raw, a, int(m.group(2)) if m.group(2) else a)
        return ParsedRef(scope="main" if scope else None, start=f"PP{a}", end=None if b is None else f"PP{b}")
    m = re.fullmatch(r"(\d{1,5})\s*(?:-|to)\s*(\d{1,5})", s)
    if m:
        a = int(m.group(1))
        b = _range_end(raw, a, int(m.group(2)))
        return ParsedRef(scope=scope, start=str(a), end=None if b is None else str(b))
    m = re.fullmatch(rf"(?i)(\d{{1,5}})\s*((?:\s*(?:{_SUB}))*)\s*", s)
    if m:
        subs = tuple(x.strip().lower() for x in re.findall(r"\(\s*([a-zA-Z]{1,6})\s*\)", m.group(2)))
        if len(subs) > 3:
            raise BadReference(raw, "too many sub-paragraph levels")
        return ParsedRef(scope=scope, start=str(int(m.group(1))), sub=subs)
    m = re.fullmatch(r"(?i)(\d{1,5})\s*\.?\s*([a-z])", s)  # "12b", "12.b"
    if m:
        return ParsedRef(scope=scope, start=str(int(m.group(1))), sub=(m.group(2).lower(),))
    raise BadReference(raw)


_LIST_SEP = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.I)
_SUB_RANGE = re.compile(r"(?i)^(.*?\d{1,5}(?:\s*\(\s*[a-z]{1,6}\s*\))*)\s*\(\s*([a-z]{1,6})\s*\)\s*(?:-|to)\s*\(?\s*([a-z]{1,6})\s*\)?$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman_value(letters: str) -> int | None:
    """The value of a lower-case roman numeral ("iv" -> 4); None when ``letters`` is not one."""
    if not letters or any(c not in _ROMAN_VALUES for c in letters):
        return None
    values = [_ROMAN_VALUES[c] for c in letters]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _sub_letters(raw: str, first: str, last: str) -> list[str]:
    """The sub-paragraph labels from ``first`` to ``last``: letters ("a".."c") or, when both are
    roman numerals that are not single letters of a run ("i".."iv"), numerals."""
    a, b = first.lower(), last.lower()
    ra, rb = _roman_value(a), _roman_value(b)
    if ra is not None and rb is not None and (len(a) > 1 or len(b) > 1 or a == "i"):
        if rb < ra:
            raise BadReference(raw, "the range runs backwards")
        return [_roman(n) for n in range(ra, rb + 1)]
    if len(a) == 1 and len(b) == 1:
        if b < a:
            raise BadReference(raw, "the range runs backwards")
        return [chr(c) for c in range(ord(a), ord(b) + 1)]
    raise BadReference(raw, "a sub-paragraph range runs from letter to letter, as in 5(a)-(c)")


def parse_refs(text: str) -> list[ParsedRef]:
    """Parse a reference or a list of them: "3, 5 and 7", "annex 2 and 4", "5(a)-(c)" (one
    ``ParsedRef`` per sub-paragraph), "PP2, 4" (the preamble carried on). A scope or a preamble
    named on the first item holds for the items that name none. Raises BadReference, naming the
    item that does not parse, or when the list names more than MAX_RANGE paragraphs."""
    items = [x for x in _LIST_SEP.split(" ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())) if x]
    if len(items) <= 1 and not _SUB_RANGE.match(text.strip()):
        return [parse_ref(text)]
    out: list[ParsedRef] = []
    for item in items:
        sub_range = _SUB_RANGE.match(item)
        labels: list[str] = []  # a sub-paragraph range's letters
        if sub_range:
            item = sub_range.group(1)
            labels = _sub_letters(text, sub_range.group(2), sub_range.group(3))
        lone_sub = re.fullmatch(r"\(\s*([a-z]{1,6})\s*\)", item, re.I)
        if lone_sub and out and out[-1].sub:  # "5(a) and (b)": a letter of the item before
            prev = out[-1]
            out.append(ParsedRef(prev.scope, prev.start, None, (*prev.sub[:-1], lone_sub.group(1).lower())))
            continue
        ref = parse_ref(item)
        if out and ref.scope is None:
            first = out[0]
            if is_preambular(first.start) and not is_preambular(ref.start) and re.fullmatch(r"\d{1,3}(?:\s*-\s*\d{1,3})?", item):
                ref = parse_ref(f"PP{item}")
            ref = ParsedRef(scope=first.scope, start=ref.start, end=ref.end, sub=ref.sub)
        out += [ParsedRef(ref.scope, ref.start, None, (*ref.sub, s)) for s in labels] if labels else [ref]
    if sum(_span(r) for r in out) > MAX_RANGE:
        raise BadReference(text, f"lists are limited to {MAX_RANGE} paragraphs")
    return out


def _span(ref: ParsedRef) -> int:
    if ref.end is None:
        return 1
    return int(ref.end.removeprefix("PP")) - int(ref.start.removeprefix("PP")) + 1


_MENTIONED_SUB = r"\(\s*[a-z]{1,6}\s*\)"
_MENTIONED_REF = rf"\d+(?:\s*(?:-|–|to)\s*\d+(?!\s*\()|(?:\s*{_MENTIONED_SUB})*(?:\s*(?:-|–|to)\s*{_MENTIONED_SUB})?)?"
_SYMBOL_RE = re.compile(r"\b(A/(?:RES/)?\d{2,3}/[A-Z0-9.]+(?:/[A-Za-z0-9.]+)*)", re.I)
_MENTION_RE = re.compile(
    rf"""(?ix)
    (?:\b(?P<scope>{_SCOPE_WORD})(?:\s+(?P<qual>{_ROMAN}|[A-Z])\b)?[\s,]*)?
    (?:\b(?:operative\s+)?(?:paragraphs?|paras?\.?)|¶+|§)\s*
    (?P<ref>{_MENTIONED_REF}(?:\s*(?:,|&|\band\b)\s*(?:{_MENTIONED_REF}|{_MENTIONED_SUB}))*)  # every digit: parse_refs judges the numbers
    """
)


_RESOLUTION_RE = re.compile(r"(?i)\bres(?:olution|\.)?\s+(\d{2,3}/\d{1,3})(?![\d/])")
_OF_NAME_RE = re.compile(r"^\s*(?:of|in|from)\s+(?:the\s+|its\s+|this\s+|that\s+)?(?P<name>\w[\w.-]*)")
_GENERIC_NAMES = frozenset({"report", "resolution", "text", "document", "annex", "appendix", "enclosure",
                            "preamble", "main", "oewg", "it", "same"})  # the default document's, or a scope


_SCOPE_AFTER_RE = re.compile(rf"^\s*(?:of|in)\s+(?:the\s+)?((?i:{_SCOPE_WORD}))(?:\s+({_ROMAN}|[A-Z])\b)?")
_ORDINAL_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[a-z]+(?:-[a-z]+)?)"
_ORDINAL_PARAGRAPH_RE = re.compile(rf"(?i)\b(?:the\s+)?({_ORDINAL_WORD})\s+(?:(preambular|operative)\s+)?paragraph\b"
                                   rf"(?P<preamble>\s+of\s+(?:the|its)\s+preamble\b)?")
_OP_RE = re.compile(r"\b(?:OP|op|Op)\s*(?=\d{1,3}\b|\d{1,3}\s*\()")


def delegates_forms(question: str) -> str:
    """The question with the references delegates write in words or shorthand in the grammar's
    form: "the third preambular paragraph" (or "third paragraph of the preamble") -> "PP3",
    "second operative paragraph" -> "operative paragraph 2", "the second paragraph" and "OP2" ->
    "paragraph 2" (a resolution's numbered paragraphs are its operative ones). Anything else is
    left as typed."""
    def ordinal(m: re.Match) -> str:
        n = ordinal_number(m.group(1))
        if n is None:
            return m.group(0)
        kind = (m.group(2) or "").lower()
        if kind == "preambular" or (m.group("preamble") and kind != "operative"):
            return f"PP{n}"
        return f"operative paragraph {n}" if kind else f"paragraph {n}"
    return _OP_RE.sub("paragraph ", _ORDINAL_PARAGRAPH_RE.sub(ordinal, question))


_NAME_END_RE = re.compile(r"(?i)\s+(?:say|says|said|state|states|stated|call|calls|mean|means|contain|contains|"
                          r"provide|provides|read|reads|do|does|did|is|are|was|about|on\s+(?:the\s+)?(?:subject|topic))\b"
                          r"|[?!,;:()]|\.(?:\s|$)")
_TITLE_FILLER = frozenset({"the", "resolution", "text", "of", "on", "a", "an", "and", "in", "to", "for", "s"})


def _other_document_name(tail: str) -> str:
    """The name after "of (the)" that follows a reference, when it names a document by a name of its
    own ("SSOD-I Final Document", "Arms Trade Treaty resolution", "the Charter"), up to the verb or
    punctuation; "" otherwise, and for the default document ("of the report", "in annex I")."""
    m = _OF_NAME_RE.match(tail)
    if m is None:
        return ""
    rest = tail[m.start("name"):]
    end = _NAME_END_RE.search(rest)
    name = " ".join((rest[:end.start()] if end else rest).split())
    about = re.match(r"(?i)resolution\s+(?:on|about)\s+(?:the\s+)?(.+)", name)
    if about:  # "the resolution on the Bamako Convention"
        return f"{about.group(1)} resolution"
    if re.search(r"(?i)\s(?:resolution|declaration)$", name):  # "the cluster munitions resolution"
        return name
    return name if name[0].isupper() and m.group("name").lower() not in _GENERIC_NAMES else ""


def names_by_title(name: str) -> str | None:
    """Where a name of a document's own says to look it up by title: "main" for "the Arms Trade
    Treaty resolution", "annex" for a declaration a resolution adopts in its annex ("the Awaza
    Political Declaration"), None for a document that is not a resolution ("the SSOD-I Final
    Document", "the Charter"): the indexed paragraphs may cite it, but no title names it."""
    last = name.split()[-1].lower() if name.split() else ""
    return {"resolution": "main", "declaration": "annex"}.get(last)


def paragraph_of_other_document(question: str) -> tuple[str, str] | None:
    """(reference, name) when the question names a paragraph "of" a document by a name of its own
    rather than its symbol: "paragraph 58 of the SSOD-I Final Document" -> ("58", "SSOD-I Final
    Document"). The caller looks for an indexed document of that title (``document_by_title``), or
    for the paragraphs that cite the one named."""
    q = delegates_forms(question).replace("\n", " ")
    m = _MENTION_RE.search(q)
    if m is None:
        return None
    name = _other_document_name(q[m.end():])
    return (" ".join(m.group("ref").split()), name) if name else None


def cites_paragraph_pattern(ref: str) -> re.Pattern | None:
    """A pattern for text that cites paragraph ``ref`` of some document ("paragraph 58 of",
    "paragraphs 57 and 58", "para. 15"); None when ``ref`` is not one paragraph's number."""
    m = re.fullmatch(r"(\d{1,4})(?:\s*\(\s*[a-z]{1,6}\s*\))*", ref.strip())
    if m is None:
        return None
    return re.compile(rf"(?i)\b(?:paragraphs?|paras?\.)\s+(?:[\w()]+\s*(?:,|and|to|-|–)\s*){{0,6}}{m.group(1)}(?![\d/])")


_UNDISTINCTIVE = _TITLE_FILLER | frozenset({"final", "document", "treaty", "convention", "declaration", "general",
                                            "assembly", "report", "protocol", "agreement", "session", "united", "nation"})
CITE_WINDOW = 120  # how far after "paragraph 58" the cited document's name may come


def distinctive_name_words(name: str) -> frozenset[str]:
    """The words of a document's name that tell it from others ("SSOD-I Final Document" and its
    thesaurus wording -> ssod, tenth, special…; not "final", "document", "treaty")."""
    return frozenset(w for w in _title_words(name) if len(w) >= 3 and w not in _UNDISTINCTIVE)


def cites_named(text: str, citing: re.Pattern, words: frozenset[str]) -> bool:
    """Whether ``text`` cites the paragraph (``citing``) with one of the name's ``words`` soon
    after it: "paragraph 58 of the Final Document of the Tenth Special Session" for SSOD-I, not
    "paragraph 7 of resolution 46/30" for the Kyoto Protocol."""
    return any(words & set(_title_words(text[m.end():m.end() + CITE_WINDOW])) for m in citing.finditer(text))


def _title_words(text: str) -> list[str]:
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w
            for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))]


def document_by_title(name: str, titles: dict[str, str]) -> str | None:
    """The symbol of the one document whose title holds every word of ``name`` but the fillers
    ("Arms Trade Treaty resolution" -> "The Arms Trade Treaty"; "Tlatelolco resolution" -> the
    Treaty of Tlatelolco's); when several do, the one whose title they cover best; None when none
    does or two cover it equally."""
    wanted = [w for w in _title_words(name) if w not in _TITLE_FILLER]
    if not wanted:
        return None
    scored = []
    for symbol, title in titles.items():
        words = set(_title_words(title))
        if all(w in words for w in wanted):
            scored.append((len(set(wanted)) / max(len(words - _TITLE_FILLER), 1), symbol))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def names_more_than_paragraph(question: str) -> bool:
    """Whether a question that names a paragraph but no indexed document also names something
    else ("Register GGE paragraph 129 recommendations", "paragraph 76 SSOD-I Final Document"):
    a word with a capital letter after the first word, once the reference is taken out. Such a
    query is searched rather than told to name a document ("What does paragraph 12 say?" is told)."""
    m = _MENTION_RE.search(question)
    cut = (len(question), len(question)) if m is None else m.span()
    for w in re.finditer(r"\w[\w.-]*", question):
        if cut[0] <= w.start() < cut[1] or w.group() == "I":
            continue
        first = not question[:w.start()].strip()
        if any(ch.isupper() for ch in w.group()[1 if first else 0:]):  # "What", "Show" open a sentence
            return True
    return False


def is_preambular(ref: str) -> bool:
    """True for a preambular paragraph's ref ("PP3"), false for operative ones ("3", "3(a)")."""
    return ref.startswith("PP")


_PP_MENTION_RE = re.compile(r"(?i)\b(?:PP\s*(\d{1,3})|preambular\s+paragraph\s+(\d{1,3}))\b")


def _bare_scoped_ref(text: str) -> str | None:
    """The reference when ``text`` (the question without its document) is nothing but a reference
    with a scope — "annex I 5", "annex 3?", "of annex I 5" —, else None. A bare number ("12") is
    left to search: a question may be just a number."""
    rest = re.sub(r"(?i)^\W*(?:(?:of|in)\s+)?|(?:\s+(?:of|in)(?:\s+the)?)?[\s?.!,;:]*$", "", " ".join(text.split()))
    if not re.match(rf"(?i){_SCOPE_WORD}\b|main\b", rest):
        return None
    try:
        parse_ref(rest)
    except BadReference:
        return None
    return rest


def mentions_paragraph(question: str, doc_names: dict[str, str] | None = None) -> tuple[str | None, str] | None:
    """If the question names a paragraph, return (document name or None, reference text).

    ``doc_names`` maps lower-cased names (short names, symbols, aliases) to the document
    symbol; the longest name found in the question wins. Returns None for an ordinary question.
    """
    doc = None
    q = delegates_forms(question)
    span = (0, 0)  # where the question names the document
    m = _SYMBOL_RE.search(q)
    if m:
        doc = m.group(1).upper().rstrip(".")
        span = m.span(1)
    elif doc_names:
        lower = q.lower()
        for name in sorted(doc_names, key=len, reverse=True):
            found = re.search(rf"(?<![\w/-]){re.escape(name)}(?![\w/-])", lower) if len(name) >= 3 else None
            if found:
                doc = doc_names[name]
                span = found.span()
                break
    if doc is None:
        r = _RESOLUTION_RE.search(q)  # "resolution 75/240": a document, indexed or not
        if r:
            doc = f"A/RES/{r.group(1)}"
            span = r.span()
    bare = _bare_scoped_ref(q[:span[0]] + " " + q[span[1]:])
    if bare is not None:
        return doc, bare
    pm = _PP_MENTION_RE.search(q)
    if pm:
        return doc, f"PP{pm.group(1) or pm.group(2)}"
    flat = q.replace("\n", " ")
    m = _MENTION_RE.search(flat)
    if not m:
        return None
    if doc is None and _other_document_name(flat[m.end():]):
        return None  # "paragraph 58 of the SSOD-I Final Document": not a paragraph of an indexed one
    ref = " ".join(m.group("ref").split())
    after = _SCOPE_AFTER_RE.match(flat[m.end():])  # "paragraph 5 of the annex to resolution 80/3"
    if m.group("scope"):
        scope = m.group("scope").lower()
        if m.group("qual"):
            scope += " " + m.group("qual").upper()
        ref = f"{scope} {ref}"
    elif after:
        ref = f"{after.group(1).lower()}{' ' + after.group(2) if after.group(2) else ''} {ref}"
    return doc, ref
