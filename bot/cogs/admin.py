"""/about (documents, index date, model, version) and /reindex (rebuild the index in place).

/reindex is for members with Manage Server or a configured admin role. The build runs in a
worker thread and writes a new index beside the old one; its progress is shown by editing the
private response at most every ``progress_interval`` seconds. When it is done a new engine is
opened and swapped in: questions already running finish on the old one. A damaged index is
rebuilt from scratch; any failure is reported in one line and the old engine stays.

Discord lets an interaction be answered for 15 minutes only. When the private response can no
longer be edited (a very long build), progress stops being shown and the result is sent to the
admin as a direct message instead (or, if that is refused too, written to the log).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, can_manage
from bot.render import about_card, card_to_embed, render_error, render_reindex_progress, render_reindex_result
from index.errors import OEWGError

log = logging.getLogger("oewg.bot.admin")

REFUSED = "Only members with the Manage Server permission or a bot-admin role can rebuild the index."
BUSY = "A reindex is already running; its progress is shown to whoever started it."
STARTING = "Reindexing… starting"
FAILED_UNEXPECTEDLY = "Reindex failed: an unexpected error (see the bot's log). The previous index is still in use."


class AdminCog(commands.Cog, name="Admin"):
    progress_interval = 2.0

    def __init__(self, bot: Any):
        self.bot = bot
        self._reindexing = asyncio.Lock()
        self._can_edit = True

    @app_commands.command(name="about", description="Which documents are indexed, when, with which model and version.", extras={"anywhere": True})
    async def about(self, interaction: discord.Interaction) -> None:
        about = await asyncio.to_thread(self.bot.engine.about)
        card = about_card({**about, "content_problems": list(getattr(self.bot, "content_problems", ()) or ())})
        await interaction.response.send_message(embed=card_to_embed(card), ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="reindex", description="Rebuild the search index from the source documents (server managers only).", extras={"anywhere": True})
    @app_commands.guild_only()
    async def reindex(self, interaction: discord.Interaction) -> None:
        if not can_manage(interaction.user, self.bot.config.discord):
            await interaction.response.send_message(REFUSED, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        if self._reindexing.locked():
            await interaction.response.send_message(BUSY, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        async with self._reindexing:
            await interaction.response.defer(ephemeral=True, thinking=True)
            log.info("reindex started by %s", interaction.user.id)
            self._can_edit = True
            text = await self.rebuild(interaction)
            await self.finish(interaction, text)

    async def show(self, interaction: discord.Interaction, text: str) -> bool:
        """Edit the private response; False (and no more tries) once Discord refuses it."""
        if not self._can_edit:
            return False
        try:
            await interaction.edit_original_response(content=text, allowed_mentions=NO_MENTIONS)
            return True
        except discord.HTTPException as err:  # 401 Invalid Webhook Token after 15 minutes, 404, ...
            log.warning("cannot edit the /reindex response any more (%s)", err)
            self._can_edit = False
            return False

    async def finish(self, interaction: discord.Interaction, text: str) -> None:
        """The result in the private response, else as a direct message to the admin, else in the log."""
        if await self.show(interaction, text):
            return
        try:
            await interaction.user.send(text, allowed_mentions=NO_MENTIONS)
            log.info("the /reindex result was sent to %s as a direct message", interaction.user.id)
        except discord.HTTPException as err:
            log.error("cannot tell %s the /reindex result (%s): %s", interaction.user.id, err, text)

    async def rebuild(self, interaction: discord.Interaction) -> str:
        """Build, report progress, swap the engine; returns the final message."""
        cfg = self.bot.config
        model = cfg.index.model or None
        state = {"text": STARTING}

        def progress(stage: str, done: int, total: int) -> None:  # called from the build thread
            state["text"] = render_reindex_progress(stage, done, total)

        def notify(message: str) -> None:  # another build holds the lock
            state["text"] = f"Reindexing… {render_error(OEWGError(message))}"

        task = asyncio.ensure_future(asyncio.to_thread(
            self.bot.build_index, list(cfg.index.sources), cfg.index.path, model=model, progress=progress, notify=notify))
        shown = ""
        while not task.done():
            await asyncio.wait({task}, timeout=self.progress_interval)
            if not task.done() and state["text"] != shown:
                shown = state["text"]
                await self.show(interaction, shown)
        try:
            report = task.result()
            engine = await asyncio.to_thread(self.bot.open_engine, cfg.index.path, model, gate=cfg.index.answer_gate,
                                             adapter=cfg.index.query_adapter)
            await asyncio.to_thread(engine.warm)  # load the model before the first question needs it
        except OEWGError as err:
            log.error("reindex failed: %s", err)
            return f"Reindex failed: {render_error(err)} The previous index is still in use."
        except Exception:
            log.exception("reindex failed")
            return FAILED_UNEXPECTEDLY
        self.bot.engine = engine
        log.info("reindex done: %s documents, %s paragraphs", report.documents, report.paragraphs)
        recheck = getattr(self.bot, "check_content", None)
        if recheck is not None:  # the new documents may hold what the glossary and guide cite (logged, /about)
            task = asyncio.ensure_future(recheck())
            self._rechecks = getattr(self, "_rechecks", set()) | {task}
            task.add_done_callback(self._rechecks.discard)
        return render_reindex_result(report)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(AdminCog(bot))
