"""Rendering: engine results to the exact text and cards the bot sends (and the console prints).

Pure functions only. Discord's limits hold by construction:

* ``render_*`` functions for answers and lookups return a list of messages, each at most
  2000 characters (measured in UTF-16 code units, as Discord counts them). Quotes are
  packed whole into messages; a quote too long for one message is split at line, then
  sentence, then word boundaries, each later part headed "(continued)".
* Quote text is shown verbatim in block quotes (``> `` lines): nothing inside a quote is
  escaped or rewritten. Pings are prevented by ``AllowedMentions.none()`` on every send.
* Text a user typed and that is echoed back (the question, a glossary term) goes through
  ``escape_user_text`` so it can neither mention anyone nor form markdown or masked links.
* Cards (onboarding steps, glossary entries, /about) are built by ``make_card``, which
  enforces the embed limits (title 256, description 4096, 25 fields of 256/1024, footer
  2048, 6000 in all); ``card_to_embed`` and ``card_to_text`` give the Discord embed and
  the console text of the same card.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import discord
from discord.utils import escape_markdown, escape_mentions

from index.models import Answer, Citation, Quote

MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
THREAD_NAME = 100
CHOICE_NAME = 100
QUESTION_ECHO = 300  # characters of a question echoed back
HEADING_CHARS = 150
MAX_URL = 512
CONTINUED = "*(continued)*"
ELLIPSIS = "…"
QUOTE_PREFIX = "> "
PARA_HINT = "`/para ref:12`"


# ---- measuring and trimming --------------------------------------------------------

def discord_len(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units; an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _char_cost(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` (Discord) characters at a word boundary, with an ellipsis."""
    if discord_len(text) <= limit:
        return text
    if limit < 1:
        return ""
    used = end = 0
    for i, ch in enumerate(text):
        if used + _char_cost(ch) > limit - 1:
            break
        used += _char_cost(ch)
        end = i + 1
    cut = text[:end]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def truncate_lines(text: str, limit: int) -> str:
    """Whole lines of ``text`` while they fit in ``limit``, then an ellipsis line."""
    if discord_len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        need = discord_len(line) + (1 if kept else 0)
        if used + need > limit - 2:
            break
        kept.append(line)
        used += need
    if not kept:
        return truncate(text.split("\n", 1)[0], limit)
    return "\n".join(kept) + "\n" + ELLIPSIS


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---- escaping ----------------------------------------------------------------------

_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(")
_MENTION_SYNTAX = re.compile(r"<(?:@[!&]?|#)\d+>")


_URL_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)//")


def defuse_urls(text: str) -> str:
    """``https://x`` shown as ``https:\\/\\/x``: it reads the same but Discord does not link it."""
    return _URL_SCHEME.sub(lambda m: m.group(1) + ":\\/\\/", text)


def escape_user_text(text: str, limit: int = QUESTION_ECHO) -> str:
    """User text made safe to echo on one line: no mentions, no markdown, no links of any kind."""
    short = truncate(one_line(text.replace("\x00", "")), limit)
    escaped = escape_markdown(escape_mentions(short.replace("[", "\x00")))
    return defuse_urls(escaped.replace("\x00", "\\["))


def neutralise(text: str) -> str:
    """Engine or document text that may echo user input: mentions, masked links and bare URLs
    defused, other formatting kept (so `oewg build` still shows as code)."""
    return defuse_urls(_MASKED_LINK.sub(lambda m: "\\[" + m.group(1) + "]\\(", escape_mentions(text)))


def safe_url(url: str) -> str:
    """An http(s) address safe inside ``[text](<url>)``, or "" when there is none."""
    url = url.strip()
    if not re.match(r"(?i)https?://\S+$", url) or discord_len(url) > MAX_URL:
        return ""
    for ch, code in (("<", "%3C"), (">", "%3E"), ("(", "%28"), (")", "%29"), ("[", "%5B"), ("]", "%5D")):
        url = url.replace(ch, code)
    return url


