"""The Para cog: exact lookup, ranges, sub-paragraphs, unknown refs with the nearest, autocomplete."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cogs.para import ParaCog
from tests.fakes import FakeBot, Recorder, make_interaction


@pytest.fixture
def bot(tmp_path: Path) -> FakeBot:
    return FakeBot(tmp_path)


async def run(bot: FakeBot, ref: str, doc: str | None = None) -> Recorder:
    rec = Recorder()
    cog = ParaCog(bot)
    await cog.para.callback(cog, make_interaction(bot, rec), ref=ref, doc=doc)
    return rec


async def test_para_quotes_the_paragraph_with_its_citation(bot: FakeBot) -> None:
    rec = await run(bot, "2")
    (text,) = rec.texts("response")
    assert text == (
        "**[A/80/999 ¶2 (p. 3)](<https://example.org/A_80_999.pdf#page=3>)** · *II. A. Threats*\n"
        "> States expressed concern about ransomware attacks against hospitals and critical infrastructure."
    )
    assert rec.sent[0].kwargs["ephemeral"] is False
    assert ("lookup", ("2", None)) == bot.engine.calls[0][:2]
    rec.assert_no_mentions()


async def test_para_range_and_sub_paragraph(bot: FakeBot) -> None:
    text = "\n\n".join((await run(bot, "1-3")).texts())
    assert [c in text for c in ("¶1 (p. 1)", "¶2 (p. 3)", "¶3 (p. 3)")] == [True] * 3
    assert "> (b) Share national points of contact in the directory." in text
    sub = (await run(bot, "3(b)")).texts()[0]
    assert "¶3(b) (p. 4)" in sub and sub.endswith("> (b) Share national points of contact in the directory.")


async def test_para_range_past_the_end_quotes_what_exists_and_says_where_it_ends(bot: FakeBot) -> None:
    text = "\n\n".join((await run(bot, "5-9")).texts())
    assert "¶5 (p. 6)" in text and text.endswith("A/80/999 ends at ¶5: only ¶5 of 5-9 exists.")


async def test_para_in_another_document_and_scope(bot: FakeBot) -> None:
    text = (await run(bot, "PP1", "res-oceans")).texts()[0]
    assert text.startswith("**A/RES/80/99 PP1**") and "> Recalling its previous resolutions" in text
    annex = (await run(bot, "annex I 1")).texts()[0]
    assert "A/80/999 annex I ¶1 (p. 9)" in annex


async def test_para_long_paragraph_is_split_into_several_messages(bot: FakeBot) -> None:
    rec = await run(bot, "4")
    assert [s.where for s in rec.sent][:2] == ["response", "followup"]
    assert all(len(t) <= 2000 for t in rec.texts())
    assert "*(continued)*" in rec.texts()[1]
    rec.assert_no_mentions()


async def test_unknown_ref_shows_the_nearest_valid_ones_privately(bot: FakeBot) -> None:
    rec = await run(bot, "9")
    (s,) = rec.sent
    assert s.kwargs["ephemeral"] is True
    assert s.content.startswith("A/80/999 has no paragraph 9. Nearest valid: 5, 4, 3.")
    assert "`ref` option" in s.content
    rec.assert_no_mentions()


@pytest.mark.parametrize(
    "ref, doc, expected",
    [
        ("twelve", None, "'twelve' is not a paragraph reference"),
        ("2", "A/RES/99/1", "Unknown document 'A/RES/99/1'. Known documents: final-report, res-oceans"),
        ("[x](https://evil.example) @everyone", None, "is not a paragraph reference"),
    ],
)
async def test_bad_ref_or_document_gets_a_clear_private_message(bot: FakeBot, ref: str, doc: str | None, expected: str) -> None:
    rec = await run(bot, ref, doc)
    (s,) = rec.sent
    assert expected in s.content and s.kwargs["ephemeral"] is True
    assert "@everyone" not in s.content and "](" not in s.content.replace("\\](", "")
    rec.assert_no_mentions()


async def test_para_cooldown(bot: FakeBot) -> None:
    for _ in range(3):
        await run(bot, "1")
    rec = await run(bot, "1")
    assert "Please wait" in rec.texts()[0] and len(bot.engine.calls) == 6  # 3 lookups + 3 quotes


async def test_document_autocomplete(bot: FakeBot) -> None:
    cog = ParaCog(bot)
    choices = await cog.doc_autocomplete(make_interaction(bot, Recorder()), "ocean")
    assert [(c.name, c.value) for c in choices] == [("A/RES/80/99 — Test resolution on oceans", "res-oceans")]
    everything = await cog.doc_autocomplete(make_interaction(bot, Recorder()), "")
    assert [c.value for c in everything] == ["final-report", "res-oceans"]


async def test_ref_autocomplete_follows_the_chosen_document(bot: FakeBot) -> None:
    cog = ParaCog(bot)
    default = await cog.ref_autocomplete(make_interaction(bot, Recorder()), "3")
    assert [c.value for c in default] == ["3", "3(a)", "3(b)"]
    res = await cog.ref_autocomplete(make_interaction(bot, Recorder(), namespace={"doc": "res-oceans"}), "")
    assert [c.value for c in res] == ["PP1", "1"]
    unknown = await cog.ref_autocomplete(make_interaction(bot, Recorder(), namespace={"doc": "nope"}), "")
    assert unknown == []


async def test_autocomplete_survives_an_engine_error(bot: FakeBot) -> None:
    def boom(*_a):
        raise RuntimeError("x")

    bot.engine.complete_documents = boom
    cog = ParaCog(bot)
    assert await cog.doc_autocomplete(make_interaction(bot, Recorder()), "a") == []


async def test_autocomplete_choices_respect_discord_limits(bot: FakeBot) -> None:
    bot.engine.complete_documents = lambda prefix, limit: [("x" * 300, "y" * 300)] * 40
    cog = ParaCog(bot)
    choices = await cog.doc_autocomplete(make_interaction(bot, Recorder()), "")
    assert len(choices) == 25 and all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
