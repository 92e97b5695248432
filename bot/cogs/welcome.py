"""Optional welcome message to new members, pointing to /onboard (off unless
``[discord] welcome_channel_id`` is set; needs the Server Members intent)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.client import NO_MENTIONS
from bot.render import render_welcome

log = logging.getLogger("oewg.bot.welcome")


class WelcomeCog(commands.Cog, name="Welcome"):
    def __init__(self, bot: Any):
        self.bot = bot

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        s = self.bot.config.discord
        if not s.welcome_channel_id or member.bot or (s.guild_ids and member.guild.id not in s.guild_ids):
            return
        channel = member.guild.get_channel(s.welcome_channel_id)
        if channel is None:
            return  # another server, or an unknown id (reported once at start-up)
        try:
            await channel.send(render_welcome(member.mention), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as err:
            log.warning("cannot post the welcome message in channel %s: %s", s.welcome_channel_id, err)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(WelcomeCog(bot))