# ---- quote blocks and splitting ---------------------------------------------------------

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
        return cls(head=head, continued_head=f"**{q.citation()}** {CONTINUED}", text=q.text.strip())

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


# ---- answers and lookups ------------------------------------------------------------

def question_line(question: str) -> str:
    return f"**Question:** {escape_user_text(question)}"


def abstention_text(answer: Answer) -> str:
    lines = ["I could not find a paragraph that answers this, so I am not quoting anything."]
    if answer.message:
        lines.append(neutralise(answer.message))
    if answer.suggestions:
        label = "Nearest valid references:" if answer.mode == "lookup" else "Related headings you could read:"
        lines.append(label)
        lines += [f"• {neutralise(truncate(one_line(s), 200))}" for s in answer.suggestions[:5]]
    lines.append(f"You can also read a paragraph by number with {PARA_HINT}.")
    return "\n".join(lines)


SEE_ALSO_LINES = 5  # citations listed under "See also" at most


def see_also_line(c: Citation | Quote) -> str:
    """``• [A/RES/80/16 ¶3 (p. 2)](<url>) · *heading*``: a citation only, never the text."""
    url = safe_url(c.url)
    cit = c.citation()
    line = f"• [{cit}](<{url}>)" if url else f"• {cit}"
    if c.heading.strip():
        line += f" · *{escape_markdown(escape_mentions(truncate(one_line(c.heading), 80)))}*"
    return line


def see_also_block(citations: Sequence[Citation | Quote], limit: int = MESSAGE_LIMIT) -> str:
    """"See also:" and one citation line each (at most SEE_ALSO_LINES), within ``limit``; "" when none."""
    if not citations:
        return ""
    lines = ["**See also:**"] + [see_also_line(c) for c in citations[:SEE_ALSO_LINES]]
    return truncate_lines("\n".join(lines), limit)


def render_answer(answer: Answer, max_quotes: int = 3, *, include_question: bool = True, limit: int = MESSAGE_LIMIT) -> list[str]:
    """An answer as messages: the question (optional), then each quote with its citation and the
    further candidates as "See also" citations (quotes beyond ``max_quotes`` among them), or a
    plain abstention that quotes nothing."""
    blocks: list[str | QuoteBlock] = [question_line(answer.question)] if include_question else []
    if answer.abstained or not answer.quotes:
        blocks.append(abstention_text(answer))
    else:
        blocks += [QuoteBlock.of(q, limit) for q in answer.quotes[:max_quotes]]
        more = see_also_block([*answer.quotes[max_quotes:], *getattr(answer, "see_also", ())], limit)
        if more:
            blocks.append(more)
    return pack(blocks, limit)


FOOTNOTES_CHARS = 900  # the footnotes line under a quote is cut to this


def footnotes_line(q: Quote) -> str:
    """The footnotes a quoted paragraph cites, as a small line under it ("" when none): data
    beside the quote, never inside it."""
    if not q.footnotes:
        return ""
    notes = " · ".join(f"[{f.mark}] {f.text}" for f in q.footnotes)
    return "-# Footnotes: " + neutralise(truncate(one_line(notes), FOOTNOTES_CHARS))


NOT_INDEXED_YET = "The paragraph this refers to is not in the indexed documents yet."


def render_quotes(quotes: Sequence[Quote], intro: str = "", *, limit: int = MESSAGE_LIMIT, empty: str = "No paragraph to quote.") -> list[str]:
    """Quotes (a /para lookup, an onboarding step's paragraphs) as messages, after an optional
    intro; each quote's footnotes on a small line under it; ``empty`` when there is none."""
    blocks: list[str | QuoteBlock] = [intro] if intro else []
    for q in quotes:
        blocks.append(QuoteBlock.of(q, limit))
        if q.footnotes:
            blocks.append(footnotes_line(q))
    if not quotes:
        blocks.append(empty)
    return pack(blocks, limit)


