"""/para: exact paragraph lookup (``12``, ``12(b)``, ``12-14``, ``3, 5``, ``5(a)-(c)``, ``PP3``, ``annex I 5``).

Autocomplete offers the indexed documents and, for the chosen document, its valid
references. An unknown reference is answered privately with the nearest valid ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, document_choices, ref_choices, refuse_if_cooling, send_interaction
from bot import view as V
from bot.render import render_error, render_unknown_reference, render_view
from index.docref import MissingReference
from index.errors import BadReference, UnknownDocument, UnknownReference
from index.userinput import clean_text


class ParaCog(commands.Cog, name="Paragraphs"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="para", description="Read paragraphs by number: 12, 12(b), 12-14, 3, 5, 5(a)-(c), PP3, annex I 5.")
    @app_commands.describe(ref="Paragraph(s): 12, 12(b), 12-14, 3, 5, 5(a)-(c), PP3, annex I 5", doc="Document (default: the Final Report)")
    async def para(self, interaction: discord.Interaction, ref: app_commands.Range[str, 1, 40], doc: app_commands.Range[str, 1, 100] | None = None) -> None:
        if await refuse_if_cooling(self.bot, interaction):
            return
        ref, doc = clean_text(ref), clean_text(doc) if doc else None  # lone surrogates: cleaned at this edge
        try:
            found = await asyncio.to_thread(self.bot.engine.read, ref, doc or None)
        except UnknownReference as err:
            await interaction.response.send_message(render_unknown_reference(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except (BadReference, UnknownDocument, MissingReference) as err:
            await interaction.response.send_message(render_error(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await send_interaction(interaction, render_view(V.lookup_view(found)))

    @para.autocomplete("doc")
    async def doc_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return document_choices(self.bot.engine, current)

    @para.autocomplete("ref")
    async def ref_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return ref_choices(self.bot.engine, getattr(interaction.namespace, "doc", None) or None, current)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ParaCog(bot))
