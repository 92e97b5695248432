"""Cards as Discord embeds: the embed limits enforced by construction (title 256, description
4096, 25 fields of 256/1024, footer 2048, 6000 in all), and the neutral cards of bot.view
(onboarding steps, glossary entries, /about) drawn as embeds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import discord

from bot import view as V
from bot.render.escape import safe_url
from bot.render.measure import (
    EMBED_DESCRIPTION, EMBED_FIELD_NAME, EMBED_FIELD_VALUE, EMBED_FIELDS, EMBED_FOOTER, EMBED_TITLE, EMBED_TOTAL,
    discord_len, one_line, truncate, truncate_lines,
)
from index.models import Quote


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


def _blocks_markdown(blocks: Sequence[Any], sep: str = "\n") -> str:
    from bot.render.markdown import bullets_markdown, text_markdown

    out = []
    for b in blocks:
        if isinstance(b, V.Text):
            out.append(text_markdown(b, bare_links=True))
        elif isinstance(b, V.Bullets):
            out.append(bullets_markdown(b, bare_links=True))
    return sep.join(out)


def card_of(view_card: V.CardView) -> Card:
    """A neutral card as a Discord card within the embed limits."""
    return make_card(
        title=view_card.title,
        description=_blocks_markdown(view_card.description, "\n\n"),
        fields=[(name, _blocks_markdown(blocks)) for name, blocks in view_card.fields],
        footer=view_card.footer,
        url=view_card.url,
    )


def card_to_text(card: Card) -> str:
    """A card as message text, the same words as its embed (when a card has to go into a message)."""
    parts = [f"**{card.title}**"]
    if card.description:
        parts.append(card.description)
    parts += [f"**{name}**\n{value}" for name, value in card.fields]
    if card.footer:
        parts.append(f"*{card.footer}*")
    return "\n\n".join(parts)


def card_text(view_card: V.CardView) -> str:
    """A neutral card as message text."""
    return card_to_text(card_of(view_card))


def onboarding_card(step: Any, index: int, total: int) -> Card:
    """One step of the guide as an embed."""
    return card_of(V.onboarding_card(step, index, total, "discord"))


def glossary_card(entry: Any, quotes: Sequence[Quote]) -> Card:
    return card_of(V.glossary_card(entry, quotes, "discord"))


def about_card(about: Mapping[str, Any]) -> Card:
    return card_of(V.about_card(about, "discord"))