def render_error(err: Exception) -> str:
    """A user-ready error (OEWGError) as one safe message."""
    return truncate(neutralise(str(err)), MESSAGE_LIMIT)


def render_unknown_reference(err: Exception) -> str:
    """An unknown or malformed reference, with the nearest valid ones when known."""
    return truncate(neutralise(str(err)) + "\nStart typing in the `ref` option to see the valid references.", MESSAGE_LIMIT)


def render_cooldown(retry_after: float, burst: int, seconds: float) -> str:
    wait = max(1, math.ceil(retry_after))
    many = "question" if burst == 1 else f"{burst} questions"
    return f"Easy there! Please wait {wait} s before asking again (the limit is {many} every {seconds:g} s)."


def render_not_allowed_channel(channel_ids: Sequence[int]) -> str:
    places = ", ".join(f"<#{c}>" for c in channel_ids[:10])
    return f"I only answer in {places}." if places else "I do not answer here."


def thread_name(question: str) -> str:
    """A thread title from the question: one line, no mention syntax, at most 100 characters."""
    text = one_line(_MENTION_SYNTAX.sub("", question).replace("\x00", ""))
    return truncate(text, THREAD_NAME) or "Question"


def ask_header(question: str, user_mention: str = "") -> str:
    """The message a /ask thread starts from."""
    who = f"{user_mention} asked: " if user_mention else ""
    return f"{who}{question_line(question)}"


def render_help(surface: str = "discord") -> str:
    """What the bot can do; ``surface`` is "discord" or "console"."""
    if surface == "console":
        return "\n".join([
            "**How to use this console** (the bot's commands, same answers)",
            "• Type a question in plain words: I answer with the documents' own paragraphs, cited.",
            "• `/para REF [DOC]`: read a paragraph by number: 12, 12(b), 12-14, PP3, annex I 5.",
            "• `/glossary TERM`: what a term means and where the report uses it.",
            "• `/onboard`: a step-by-step guide to taking part as a stakeholder (n = next, b = back, q = quote).",
            "• `/about`: which documents are indexed, and when.",
            "• `/help`: this text. `/quit`: leave.",
        ])
    return "\n".join([
        "**How to use this bot**",
        "• `/ask question:` ask in plain words: I answer with the report's own paragraphs, cited and linked to the PDF page.",
        "• Mention me with a question: same as /ask. I answer in a thread, where you can ask follow-ups without mentioning me.",
        "• `/para ref: doc:` read a paragraph by number: 12, 12(b), 12-14, PP3, annex I 5.",
        "• `/onboard` a step-by-step guide to taking part in the Global Mechanism as a stakeholder.",
        "• `/glossary term:` what a term means and where the report uses it.",
        "• `/about` which documents are indexed, and when.",
    ])


def render_welcome(member_mention: str) -> str:
    return (
        f"Welcome, {member_mention}! New to the OEWG Final Report? Run `/onboard` for a step-by-step guide "
        "to taking part in the Global Mechanism, or ask me anything with `/ask`."
    )


def render_reindex_progress(stage: str, done: int, total: int) -> str:
    label = {"parse": "Reading documents", "embed": "Embedding paragraphs", "write": "Writing the index"}.get(stage, stage)
    amount = f" {done}/{total}" if total else ""
    return f"Reindexing… {escape_markdown(label)}{amount}"


def render_reindex_result(report: Any, paragraphs_now: int | None = None) -> str:
    lines = [
        f"Reindex finished in {getattr(report, 'seconds', 0.0):.1f} s: {report.documents} document(s) "
        f"({report.skipped} unchanged), {report.paragraphs} paragraphs. New questions use the new index."
    ]
    errors = list(getattr(report, "errors", []) or [])
    if errors:
        lines.append(f"{len(errors)} file(s) could not be read:")
        lines += [f"• {neutralise(truncate(one_line(e), 300))}" for e in errors[:5]]
        if len(errors) > 5:
            lines.append(f"…and {len(errors) - 5} more (see the bot's log).")
    dropped = list(getattr(report, "dropped", []) or [])
    if dropped:
        lines.append(f"{len(dropped)} document(s) no longer in the sources were dropped: "
                     + neutralise(truncate(", ".join(dropped), 300)))
    lines += health_lines(list(getattr(report, "health", []) or []))
    return truncate_lines("\n".join(lines), MESSAGE_LIMIT)


