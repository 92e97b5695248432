"""`oewg run`: load and check the configuration, open the index, run the bot until stopped.

Every failure the user can fix ends as one line on stderr and a non-zero exit status:
2 for configuration and index problems found before connecting, 1 when Discord refuses
the token or the intents. The token never reaches a log line (``TokenRedactor``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any, Mapping, TextIO

import aiohttp
import discord

from bot.client import OEWGBot, _default_open
from bot.config import Config, ConfigError, config_warnings, install_token_redaction, load_config, validate_config
from index.errors import OEWGError

log = logging.getLogger("oewg.bot")

LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def setup_logging(level: str, token: str, stream: TextIO | None = None) -> None:
    """Log to stderr at ``level`` with the token redacted from every record."""
    root = logging.getLogger()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.handlers[:] = [handler]
    root.setLevel(level)
    install_token_redaction(token, root)


def create_bot(config: Config, engine: Any, **kwargs: Any) -> OEWGBot:
    """The bot over an engine (which holds the guide and the glossary)."""
    return OEWGBot(config, engine, **kwargs)


async def serve(bot: OEWGBot, token: str) -> None:
    """Run until the connection ends or SIGINT/SIGTERM asks to stop."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
        except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
            pass
    async with bot:
        await bot.start(token)


# The bot answers many questions at once, each embedding one short query: one PyTorch thread each.
# With PyTorch's default (a thread per core) concurrent questions oversubscribe the cores: on two
# busy cores one query embedding took about a second instead of ~15 ms, and the event loop stalled
# (tests/e2e/test_load.py). Read when torch is imported; an operator's own setting wins.
QUERY_THREADS_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def run_bot(config_path: Path, env: Mapping[str, str] | None = None) -> int:
    """Load+validate the config, open the engine, run the bot; return the exit status."""
    for key, value in QUERY_THREADS_ENV.items():
        os.environ.setdefault(key, value)
    env = os.environ if env is None else env
    try:
        config = load_config(config_path)
        token = validate_config(config, env)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    setup_logging(config.bot.log_level, token)
    for line in config_warnings(config):
        print(f"warning: {line}", file=sys.stderr)
    try:
        engine = _default_open(config.index.path, config.index.model or None, gate=config.index.answer_gate,
                               adapter=config.index.query_adapter)
        bot = create_bot(config, engine)
    except OEWGError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(bot, token))
    except discord.LoginFailure:
        print(
            f"error: Discord refused the token in ${config.discord.token_env}: reset it in the Developer Portal "
            "(your application → Bot → Reset Token) and set the variable again.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "error: Discord refused a privileged intent: in the Developer Portal (your application → Bot → Privileged "
            "Gateway Intents) enable Message Content (for [discord] message_content = true) and Server Members "
            "(for a welcome_channel_id), or turn those options off in the config.",
            file=sys.stderr,
        )
        return 1
    except (OSError, discord.GatewayNotFound, aiohttp.ClientError) as err:
        where = config.discord.api_base or "discord.com"
        print(f"error: cannot reach {where} ({type(err).__name__}: {err}): check the network connection and try again.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
