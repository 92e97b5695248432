"""The Onboard cog: the guide's card, Back/Next/Quote buttons (persistent), and the real guide file; /help."""

from __future__ import annotations

import re
from pathlib import Path

import discord
import pytest

from bot.cogs.help import HelpCog
from bot.cogs.onboard import GONE, UNAVAILABLE, OnboardButton, OnboardCog, onboard_view
from sources.content import LoadedContent
from bot.render import EMBED_TOTAL, card_to_embed, onboarding_card
from tests.fakes import STEPS, FakeBot, FakeEngine, Recorder, make_interaction


@pytest.fixture
def bot(tmp_path: Path) -> FakeBot:
    return FakeBot(tmp_path)


def buttons(view: discord.ui.View) -> list[tuple[str, bool]]:
    return [(item.custom_id, item.item.disabled) for item in view.children]


async def test_onboard_shows_step_one_privately_with_buttons(bot: FakeBot) -> None:
    rec = Recorder()
    cog = OnboardCog(bot)
    await cog.onboard.callback(cog, make_interaction(bot, rec))
    (s,) = rec.sent
    assert s.kwargs["ephemeral"] is True
    assert s.embed.title == "What the Global Mechanism is"
    assert s.embed.description == "A permanent forum open to all States."
    assert s.embed.fields[0].value.startswith("annex I ¶1 of the report.")
    assert s.embed.footer.text.startswith("Step 1 of 3")
    assert buttons(s.view) == [("onboard:back:0", True), ("onboard:next:0", False), ("onboard:quote:0", False)]
    assert s.view.timeout is None
    rec.assert_no_mentions()


@pytest.mark.parametrize("action, start, expected", [("next", 0, 1), ("next", 1, 2), ("back", 2, 1), ("back", 1, 0), ("next", 2, 2)])
async def test_next_and_back_edit_the_card_in_place(bot: FakeBot, action: str, start: int, expected: int) -> None:
    rec = Recorder()
    await OnboardButton(action, start).callback(make_interaction(bot, rec))
    (s,) = rec.sent
    assert s.where == "edit_message"
    assert s.embed.title == STEPS[expected].title
    assert s.embed.footer.text.startswith(f"Step {expected + 1} of 3")
    assert buttons(s.view)[1] == (f"onboard:next:{expected}", expected == 2)
    rec.assert_no_mentions()


async def test_quote_button_quotes_the_steps_refs_verbatim(bot: FakeBot) -> None:
    rec = Recorder()
    await OnboardButton("quote", 0).callback(make_interaction(bot, rec))
    assert rec.sent[0].where == "defer" and rec.sent[0].kwargs["ephemeral"] is True
    (text,) = rec.texts("followup")
    assert text.startswith("**What the Global Mechanism is: what the report says**")
    assert "A/80/999 annex I ¶1 (p. 9)" in text
    assert "> The Global Mechanism shall hold an organizational session in March 2026." in text
    assert rec.sent[-1].kwargs["ephemeral"] is True
    rec.assert_no_mentions()


async def test_quote_button_on_a_query_step_quotes_search_results(bot: FakeBot) -> None:
    rec = Recorder()
    await OnboardButton("quote", 1).callback(make_interaction(bot, rec))
    assert ("search", ("stakeholders consultative status plenary", 3)) == [c for c in bot.engine.calls if c[0] == "search"][0][:2]
    assert "> Sentence 0 explains how stakeholders" in rec.texts("followup")[0]


async def test_buttons_from_an_older_guide_ask_to_start_again(bot: FakeBot) -> None:
    rec = Recorder()
    await OnboardButton("next", 7).callback(make_interaction(bot, rec))
    assert rec.texts() == [GONE]


async def test_onboard_without_a_guide_says_so(bot: FakeBot) -> None:
    bot.engine.content = LoadedContent(glossary=bot.engine.content.glossary)
    rec = Recorder()
    cog = OnboardCog(bot)
    await cog.onboard.callback(cog, make_interaction(bot, rec))
    assert rec.texts() == [UNAVAILABLE]


async def test_button_custom_id_round_trips() -> None:
    for item in onboard_view(4, 9).children:
        match = re.fullmatch(OnboardButton.__discord_ui_compiled_template__, item.custom_id)
        rebuilt = await OnboardButton.from_custom_id(None, item, match)
        assert f"onboard:{rebuilt.action}:{rebuilt.step}" == item.custom_id


def test_quotes_for_skips_refs_that_do_not_resolve_and_falls_back_to_the_query() -> None:
    engine = FakeEngine()
    assert [q.ref for q in engine.quotes_for(("99", "2"), "", "final-report")] == ["2"]
    assert [q.ref for q in engine.quotes_for(("99",), "ransomware hospitals", "final-report")] == ["2"]
    assert engine.quotes_for((), "", None) == []


async def test_help_lists_the_commands(bot: FakeBot) -> None:
    rec = Recorder()
    cog = HelpCog(bot)
    await cog.help.callback(cog, make_interaction(bot, rec))
    text = rec.texts()[0]
    for command in ("/ask", "/para", "/find", "/toc", "/compare", "/onboard", "/glossary", "/about"):
        assert command in text
    assert rec.sent[0].kwargs["ephemeral"] is True


def test_every_step_of_the_real_guide_fits_an_embed() -> None:
    content = pytest.importorskip("sources.content")
    steps = content.load_onboarding()
    assert steps
    for i, step in enumerate(steps):
        card = onboarding_card(step, i, len(steps))
        embed = card_to_embed(card)
        assert len(embed) <= EMBED_TOTAL and embed.title == step.title
        assert card.description == step.body  # the guide's text is shown whole, not cut
