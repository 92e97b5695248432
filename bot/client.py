"""The Discord bot object: a ``commands.Bot`` with one cog per feature, and its plumbing.

``OEWGBot`` holds what the cogs share (config, the current engine — which also holds the
onboarding guide and glossary —, the feedback database, the cooldown), loads the cog extensions
and syncs the slash commands in ``setup_hook``, and checks the configured ids once logged in. ``OEWGTree``
enforces the guild/channel allow-lists and turns any unexpected error into a short apology.
The send helpers here pass ``AllowedMentions.none()`` on every message.

For tests against a fake Discord, ``[discord] api_base`` / ``gateway_url`` redirect the REST
and gateway addresses for the life of the bot.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any, Callable, Iterable, Sequence

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import Config, DiscordSettings
from bot.cooldown import Cooldown
from bot.feedback import BotStore
from bot.render import CHOICE_NAME, render_cooldown, render_not_allowed_channel, truncate
from index.answer_gate import DEFAULT_GATE
from index.query_adapter import DEFAULT_ADAPTER
from index.errors import OEWGError

log = logging.getLogger("oewg.bot")

NO_MENTIONS = discord.AllowedMentions.none()
EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.para",
    "bot.cogs.tools",
    "bot.cogs.onboard",
    "bot.cogs.help",
    "bot.cogs.glossary",
    "bot.cogs.admin",
    "bot.cogs.welcome",
)
APOLOGY = "Sorry, something went wrong while handling that. It has been logged; please try again in a moment."
NOT_THIS_SERVER = "This bot is not enabled on this server."
NOT_IN_DMS = "I only answer in servers, not in direct messages."


# ---- pure policy ---------------------------------------------------------------------

def make_intents(settings: DiscordSettings) -> discord.Intents:
    """Minimal intents: guilds and guild messages (mentions, thread follow-ups). Message content
    only when configured (follow-ups in threads without a mention need it); members only for the
    optional welcome message."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = settings.message_content
    intents.members = bool(settings.welcome_channel_id)
    return intents


def is_allowed(settings: DiscordSettings, guild_id: int | None, channel_id: int | None, parent_id: int | None = None, *, anywhere: bool = False) -> bool:
    """Whether the bot answers here: the guild allow-list always applies (no DMs when it is set),
    the channel allow-list (a thread counts as its parent channel) unless ``anywhere``."""
    if settings.guild_ids and guild_id not in settings.guild_ids:
        return False
    if anywhere or not settings.allowed_channel_ids:
        return True
    return channel_id in settings.allowed_channel_ids or (parent_id is not None and parent_id in settings.allowed_channel_ids)


def can_manage(user: Any, settings: DiscordSettings) -> bool:
    """Manage Server permission, or one of the configured admin roles (members of a guild only)."""
    perms = getattr(user, "guild_permissions", None)
    if perms is not None and getattr(perms, "manage_guild", False):
        return True
    role_ids = {getattr(r, "id", None) for r in getattr(user, "roles", ()) or ()}
    return bool(role_ids & set(settings.admin_role_ids))


def parent_id(channel: Any) -> int | None:
    return getattr(channel, "parent_id", None) if isinstance(channel, discord.Thread) else None


def unknown_ids(configured: Iterable[int], known: Callable[[int], Any]) -> list[int]:
    """The configured ids for which ``known(id)`` finds nothing."""
    return [i for i in configured if i and known(i) is None]


# ---- sending -----------------------------------------------------------------------------

async def send_interaction(interaction: discord.Interaction, messages: Sequence[str], *, view: discord.ui.View | None = None, ephemeral: bool = False) -> None:
    """Messages as the interaction's response (or follow-ups once responded/deferred); ``view`` on the last."""
    for i, text in enumerate(messages):
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS, "ephemeral": ephemeral}
        if view is not None and i == len(messages) - 1:
            kwargs["view"] = view
        if not interaction.response.is_done():
            await interaction.response.send_message(text, **kwargs)
        else:
            await interaction.followup.send(text, **kwargs)


