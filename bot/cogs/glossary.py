"""/glossary: what a term means, in plain words, and where the report uses it.

The engine holds the glossary (``sources/glossary.toml``, loaded by the caller); each card
cites the paragraphs (pinned refs, or the top search results for the entry's query) with links
to their PDF pages.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, refuse_if_cooling
from bot.render import CHOICE_NAME, card_to_embed, glossary_card, render_glossary_missing
from index.editorial import ContentUnavailable, UnknownTerm
from index.userinput import clean_text

log = logging.getLogger("oewg.bot.glossary")

UNAVAILABLE = "The glossary is not available right now (the bot's log says why)."
CITED = 3


class GlossaryCog(commands.Cog, name="Glossary"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="glossary", description="What a term in the OEWG texts means, and where the report uses it.")
    @app_commands.describe(term="A term or abbreviation, e.g. Global Mechanism, CBMs, PoC")
    async def glossary(self, interaction: discord.Interaction, term: app_commands.Range[str, 1, 100]) -> None:
        engine = self.bot.engine
        term = clean_text(term)  # Discord's JSON may carry lone surrogates: cleaned at this edge
        try:
            engine.glossary_entry(term)  # fast: a wrong term is told at once, privately
        except ContentUnavailable:
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except UnknownTerm as err:
            await interaction.response.send_message(render_glossary_missing(term, err.suggestions), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if await refuse_if_cooling(self.bot, interaction):
            return
        await interaction.response.defer(thinking=True)
        found = await asyncio.to_thread(engine.glossary, term, CITED)
        await interaction.followup.send(embed=card_to_embed(glossary_card(found.entry, found.quotes)), allowed_mentions=NO_MENTIONS)

    @glossary.autocomplete("term")
    async def term_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        try:
            terms = self.bot.engine.complete_terms(current, 25)
        except Exception:
            log.exception("glossary autocomplete failed")
            return []
        return [app_commands.Choice(name=t[:CHOICE_NAME], value=t[:CHOICE_NAME]) for t in terms[:25]]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(GlossaryCog(bot))