def health_lines(reports: Sequence[Any], limit: int = 5) -> list[str]:
    """The parse health report in a few lines: clean documents counted, problems listed."""
    if not reports:
        return []
    bad = [r for r in reports if not r.ok]
    flagged = [r for r in reports if r.ok and r.suspicious]
    lines = [f"Parse health: {len(reports) - len(bad)} of {len(reports)} document(s) numbered cleanly"
             + (f", {sum(len(r.suspicious) for r in reports)} suspicious paragraph(s)" if any(r.suspicious for r in reports) else "") + "."]
    for r in bad[:limit]:
        lines.append(f"• {neutralise(r.symbol)}: {neutralise(truncate('; '.join(r.numbering_problems), 300))}")
    for r in flagged[: max(0, limit - len(bad))]:
        lines.append(f"• {neutralise(r.symbol)}: {neutralise(truncate(str(r.suspicious[0]), 200))}")
    if bad or flagged:
        lines.append("Run `oewg check DOC` on the server for the details.")
    return lines


# ---- cards (embeds) -------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    """An embed's content within Discord's limits; build it with ``make_card``."""

    title: str
    description: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    footer: str = ""
    url: str = ""

    def total(self) -> int:
        return sum(discord_len(t) for t in (self.title, self.description, self.footer)) + sum(
            discord_len(n) + discord_len(v) for n, v in self.fields
        )


def make_card(title: str, description: str = "", fields: Iterable[tuple[str, str]] = (), footer: str = "", url: str = "") -> Card:
    """A Card with every part cut to its limit, at most 25 fields and 6000 characters in all."""
    fixed = tuple(
        (truncate(one_line(name), EMBED_FIELD_NAME) or "—", truncate_lines(value.strip(), EMBED_FIELD_VALUE) or "—")
        for name, value in fields
    )[:EMBED_FIELDS]
    card = Card(
        title=truncate(one_line(title), EMBED_TITLE) or "—",
        description=truncate_lines(description.strip(), EMBED_DESCRIPTION),
        fields=fixed,
        footer=truncate(one_line(footer), EMBED_FOOTER),
        url=safe_url(url),
    )
    while card.total() > EMBED_TOTAL and card.fields:
        card = Card(card.title, card.description, card.fields[:-1], card.footer, card.url)
    if card.total() > EMBED_TOTAL:
        room = EMBED_TOTAL - (card.total() - discord_len(card.description))
        card = Card(card.title, truncate_lines(card.description, max(room, 0)), (), card.footer, card.url)
    return card


def card_to_embed(card: Card, colour: int = 0x009EDB) -> discord.Embed:
    embed = discord.Embed(title=card.title, description=card.description or None, url=card.url or None, colour=colour)
    for name, value in card.fields:
        embed.add_field(name=name, value=value, inline=False)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


def card_to_text(card: Card) -> str:
    """The card as the console prints it: the same words as the embed."""
    parts = [f"**{card.title}**"]
    if card.description:
        parts.append(card.description)
    parts += [f"**{name}**\n{value}" for name, value in card.fields]
    if card.footer:
        parts.append(f"*{card.footer}*")
    return "\n\n".join(parts)


def _card_citation(q: Quote) -> str:
    url = safe_url(q.url)
    cit = f"[{q.citation()}]({url})" if url else q.citation()
    heading = f" · {escape_markdown(truncate(one_line(q.heading), 80))}" if q.heading.strip() else ""
    return cit + heading


