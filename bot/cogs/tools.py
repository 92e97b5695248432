"""/find, /toc and /compare: the agreed-language tools, within Discord's limits.

``/find phrase: doc:`` lists every paragraph that uses a phrase (occurrences in bold, documents
oldest first with their counts, the first use named); ``/toc doc:`` a document's map;
``/compare ref: doc: with:`` a paragraph's closest counterparts with ``~~removed~~ **added**``
words. A result longer than one message is shown a page at a time, with Back / Next buttons that
edit the message (every page within 2000 characters). The work runs off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Callable, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, apologise, document_choices, ref_choices, refuse_if_cooling
from bot.render import render_compare, render_error, render_find, render_toc, render_unknown_reference
from index.errors import OEWGError, UnknownReference
from index.find import compile_phrase

log = logging.getLogger("oewg.bot.tools")

PAGE_TIMEOUT = 900.0  # seconds the page buttons keep working (a message's buttons, not persistent)


class PagedView(discord.ui.View):
    """Back / page n of N / Next under a long result; each press shows another page in place."""

    def __init__(self, pages: Sequence[str], timeout: float = PAGE_TIMEOUT):
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.page = 0
        self.back = discord.ui.Button(label="Back", emoji="◀️", style=discord.ButtonStyle.secondary)
        self.where = discord.ui.Button(label=self.label(), style=discord.ButtonStyle.secondary, disabled=True)
        self.next = discord.ui.Button(label="Next", emoji="▶️", style=discord.ButtonStyle.primary)
        self.back.callback = self._move(-1)
        self.next.callback = self._move(1)
        for item in (self.back, self.where, self.next):
            self.add_item(item)
        self._update()

    def label(self) -> str:
        return f"Page {self.page + 1} of {len(self.pages)}"

    def _update(self) -> None:
        self.back.disabled = self.page <= 0
        self.next.disabled = self.page >= len(self.pages) - 1
        self.where.label = self.label()

    def _move(self, step: int) -> Callable[[discord.Interaction], Any]:
        async def callback(interaction: discord.Interaction) -> None:
            try:
                self.page = min(max(self.page + step, 0), len(self.pages) - 1)
                self._update()
                await interaction.response.edit_message(content=self.pages[self.page], view=self, allowed_mentions=NO_MENTIONS)
            except Exception:
                log.exception("page button failed")
                await apologise(interaction)

        return callback


def split_docs(text: str | None) -> list[str]:
    """Document names typed in one option: separated by spaces, commas or semicolons."""
    return [d for d in re.split(r"[\s,;]+", text or "") if d]


async def send_pages(interaction: discord.Interaction, pages: Sequence[str]) -> None:
    """The first page as the (deferred) response, with page buttons when there are more."""
    if len(pages) <= 1:
        await interaction.followup.send(pages[0] if pages else "Nothing to show.", allowed_mentions=NO_MENTIONS)
        return
    await interaction.followup.send(pages[0], view=PagedView(pages), allowed_mentions=NO_MENTIONS)


class ToolsCog(commands.Cog, name="Tools"):
    def __init__(self, bot: Any):
        self.bot = bot

    async def run(self, interaction: discord.Interaction, check: Callable[[], Any], work: Callable[[], Sequence[str]]) -> None:
        """The quick ``check`` of what was typed (in memory: a wrong phrase, document or reference is
        told at once, privately), the cooldown, then defer and the blocking ``work`` (which renders
        the pages) off the loop."""
        try:
            check()
        except UnknownReference as err:
            await interaction.response.send_message(render_unknown_reference(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except OEWGError as err:
            await interaction.response.send_message(render_error(err), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if await refuse_if_cooling(self.bot, interaction):
            return
        await interaction.response.defer(thinking=True)
        try:
            pages = await asyncio.to_thread(work)
        except OEWGError as err:  # found only by the work itself: said in the (public) reply
            pages = [render_error(err)]
        await send_pages(interaction, pages)

    @app_commands.command(name="find", description="Every paragraph that uses a phrase (agreed language), oldest document first.")
    @app_commands.describe(phrase="The phrase: case and hyphens do not matter; negotiat* for any ending", doc="Only this document (default: all)")
    async def find(self, interaction: discord.Interaction, phrase: app_commands.Range[str, 1, 200],
                   doc: app_commands.Range[str, 1, 100] | None = None) -> None:
        engine = self.bot.engine
        await self.run(interaction, lambda: (compile_phrase(phrase), doc and engine.resolve_document(doc)),
                       lambda: render_find(engine.find(phrase, doc or None)))

    @app_commands.command(name="toc", description="A document's headings, each with its paragraph range and count.")
    @app_commands.describe(doc="Document (default: the Final Report)")
    async def toc(self, interaction: discord.Interaction, doc: app_commands.Range[str, 1, 100] | None = None) -> None:
        engine = self.bot.engine
        await self.run(interaction, lambda: engine.resolve_document(doc or None), lambda: render_toc(engine.toc(doc or None)))

    @app_commands.command(name="compare", description="A paragraph's closest counterparts in other documents, with a word diff.")
    @app_commands.describe(ref="Paragraph: 12, 12(b), PP3, annex I 5", doc="Its document (default: the Final Report)",
                           with_="Compare only with these documents (default: all the others)")
    @app_commands.rename(with_="with")
    async def compare(self, interaction: discord.Interaction, ref: app_commands.Range[str, 1, 40],
                      doc: app_commands.Range[str, 1, 100] | None = None, with_: app_commands.Range[str, 1, 300] | None = None) -> None:
        engine = self.bot.engine
        others = split_docs(with_)
        await self.run(interaction, lambda: (engine.read(ref, doc or None), [engine.resolve_document(d) for d in others]),
                       lambda: render_compare(engine.compare(doc or None, ref, others or None)))

    @find.autocomplete("doc")
    @toc.autocomplete("doc")
    @compare.autocomplete("doc")
    @compare.autocomplete("with_")
    async def doc_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return document_choices(self.bot.engine, current)

    @compare.autocomplete("ref")
    async def ref_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return ref_choices(self.bot.engine, getattr(interaction.namespace, "doc", None) or None, current)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ToolsCog(bot))
