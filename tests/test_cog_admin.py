"""The Admin cog: /about, and /reindex (permission, progress, engine swap, failure, one at a time)."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.cogs.admin import BUSY, REFUSED, AdminCog
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
    bot.open_engine.assert_called_once_with(bot.config.index.path, None)
    assert bot.engine is new_engine and new_engine.warmed
    final = rec.texts("edit_original")[-1]
    assert final.startswith("Reindex finished in 0.5 s: 2 document(s) (1 unchanged), 9 paragraphs.")
    rec.assert_no_mentions()


async def test_reindex_progress_is_shown_while_building(bot: FakeBot) -> None:
    def slow_build(sources, index_dir, model=None, progress=None):
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
