"""/onboard: a step-by-step guide to taking part in the Global Mechanism.

The steps come from ``sources/onboarding.toml`` (held by the engine). The guide is private to whoever runs it
(ephemeral); Back / Next edit the card in place and "Quote the paragraph" sends the step's
paragraphs, verbatim. Button custom_ids (``onboard:next:3``) carry the state, so the buttons
keep working after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, apologise, send_interaction
from bot.render import NOT_INDEXED_YET, card_to_embed, onboarding_card, render_quotes
from index.editorial import ContentUnavailable

log = logging.getLogger("oewg.bot.onboard")

UNAVAILABLE = "The onboarding guide is not available right now (the bot's log says why). Try `/help` meanwhile."
GONE = "This guide has changed since these buttons were made: run `/onboard` again."


def step_card(steps: Sequence[Any], index: int):
    return onboarding_card(steps[index], index, len(steps))


class OnboardButton(discord.ui.DynamicItem[discord.ui.Button], template=r"onboard:(?P<action>next|back|quote):(?P<step>[0-9]{1,4})"):
    """Back / Next / Quote the paragraph; the custom_id holds the action and the step shown."""

    LABELS = {"back": ("Back", "◀️"), "next": ("Next", "▶️"), "quote": ("Quote the paragraph", "📜")}

    def __init__(self, action: str, step: int, disabled: bool = False):
        label, emoji = self.LABELS[action]
        style = discord.ButtonStyle.primary if action == "next" else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(style=style, label=label, emoji=emoji, disabled=disabled, custom_id=f"onboard:{action}:{step}"))
        self.action = action
        self.step = step

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]) -> "OnboardButton":
        return cls(match["action"], int(match["step"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        try:
            steps = _steps(bot)
            if not steps or self.step >= len(steps):
                await interaction.response.send_message(GONE, ephemeral=True, allowed_mentions=NO_MENTIONS)
                return
            if self.action == "quote":
                await self.quote(interaction, bot, steps[self.step], self.step)
                return
            target = self.step + (1 if self.action == "next" else -1)
            target = min(max(target, 0), len(steps) - 1)
            await interaction.response.edit_message(
                embed=card_to_embed(step_card(steps, target)), view=onboard_view(target, len(steps)), allowed_mentions=NO_MENTIONS
            )
        except Exception:
            log.exception("onboarding button %s:%s failed", self.action, self.step)
            await apologise(interaction)

    async def quote(self, interaction: discord.Interaction, bot: Any, step: Any, index: int) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        quotes = await asyncio.to_thread(bot.engine.onboarding_quotes, index, bot.config.bot.max_quotes)
        await send_interaction(interaction, render_quotes(quotes, intro=f"{step.title}: what the report says", empty=NOT_INDEXED_YET),
                               ephemeral=True)


def _steps(bot: Any) -> tuple:
    """The guide's steps, or () when the engine has no guide."""
    try:
        return bot.engine.onboarding()
    except ContentUnavailable:
        return ()


def onboard_view(index: int, total: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(OnboardButton("back", index, disabled=index <= 0))
    view.add_item(OnboardButton("next", index, disabled=index >= total - 1))
    view.add_item(OnboardButton("quote", index))
    return view


class OnboardCog(commands.Cog, name="Onboarding"):
    def __init__(self, bot: Any):
        self.bot = bot

    @app_commands.command(name="onboard", description="A step-by-step guide to taking part in the Global Mechanism as a stakeholder.", extras={"anywhere": True})
    async def onboard(self, interaction: discord.Interaction) -> None:
        steps = _steps(self.bot)
        if not steps:
            await interaction.response.send_message(UNAVAILABLE, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.send_message(
            embed=card_to_embed(step_card(steps, 0)), view=onboard_view(0, len(steps)), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(OnboardButton)
    await bot.add_cog(OnboardCog(bot))