def format_ref(ref: str) -> str:
    """'12' -> '¶12', 'annex I 5' -> 'annex I ¶5', 'PP3' -> 'PP3'."""
    head, _, last = ref.strip().rpartition(" ")
    mark = last if last.upper().startswith("PP") else f"¶{last}"
    return f"{head} {mark}" if head else mark


def onboarding_card(step: Any, index: int, total: int, default_doc: str = "final-report") -> Card:
    """One step of the guide: title, plain explanation, where the report says it."""
    if step.refs:
        where = ", ".join(format_ref(r) for r in step.refs)
        doc = getattr(step, "doc", "") or default_doc
        source = " of the report" if doc == default_doc else f" of {escape_markdown(doc)}"
        field = f"{where}{source}. Press **Quote the paragraph** to read the text."
    elif getattr(step, "query", ""):
        field = f"Press **Quote the paragraph** to read the paragraphs about “{escape_markdown(step.query)}”."
    else:
        field = ""
    fields = [("In the report", field)] if field else []
    return make_card(
        title=step.title,
        description=step.body,
        fields=fields,
        footer=f"Step {index + 1} of {total} · Back and Next move through the guide",
    )


def glossary_card(entry: Any, quotes: Sequence[Quote]) -> Card:
    fields: list[tuple[str, str]] = []
    aliases = [a for a in getattr(entry, "aliases", ()) if a]
    if aliases:
        fields.append(("Also called", ", ".join(escape_markdown(a) for a in aliases)))
    used = "\n".join(_card_citation(q) for q in quotes) or "The paragraphs on this term are not in the indexed documents yet."
    fields.append(("Where the report uses it", used))
    return make_card(
        title=entry.term,
        description=entry.definition,
        fields=fields,
        footer="Read a paragraph in full with /para, e.g. /para ref:12",
    )


def render_glossary_missing(term: str, suggestions: Sequence[str]) -> str:
    text = f"No glossary entry for “{escape_user_text(term, 100)}”."
    if suggestions:
        text += " Did you mean: " + ", ".join(escape_markdown(s) for s in suggestions[:5]) + "?"
    return text + " Start typing in the `term` option to see the entries."


def about_card(about: Mapping[str, Any], bot_version: str = "") -> Card:
    docs = about.get("documents") or []
    doc_lines = [
        f"**{escape_markdown(str(d.get('symbol', '?')))}**"
        + (f" — {escape_markdown(truncate(one_line(str(d.get('title', ''))), 120))}" if d.get("title") else "")
        + (f" ({d['paragraphs']} paragraphs)" if d.get("paragraphs") is not None else "")
        for d in docs
    ]
    model = str(about.get("model") or "unknown")
    dim = about.get("dim")
    version = about.get("app_version") or bot_version or "unknown"
    missing = list(about.get("content_problems") or [])
    fields = [
        ("Documents indexed", "\n".join(doc_lines) or "None: run `oewg build`."),
        ("Index built", str(about.get("built_at") or "unknown")),
        ("Embedding model", f"{escape_markdown(model)}" + (f" ({dim} dimensions)" if dim else "")),
        ("Version", f"oewg-bot {version}" + (f" · index format {about['format_version']}" if about.get("format_version") is not None else "")),
    ]
    if missing:  # glossary entries and guide steps whose paragraphs are not indexed yet: they cite nothing
        names = [escape_markdown(truncate(one_line(p.split(":", 1)[0]), 80)) for p in missing]
        fields.append((f"Not in the indexed documents yet ({len(missing)})",
                       "These cite no paragraph until their documents are indexed (the log has the details): "
                       + ", ".join(dict.fromkeys(names))))
    return make_card(
        title="About this bot",
        description=(
            "I answer questions about the OEWG 2021–2025 Final Report (A/80/257) and related UN documents "
            f"with verbatim, cited paragraphs: {about.get('paragraphs', 0)} paragraphs indexed. "
            "I never paraphrase; every quote is the documents' own text, linked to its page in the PDF."
        ),
        fields=fields,
    )
