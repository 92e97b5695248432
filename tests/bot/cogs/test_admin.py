"""The Admin cog: /about, and /reindex (permission, progress, engine swap, failure, one at a time)."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import discord

from bot.cogs.admin import BUSY, FAILED_UNEXPECTEDLY, REFUSED, AdminCog
from index.errors import OEWGError
from tests.fakes import FakeBot, FakeEngine, Recorder, make_interaction, make_member


@pytest.fixture
def bot(tmp_path: Path) -> FakeBot:
    return FakeBot(tmp_path, admin_role_ids=(4242,))


def report(**kw):
    return SimpleNamespace(**{"documents": 2, "skipped": 1, "paragraphs": 9, "errors": [], "seconds": 0.5, **kw})


async def test_about_shows_documents_date_model_and_version(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.about.callback(cog, make_interaction(bot, rec))
    embed = rec.sent[0].embed
    text = str(embed.to_dict())
    for part in ("A/80/999", "A/RES/80/99", "2025-11-01", "all-MiniLM-L6-v2", "0.1.0"):
        assert part in text
    assert rec.sent[0].kwargs["ephemeral"] is True
    rec.assert_no_mentions()


async def test_about_names_the_content_that_cites_nothing_indexed_yet(bot: FakeBot) -> None:
    bot.content_problems = ["glossary term 'PoC Directory': none of the top 3 paragraphs for query 'x' contains 'y'"]
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.about.callback(cog, make_interaction(bot, rec))
    fields = {f["name"]: f["value"] for f in rec.sent[0].embed.to_dict()["fields"]}
    assert "glossary term 'PoC Directory'" in fields["Not in the indexed documents yet (1)"]


async def test_reindex_is_refused_without_manage_server_or_admin_role(bot: FakeBot) -> None:
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(role_ids=(1,))))
    assert rec.texts() == [REFUSED] and rec.sent[0].kwargs["ephemeral"] is True
    bot.build_index.assert_not_called()
    rec.assert_no_mentions()


@pytest.mark.parametrize("member", [make_member(manage_guild=True), make_member(role_ids=(4242,))])
async def test_reindex_builds_reports_and_swaps_the_engine(bot: FakeBot, member) -> None:
    new_engine = FakeEngine(label="new")
    bot.build_index.return_value = report()
    bot.open_engine.return_value = new_engine
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=member))
    assert rec.sent[0].where == "defer" and rec.sent[0].kwargs == {"ephemeral": True, "thinking": True}
    args, kwargs = bot.build_index.call_args
    assert args == ([bot.config.index.sources[0]], bot.config.index.path) and kwargs["model"] is None and callable(kwargs["progress"])
    bot.open_engine.assert_called_once_with(bot.config.index.path, None, gate=bot.config.index.answer_gate,
                                           adapter=bot.config.index.query_adapter)
    assert bot.engine is new_engine and new_engine.warmed
    final = rec.texts("edit_original")[-1]
    assert final.startswith("Reindex finished in 0.5 s: 2 document(s) (1 unchanged), 9 paragraphs.")
    rec.assert_no_mentions()


async def test_reindex_checks_the_content_again_against_the_new_index(bot: FakeBot) -> None:
    member = make_member(manage_guild=True)
    from unittest.mock import AsyncMock

    bot.build_index.return_value = report()
    bot.open_engine.return_value = FakeEngine(label="new")
    bot.check_content = AsyncMock(return_value=[])
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, Recorder(), user=member))
    await asyncio.sleep(0)
    bot.check_content.assert_awaited_once()


async def test_reindex_progress_is_shown_while_building(bot: FakeBot) -> None:
    def slow_build(sources, index_dir, model=None, progress=None, **_):
        assert threading.current_thread() is not threading.main_thread()
        progress("parse", 1, 4)
        time.sleep(0.15)
        progress("embed", 30, 60)
        time.sleep(0.15)
        return report()

    bot.build_index.side_effect = slow_build
    bot.open_engine.return_value = FakeEngine()
    rec = Recorder()
    cog = AdminCog(bot)
    cog.progress_interval = 0.05
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    edits = rec.texts("edit_original")
    assert "Reindexing… Reading documents 1/4" in edits and "Reindexing… Embedding paragraphs 30/60" in edits
    assert len(edits) == len(set(edits))  # an unchanged text is not edited again
    assert edits[-1].startswith("Reindex finished")


async def test_reindex_failure_keeps_the_old_engine(bot: FakeBot) -> None:
    old = bot.engine
    bot.build_index.side_effect = OEWGError("Source folder /x does not exist: create it and put the PDFs there.")
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    assert bot.engine is old
    final = rec.texts("edit_original")[-1]
    assert final.startswith("Reindex failed: Source folder /x does not exist") and "previous index is still in use" in final


async def test_only_one_reindex_at_a_time(bot: FakeBot) -> None:
    release = threading.Event()

    def blocking_build(*_a, **_k):
        release.wait(5)
        return report()

    bot.build_index.side_effect = blocking_build
    bot.open_engine.return_value = FakeEngine()
    cog = AdminCog(bot)
    cog.progress_interval = 0.02
    first = asyncio.create_task(cog.reindex.callback(cog, make_interaction(bot, Recorder(), user=make_member(manage_guild=True))))
    await asyncio.sleep(0.05)
    rec = Recorder()
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    release.set()
    await first
    assert rec.texts() == [BUSY]
    assert bot.build_index.call_count == 1


async def test_reindex_over_a_damaged_index_rebuilds_it_from_scratch(bot: FakeBot) -> None:
    from index.build import build_index
    from index.engine import Engine
    from index.integrity import DB
    from index.store import IndexStore
    from tests.hash_embedder import HashEmbedder
    from tests.synthetic import RES, FakeCatalog, synthetic_parser, write_sources

    cfg = bot.config
    write_sources(cfg.index.sources[0])
    cfg.index.path.rmdir()  # make_config created an empty folder there

    def build(sources, index_dir, model=None, progress=None, **kwargs):
        return build_index(sources, index_dir, embedder=HashEmbedder(), catalog=FakeCatalog(), parse=synthetic_parser(),
                           progress=progress, **kwargs)

    build(list(cfg.index.sources), cfg.index.path)
    (cfg.index.path / DB).write_bytes(b"overwritten")  # damaged under the running bot
    bot.build_index.side_effect = build
    bot.open_engine.side_effect = lambda path, model=None, gate=None, adapter=None: Engine(IndexStore.open(path), lambda: HashEmbedder())
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    final = rec.texts("edit_original")[-1]
    assert final.startswith("Reindex finished") and "(0 unchanged)" in final, final
    assert bot.engine.lookup("1", RES)[0].text.startswith("Calls upon States")


async def test_an_unexpected_reindex_error_is_one_line_and_keeps_the_old_engine(bot: FakeBot) -> None:
    old = bot.engine
    bot.build_index.side_effect = RuntimeError("disk on fire at /secret/path")
    rec = Recorder()
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    assert bot.engine is old
    assert rec.texts("edit_original")[-1] == FAILED_UNEXPECTEDLY
    rec.assert_no_mentions()


async def test_when_the_interaction_token_expired_the_result_goes_by_direct_message(bot: FakeBot) -> None:
    from tests.fakes import http_error

    def slow_build(sources, index_dir, model=None, progress=None, **_):
        for n in range(1, 4):
            progress("parse", n, 3)
            time.sleep(0.06)
        return report()

    bot.build_index.side_effect = slow_build
    bot.open_engine.return_value = FakeEngine()
    rec = Recorder()
    member = make_member(manage_guild=True)
    member.send = rec.sender("dm")
    interaction = make_interaction(bot, rec, user=member)
    interaction.edit_original_response = rec.sender("edit_original", error=http_error(discord.HTTPException, 401, "Invalid Webhook Token"))
    cog = AdminCog(bot)
    cog.progress_interval = 0.02
    await cog.reindex.callback(cog, interaction)
    assert len(rec.texts("edit_original")) == 1, "after the first refusal the response is not edited again"
    [dm] = rec.texts("dm")
    assert dm.startswith("Reindex finished in 0.5 s")
    rec.assert_no_mentions()


async def test_a_refused_direct_message_is_logged_not_raised(bot: FakeBot, caplog) -> None:
    from tests.fakes import http_error

    bot.build_index.return_value = report()
    bot.open_engine.return_value = FakeEngine()
    rec = Recorder()
    member = make_member(manage_guild=True)
    member.send = rec.sender("dm", error=http_error(discord.Forbidden, 403, "Cannot send messages to this user"))
    interaction = make_interaction(bot, rec, user=member)
    interaction.edit_original_response = rec.sender("edit_original", error=http_error(discord.NotFound, 404, "Unknown Webhook"))
    cog = AdminCog(bot)
    await cog.reindex.callback(cog, interaction)
    assert "cannot tell" in caplog.text and "Reindex finished" in caplog.text


async def test_a_reindex_waiting_for_another_build_says_so(bot: FakeBot) -> None:
    def waiting_build(sources, index_dir, model=None, progress=None, notify=None, **_):
        notify("Another build of data/index is running (pid 4242 on host, started 12:00:00): waiting for it to finish…")
        time.sleep(0.15)
        return report()

    bot.build_index.side_effect = waiting_build
    bot.open_engine.return_value = FakeEngine()
    rec = Recorder()
    cog = AdminCog(bot)
    cog.progress_interval = 0.03
    await cog.reindex.callback(cog, make_interaction(bot, rec, user=make_member(manage_guild=True)))
    assert any("pid 4242" in e and "waiting" in e for e in rec.texts("edit_original"))
