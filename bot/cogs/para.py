"""/para: exact paragraph lookup (``12``, ``12(b)``, ``12-14``, ``PP3``, ``annex I 5``).

Autocomplete offers the indexed documents and, for the chosen document, its valid
references. An unknown reference is answered privately with the nearest valid ones.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, refuse_if_cooling, send_interaction
from bot.render import CHOICE_NAME, render_error, render_quotes, render_unknown_reference, truncate
from index.errors import BadReference, UnknownDocument, UnknownReference
from index.models import Quote
from index.userinput import clean_text

log = logging.getLogger("oewg.bot.para")
MAX_CHOICES = 25


def lookup_quotes(engine: Any, ref: str, doc: str | None) -> list[Quote]:
    """Blocking: the paragraphs named by ``ref`` as whole verbatim quotes."""
    return [engine.quote_paragraph(p) for p in engine.lookup(ref, doc)]


def document_choices(engine: Any, current: str) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=truncate(label, CHOICE_NAME) or value[:CHOICE_NAME], value=value[:CHOICE_NAME])
        for label, value in engine.complete_documents(current, MAX_CHOICES)[:MAX_CHOICES]
    ]


def ref_choices(engine: Any, doc: str | None, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=r[:CHOICE_NAME], value=r[:CHOICE_NAME]) for r in engine.complete_refs(doc, current, MAX_CHOICES)[:MAX_CHOICES]]


class ParaCog(commands.Cog, name="Paragraphs"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="para", description="Read a paragraph by number: 12, 12(b), 12-14, PP3, annex I 5.")
    @app_commands.describe(ref="Paragraph: 12, 12(b), 12-14, PP3, annex I 5", doc="Document (default: the Final Report)")
    async def para(self, interaction: discord.Interaction, ref: app_commands.Range[str, 1, 40], doc: app_commands.Range[str, 1, 100] | None = None) -> None:
        if await refuse_if_cooling(self.bot, interaction):
            return
        ref, doc = clean_text(ref), clean_text(doc) if doc else None
        try:
            quotes = await asyncio.to_thread(lookup_quotes, self.bot.engine, ref, doc or None)
        except UnknownReference as err:
            await interaction.response.send_message(render_unknown_reference(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except (BadReference, UnknownDocument) as err:
            await interaction.response.send_message(render_error(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await send_interaction(interaction, render_quotes(quotes))

    @para.autocomplete("doc")
    async def doc_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        try:
            return document_choices(self.bot.engine, current)
        except Exception:
            log.exception("document autocomplete failed")
            return []

    @para.autocomplete("ref")
    async def ref_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        doc = getattr(interaction.namespace, "doc", None) or None
        try:
            return ref_choices(self.bot.engine, doc, current)
        except Exception:
            log.exception("reference autocomplete failed")
            return []


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ParaCog(bot))
