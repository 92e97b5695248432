"""Run the real, unmodified bot (``oewg run --config ...``) as a subprocess pointed at a FakeDiscord.

The bot is configured only through its TOML file and the token's environment variable: the
file sets ``[discord] api_base`` and ``gateway_url`` to the fake's addresses and uses the fake
guild's ids. The process's stdout and stderr go to a log file the tests read (for example to
check that the token never appears in it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .server import FakeDiscord

TOKEN_ENV = "OEWG_E2E_DISCORD_TOKEN"


def toml_value(value: Any) -> str:
    """A Python value written as TOML (strings, bools, numbers, lists of those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, Path)):
        text = str(value).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def render_toml(sections: dict[str, dict[str, Any]]) -> str:
    lines: list[str] = []
    for name, keys in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in keys.items()]
        lines.append("")
    return "\n".join(lines)


@dataclass
class BotSetup:
    """What the test wants of the bot; turned into the config file by :func:`bot_config`."""

    index_dir: Path
    workdir: Path
    allowed_channels: tuple[str, ...] = ("questions",)
    admin_roles: tuple[str, ...] = ("admin",)
    message_content: bool = True
    welcome_channel: str = ""
    cooldown_seconds: float = 1.0
    cooldown_burst: int = 20
    gateway_in_config: bool = True  # False: only api_base, the bot must ask GET /gateway/bot
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)  # more keys, by section


def bot_config(fake: FakeDiscord, setup: BotSetup) -> dict[str, dict[str, Any]]:
    """The bot's configuration (as TOML sections) for the fake guild."""
    w = fake.world
    discord_keys: dict[str, Any] = {
        "token_env": TOKEN_ENV,
        "api_base": fake.api_base,
        "guild_ids": [w.guild_id],
        "allowed_channel_ids": [w.channel_id(c) for c in setup.allowed_channels],
        "admin_role_ids": [w.role_id(r) for r in setup.admin_roles],
        "cooldown_seconds": setup.cooldown_seconds,
        "cooldown_burst": setup.cooldown_burst,
        "message_content": setup.message_content,
        "welcome_channel_id": w.channel_id(setup.welcome_channel) if setup.welcome_channel else 0,
    }
    if setup.gateway_in_config:
        discord_keys["gateway_url"] = fake.gateway_url
    sections = {
        "discord": discord_keys,
        "index": {"path": setup.index_dir},
        "bot": {"feedback_db": setup.workdir / "feedback.sqlite"},
    }
    for section, keys in setup.extra.items():
        sections.setdefault(section, {}).update(keys)
    return sections


def bot_command(config_path: Path) -> list[str]:
    """``oewg run --config PATH`` with the console script next to this Python, else ``-m bot.cli``."""
    script = Path(sys.executable).with_name("oewg")
    if script.exists():
        return [str(script), "run", "--config", str(config_path)]
    return [sys.executable, "-m", "bot.cli", "run", "--config", str(config_path)]


class BotProcess:
    """The bot subprocess: start, wait for it to be ready on the fake, stop, read its log."""

    def __init__(self, fake: FakeDiscord, setup: BotSetup, token: str | None = None) -> None:
        self.fake = fake
        self.setup = setup
        self.token = token if token is not None else fake.token
        self.workdir = setup.workdir
        self.config_path = self.workdir / "config.toml"
        self.log_path = self.workdir / "bot.log"
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self._log_file = None

    def start(self) -> "BotProcess":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(render_toml(bot_config(self.fake, self.setup)), encoding="utf-8")
        env = {
            **os.environ,
            TOKEN_ENV: self.token,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "PYTHONUNBUFFERED": "1",
            "TOKENIZERS_PARALLELISM": "false",
        }
        self._log_file = open(self.log_path, "wb")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            bot_command(self.config_path), cwd=self.workdir, env=env,
            stdout=self._log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        return self

    def wait_ready(self, timeout: float = 90.0) -> float:
        """Block until the bot identified on the gateway and synced its commands; seconds since start."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                self.fake.wait_identified(timeout=0.5)
                self.fake.wait_commands_synced(timeout=0.5)
                return time.monotonic() - self.started_at
            except TimeoutError:
                continue
        raise TimeoutError(f"the bot was not ready on the fake Discord within {timeout:.0f}s; its log ends:\n{self.log_tail()}")

    def check_alive(self) -> None:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the bot exited with status {self.proc.returncode}; its log ends:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGINT (a clean shutdown), then SIGTERM, then SIGKILL; the exit status."""
        if self.proc is None:
            return None
        for sig, wait in ((signal.SIGINT, timeout), (signal.SIGTERM, 5.0)):
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
                try:
                    self.proc.wait(wait)
                except subprocess.TimeoutExpired:
                    continue
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return self.proc.returncode

    def log_text(self) -> str:
        if self._log_file is not None:
            self._log_file.flush()
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def __enter__(self) -> "BotProcess":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
