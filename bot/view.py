"""Neutral views: what an answer, a lookup, find, toc, compare, a card or a message says, as styled
blocks that belong to no surface.

Pure functions over the engine's results; no Discord, no terminal. ``bot.render`` draws a view for
Discord (markdown within its limits, embeds) and ``bot.terminal`` for a terminal (rich: bold,
colours, links; markers instead of colours when the output is not a terminal). Every wording a
user reads is written once, here.

A view is a tuple of blocks:

* :class:`Text` — one paragraph of :class:`Span` s; a span has a style (``strong``, ``em``,
  ``hit`` for a found occurrence, ``del`` / ``add`` for a word diff, ``code``, ``user`` for text a
  user typed that is echoed back, ``command`` for a command to type, ``doc`` for document text shown
  outside a quote, ``content`` for the project's own editorial text, shown as written) and may
  link somewhere;
* :class:`QuoteView` — a verbatim quote with its citation (never rewritten by any surface);
* :class:`Bullets` — a list of texts;
* :class:`CardView` — a titled card with a description, named fields and a footer (an embed in
  Discord, a boxed block in a terminal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from index.models import Answer, Quote
from index.userinput import one_line

PLAIN, STRONG, EM, HIT, DEL, ADD, CODE, USER, COMMAND, DOC, CONTENT = (
    "", "strong", "em", "hit", "del", "add", "code", "user", "command", "doc", "content")
TOOL_MODES = ("find", "toc", "compare")
FIND_CONTEXT = 70  # characters of a paragraph shown either side of an occurrence
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """A run of text with one style; ``url`` links it; ``alt`` is a command's Discord spelling
    (``/para ref:12`` for ``/para 12``)."""

    text: str
    style: str = PLAIN
    url: str = ""
    alt: str = ""
    limit: int = 0  # user text echoed back: at most this many characters (0: the surface's default)


@dataclass(frozen=True)
class Text:
    """A paragraph of spans; ``small`` for a footnote-like line under a quote."""

    spans: tuple[Span, ...]
    small: bool = False
    nested: bool = False  # a line right under the block before it (a match under its document)
    indent: bool = False  # shown indented under it (in a terminal)

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class QuoteView:
    """A verbatim quote: the citation (with its link and heading) above the text."""

    quote: Quote
    footnotes: bool = True  # show the paragraph's footnotes under it


@dataclass(frozen=True)
class Bullets:
    """A list of texts, under an optional label line."""

    items: tuple[Text, ...]
    label: Text | None = None


@dataclass(frozen=True)
class CardView:
    """A titled card: description blocks, (name, blocks) fields, a footer line."""

    title: str
    description: tuple[Any, ...] = ()
    fields: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    footer: str = ""
    url: str = ""


Block = Text | QuoteView | Bullets | CardView
View = tuple[Block, ...]


def text(*parts: str | Span, small: bool = False, nested: bool = False, indent: bool = False) -> Text:
    """A Text from strings (plain) and spans."""
    return Text(tuple(p if isinstance(p, Span) else Span(p) for p in parts if p), small=small, nested=nested, indent=indent)


def strong(s: str, url: str = "") -> Span:
    return Span(s, STRONG, url)


def command(console: str, discord: str = "") -> Span:
    return Span(console, COMMAND, alt=discord or console)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


# ---- answers and lookups ----------------------------------------------------------------------

NO_ANSWER = "No paragraph answers this, so nothing is quoted."
NEAREST_REFS = "Nearest valid references:"
RELATED = "Related headings you could read:"
SEE_ALSO = "See also:"
SEE_ALSO_LINES = 5  # citations listed under "See also" at most
NO_QUOTE = "No paragraph to quote."
NOT_INDEXED_YET = "The paragraph this refers to is not in the indexed documents yet."
TERM_NOT_INDEXED_YET = "The paragraphs on this term are not in the indexed documents yet."


def question_text(question: str) -> Text:
    return text(strong("Question:"), " ", Span(question, USER))


def citation_span(cited: Any) -> Span:
    """The citation of a quote or a see-also entry, linked to its PDF page."""
    return strong(cited.citation(), getattr(cited, "url", ""))


def answer_view(answer: Answer, max_quotes: int = 3, *, include_question: bool = True) -> View:
    """An answer: the question (optional), then the quotes, or one abstention message with what to
    read instead; a tool's answer (find, toc, compare) starts with the tool's summary."""
    blocks: list[Block] = [question_text(answer.question)] if include_question else []
    tool = answer.mode in TOOL_MODES and not answer.abstained and bool(answer.message)
    if tool:
        blocks += [text(line) for line in answer.message.split("\n") if line.strip()]
    if (answer.abstained or not answer.quotes) and not tool:
        blocks.append(text(answer.message or NO_ANSWER))
        named = all(s in (answer.message or "") for s in answer.suggestions)  # the message already lists them
        if answer.suggestions and not named:
            label = NEAREST_REFS if answer.mode == "lookup" else RELATED
            blocks.append(Bullets(tuple(text(s) for s in answer.suggestions[:5]), text(label)))
    else:
        blocks += [QuoteView(q, footnotes=False) for q in answer.quotes[:max_quotes]]
        if answer.mode == "lookup" and answer.message:  # a range past the end: which paragraphs exist
            blocks.append(text(answer.message))
    # further candidates, cited only: quotes beyond max_quotes, then the engine's see-also
    see_also = (*answer.quotes[max_quotes:], *(getattr(answer, "see_also", ()) or ()))[:SEE_ALSO_LINES]
    if see_also and not answer.abstained and answer.mode not in TOOL_MODES:
        blocks.append(Bullets(tuple(text(citation_span(c), *((" · ", Span(c.heading, EM)) if c.heading.strip() else ()))
                                    for c in see_also), text(strong(SEE_ALSO))))
    return tuple(blocks)


def quotes_view(quotes: Sequence[Quote], intro: str = "", empty: str = NO_QUOTE) -> View:
    """Quotes looked up (/para, a guide step's paragraphs), each with its footnotes under it;
    ``empty`` when there is none."""
    blocks: list[Block] = [text(strong(intro))] if intro else []
    blocks += [QuoteView(q) for q in quotes]
    if not quotes:
        blocks.append(text(empty))
    return tuple(blocks)


def lookup_view(found: Any) -> View:
    """A /para lookup (index.docref.Lookup): its quotes, then its note when a range ran past the end."""
    note = getattr(found, "note", "")
    return quotes_view(found.quotes) + ((text(note),) if note else ())


def footnotes_text(q: Quote) -> Text | None:
    """The footnotes a quoted paragraph cites, as a small line (None when it cites none)."""
    if not q.footnotes:
        return None
    return text("Footnotes: " + " · ".join(f"[{f.mark}] {f.text}" for f in q.footnotes), small=True)


# ---- find, toc, compare -----------------------------------------------------------------------

def find_view(result: Any, context: int = FIND_CONTEXT) -> View:
    """Every use of a phrase: the summary (first use named), then each document oldest first with
    its count, and each paragraph with the occurrences marked in short verbatim windows."""
    blocks: list[Block] = [text(result.summary())]
    by_doc: dict[str, list] = {}
    for m in result.matches:
        by_doc.setdefault(m.quote.symbol, []).append(m)
    for d in result.documents:
        head = [strong(d.symbol)]
        if d.date:
            head.append(Span(f" ({d.date})"))
        if d.title:
            head.append(Span(f" — {d.title}"))
        head.append(Span(f": {d.count} in {_n(d.paragraphs, 'paragraph')}"))
        blocks.append(Text(tuple(head)))
        for m in by_doc.get(d.symbol, []):
            cite = m.quote.citation().removeprefix(m.quote.symbol).strip()
            spans: list[Span] = [Span(cite, STRONG, m.quote.url), Span(": ")]
            full = m.quote.text
            for i, ex in enumerate(m.excerpts(context)):
                if i:
                    spans.append(Span(" "))
                if ex.start > 0:
                    spans.append(Span("… "))
                for piece, hit in ex.pieces(full):
                    spans.append(Span(_SPACES.sub(" ", piece), HIT if hit else DOC))
                if ex.end < len(full):
                    spans.append(Span(" …"))
            blocks.append(Text(tuple(spans), nested=True, indent=True))
    return tuple(blocks)


def toc_view(toc: Any) -> View:
    """A document's map: the document, then one line per section (heading — range (count))."""
    head = [strong(toc.symbol)]
    if toc.date:
        head.append(Span(f" ({toc.date})"))
    if toc.title:
        head.append(Span(f" — {toc.title}"))
    return (Text(tuple(head)), *(text(toc.section_label(s), nested=True) for s in toc.sections))


def diff_spans(diff: Sequence[Any]) -> tuple[Span, ...]:
    """A word diff as spans: kept words plain, the counterpart's words struck, this paragraph's added."""
    out: list[Span] = []
    for i, d in enumerate(diff):
        if i:
            out.append(Span(" "))
        out.append(Span(d.text, {"=": DOC, "-": DEL, "+": ADD}[d.op]))
    return tuple(out)


def compare_view(result: Any) -> View:
    """A paragraph, the summary, then each counterpart (best first) with the diff from it."""
    blocks: list[Block] = [QuoteView(result.quote, footnotes=False), text(result.summary())]
    for m in result.matches:
        date = f", {m.date}" if m.date else ""
        blocks.append(text(citation_span(m.quote), f"{date} — similarity {m.similarity:.2f}"))
        blocks.append(Text(diff_spans(m.diff), nested=True, indent=True))
    return tuple(blocks)


# ---- cards ------------------------------------------------------------------------------------

def format_ref(ref: str) -> str:
    """'12' -> '¶12', 'annex I 5' -> 'annex I ¶5', 'PP3' -> 'PP3'."""
    head, _, last = ref.strip().rpartition(" ")
    mark = last if last.upper().startswith("PP") else f"¶{last}"
    return f"{head} {mark}" if head else mark


QUOTE_BUTTON = "Quote the paragraph"


def onboarding_card(step: Any, index: int, total: int, surface: str = "discord", default_doc: str = "final-report") -> CardView:
    """One step of the guide: title, plain explanation, where the report says it, how to go on."""
    how = ("Press ", strong(QUOTE_BUTTON)) if surface == "discord" else ("Type ", Span("q", CODE))
    if step.refs:
        where = ", ".join(format_ref(r) for r in step.refs)
        doc = getattr(step, "doc", "") or default_doc
        source = " of the report" if doc == default_doc else f" of {doc}"
        field_text = text(f"{where}{source}. ", *how, " to read the text.")
    elif getattr(step, "query", ""):
        field_text = text(*how, f" to read the paragraphs about “{step.query}”.")
    else:
        field_text = None
    moves = "Back and Next move through the guide" if surface == "discord" else "n next · b back · q quote · x leave the guide"
    return CardView(
        title=step.title,
        description=(text(Span(step.body, CONTENT)),),
        fields=((("In the report", (field_text,)),) if field_text else ()),
        footer=f"Step {index + 1} of {total} · {moves}",
    )


def glossary_card(entry: Any, quotes: Sequence[Quote], surface: str = "discord") -> CardView:
    fields: list[tuple[str, tuple]] = []
    aliases = [a for a in getattr(entry, "aliases", ()) if a]
    if aliases:
        fields.append(("Also called", (text(", ".join(aliases)),)))
    used = tuple(text(Span(q.citation(), PLAIN, q.url), *((" · ", Span(one_line(q.heading, 80), DOC)) if q.heading.strip() else ()))
                 for q in quotes)
    fields.append(("Where the report uses it", used or (text(TERM_NOT_INDEXED_YET),)))
    hint = "/para, e.g. /para ref:12" if surface == "discord" else "/para, e.g. /para 12"
    if quotes:  # an example that works on this index: the first paragraph cited
        q = quotes[0]
        ref = q.ref if q.scope == (q.default_scope or "main") else f"{q.scope} {q.ref}"
        hint = f"/para, e.g. /para ref:{ref} doc:{q.symbol}" if surface == "discord" else f"/para, e.g. /para {q.symbol} {ref}"
    return CardView(title=entry.term, description=(text(Span(entry.definition, CONTENT)),), fields=tuple(fields),
                footer=f"Read a paragraph in full with {hint}")


def about_card(about: Mapping[str, Any], surface: str = "discord") -> CardView:
    """/about: the documents (whole titles, paragraph counts), index date, model, version."""
    docs = about.get("documents") or []
    doc_lines = tuple(
        text(strong(str(d.get("symbol", "?"))),
             f" — {' '.join(str(d.get('title', '')).split())}" if d.get("title") else "",
             f" ({_n(d['paragraphs'], 'paragraph')})" if d.get("paragraphs") is not None else "")
        for d in docs
    )
    model = str(about.get("model") or "unknown")
    dim = about.get("dim")
    version = about.get("app_version") or "unknown"
    build = "`oewg build`" if surface == "discord" else "oewg build"
    fields = (
        ("Documents indexed", doc_lines or (text(f"None: run {build}."),)),
        ("Index built", (text(str(about.get("built_at") or "unknown")),)),
        ("Embedding model", (text(model + (f" ({dim} dimensions)" if dim else "")),)),
        ("Version", (text(f"oewg-bot {version}" + (f" · index format {about['format_version']}" if about.get("format_version") is not None else "")),)),
    )
    missing = list(about.get("content_problems") or [])
    if missing:  # glossary entries and guide steps whose paragraphs are not indexed yet: they cite nothing
        names = ", ".join(dict.fromkeys(one_line(p.split(":", 1)[0], 80) for p in missing))
        fields += ((f"Not in the indexed documents yet ({len(missing)})",
                    (text("These cite no paragraph until their documents are indexed (the log has the details): " + names),)),)
    subs = about.get("subparagraphs")
    counted = _n(int(about.get("paragraphs", 0)), "paragraph") + (f" (and {subs} sub-paragraphs)" if subs else "")
    return CardView(
        title="About this bot",
        description=(text(
            ("I answer questions about the OEWG 2021–2025 Final Report (A/80/257) and related UN documents "
             if any(d.get("symbol") == "A/80/257" for d in docs) else "I answer questions about the UN documents listed below ")
            + f"with verbatim, cited paragraphs: {len(docs)} document{'s' * (len(docs) != 1)}, {counted} indexed. "
            "I never paraphrase; every quote is the documents' own text, linked to the official PDF "
            "(to the quoted page when the document's pages are known)."),),
        fields=fields,
    )


# ---- help and short messages -------------------------------------------------------------------

def help_view(surface: str = "discord") -> View:
    """What the bot (or the console) can do, one line a command."""
    if surface == "console":
        lines = [
            ("", "Type a question in plain words: the answer is the documents' own paragraphs, cited."),
            ("/para [DOC] REF", "read a paragraph by number: 12, 12(b), 12-14, 3, 5, 5(a)-(c), PP3, annex I 5 (e.g. /para A/RES/80/16 2)."),
            ("/find PHRASE [in DOC]", "every paragraph that uses a phrase, oldest document first (word* for any ending)."),
            ("/toc [DOC]", "a document's headings with their paragraph ranges."),
            ("/compare [DOC] REF [with DOC …]", "a paragraph's closest counterparts in the other documents, with a word diff."),
            ("/glossary TERM", "what a term means and where the report uses it."),
            ("/onboard", "a step-by-step guide to taking part as a stakeholder (n next, b back, q quote, x leave)."),
            ("/about", "which documents are indexed, and when."),
            ("/help", "this text; /quit (or Ctrl-D) leaves, Ctrl-C cancels a question being answered. Tab completes commands, documents and references."),
        ]
        title = "How to use this console (the bot's commands, the same answers)"
    else:
        lines = [
            ("/ask question:", "ask in plain words: I answer with the report's own paragraphs, cited and linked to the PDF page."),
            ("", "Mention me with a question: same as /ask. I answer in a thread, where you can ask follow-ups without mentioning me."),
            ("/para ref: doc:", "read a paragraph by number: 12, 12(b), 12-14, 3, 5, 5(a)-(c), PP3, annex I 5."),
            ("/find phrase: doc:", "every paragraph that uses a phrase, oldest document first, with the first use."),
            ("/toc doc:", "a document's headings with their paragraph ranges."),
            ("/compare ref: doc: with:", "a paragraph's closest counterparts in other documents, with a word diff."),
            ("/onboard", "a step-by-step guide to taking part in the Global Mechanism as a stakeholder."),
            ("/glossary term:", "what a term means and where the report uses it."),
            ("/about", "which documents are indexed, and when."),
        ]
        title = "How to use this bot"
    items = tuple(text(Span(cmd, CODE), " " + what) if cmd else text(what) for cmd, what in lines)
    return (Bullets(items, text(strong(title))),)


def unknown_reference_view(err: Exception, surface: str = "discord") -> View:
    """An unknown or malformed reference, with the nearest valid ones (in the message) and a hint."""
    if surface == "discord":
        return (text(str(err)), text("Start typing in the `ref` option to see the valid references."))
    symbol = getattr(err, "symbol", "") or "DOC"
    return (text(f"{err} /toc {symbol} lists them all."),)


def glossary_missing_view(term: str, suggestions: Sequence[str], surface: str = "discord") -> View:
    spans: list[Span] = [Span("No glossary entry for “"), Span(term, USER, limit=100), Span("”.")]
    if suggestions:
        spans.append(Span(" Did you mean: " + ", ".join(suggestions[:5]) + "?"))
    spans.append(Span(" Start typing in the `term` option to see the entries." if surface == "discord"
                      else " Type /glossary and press Tab to see the entries."))
    return (Text(tuple(spans)),)


def cooldown_text(retry_after: float, burst: int, seconds: float) -> str:
    import math

    wait = max(1, math.ceil(retry_after))
    many = "1 question" if burst == 1 else f"{burst} questions"
    return f"Easy there! Please wait {wait} s before asking again (the limit is {many} every {seconds:g} s)."
