"""The bot object: intents, allow-lists, permission, error apology, extensions, sync, endpoints, id checks."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from index.errors import OEWGError
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.client import APOLOGY, NOT_IN_DMS, NOT_THIS_SERVER, OEWGBot, can_manage, is_allowed, make_intents, override_endpoints
from bot.config import DiscordSettings
from tests.fakes import CHANNEL_ID, GUILD_ID, FakeEngine, Recorder, http_error, make_channel, make_config, make_interaction, make_member

COMMANDS = {"ask", "para", "find", "toc", "compare", "onboard", "help", "glossary", "about", "reindex"}


@pytest.fixture
def make_bot(tmp_path: Path):
    def make(**discord_overrides) -> OEWGBot:
        config = make_config(tmp_path, **{"sync_commands": False, **discord_overrides})
        return OEWGBot(config, FakeEngine(), warm=False)

    return make


# ---- pure policy ---------------------------------------------------------------------------------

def test_intents_are_minimal_by_default() -> None:
    intents = make_intents(DiscordSettings())
    assert intents.guilds and intents.guild_messages
    assert not intents.message_content and not intents.members and not intents.presences and not intents.dm_messages
    assert make_intents(DiscordSettings(message_content=True)).message_content
    assert make_intents(DiscordSettings(welcome_channel_id=5)).members


@pytest.mark.parametrize(
    "settings, where, anywhere, expected",
    [
        (DiscordSettings(), (1, 2, None), False, True),
        (DiscordSettings(), (None, 2, None), False, True),
        (DiscordSettings(guild_ids=(1,)), (1, 2, None), False, True),
        (DiscordSettings(guild_ids=(1,)), (9, 2, None), False, False),
        (DiscordSettings(guild_ids=(1,)), (None, 2, None), True, False),
        (DiscordSettings(allowed_channel_ids=(2,)), (1, 2, None), False, True),
        (DiscordSettings(allowed_channel_ids=(2,)), (1, 3, None), False, False),
        (DiscordSettings(allowed_channel_ids=(2,)), (1, 30, 2), False, True),
        (DiscordSettings(allowed_channel_ids=(2,)), (1, 3, None), True, True),
    ],
)
def test_is_allowed(settings: DiscordSettings, where: tuple, anywhere: bool, expected: bool) -> None:
    assert is_allowed(settings, *where, anywhere=anywhere) is expected


def test_can_manage() -> None:
    settings = DiscordSettings(admin_role_ids=(7,))
    assert can_manage(make_member(manage_guild=True), settings)
    assert can_manage(make_member(role_ids=(3, 7)), settings)
    assert not can_manage(make_member(role_ids=(3,)), settings)
    assert not can_manage(MagicMock(spec=discord.User, roles=[]), settings)  # a DM user has no permissions


# ---- the bot object ----------------------------------------------------------------------------------

async def test_bot_sends_no_mentions_by_default_and_keeps_prefix_commands_off(make_bot) -> None:
    bot = make_bot()
    am = bot.allowed_mentions
    assert (am.everyone, am.users, am.roles, am.replied_user) == (False, False, False, False)
    assert await bot.on_message(MagicMock(spec=discord.Message)) is None


async def test_setup_hook_loads_one_cog_per_feature_and_registers_commands(make_bot) -> None:
    bot = make_bot()
    await bot.setup_hook()
    assert set(bot.cogs) == {"Ask", "Paragraphs", "Tools", "Onboarding", "Help", "Glossary", "Admin", "Welcome"}
    assert {c.name for c in bot.tree.get_commands()} == COMMANDS
    assert set(bot.extensions) == {f"bot.cogs.{n}" for n in ("ask", "para", "tools", "onboard", "help", "glossary", "admin", "welcome")}


async def test_setup_hook_warms_the_engine_in_the_background(tmp_path: Path) -> None:
    bot = OEWGBot(make_config(tmp_path, sync_commands=False), FakeEngine())
    await bot.setup_hook()
    for _ in range(100):
        if bot.engine.warmed:
            break
        await asyncio.sleep(0.01)
    assert bot.engine.warmed


async def test_the_warm_up_runs_in_a_daemon_thread_so_a_stop_never_waits_for_it(tmp_path: Path, caplog) -> None:
    import threading

    seen: list[threading.Thread] = []
    engine = FakeEngine()
    engine.warm = lambda: seen.append(threading.current_thread())
    bot = OEWGBot(make_config(tmp_path, sync_commands=False), engine)
    await bot.setup_hook()
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.01)
    assert seen and seen[0].daemon and seen[0] is not threading.main_thread()

    def broken() -> None:
        raise RuntimeError("no model here")

    engine.warm = broken
    with caplog.at_level(logging.ERROR):
        await bot._warm_engine()
    assert "could not load the search model" in caplog.text

    def damaged() -> None:
        raise OEWGError("The answer gate g.npz cannot be used (no such file): restore it.")

    engine.warm = damaged
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await bot._warm_engine()
    assert caplog.records[-1].getMessage() == "The answer gate g.npz cannot be used (no such file): restore it."
    assert caplog.records[-1].exc_info is None  # one line, no traceback


async def test_commands_are_synced_to_each_configured_guild(make_bot, caplog: pytest.LogCaptureFixture) -> None:
    bot = make_bot(guild_ids=(11, 12))
    await bot.setup_hook()
    bot.tree.sync = AsyncMock(side_effect=[[1, 2], http_error()])
    with caplog.at_level(logging.ERROR):
        await bot.sync_commands()
    assert [c.kwargs["guild"].id for c in bot.tree.sync.await_args_list] == [11, 12]
    assert "cannot register slash commands in guild 12" in caplog.text and "applications.commands" in caplog.text
    assert {c.name for c in bot.tree.get_commands(guild=discord.Object(11))} == COMMANDS


async def test_commands_are_synced_globally_without_guilds(make_bot) -> None:
    bot = make_bot()
    bot.tree.sync = AsyncMock(return_value=[])
    await bot.sync_commands()
    bot.tree.sync.assert_awaited_once_with()


# ---- the tree: allow-lists and errors ------------------------------------------------------------

async def test_tree_refuses_commands_outside_allowed_channels(make_bot) -> None:
    bot = make_bot(allowed_channel_ids=(CHANNEL_ID,))
    await bot.setup_hook()
    rec = Recorder()
    it = make_interaction(bot, rec, channel=make_channel(channel_id=5))
    it.command = bot.tree.get_command("ask")
    assert await bot.tree.interaction_check(it) is False
    assert rec.texts() == [f"I only answer in <#{CHANNEL_ID}>."] and rec.sent[0].kwargs["ephemeral"] is True
    rec.assert_no_mentions()
    ok = make_interaction(bot, Recorder(), channel=make_channel(channel_id=CHANNEL_ID))
    ok.command = bot.tree.get_command("ask")
    assert await bot.tree.interaction_check(ok) is True


async def test_tree_lets_guide_and_admin_commands_run_in_any_channel(make_bot) -> None:
    bot = make_bot(allowed_channel_ids=(CHANNEL_ID,))
    await bot.setup_hook()
    for name in ("onboard", "help", "about", "reindex"):
        it = make_interaction(bot, Recorder(), channel=make_channel(channel_id=5))
        it.command = bot.tree.get_command(name)
        assert await bot.tree.interaction_check(it) is True, name


@pytest.mark.parametrize("guild_id, expected", [(999, NOT_THIS_SERVER), (None, NOT_IN_DMS)])
async def test_tree_refuses_other_servers_and_dms(make_bot, guild_id, expected) -> None:
    bot = make_bot(guild_ids=(GUILD_ID,))
    await bot.setup_hook()
    rec = Recorder()
    it = make_interaction(bot, rec, guild_id=guild_id)
    it.command = bot.tree.get_command("about")
    assert await bot.tree.interaction_check(it) is False
    assert rec.texts() == [expected]


async def test_refused_autocomplete_sends_nothing(make_bot) -> None:
    bot = make_bot(allowed_channel_ids=(CHANNEL_ID,))
    await bot.setup_hook()
    rec = Recorder()
    it = make_interaction(bot, rec, channel=make_channel(channel_id=5))
    it.command = bot.tree.get_command("para")
    it.type = discord.InteractionType.autocomplete
    assert await bot.tree.interaction_check(it) is False and rec.sent == []


@pytest.mark.parametrize("responded", [False, True])
async def test_errors_get_a_short_apology_and_are_logged(make_bot, caplog: pytest.LogCaptureFixture, responded: bool) -> None:
    bot = make_bot()
    await bot.setup_hook()
    rec = Recorder()
    it = make_interaction(bot, rec)
    it.command = bot.tree.get_command("ask")
    if responded:
        await it.response.defer(thinking=True)
    error = app_commands.CommandInvokeError(it.command, RuntimeError("secret internals"))
    with caplog.at_level(logging.ERROR):
        await bot.tree.on_error(it, error)
    sent = [s for s in rec.sent if s.where != "defer"]
    assert [s.where for s in sent] == ["followup" if responded else "response"]
    assert sent[0].content == APOLOGY and sent[0].kwargs["ephemeral"] is True
    assert "secret internals" in caplog.text and "error in /ask" in caplog.text
    rec.assert_no_mentions()


# ---- start-up: endpoints for a fake Discord, unknown ids -------------------------------------------

def test_override_endpoints_sets_and_restores() -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    restore = override_endpoints("http://127.0.0.1:8765/api/v10/", "ws://127.0.0.1:8765/gw")
    try:
        assert Route.BASE == "http://127.0.0.1:8765/api/v10"
        assert DiscordWebSocket.DEFAULT_GATEWAY == yarl.URL("ws://127.0.0.1:8765/gw")
        assert Route("GET", "/users/@me").url == "http://127.0.0.1:8765/api/v10/users/@me"
    finally:
        restore()
    assert (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY) == (base, gateway)


async def test_login_uses_the_fake_api_and_its_gateway(make_bot, monkeypatch: pytest.MonkeyPatch) -> None:
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    seen: dict = {}

    async def fake_login(self, token):
        seen["base"] = Route.BASE

    monkeypatch.setattr(discord.Client, "login", fake_login)
    bot = make_bot(api_base="http://127.0.0.1:8765/api/v10")
    bot.http.get_bot_gateway = AsyncMock(return_value=(1, "ws://127.0.0.1:8765/", {}))
    await bot.login("x.y.z")
    assert seen["base"] == "http://127.0.0.1:8765/api/v10"
    assert DiscordWebSocket.DEFAULT_GATEWAY == yarl.URL("ws://127.0.0.1:8765/")
    await bot.close()
    assert (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY) == (base, gateway)


async def test_login_without_overrides_touches_nothing(make_bot, monkeypatch: pytest.MonkeyPatch) -> None:
    base = Route.BASE
    monkeypatch.setattr(discord.Client, "login", AsyncMock())
    bot = make_bot()
    bot.http.get_bot_gateway = AsyncMock()
    await bot.login("x.y.z")
    bot.http.get_bot_gateway.assert_not_awaited()
    assert Route.BASE == base
    await bot.close()


async def test_unknown_ids_are_reported_clearly_after_login(make_bot, caplog: pytest.LogCaptureFixture) -> None:
    bot = make_bot(guild_ids=(1,), allowed_channel_ids=(2, 3), welcome_channel_id=4)
    bot.get_guild = lambda gid: None
    bot.get_channel = lambda cid: object() if cid == 2 else None
    with caplog.at_level(logging.ERROR):
        problems = bot.report_unknown_ids()
    assert len(problems) == 3
    assert "not in a server with id 1" in problems[0]
    assert "no channel with id 3" in problems[1] and "Copy Channel ID" in problems[1]
    assert "welcome_channel_id: no channel with id 4" in problems[2]
    assert all(p in caplog.text for p in problems)


def test_no_voice_warning_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = True  # as on a machine without PyNaCl and davey
    with caplog.at_level(logging.WARNING):
        OEWGBot(make_config(tmp_path, sync_commands=False), FakeEngine())
    assert "voice will NOT be supported" not in caplog.text
async def test_content_that_cites_nothing_indexed_is_logged_and_kept_for_about(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from sources.content import LoadedContent
    from tests.fakes import STEPS, Term

    missing = Term("Veto power", (), "Blocking a decision.", query="veto power of permanent members")
    bot = OEWGBot(make_config(tmp_path, sync_commands=False), FakeEngine(content=LoadedContent(STEPS, (missing,))), warm=False)
    with caplog.at_level(logging.WARNING, logger="oewg.bot"):
        problems = await bot.check_content()
    assert problems == bot.content_problems and len(problems) == 1
    assert "glossary term 'Veto power'" in problems[0]
    assert any("not in the indexed documents yet" in r.getMessage() and "Veto power" in r.getMessage() for r in caplog.records)
    await bot.close()
    closed = OEWGBot(make_config(tmp_path, sync_commands=False), FakeEngine(content=LoadedContent((), (missing,))), warm=False)
    await closed.close()
    assert await closed.check_content() == []  # a closing bot does not start the check


async def test_warming_runs_in_a_daemon_thread_that_returns_or_raises() -> None:
    import threading

    from bot.client import in_daemon_thread

    seen = {}

    def work():
        seen["daemon"] = threading.current_thread().daemon
        return 42

    assert await in_daemon_thread(work) == 42 and seen["daemon"] is True  # a stopping bot does not wait for it

    def broken():
        raise ValueError("model missing")

    with pytest.raises(ValueError, match="model missing"):
        await in_daemon_thread(broken)
