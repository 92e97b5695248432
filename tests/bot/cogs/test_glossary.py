"""The Glossary cog: definition card citing the report, aliases, unknown terms, autocomplete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("sources.content", reason="the glossary uses sources.content (find_term, complete_terms)")

from bot.cogs.glossary import UNAVAILABLE, GlossaryCog  # noqa: E402
from bot.render import EMBED_TOTAL, card_to_embed, glossary_card  # noqa: E402
from tests.fakes import FakeBot, Recorder, make_interaction  # noqa: E402


@pytest.fixture
def bot(tmp_path: Path) -> FakeBot:
    return FakeBot(tmp_path)


async def run(bot: FakeBot, term: str) -> Recorder:
    rec = Recorder()
    cog = GlossaryCog(bot)
    await cog.glossary.callback(cog, make_interaction(bot, rec), term=term)
    return rec


@pytest.mark.parametrize("typed", ["Points of contact", "poc", "PoCs", "points-of-contact"])
async def test_glossary_card_defines_and_cites(bot: FakeBot, typed: str) -> None:
    rec = await run(bot, typed)
    assert rec.sent[0].where == "defer"
    embed = rec.sent[-1].embed
    assert rec.sent[-1].where == "followup"
    assert embed.title == "Points of contact"
    assert embed.description == "National contacts listed in a shared directory."
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Also called"] == "PoC, PoCs"
    assert fields["Where the report uses it"].startswith("[A/80/999 ¶3(b) (p. 4)](https://example.org/A_80_999.pdf#page=4)")
    rec.assert_no_mentions()


async def test_glossary_query_entry_cites_search_results(bot: FakeBot) -> None:
    rec = await run(bot, "ransomware")
    fields = {f.name: f.value for f in rec.sent[-1].embed.fields}
    assert "A/80/999 ¶2 (p. 3)" in fields["Where the report uses it"]
    assert [c[0] for c in bot.engine.calls] == ["search"]


@pytest.mark.parametrize("typed, suggestion", [("points", "Points of contact"), ("ransomwear", "Ransomware")])
async def test_unknown_term_suggests_close_entries_privately(bot: FakeBot, typed: str, suggestion: str) -> None:
    rec = await run(bot, typed)
    (s,) = rec.sent
    assert s.kwargs["ephemeral"] is True
    assert f"No glossary entry for “{typed}”" in s.content and suggestion in s.content
    rec.assert_no_mentions()


async def test_unknown_term_is_echoed_safely(bot: FakeBot) -> None:
    rec = await run(bot, "@everyone [x](https://evil.example)")
    text = rec.texts()[0]
    assert not re.search(r"@everyone\b", text)
    assert not re.search(r"(?<!\\)\[x\]\(", text) and "\\[x](" in text


async def test_glossary_without_entries_says_so(bot: FakeBot) -> None:
    from sources.content import LoadedContent

    bot.engine.content = LoadedContent(onboarding=bot.engine.content.onboarding)
    assert (await run(bot, "PoC")).texts() == [UNAVAILABLE]


async def test_glossary_autocomplete(bot: FakeBot) -> None:
    cog = GlossaryCog(bot)
    choices = await cog.term_autocomplete(make_interaction(bot, Recorder()), "po")
    assert [c.value for c in choices] == ["Points of contact"]
    assert len(await cog.term_autocomplete(make_interaction(bot, Recorder()), "")) == 2


def test_every_real_glossary_entry_fits_an_embed() -> None:
    from sources.content import load_glossary

    from tests.fakes import FakeEngine

    quotes = FakeEngine().search("ransomware hospitals stakeholders", 3)
    entries = load_glossary()
    assert entries
    for entry in entries:
        embed = card_to_embed(glossary_card(entry, quotes))
        assert len(embed) <= EMBED_TOTAL and embed.description == entry.definition


async def test_an_entry_whose_paragraphs_fail_the_content_check_cites_nothing(bot: FakeBot) -> None:
    from sources.content import LoadedContent
    from tests.fakes import Term

    bot.engine.content = LoadedContent((), (Term("Veto power", (), "The power of a permanent member to block a decision.", query="ransomware hospitals"),))
    rec = await run(bot, "Veto power")
    fields = {f.name: f.value for f in rec.sent[-1].embed.fields}
    assert fields["Where the report uses it"] == "The paragraphs on this term are not in the indexed documents yet."
    assert "A/80/999" not in fields["Where the report uses it"]  # the nearest paragraph is not cited
