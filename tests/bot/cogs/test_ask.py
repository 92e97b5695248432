"""The Ask cog: /ask, mentions, thread follow-ups, thread fallback, cooldown, feedback buttons."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import discord
import pytest

from bot.cogs.ask import THANKS, TOO_OLD, AskCog, FeedbackButton, feedback_view, strip_bot_mention
from bot.render import MESSAGE_LIMIT, discord_len
from tests.fakes import (
    BOT_ID,
    CHANNEL_ID,
    LONG_TEXT,
    FakeBot,
    Recorder,
    http_error,
    make_channel,
    make_interaction,
    make_message,
    make_thread,
)


@pytest.fixture
def bot(tmp_path: Path) -> FakeBot:
    return FakeBot(tmp_path)


def feedback_ids(view: discord.ui.View) -> list[str]:
    return [item.custom_id for item in view.children]


def quoted_lines(texts: list[str]) -> list[str]:
    return [line for t in texts for line in t.split("\n") if line.startswith("> ")]


# ---- /ask -----------------------------------------------------------------------------------

async def test_ask_defers_then_answers_in_a_thread_on_the_question(bot: FakeBot) -> None:
    rec = Recorder()
    it = make_interaction(bot, rec)
    cog = AskCog(bot)
    await cog.ask.callback(cog, it, question="ransomware attacks hospitals")
    assert rec.sent[0].where == "defer" and rec.sent[0].kwargs.get("thinking") is True
    header = rec.sent[1]
    assert header.where == "edit_original" and "**Question:** ransomware attacks hospitals" in header.content
    original = await it.original_response()
    original.create_thread.assert_awaited_once()
    assert original.create_thread.await_args.kwargs["name"] == "ransomware attacks hospitals"
    in_thread = rec.texts("thread")
    assert in_thread and "[A/80/999 ¶2 (p. 3)](<https://example.org/A_80_999.pdf#page=3>)" in in_thread[0]
    assert "> States expressed concern about ransomware attacks against hospitals and critical infrastructure." in in_thread[0]
    assert rec.texts("followup") == []
    assert bot.feedback.is_bot_thread(444444444444444444)
    rec.assert_no_mentions()


async def test_ask_runs_the_search_off_the_event_loop(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, rec), question="ransomware")
    (name, args, thread_name), = [c for c in bot.engine.calls if c[0] == "ask"]
    assert args == ("ransomware", 3)
    assert thread_name != threading.main_thread().name


async def test_ask_answer_carries_feedback_buttons_with_the_answer_id(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, rec), question="ransomware hospitals")
    last = [s for s in rec.sent if s.where == "thread"][-1]
    assert feedback_ids(last.view) == ["feedback:up:1", "feedback:down:1"]
    assert last.view.timeout is None


async def test_ask_abstains_without_quoting_anything(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, rec), question="the colour of the sky at dawn")
    texts = rec.texts("thread")
    assert texts and "I found no paragraph that answers this" in texts[0] and "/para" in texts[0]
    assert texts[0].count("paragraph") <= 3  # one abstention line, not three saying it again
    assert quoted_lines(texts) == []
    assert "A/80/999: II. A. Threats" in texts[0]  # a related heading to try
    rec.assert_no_mentions()


@pytest.mark.parametrize("error", [http_error(), http_error(discord.HTTPException, 400, "Cannot create thread")])
async def test_ask_falls_back_inline_when_thread_creation_is_refused(bot: FakeBot, error: discord.HTTPException) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    it = make_interaction(bot, rec, thread_error=error)
    await cog.ask.callback(cog, it, question="ransomware hospitals")
    assert rec.texts("thread") == []
    followups = [s for s in rec.sent if s.where == "followup"]
    assert followups and "> States expressed concern about ransomware" in followups[0].content
    assert feedback_ids(followups[-1].view) == ["feedback:up:1", "feedback:down:1"]
    assert bot.feedback.thread_ids() == set()
    rec.assert_no_mentions()


async def test_ask_falls_back_inline_when_posting_in_the_thread_is_refused(bot: FakeBot) -> None:
    rec = Recorder()
    thread = make_thread(rec, send_error=http_error())
    it = make_interaction(bot, rec, thread=thread)
    cog = AskCog(bot)
    await cog.ask.callback(cog, it, question="ransomware hospitals")
    assert "> States expressed concern about ransomware" in rec.texts("followup")[0]
    rec.assert_no_mentions()


@pytest.mark.parametrize("kind", [discord.Thread, discord.DMChannel])
async def test_ask_inside_a_thread_or_dm_answers_inline_with_the_question(tmp_path: Path, kind: type) -> None:
    bot = FakeBot(tmp_path)
    rec = Recorder()
    it = make_interaction(bot, rec, channel=make_channel(kind, parent=CHANNEL_ID if kind is discord.Thread else None))
    cog = AskCog(bot)
    await cog.ask.callback(cog, it, question="ransomware hospitals")
    it.original_response.assert_not_awaited()
    texts = rec.texts("followup")
    assert texts[0].startswith("**Question:** ransomware hospitals") and "> States expressed concern" in texts[0]
    rec.assert_no_mentions()


async def test_ask_long_answer_is_split_under_the_limit_without_losing_text(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, rec), question="stakeholders consultative status plenary meetings written input")
    texts = rec.texts("thread")
    assert len(texts) >= 3
    assert all(discord_len(t) <= MESSAGE_LIMIT for t in texts)
    shown = " ".join(line[2:] for line in quoted_lines(texts))
    assert shown.split() == LONG_TEXT.split()
    assert sum(1 for s in rec.sent if s.view is not None) == 1 and rec.sent[-1].view is not None


async def test_ask_cooldown_refuses_politely_without_deferring(bot: FakeBot) -> None:
    cog = AskCog(bot)
    for _ in range(3):
        await cog.ask.callback(cog, make_interaction(bot, Recorder()), question="ransomware")
    rec = Recorder()
    it = make_interaction(bot, rec)
    await cog.ask.callback(cog, it, question="ransomware")
    assert [s.where for s in rec.sent] == ["response"]
    assert rec.sent[0].kwargs["ephemeral"] is True
    assert "Please wait 10 s" in rec.sent[0].content and "3 questions every 10 s" in rec.sent[0].content
    assert [c[0] for c in bot.engine.calls].count("ask") == 3
    bot.clock.now += 10
    await cog.ask.callback(cog, make_interaction(bot, Recorder()), question="ransomware")
    assert [c[0] for c in bot.engine.calls].count("ask") == 4
    rec.assert_no_mentions()


async def test_quotes_with_mention_syntax_stay_verbatim_and_cannot_ping(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, rec), question="what does paragraph 5 say <@123456789012345678> @everyone")
    text = rec.texts("thread")[0]
    assert "> Delegations noted @everyone and <@123456789012345678> appear in no UN text" in text
    header = rec.texts("edit_original")[0]
    assert "@everyone" not in header and "<@123456789012345678>" not in header
    assert rec.assert_no_mentions() >= 2


# ---- mentions and follow-ups ------------------------------------------------------------------

def test_strip_bot_mention() -> None:
    assert strip_bot_mention(f"<@{BOT_ID}>  what is\n a PoC? <@!{BOT_ID}>", BOT_ID) == "what is a PoC?"
    assert strip_bot_mention("<@123> hi", BOT_ID) == "<@123> hi"


async def test_mention_answers_in_a_thread_on_the_message(bot: FakeBot) -> None:
    rec = Recorder()
    msg = make_message(bot, rec, f"<@{BOT_ID}> ransomware hospitals?")
    await AskCog(bot).on_message(msg)
    msg.create_thread.assert_awaited_once()
    assert msg.create_thread.await_args.kwargs["name"] == "ransomware hospitals?"
    assert ("ask", ("ransomware hospitals?", 3)) == bot.engine.calls[0][:2]
    texts = rec.texts("thread")
    assert "> States expressed concern about ransomware" in texts[0]
    assert not texts[0].startswith("**Question:**")
    assert bot.feedback.is_bot_thread(444444444444444444)
    rec.assert_no_mentions()


async def test_mention_falls_back_to_replies_when_thread_is_refused(bot: FakeBot) -> None:
    rec = Recorder()
    msg = make_message(bot, rec, f"<@{BOT_ID}> stakeholders consultative status plenary meetings written input", thread_error=http_error())
    await AskCog(bot).on_message(msg)
    sent = [s for s in rec.sent if s.where == "channel"]
    assert len(sent) >= 3  # a long answer: every part replies to the question
    assert all(s.kwargs["reference"] is msg and s.kwargs["mention_author"] is False for s in sent)
    assert "> Sentence 0 explains how stakeholders" in sent[0].content
    assert sent[-1].view is not None
    rec.assert_no_mentions()


async def test_followup_in_a_bot_thread_needs_no_mention(bot: FakeBot) -> None:
    bot.feedback.add_thread(777)
    rec = Recorder()
    thread = make_channel(discord.Thread, channel_id=777, recorder=rec, parent=CHANNEL_ID)
    msg = make_message(bot, rec, "and what about hospitals ransomware?", channel=thread, mentions_bot=False)
    await AskCog(bot).on_message(msg)
    msg.create_thread.assert_not_awaited()
    texts = rec.texts("channel")
    assert "> States expressed concern about ransomware" in texts[0]
    rec.assert_no_mentions()


async def test_followup_without_content_is_ignored(bot: FakeBot) -> None:
    """Without the message content intent, non-mention messages arrive empty: stay quiet."""
    bot.feedback.add_thread(777)
    rec = Recorder()
    thread = make_channel(discord.Thread, channel_id=777, recorder=rec, parent=CHANNEL_ID)
    await AskCog(bot).on_message(make_message(bot, rec, "", channel=thread, mentions_bot=False))
    assert rec.sent == [] and bot.engine.calls == []


async def test_bare_mention_gets_the_help(bot: FakeBot) -> None:
    rec = Recorder()
    await AskCog(bot).on_message(make_message(bot, rec, f"<@{BOT_ID}>"))
    assert "/ask" in rec.texts("reply")[0] and bot.engine.calls == []
    rec.assert_no_mentions()


@pytest.mark.parametrize(
    "case",
    ["bot author", "no mention", "other channel", "other guild"],
)
async def test_messages_the_bot_must_ignore(tmp_path: Path, case: str) -> None:
    bot = FakeBot(tmp_path, allowed_channel_ids=(CHANNEL_ID,), guild_ids=(222222222222222222,))
    rec = Recorder()
    kwargs = {
        "bot author": {"author_is_bot": True},
        "no mention": {"mentions_bot": False},
        "other channel": {"channel": make_channel(channel_id=1234, recorder=rec)},
        "other guild": {"guild_id": 999},
    }[case]
    await AskCog(bot).on_message(make_message(bot, rec, f"<@{BOT_ID}> ransomware", **kwargs))
    assert rec.sent == [] and bot.engine.calls == []


async def test_mention_in_a_thread_of_an_allowed_channel_is_answered_there(tmp_path: Path) -> None:
    bot = FakeBot(tmp_path, allowed_channel_ids=(CHANNEL_ID,))
    rec = Recorder()
    thread = make_channel(discord.Thread, channel_id=888, recorder=rec, parent=CHANNEL_ID)
    msg = make_message(bot, rec, f"<@{BOT_ID}> ransomware hospitals", channel=thread)
    await AskCog(bot).on_message(msg)
    msg.create_thread.assert_not_awaited()
    assert "> States expressed concern" in rec.texts("channel")[0]


async def test_mention_cooldown_replies_and_does_not_search(bot: FakeBot) -> None:
    cog = AskCog(bot)
    for _ in range(3):
        await cog.on_message(make_message(bot, Recorder(), f"<@{BOT_ID}> ransomware"))
    rec = Recorder()
    await cog.on_message(make_message(bot, rec, f"<@{BOT_ID}> ransomware"))
    assert "Please wait" in rec.texts("reply")[0] and rec.sent[0].kwargs["delete_after"] == 15
    assert [c[0] for c in bot.engine.calls].count("ask") == 3
    rec.assert_no_mentions()


async def test_an_engine_failure_on_a_mention_gets_an_apology_not_a_traceback(bot: FakeBot) -> None:
    def boom(*_a, **_k):
        raise RuntimeError("index exploded at /secret/path")

    bot.engine.ask = boom
    rec = Recorder()
    await AskCog(bot).on_message(make_message(bot, rec, f"<@{BOT_ID}> ransomware"))
    (reply,) = rec.texts("reply")
    assert reply.startswith("Sorry, something went wrong") and "Traceback" not in reply and "/secret" not in reply
    rec.assert_no_mentions()


# ---- feedback buttons -------------------------------------------------------------------------

async def test_feedback_button_round_trips_its_custom_id() -> None:
    item = feedback_view(42).children[0]
    match = re.fullmatch(FeedbackButton.__discord_ui_compiled_template__, item.custom_id)
    rebuilt = await FeedbackButton.from_custom_id(None, item, match)
    assert (rebuilt.vote, rebuilt.answer_id) == ("up", 42)


@pytest.mark.parametrize("vote, up", [("up", True), ("down", False)])
async def test_feedback_vote_is_stored(bot: FakeBot, vote: str, up: bool) -> None:
    answer_id = bot.feedback.record_answer("ransomware?", ["A/80/999 ¶2 (p. 3)"], False)
    rec = Recorder()
    it = make_interaction(bot, rec)
    await FeedbackButton(vote, answer_id).callback(it)
    assert bot.feedback.tally(answer_id) == ((1, 0) if up else (0, 1))
    assert rec.sent[0].content == THANKS and rec.sent[0].kwargs["ephemeral"] is True
    rec.assert_no_mentions()


async def test_feedback_on_an_unknown_answer_says_so(bot: FakeBot) -> None:
    rec = Recorder()
    await FeedbackButton("up", 12345).callback(make_interaction(bot, rec))
    assert rec.texts("response") == [TOO_OLD]


async def test_answers_are_recorded_with_their_refs(bot: FakeBot) -> None:
    cog = AskCog(bot)
    await cog.ask.callback(cog, make_interaction(bot, Recorder()), question="ransomware hospitals")
    import io

    from bot.feedback import export_feedback_csv

    bot.feedback.vote(1, 5, up=True)
    out = io.StringIO()
    export_feedback_csv(bot.config.bot.feedback_db, out)
    assert "ransomware hospitals,A/80/999 ¶2 (p. 3)" in out.getvalue()

