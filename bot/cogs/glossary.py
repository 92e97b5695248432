"""/glossary: what a term means, in plain words, and where the report uses it.

Entries come from ``sources/glossary.toml``; each card cites the paragraphs (pinned refs, or
the top search results for the entry's query) with links to their PDF pages.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
from typing import Any, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, refuse_if_cooling
from bot.cogs.onboard import quotes_for
from bot.render import CHOICE_NAME, card_to_embed, glossary_card, render_glossary_missing
from index.userinput import clean_text

log = logging.getLogger("oewg.bot.glossary")

UNAVAILABLE = "The glossary is not available right now (the bot's log says why)."
CITED = 3


def _content():
    from sources import content

    return content


def lookup_term(entries: Sequence[Any], text: str) -> Any | None:
    return _content().find_term(entries, text)


def suggest_terms(entries: Sequence[Any], text: str, limit: int = 5) -> list[str]:
    """Terms close to ``text``: prefix/substring matches first, then similar spellings."""
    found = _content().complete_terms(entries, text, limit)
    if found:
        return found
    names = {n.casefold(): e.term for e in entries for n in (e.term, *e.aliases)}
    close = difflib.get_close_matches(text.casefold(), list(names), n=limit, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))


class GlossaryCog(commands.Cog, name="Glossary"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="glossary", description="What a term in the OEWG texts means, and where the report uses it.")
    @app_commands.describe(term="A term or abbreviation, e.g. Global Mechanism, CBMs, PoC")
    async def glossary(self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]) -> None:
        entries = self.bot.glossary
        term = clean_text(term)
        if not entries:
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        entry = lookup_term(entries, term)
        if entry is None:
            await interaction.response.send_message(render_glossary_missing(term, suggest_terms(entries, term)), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if await refuse_if_cooling(self.bot, interaction):
            return
        await interaction.response.defer(thinking=True)
        quotes = await asyncio.to_thread(quotes_for, self.bot.engine, entry.refs, entry.query, entry.doc, CITED, entry)
        await interaction.followup.send(embed=card_to_embed(glossary_card(entry, quotes)), allowed_mentions=NO_MENTIONS)

    @glossary.autocomplete("term")
    async def term_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        try:
            terms = _content().complete_terms(self.bot.glossary, current, 25)
        except Exception:
            log.exception("glossary autocomplete failed")
            return []
        return [app_commands.Choice(name=t[:CHOICE_NAME], value=t[:CHOICE_NAME]) for t in terms[:25]]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(GlossaryCog(bot))
