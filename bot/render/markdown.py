"""A neutral view (bot.view) drawn as Discord markdown, within the message limit.

Each style has its Discord form: ``strong`` and ``hit`` and ``add`` bold, ``del`` struck, ``em``
italic, ``code`` and ``command`` in backticks (a command in its slash-option spelling), text a
user typed escaped so it forms no mention, markdown or link, other text with mentions and masked
links defused. A quote is a verbatim block quote under its citation. A text too long for one
message is cut between spans, or inside a long span at a space, each piece keeping its markers,
so bold or struck words never run across two messages.
"""

from __future__ import annotations

from typing import Sequence

from discord.utils import escape_markdown, escape_mentions

from bot import view as V
from bot.render.escape import escape_user_text, neutralise, safe_url
from bot.render.measure import MESSAGE_LIMIT, discord_len, one_line, truncate
from bot.render.pack import QuoteBlock, pack, split_plain

FOOTNOTES_CHARS = 900  # the footnotes line under a quote is cut to this
BULLET_CHARS = 200  # a listed suggestion or citation is cut to this
SMALL = "-# "
_MARKS = {V.STRONG: "**", V.HIT: "**", V.ADD: "**", V.DEL: "~~", V.EM: "*"}


def _escape_doc(text: str) -> str:
    return escape_markdown(escape_mentions(text))


def span_markdown(span: V.Span, *, bare_links: bool = False) -> str:
    """One span in Discord markdown (``bare_links``: links as ``[text](url)``, as embeds show them)."""
    style, t = span.style, span.text
    if style == V.CONTENT:
        return t
    if style == V.USER:
        return escape_user_text(t, span.limit) if span.limit else escape_user_text(t)
    if style == V.COMMAND:
        return f"`{span.alt or t}`"
    if style == V.CODE:
        return f"`{t.replace('`', 'ˋ')}`"
    if style == V.DOC:
        return _escape_doc(t)
    if span.url and style in (V.PLAIN, V.DOC):
        url = safe_url(span.url)
        label = neutralise(t) if style == V.PLAIN else _escape_doc(t)
        return (f"[{label}]({url})" if bare_links else f"[{label}](<{url}>)") if url else label
    if style in _MARKS:
        mark = _MARKS[style]
        body = _escape_doc(t) if style in (V.HIT, V.ADD, V.DEL) else neutralise(t)
        if not body.strip():
            return body
        lead, core, trail = body[: len(body) - len(body.lstrip())], body.strip(), body[len(body.rstrip()):]
        url = safe_url(span.url) if span.url else ""
        inner = (f"[{core}]({url})" if bare_links else f"[{core}](<{url}>)") if url else core
        return f"{lead}{mark}{inner}{mark}{trail}"
    return neutralise(t)


def text_markdown(block: V.Text, *, bare_links: bool = False) -> str:
    body = "".join(span_markdown(s, bare_links=bare_links) for s in block.spans)
    return SMALL + body if block.small else body


def text_pieces(block: V.Text, limit: int = MESSAGE_LIMIT) -> list[str]:
    """A text as one piece, or as several each within ``limit``, cut between spans (a span longer
    than a piece is cut at spaces, each part with the span's own markers)."""
    whole = text_markdown(block)
    if discord_len(whole) <= limit:
        return [whole]
    lead = SMALL if block.small else ""
    room = limit - discord_len(lead) - 8  # markers and a link's brackets
    parts: list[str] = []
    for span in block.spans:
        md = span_markdown(span)
        if discord_len(md) <= room:
            parts.append(md)
            continue
        for a, b in _word_cuts(span.text, max(room - discord_len(span.url) - 8, 20)):
            parts.append(span_markdown(V.Span(span.text[a:b], span.style, span.url, span.alt)))
    pieces, current = [], ""
    for part in parts:
        if current and discord_len(lead + current + part) > limit:
            pieces.append(lead + current.rstrip())
            current = part.lstrip()
        else:
            current += part
    if current.strip():
        pieces.append(lead + current.rstrip())
    return [p for piece in pieces for p in split_plain(piece, limit)]


def _word_cuts(text: str, room: int) -> list[tuple[int, int]]:
    from bot.render.pack import split_spans

    return split_spans(text, lambda _i: room)


def footnotes_line(q) -> str:
    """The footnotes a quoted paragraph cites, as a small line under it ("" when none)."""
    block = V.footnotes_text(q)
    if block is None:
        return ""
    return SMALL + neutralise(truncate(one_line(block.plain), FOOTNOTES_CHARS))


def bullets_markdown(block: V.Bullets, *, bare_links: bool = False) -> str:
    lines = [text_markdown(block.label, bare_links=bare_links)] if block.label is not None else []
    return "\n".join(lines + ["• " + truncate(text_markdown(item, bare_links=bare_links), BULLET_CHARS) for item in block.items])


def view_blocks(view: Sequence[V.Block], limit: int = MESSAGE_LIMIT) -> list:
    """The blocks pack() takes: quote blocks, and strings each within ``limit``."""
    out: list = []
    for block in view:
        if isinstance(block, V.QuoteView):
            out.append(QuoteBlock.of(block.quote, limit))
            if block.footnotes and block.quote.footnotes:
                out.append(footnotes_line(block.quote))
        elif isinstance(block, V.Text):
            pieces = text_pieces(block, limit)
            if block.nested and out and isinstance(out[-1], str) and discord_len(out[-1]) + 1 + discord_len(pieces[0]) <= limit:
                out[-1] += "\n" + pieces.pop(0)
            out += pieces
        elif isinstance(block, V.Bullets):
            out.append(bullets_markdown(block))
        elif isinstance(block, V.CardView):
            from bot.render.cards import card_text

            out.append(card_text(block))
    return out


def render_view(view: Sequence[V.Block], limit: int = MESSAGE_LIMIT) -> list[str]:
    """A view as Discord messages, each at most ``limit`` characters."""
    return pack(view_blocks(view, limit), limit)
