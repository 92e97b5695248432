"""The Welcome cog: off by default; when set, one message pointing to /onboard that pings nobody."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from unittest.mock import MagicMock

import discord

from bot.cogs.welcome import WelcomeCog
from tests.fakes import FakeBot, Recorder, make_channel


def member(guild_channel, bot: bool = False):
    m = MagicMock(spec=discord.Member)
    m.bot = bot
    m.mention = "<@123456789012345678>"
    m.guild = SimpleNamespace(id=222222222222222222, get_channel=lambda cid: guild_channel if cid == 77 else None)
    return m


async def test_welcome_is_off_by_default(tmp_path: Path) -> None:
    rec = Recorder()
    await WelcomeCog(FakeBot(tmp_path)).on_member_join(member(make_channel(channel_id=77, recorder=rec)))
    assert rec.sent == []


async def test_welcome_points_new_members_to_onboard(tmp_path: Path) -> None:
    rec = Recorder()
    cog = WelcomeCog(FakeBot(tmp_path, welcome_channel_id=77))
    await cog.on_member_join(member(make_channel(channel_id=77, recorder=rec)))
    (text,) = rec.texts("channel")
    assert "/onboard" in text and "<@123456789012345678>" in text
    rec.assert_no_mentions()
    await cog.on_member_join(member(make_channel(channel_id=77, recorder=rec), bot=True))
    assert len(rec.sent) == 1  # bots are not welcomed
