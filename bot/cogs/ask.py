"""/ask and mentions: a question answered with quoted paragraphs, in a thread on the question.

``/ask`` defers at once, runs the search in a worker thread, then starts a thread on its
response and answers there (inline follow-ups when the thread cannot be created). A message
that mentions the bot in an allowed channel is handled the same way, with the thread started
on that message. Messages in threads the bot started are answered without a mention (their
text reaches the bot only with the message content intent, or when they mention it).
Every answer carries 👍/👎 buttons whose custom_ids hold the answer's id, so votes still
work after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from typing import Awaitable, Callable

from bot.client import NO_MENTIONS, APOLOGY, apologise, cooldown_reply, parent_id, refuse_if_cooling, send_channel, send_interaction
from bot.render import ask_header, render_answer, render_help, thread_name
from index.models import Answer
from index.userinput import clean_text

log = logging.getLogger("oewg.bot.ask")

THREAD_ARCHIVE_MINUTES = 1440
THANKS = "Thanks, your feedback was recorded."
TOO_OLD = "This answer is too old to rate, sorry."


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button], template=r"feedback:(?P<vote>up|down):(?P<answer_id>[0-9]{1,18})"):
    """👍 or 👎 under an answer; the custom_id ``feedback:up:<answer_id>`` carries all the state."""

    def __init__(self, vote: str, answer_id: int):
        up = vote == "up"
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if up else "👎",
                label="Helpful" if up else "Not helpful",
                custom_id=f"feedback:{vote}:{answer_id}",
            )
        )
        self.vote = vote
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]) -> "FeedbackButton":
        return cls(match["vote"], int(match["answer_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            feedback = interaction.client.feedback
            ok = await asyncio.to_thread(feedback.vote, self.answer_id, interaction.user.id, self.vote == "up")
            await interaction.response.send_message(THANKS if ok else TOO_OLD, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except Exception:
            log.exception("could not record a vote on answer %s", self.answer_id)
            await apologise(interaction)


def feedback_view(answer_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", answer_id))
    view.add_item(FeedbackButton("down", answer_id))
    return view


def strip_bot_mention(content: str, bot_id: int) -> str:
    """The question in a message that mentions the bot: its mention removed, whitespace tidied."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


def can_start_thread(channel: Any) -> bool:
    """Public threads start only in text (and announcement) channels, never inside a thread or a DM."""
    return isinstance(channel, discord.TextChannel)


class AskCog(commands.Cog, name="Ask"):
    def __init__(self, bot: Any):
        self.bot = bot

    # ---- the shared core -------------------------------------------------------------
    async def answer(self, question: str, guild_id: int | None, channel_id: int | None) -> tuple[Answer, int]:
        """Search off the event loop, record the answer for feedback; (answer, answer id)."""
        engine = self.bot.engine  # the engine current now; a /reindex swap does not affect this question
        k = self.bot.config.bot.max_quotes
        answer = await asyncio.to_thread(engine.ask, question, k)
        refs = [] if answer.abstained else [q.citation() for q in answer.quotes[:k]]
        answer_id = await asyncio.to_thread(self.bot.feedback.record_answer, answer.question, refs, answer.abstained, guild_id, channel_id)
        return answer, answer_id

    def messages(self, answer: Answer, *, include_question: bool) -> list[str]:
        return render_answer(answer, self.bot.config.bot.max_quotes, include_question=include_question)

    async def start_thread(self, message: Any, question: str) -> discord.Thread | None:
        """A public thread on ``message``, remembered in the store; None when Discord refuses it."""
        try:
            thread = await message.create_thread(name=thread_name(question), auto_archive_duration=THREAD_ARCHIVE_MINUTES)
        except discord.HTTPException as err:  # includes Forbidden
            log.info("cannot start a thread (%s); answering inline", err)
            return None
        await asyncio.to_thread(self.bot.feedback.add_thread, thread.id)
        return thread

    async def send_to_thread(self, thread: discord.Thread, messages: list[str], view: discord.ui.View) -> bool:
        try:
            await send_channel(thread, messages, view=view)
            return True
        except discord.Forbidden as err:
            log.info("cannot post in thread %s (%s); answering inline", thread.id, err)
            return False

    async def in_thread_or_inline(self, anchor: Any, question: str, body: list[str], view: discord.ui.View,
                                  inline: Callable[[list[str], discord.ui.View], Awaitable[Any]]) -> None:
        """The answer in a thread started on ``anchor``; inline (``inline(body, view)``) when there
        is no anchor, or Discord refuses the thread or posting in it."""
        thread = await self.start_thread(anchor, question) if anchor is not None else None
        if thread is not None and await self.send_to_thread(thread, body, view):
            return
        await inline(body, view)

    # ---- /ask --------------------------------------------------------------------------
    @app_commands.command(name="ask", description="Ask about the OEWG Final Report: the answer quotes its paragraphs, with citations.")
    @app_commands.describe(question="Your question, in plain words")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000]) -> None:
        question = clean_text(question)  # Discord's JSON may carry lone surrogates: cleaned at this edge, once
        if await refuse_if_cooling(self.bot, interaction):
            return
        await interaction.response.defer(thinking=True)
        answer, answer_id = await self.answer(question, interaction.guild_id, interaction.channel_id)
        view = feedback_view(answer_id)
        if not can_start_thread(interaction.channel):
            await send_interaction(interaction, self.messages(answer, include_question=True), view=view)
            return
        await interaction.edit_original_response(content=ask_header(answer.question, interaction.user.mention), allowed_mentions=NO_MENTIONS)
        try:
            original = await interaction.original_response()
        except discord.HTTPException:
            original = None
        await self.in_thread_or_inline(original, answer.question, self.messages(answer, include_question=False), view,
                                       lambda body, v: send_interaction(interaction, body, view=v))

    # ---- mentions and thread follow-ups ------------------------------------------------------
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or message.guild is None or self.bot.user is None:
            return
        me = self.bot.user
        channel = message.channel
        in_our_thread = isinstance(channel, discord.Thread) and self.bot.feedback.is_bot_thread(channel.id)
        mentioned = any(u.id == me.id for u in message.mentions)
        if not (mentioned or in_our_thread):
            return
        if not in_our_thread and not self.bot.allowed(message.guild.id, channel.id, parent_id(channel)):
            return
        try:
            await self.handle_message(message, strip_bot_mention(clean_text(message.content or ""), me.id), in_our_thread)
        except Exception:
            log.exception("error answering message %s", message.id)
            try:
                await message.reply(APOLOGY, mention_author=False, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                pass

    async def handle_message(self, message: discord.Message, question: str, in_our_thread: bool) -> None:
        if not question:
            if not in_our_thread:  # a bare mention: say how to ask
                await message.reply(render_help(), mention_author=False, allowed_mentions=NO_MENTIONS)
            return  # in our thread without text: the content intent is off; nothing to answer
        wait = cooldown_reply(self.bot, message.author.id)
        if wait:
            await message.reply(wait, mention_author=False, allowed_mentions=NO_MENTIONS, delete_after=15)
            return
        channel = message.channel
        answer, answer_id = await self.answer(question, message.guild.id if message.guild else None, channel.id)
        anchor = message if not in_our_thread and can_start_thread(channel) else None
        await self.in_thread_or_inline(anchor, answer.question, self.messages(answer, include_question=False), feedback_view(answer_id),
                                       lambda body, v: send_channel(channel, body, view=v, reference=message))


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(FeedbackButton)
    await bot.add_cog(AskCog(bot))
