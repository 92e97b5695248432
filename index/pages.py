"""Pages for a Word document's paragraphs, taken from the PDF of the same symbol (pure).

A ``.docx`` gives each paragraph's exact text but often not its page; the PDF gives pages.
:func:`transfer_pages` keeps the Word text and takes each paragraph's pages from the PDF
paragraph with the same scope and reference, when that paragraph's text agrees (whitespace
aside). :func:`compare_readings` lists where two readings of one document disagree, paragraph
by paragraph: the check that both readers see the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from index.models import ParsedDocument


def _norm(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Disagreement:
    scope: str
    ref: str
    what: str  # "only in the first", "only in the second", "text", "heading", "footnotes"

    def __str__(self) -> str:
        return f"{self.scope} {self.ref}: {self.what}"


def compare_readings(a: ParsedDocument, b: ParsedDocument) -> list[Disagreement]:
    """Every paragraph where the two readings differ (pages are not compared)."""
    pa = {(p.scope, p.ref): p for p in a.paragraphs}
    pb = {(p.scope, p.ref): p for p in b.paragraphs}
    out: list[Disagreement] = []
    for key in list(pa) + [k for k in pb if k not in pa]:
        x, y = pa.get(key), pb.get(key)
        if x is None or y is None:
            out.append(Disagreement(*key, "only in the second" if x is None else "only in the first"))
        elif _norm(x.text) != _norm(y.text):
            out.append(Disagreement(*key, "text"))
        elif x.heading != y.heading:
            out.append(Disagreement(*key, "heading"))
        elif [f.text for f in x.footnotes] != [f.text for f in y.footnotes]:
            out.append(Disagreement(*key, "footnotes"))
    return out


def transfer_pages(word: ParsedDocument, pdf: ParsedDocument) -> tuple[ParsedDocument, list[str]]:
    """The Word reading with pages from the PDF reading, and a warning per paragraph whose
    page could not be taken (absent from the PDF, or with another text there)."""
    by_key = {(p.scope, p.ref): p for p in pdf.paragraphs}
    out = []
    missing: list[str] = []
    for p in word.paragraphs:
        twin = by_key.get((p.scope, p.ref))
        if twin is not None and _norm(twin.text) == _norm(p.text):
            out.append(replace(p, pages=twin.pages))
        else:
            out.append(p)
            missing.append(f"{p.scope} {p.ref}")
    warnings = list(word.warnings)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        warnings.append(f"no page for {len(missing)} paragraph(s) the PDF reads differently: {shown}")
    meta = replace(word.meta, date=word.meta.date or pdf.meta.date, title=word.meta.title or pdf.meta.title)
    merged = ParsedDocument(meta=meta, paragraphs=tuple(out), page_count=pdf.page_count, warnings=tuple(warnings))
    return merged, missing
