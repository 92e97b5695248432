"""/help: what the bot can do, in one private message."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS
from bot.render import render_help


class HelpCog(commands.Cog, name="Help"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="help", description="What this bot can do and how to ask.", extras={"anywhere": True})
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(render_help(), ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(HelpCog(bot))
