"""The Tools cog: /find, /toc and /compare on a real engine (synthetic index), within Discord's
limits, with paging buttons for long results and no pings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cogs.tools import PagedView, ToolsCog, split_docs
from bot.render import MESSAGE_LIMIT, discord_len
from index.engine import Engine
from tests.fakes import FakeBot, Recorder, make_interaction
from tests.hash_embedder import HashEmbedder
from tests.synthetic import APR_24, FINAL_25, RES_900, build_tools_index


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return Engine.open(build_tools_index(tmp_path_factory.mktemp("tools-cog"), HashEmbedder()))


@pytest.fixture
def bot(tmp_path: Path, engine: Engine) -> FakeBot:
    return FakeBot(tmp_path, engine=engine)


async def call(bot: FakeBot, command: str, **options) -> Recorder:
    rec = Recorder()
    cog = ToolsCog(bot)
    await getattr(cog, command).callback(cog, make_interaction(bot, rec), **options)
    return rec


async def test_find_bolds_each_occurrence_oldest_document_first(bot: FakeBot) -> None:
    rec = await call(bot, "find", phrase="responsible State behaviour")
    assert rec.sent[0].where == "defer"
    (text,) = rec.texts("followup")
    assert "first used in A/79/900 of 2024-07-12" in text
    assert "**responsible State behaviour**" in text and "**responsible\nState" not in text
    assert text.index(APR_24) < text.index(FINAL_25) < text.index(RES_900)
    assert f"**{APR_24}** (2024-07-12) — Annual progress report: 1 in 1 paragraph" in text
    rec.assert_no_mentions()


async def test_find_in_one_document_and_bad_input_privately(bot: FakeBot) -> None:
    rec = await call(bot, "find", phrase="ransomware", doc=FINAL_25)
    assert APR_24 not in rec.texts("followup")[0]
    for options in ({"phrase": "*"}, {"phrase": "ransomware", "doc": "A/RES/1/1"}):
        rec = await call(bot, "find", **options)
        (s,) = rec.sent  # told at once, privately, before any deferral
        assert s.where == "response" and s.kwargs["ephemeral"] is True
        rec.assert_no_mentions()


async def test_toc_lists_the_sections(bot: FakeBot) -> None:
    rec = await call(bot, "toc", doc=FINAL_25)
    (text,) = rec.texts("followup")
    assert text.startswith(f"**{FINAL_25}** (2025-07-11) — Final report")
    assert "B. Existing and potential threats — ¶2–3 (2)" in text
    rec.assert_no_mentions()


async def test_compare_strikes_removed_and_bolds_added_words(bot: FakeBot) -> None:
    rec = await call(bot, "compare", ref="1", doc=FINAL_25, with_=APR_24)
    (text,) = rec.texts("followup")
    assert text.startswith(f"**{FINAL_25} ¶1 (p. 3)** · *A. Overview*\n> States reaffirmed")
    assert "~~recalled~~ **reaffirmed**" in text and "similarity" in text
    rec = await call(bot, "compare", ref="99", doc=FINAL_25)
    (s,) = rec.sent
    assert s.kwargs["ephemeral"] is True and "has no paragraph 99" in s.content
    rec.assert_no_mentions()


def test_with_takes_several_documents():
    assert split_docs("A/79/900, apr-2024;x") == ["A/79/900", "apr-2024", "x"] and split_docs(None) == []


async def test_a_long_result_pages_with_buttons(bot: FakeBot, monkeypatch) -> None:
    pages = [f"page {i} " + "x" * 1900 for i in range(3)]
    monkeypatch.setattr("bot.cogs.tools.render_find", lambda result: pages)
    rec = await call(bot, "find", phrase="States")
    (s,) = [s for s in rec.sent if s.where == "followup"]
    view = s.view
    assert isinstance(view, PagedView) and s.content == pages[0]
    assert [(i.label, i.disabled) for i in view.children] == [("Back", True), ("Page 1 of 3", True), ("Next", False)]
    press = Recorder()
    await view.next.callback(make_interaction(bot, press))
    (edit,) = press.sent
    assert edit.where == "edit_message" and edit.content == pages[1]
    assert [(i.label, i.disabled) for i in view.children] == [("Back", False), ("Page 2 of 3", True), ("Next", False)]
    await view.next.callback(make_interaction(bot, press))
    await view.next.callback(make_interaction(bot, press))  # past the end stays on the last page
    assert press.sent[-1].content == pages[2] and view.next.disabled
    press.assert_no_mentions()


async def test_every_page_of_a_real_find_is_within_the_limit(bot: FakeBot, engine: Engine) -> None:
    from bot.render import render_find

    result = engine.find("States")
    for limit in (MESSAGE_LIMIT, 300, 160):
        pages = render_find(result, limit)
        assert all(discord_len(p) <= limit for p in pages)
        assert all(p.count("**") % 2 == 0 for p in pages)  # no bold span runs across two pages
