"""Data records shared by every layer: documents, paragraphs, quotes and answers.

These are plain frozen dataclasses with no behaviour beyond small derived
properties, so that the parser, the index, the engine and the front ends
(Discord, console, CLI) can all exchange them without depending on each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MAIN_SCOPE = "main"


@dataclass(frozen=True)
class DocumentMeta:
    """What is known about a source document before and after parsing."""

    symbol: str  # "A/RES/80/16", "A/80/257"
    title: str = ""
    date: str = ""
    source_pdf: str = ""  # official PDF address (no #page fragment)
    short_name: str = ""  # catalog short name ("final-report"), "" if none
    default_scope: str = MAIN_SCOPE  # scope used when a lookup names none
    path: str = ""  # file it was read from
    sha256: str = ""  # hash of that file's bytes


@dataclass(frozen=True)
class Footnote:
    """A footnote body, kept as data beside the paragraph that cites it (never inside a quote)."""

    mark: str  # "2", "*"
    text: str

    def to_json(self) -> dict:
        return {"mark": self.mark, "text": self.text}


@dataclass(frozen=True)
class Paragraph:
    """One citable unit of a document.

    ``ref`` is the full reference inside its scope: ``"12"`` for a numbered
    paragraph, ``"12(b)"`` / ``"12(b)(ii)"`` for a sub-paragraph, ``"PP3"``
    for the third preambular paragraph. A numbered paragraph's ``text``
    includes its sub-paragraphs (each on its own line); sub-paragraphs are
    also stored as records of their own with ``parent`` set to the
    paragraph's ref so they can be looked up exactly.
    ``text`` never contains the paragraph number itself, nor page furniture.
    """

    symbol: str
    scope: str  # "main", "annex", "annex I", "annex II", ...
    ref: str  # "12", "12(b)", "12(b)(ii)", "PP3"
    text: str
    pages: tuple[int, ...] = ()
    heading: str = ""  # the innermost heading: "B. Rules, norms and principles"
    parent: str = ""  # for sub-paragraphs: the ref of the paragraph they belong to
    order: int = 0  # position in the document, for stable sorting
    inferred: bool = False  # number inferred because the source lost it
    heading_path: str = ""  # context: "Annex title — II. B. Rules, norms and principles"
    footnotes: tuple[Footnote, ...] = ()  # the footnotes the paragraph's text cites

    @property
    def number(self) -> str:
        """The top-level paragraph number ("12" for "12(b)(ii)", "PP3" for "PP3")."""
        return self.ref.split("(", 1)[0]

    @property
    def page(self) -> int | None:
        return self.pages[0] if self.pages else None

    @property
    def is_sub(self) -> bool:
        return bool(self.parent)

    def key(self) -> tuple[str, str, str]:
        return (self.symbol, self.scope, self.ref)


@dataclass(frozen=True)
class ParsedDocument:
    """A document read and split into paragraphs by the parser."""

    meta: DocumentMeta
    paragraphs: tuple[Paragraph, ...]
    page_count: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A verbatim excerpt of one stored paragraph, with its citation."""

    symbol: str
    scope: str
    ref: str
    text: str  # verbatim: the whole paragraph, or best sentences joined with " … "
    score: float
    page: int | None
    url: str  # source_pdf#page=N where known, "" otherwise
    heading: str = ""
    full_text: str = ""  # the stored paragraph text the quote was cut from
    default_scope: str = MAIN_SCOPE  # the document's default scope, left out of the citation
    footnotes: tuple[Footnote, ...] = ()  # the footnotes the paragraph cites (shown beside, never inside)

    def citation(self) -> str:
        """Human citation like ``A/80/257 ¶12 (p. 5)`` or ``A/80/257 annex I ¶3``.

        The document's default scope is left out, as in ``/para 12``: the Final Report's own
        paragraphs are in the annex of A/80/257, and users cite them as ¶12; the covering note's
        are then ``A/80/257 main ¶1``, as ``/para main 1`` finds them.
        """
        scope = "" if self.scope == (self.default_scope or MAIN_SCOPE) else f" {self.scope}"
        page = f" (p. {self.page})" if self.page else ""
        ref = self.ref if self.ref.startswith("PP") else f"¶{self.ref}"
        return f"{self.symbol}{scope} {ref}{page}"

    def to_json(self) -> dict:
        return {
            "doc": self.symbol,
            "ref": self.ref,
            "scope": self.scope,
            "page": self.page,
            "text": self.text,
            "score": round(float(self.score), 4),
            "url": self.url,
        }


@dataclass(frozen=True)
class Citation:
    """A further candidate shown under "See also": where it is, never its text."""

    symbol: str
    scope: str
    ref: str
    page: int | None
    url: str
    heading: str = ""
    score: float = 0.0
    default_scope: str = MAIN_SCOPE

    def citation(self) -> str:
        """``A/RES/80/16 ¶3 (p. 2)``, as Quote.citation."""
        scope = "" if self.scope == (self.default_scope or MAIN_SCOPE) else f" {self.scope}"
        page = f" (p. {self.page})" if self.page else ""
        ref = self.ref if self.ref.startswith("PP") else f"¶{self.ref}"
        return f"{self.symbol}{scope} {ref}{page}"

    def to_json(self) -> dict:
        return {"doc": self.symbol, "ref": self.ref, "scope": self.scope, "page": self.page,
                "heading": self.heading, "url": self.url, "score": round(float(self.score), 4)}


@dataclass(frozen=True)
class Answer:
    """What the engine returns for a question: ranked verbatim quotes, or an abstention."""

    question: str
    abstained: bool
    quotes: tuple[Quote, ...] = ()
    mode: str = "search"  # "search", "lookup" (the question named a paragraph), or a tool: "find", "toc", "compare"
    message: str = ""  # why it abstained / what to try next; for a tool, a one-line summary
    suggestions: tuple[str, ...] = field(default=())  # related headings or refs to try
    result: object = None  # for a tool, its result (index.find.FindResult, index.toc.Toc, index.compare.CompareResult)
    see_also: tuple[Citation, ...] = ()  # further candidates, cited but not quoted
    failed: bool = False  # the question named a document or paragraph that is not indexed, or a bad reference

    def to_json(self) -> dict:
        out = {
            "question": self.question,
            "abstained": self.abstained,
            "quotes": [q.to_json() for q in self.quotes],
            "see_also": [c.to_json() for c in self.see_also],
        }
        if self.result is not None:
            out[self.mode] = self.result.to_json()
        return out


def paragraph_to_dict(p: Paragraph) -> dict:
    d = asdict(p)
    d["pages"] = list(p.pages)
    d["footnotes"] = [f.to_json() for f in p.footnotes]
    return d