async def send_channel(target: discord.abc.Messageable, messages: Sequence[str], *, view: discord.ui.View | None = None, reference: discord.Message | None = None) -> int:
    """Messages into a channel or thread, each a reply to ``reference`` when given (so the parts of a
    long answer stay attached to the question in a busy channel); returns how many were sent."""
    sent = 0
    for i, text in enumerate(messages):
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if view is not None and i == len(messages) - 1:
            kwargs["view"] = view
        if reference is not None:
            kwargs["reference"] = reference
            kwargs["mention_author"] = False
        await target.send(text, **kwargs)
        sent += 1
    return sent


async def apologise(interaction: discord.Interaction) -> None:
    """The short, traceback-free reply to an unexpected error (best effort)."""
    try:
        await send_interaction(interaction, [APOLOGY], ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send the apology for interaction %s", getattr(interaction, "id", "?"))


def cooldown_reply(bot: Any, user_id: int) -> str:
    """The cooldown message for a user who must wait, or "" (the question is counted)."""
    wait = bot.cooldown.hit(user_id)
    if not wait:
        return ""
    s = bot.config.discord
    return render_cooldown(wait, s.cooldown_burst, s.cooldown_seconds)


async def refuse_if_cooling(bot: Any, interaction: discord.Interaction) -> bool:
    """Apply the per-user cooldown; True (after telling the user) when they must wait."""
    text = cooldown_reply(bot, interaction.user.id)
    if not text:
        return False
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    return True


# ---- autocomplete ----------------------------------------------------------------------------

MAX_CHOICES = 25


def document_choices(engine: Any, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for a document option; [] (logged) if the engine fails: a menu that
    cannot be filled stays empty, never an error in the user's face."""
    try:
        return [
            app_commands.Choice(name=truncate(label, CHOICE_NAME) or value[:CHOICE_NAME], value=value[:CHOICE_NAME])
            for label, value in engine.complete_documents(current, MAX_CHOICES)[:MAX_CHOICES]
        ]
    except Exception:
        log.exception("document autocomplete failed")
        return []


def ref_choices(engine: Any, doc: str | None, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for a reference option of ``doc``; [] (logged) if the engine fails."""
    try:
        return [app_commands.Choice(name=r[:CHOICE_NAME], value=r[:CHOICE_NAME]) for r in engine.complete_refs(doc, current, MAX_CHOICES)[:MAX_CHOICES]]
    except Exception:
        log.exception("reference autocomplete failed")
        return []


# ---- endpoints (fake Discord) --------------------------------------------------------------

def override_endpoints(api_base: str, gateway_url: str) -> Callable[[], None]:
    """Point discord.py's REST base URL (and the gateway, when given) elsewhere; returns the undo."""
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    if api_base:
        Route.BASE = api_base.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore() -> None:
        Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    return restore


# ---- the tree and the bot ------------------------------------------------------------------

class OEWGTree(app_commands.CommandTree):
    """Allow-lists before every command, and an apology (never a traceback) on errors."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        bot = self.client
        command = interaction.command
        anywhere = bool(command is not None and command.extras.get("anywhere"))
        settings = bot.config.discord
        if is_allowed(settings, interaction.guild_id, interaction.channel_id, parent_id(interaction.channel), anywhere=anywhere):
            return True
        if interaction.type is discord.InteractionType.application_command:
            if interaction.guild_id is None:
                text = NOT_IN_DMS
            elif settings.guild_ids and interaction.guild_id not in settings.guild_ids:
                text = NOT_THIS_SERVER
            else:
                text = render_not_allowed_channel(settings.allowed_channel_ids)
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("error in /%s", name, exc_info=error)
        await apologise(interaction)


def _default_build(*args: Any, **kwargs: Any) -> Any:
    from index.build import build_index
    from sources.catalog import load_catalog

    try:
        kwargs.setdefault("catalog", load_catalog())
    except Exception:  # a broken catalog must not stop a reindex of local files
        log.exception("the catalog cannot be read; indexing without it")
    return build_index(*args, **kwargs)


def _default_open(index_dir: Any, model: str | None = None, gate: Any = DEFAULT_GATE, adapter: Any = DEFAULT_ADAPTER) -> Any:
    from index.catalogued import Catalogued
    from index.engine import Engine
    from sources.catalog import DEFAULT_SOURCES_DIR, load_catalog
    from sources.content import load_content

    content = load_content()
    for problem in content.problems:
        log.error(problem)
    try:  # a catalog document the index lacks is named as such, with who can add it
        catalog = Catalogued(load_catalog(), DEFAULT_SOURCES_DIR, remote=True)
    except Exception:  # a broken catalog is `oewg build`'s to report; the bot answers without it
        log.exception("the catalog cannot be read; unknown documents are named without it")
        catalog = None
    return Engine.open(index_dir, model=model, content=content, catalog=catalog, gate=gate, adapter=adapter)


def silence_voice_warnings() -> None:
    """discord.py warns at start that voice needs PyNaCl and davey: this bot has no voice, so the
    warning is noise on every `oewg run`."""
    for flag in ("warn_nacl", "warn_dave"):
        if hasattr(discord.VoiceClient, flag):
            setattr(discord.VoiceClient, flag, False)


class OEWGBot(commands.Bot):
    """The bot. Cogs read ``bot.engine`` at call time, so /reindex can swap it."""

    def __init__(
        self,
        config: Config,
        engine: Any,
        *,
        feedback: BotStore | None = None,
        clock: Callable[[], float] = time.monotonic,
        build_index: Callable[..., Any] = _default_build,
        open_engine: Callable[..., Any] = _default_open,
        warm: bool = True,
    ):
        silence_voice_warnings()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=make_intents(config.discord),
            allowed_mentions=NO_MENTIONS,
            tree_cls=OEWGTree,
            help_command=None,
        )
        self.config = config
        self.engine = engine
        self.feedback = feedback if feedback is not None else BotStore(config.bot.feedback_db)  # votes and threads
        self.cooldown = Cooldown(config.discord.cooldown_seconds, config.discord.cooldown_burst, clock)
        self.build_index = build_index
        self.open_engine = open_engine
        self._warm = warm
        self.content_problems: list[str] = []  # steps and entries citing nothing indexed (check_content)
        self._background: set[asyncio.Task] = set()
        self._restore_endpoints: Callable[[], None] | None = None

    # ---- start-up ---------------------------------------------------------------
    async def setup_hook(self) -> None:
        for ext in EXTENSIONS:
            await self.load_extension(ext)
        if self.config.discord.sync_commands:
            await self.sync_commands()
        if self._warm:
            task = asyncio.create_task(self._warm_engine())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _warm_engine(self) -> None:
        """Load the model in a daemon thread (a stop during the warm-up, seconds of importing torch,
        must not wait for it), then check the guide and the glossary against the index."""
        try:
            await in_daemon_thread(self.engine.warm)
            log.info("search model loaded")
        except OEWGError as err:  # a damaged answer gate or model: its own one-line message, no traceback
            log.error("%s", err)
            return
        except Exception:
            log.exception("could not load the search model ahead of the first question")
            return
        await self.check_content()

    async def check_content(self) -> list[str]:
        """Log (and keep for /about) the onboarding steps and glossary entries whose paragraphs are
        not in the indexed documents: they cite nothing until the documents are indexed. One entry
        at a time with a pause between, so that questions keep the CPU and a bot asked to stop
        does not wait for the rest."""
        from sources.content import check_content

        steps, entries = self.engine.content_items()
        problems: list[str] = []
        items = [((s,), ()) for s in steps] + [((), (e,)) for e in entries]
        for one_step, one_entry in items:
            await asyncio.sleep(CONTENT_CHECK_PAUSE_S)  # a background task: leave the CPU to questions
            if self.is_closed():
                return problems
            try:
                problems += await asyncio.to_thread(check_content, self.engine, one_step, one_entry)
            except Exception:
                log.exception("could not check the onboarding guide and glossary against the index")
                return problems
        self.content_problems = problems
        for p in problems:
            log.warning("content not in the indexed documents yet: %s", p)
        return problems

    async def sync_commands(self) -> None:
        """Register the slash commands: per configured guild (instant) or globally (up to an hour)."""
        guild_ids = self.config.discord.guild_ids
        if not guild_ids:
            synced = await self.tree.sync()
            log.info("synced %d global slash commands (they may take up to an hour to appear)", len(synced))
            return
        for gid in guild_ids:
            guild = discord.Object(id=gid)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d slash commands to guild %s", len(synced), gid)
            except discord.Forbidden:
                log.error(
                    "cannot register slash commands in guild %s: invite the bot there with the scopes "
                    "'bot applications.commands' (see README, 'Add the bot to your server')", gid
                )

    async def login(self, token: str) -> None:
        s = self.config.discord
        if s.api_base or s.gateway_url:
            self._restore_endpoints = override_endpoints(s.api_base, s.gateway_url)
        await super().login(token)
        if s.api_base and not s.gateway_url:
            from discord.gateway import DiscordWebSocket

            _shards, url, _limits = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
            log.info("using gateway %s from %s", url, s.api_base)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self._restore_endpoints is not None:
                self._restore_endpoints()
                self._restore_endpoints = None

    async def on_ready(self) -> None:
        log.info("logged in as %s (id %s) in %d server(s)", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        self.report_unknown_ids()

    def report_unknown_ids(self) -> list[str]:
        """Log (and return) one clear error per configured guild or channel id the bot cannot see."""
        s = self.config.discord
        problems = [
            f"[discord] guild_ids: the bot is not in a server with id {gid}: invite it there or fix the id"
            for gid in unknown_ids(s.guild_ids, self.get_guild)
        ]
        problems += [
            f"[discord] allowed_channel_ids: no channel with id {cid} is visible to the bot: check the id "
            "(Developer Mode → right-click the channel → Copy Channel ID) and the bot's access to it"
            for cid in unknown_ids(s.allowed_channel_ids, self.get_channel)
        ]
        problems += [
            f"[discord] welcome_channel_id: no channel with id {cid} is visible to the bot: fix the id or set it to 0"
            for cid in unknown_ids([s.welcome_channel_id], self.get_channel)
        ]
        for p in problems:
            log.error(p)
        return problems

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions are handled by the Ask cog's listener."""

    # ---- helpers the cogs share -------------------------------------------------------
    def allowed(self, guild_id: int | None, channel_id: int | None, parent: int | None = None) -> bool:
        return is_allowed(self.config.discord, guild_id, channel_id, parent)


CONTENT_CHECK_PAUSE_S = 0.05  # pause between the entries of the start-up content check


async def in_daemon_thread(fn: Callable[[], Any]) -> Any:
    """``fn()`` in a daemon thread, awaited: unlike ``asyncio.to_thread``, a bot asked to stop while the
    model is still loading (seconds on a busy machine) exits without waiting for it, and no executor
    thread is waited for at exit."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if not done.done():
            done.set_result(value) if ok else done.set_exception(value)

    def run() -> None:
        try:
            result = (True, fn())
        except BaseException as err:  # handed to the awaiting task
            result = (False, err)
        try:
            loop.call_soon_threadsafe(settle, *result)
        except RuntimeError:  # the loop is closed: the bot has stopped, nobody waits
            pass

    threading.Thread(target=run, name="oewg-warm-up", daemon=True).start()
    return await done
