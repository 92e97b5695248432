"""The bot's configuration: a TOML file read into frozen dataclasses, checked before start.

``load_config`` reads and type-checks the file (unknown keys, wrong types and bad values
are refused with the key's name and what to write instead). ``validate_config`` checks
what depends on the machine: the token's environment variable and the index folder.
``TokenRedactor`` keeps the token out of every log line.

Relative paths in the file are resolved against the folder that holds the file.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from index.answer_gate import DEFAULT_GATE
from index.query_adapter import DEFAULT_ADAPTER
from index.errors import OEWGError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
REDACTED = "[REDACTED TOKEN]"


class ConfigError(OEWGError):
    """The configuration file or the environment it names is not usable; str() says how to fix it."""


@dataclass(frozen=True)
class DiscordSettings:
    token_env: str = "DISCORD_TOKEN"
    guild_ids: tuple[int, ...] = ()
    allowed_channel_ids: tuple[int, ...] = ()
    admin_role_ids: tuple[int, ...] = ()
    cooldown_seconds: float = 10.0
    cooldown_burst: int = 3
    welcome_channel_id: int = 0
    message_content: bool = False
    sync_commands: bool = True
    api_base: str = ""
    gateway_url: str = ""


@dataclass(frozen=True)
class IndexSettings:
    path: Path = Path("data/index")
    model: str = ""
    sources: tuple[Path, ...] = (Path("sources"),)
    answer_gate: Path | None = DEFAULT_GATE  # the answer gate's weights (index.answer_gate); None: "off"
    query_adapter: Path | None = DEFAULT_ADAPTER  # what ranks questions (index.query_adapter); None: "off"


@dataclass(frozen=True)
class BotSettings:
    max_quotes: int = 3
    feedback_db: Path = Path("data/feedback.sqlite")
    log_level: str = "INFO"


@dataclass(frozen=True)
class Config:
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    bot: BotSettings = field(default_factory=BotSettings)
    path: Path | None = None  # the file it was read from

    # Flat shortcuts used by the command line.
    @property
    def token_env(self) -> str:
        return self.discord.token_env

    @property
    def index_path(self) -> Path:
        return self.index.path

    @property
    def model(self) -> str | None:
        return self.index.model or None


# ---- reading ------------------------------------------------------------------

# section -> key -> kind; each kind is checked by _coerce.
_BUNDLED = {"gate": DEFAULT_GATE, "adapter": DEFAULT_ADAPTER}  # what "" means for each kind of weights file
_SCHEMA: dict[str, dict[str, str]] = {
    "discord": {
        "token_env": "envname",
        "guild_ids": "ids",
        "allowed_channel_ids": "ids",
        "admin_role_ids": "ids",
        "cooldown_seconds": "seconds",
        "cooldown_burst": "burst",
        "welcome_channel_id": "id0",
        "message_content": "bool",
        "sync_commands": "bool",
        "api_base": "http_url",
        "gateway_url": "ws_url",
    },
    "index": {"path": "path", "model": "str", "sources": "paths", "answer_gate": "gate", "query_adapter": "adapter"},
    "bot": {"max_quotes": "max_quotes", "feedback_db": "path", "log_level": "log_level"},
}


def load_config(path: Path | str) -> Config:
    """Read and check a TOML configuration file; raise ConfigError naming the bad key."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path} is a folder, not a configuration file: pass the file, e.g. --config {path / 'config.toml'}.")
    if not path.is_file():
        raise ConfigError(
            f"No configuration file at {path}: copy config.example.toml to {path} and edit it (or pass --config)."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path} is not valid TOML ({err}): fix that line (see config.example.toml).") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"Cannot read {path} ({err}): check the file's permissions and encoding (UTF-8).") from err
    return config_from_dict(data, base_dir=path.resolve().parent, source=path)


def config_from_dict(data: Mapping[str, Any], base_dir: Path, source: Path | None = None) -> Config:
    """Build a Config from parsed TOML; relative paths are resolved against ``base_dir``."""
    where = source.name if source else "the configuration"
    for section in data:
        if section not in _SCHEMA:
            raise ConfigError(f"Unknown section [{section}] in {where}{_did_you_mean(section, _SCHEMA)}: the sections are [discord], [index] and [bot].")
        if not isinstance(data[section], Mapping):
            raise ConfigError(f"'{section}' in {where} must be a section ([{section}]), not a value.")
    values: dict[str, dict[str, Any]] = {}
    for section, keys in _SCHEMA.items():
        given = data.get(section, {})
        for key in given:
            if key not in keys:
                raise ConfigError(f"Unknown key '{key}' in [{section}] of {where}{_did_you_mean(key, keys)}; see config.example.toml for the keys.")
        values[section] = {k: _coerce(section, k, kind, given[k], base_dir) for k, kind in keys.items() if k in given}
    return Config(
        discord=DiscordSettings(**values["discord"]),
        index=_with_defaults(IndexSettings, values["index"], base_dir),
        bot=_with_defaults(BotSettings, values["bot"], base_dir),
        path=source,
    )


def _with_defaults(cls, given: dict[str, Any], base_dir: Path):
    """Dataclass ``cls`` from ``given``, with default relative paths resolved like given ones."""
    defaults = cls()
    fixed: dict[str, Any] = {}
    for name in cls.__dataclass_fields__:
        if name in given:
            fixed[name] = given[name]
            continue
        value = getattr(defaults, name)
        if isinstance(value, Path):
            value = base_dir / value
        elif isinstance(value, tuple) and value and isinstance(value[0], Path):
            value = tuple(base_dir / v for v in value)
        fixed[name] = value
    return cls(**fixed)


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


_TOKEN_LIKE = re.compile(r"[\w-]{16,}\.[\w-]{4,}\.[\w-]{16,}")


def shown_value(value: Any) -> str:
    """A bad value as it may be echoed in an error: never anything that could be a secret.

    ``token_env`` values are never shown (a token pasted there would end up on the screen and
    in logs); elsewhere, strings that look like a bot token, or long unbroken strings, are hidden.
    """
    if isinstance(value, str) and (_TOKEN_LIKE.search(value) or (len(value) > 40 and not any(c.isspace() for c in value))):
        return "(value not shown: it may be a secret)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _coerce(section: str, key: str, kind: str, value: Any, base_dir: Path) -> Any:
    name = f"[{section}] {key}"

    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{name} must be {expected}, not {shown_value(value)}.")

    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise bad('a string in quotes ("")')
        return value.strip()
    if kind == "envname":
        if isinstance(value, str) and not value.strip():
            raise ConfigError(f'{name} is empty: name the environment variable that holds the token, e.g. "DISCORD_TOKEN".')
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise ConfigError(
                f'{name} must be the NAME of an environment variable such as "DISCORD_TOKEN", never the token itself '
                "(the value is not shown; if you pasted the token there, reset it in the Developer Portal → Bot → Reset Token)."
            )
        return value
    if kind in ("ids", "id0"):
        items = value if kind == "ids" else [value]
        if kind == "ids" and not isinstance(value, list):
            raise bad("a list of numeric ids such as [123456789012345678]")
        out = []
        for item in items:
            if isinstance(item, str) and item.strip().isdigit():
                item = int(item.strip())
            if isinstance(item, bool) or not isinstance(item, int) or item < 0 or (kind == "ids" and item == 0):
                raise bad("numeric Discord ids (Developer Mode → right-click → Copy ID)" if kind == "ids" else "a numeric channel id, or 0 for off")
            out.append(item)
        return tuple(out) if kind == "ids" else out[0]
    if kind == "seconds":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 3600:
            raise bad("a number of seconds between 0 (no cooldown) and 3600")
        return float(value)
    if kind == "burst":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
            raise bad("a whole number of questions between 1 and 100")
        return value
    if kind == "max_quotes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise bad("a whole number between 1 and 10")
        return value
    if kind == "log_level":
        if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
            raise bad("one of " + ", ".join(LOG_LEVELS))
        return value.upper()
    if kind == "path":
        if not isinstance(value, str) or not value.strip():
            raise bad("a path in quotes")
        return _resolve(value, base_dir)
    if kind in ("gate", "adapter"):
        if not isinstance(value, str):
            raise bad(f'"" (the bundled {kind}), "off", or the path of a weights file in quotes')
        if value.strip().lower() == "off":
            return None
        return _resolve(value, base_dir) if value.strip() else _BUNDLED[kind]
    if kind == "paths":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise bad('a non-empty list of folder paths such as ["sources"]')
        return tuple(_resolve(v, base_dir) for v in value)
    if kind == "http_url":
        if not isinstance(value, str) or (value and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value)):
            raise bad('"" or an http(s) address such as "http://127.0.0.1:8765/api/v10"')
        return value.rstrip("/")
    if kind == "ws_url":
        if not isinstance(value, str) or (value and not re.fullmatch(r"wss?://[^\s/]+(/\S*)?", value)):
            raise bad('"" or a websocket address such as "ws://127.0.0.1:8765/gateway"')
        return value
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover - schema typo


def _resolve(value: str, base_dir: Path) -> Path:
    p = Path(value.strip()).expanduser()
    return p if p.is_absolute() else base_dir / p


# ---- checking against the machine ---------------------------------------------------

def validate_config(config: Config, env: Mapping[str, str]) -> str:
    """Check what the bot needs before connecting; return the token or raise ConfigError.

    Checks the token's environment variable and the index folder. Channel ids can only
    be checked once logged in (the bot does it when ready and logs any unknown one).
    """
    name = config.discord.token_env
    token = (env.get(name) or "").strip()
    if not token:
        raise ConfigError(
            f"The Discord bot token is missing: set the environment variable {name} "
            f"(named by [discord] token_env). Get the token in the Developer Portal → your application → Bot → Reset Token."
        )
    if any(c.isspace() for c in token) or token.lower().startswith("bot ") or token.count(".") != 2:
        raise ConfigError(
            f"The value of {name} does not look like a bot token (three parts separated by dots, no spaces or 'Bot ' prefix): "
            "copy it again from the Developer Portal → Bot → Reset Token."
        )
    index = config.index.path
    if not index.is_dir():
        raise ConfigError(f"No index at {index}: run `oewg build --index {index}` first (or fix [index] path).")
    db_dir = config.bot.feedback_db.parent
    if db_dir.exists() and not db_dir.is_dir():
        raise ConfigError(f"[bot] feedback_db: {db_dir} is a file, not a folder: choose another path for the feedback database.")
    return token


def config_warnings(config: Config) -> list[str]:
    """What does not stop the bot but will fail later, a line each: an `[index] sources` folder
    that does not exist (only `/reindex` reads it)."""
    out = []
    for folder in config.index.sources:
        if not folder.exists():
            out.append(f"[index] sources: {folder} does not exist, so /reindex will find nothing there: create it and put "
                       f"the documents in it (`oewg fetch --dest {folder}`), or fix the path.")
        elif not folder.is_dir():
            out.append(f"[index] sources: {folder} is a file, not a folder: /reindex reads folders; fix the path.")
    return out


# ---- keeping the token out of logs ---------------------------------------------------

class TokenRedactor(logging.Filter):
    """A logging filter that replaces the token (and any extra secrets) in messages and tracebacks."""

    def __init__(self, *secrets: str):
        super().__init__()
        self.secrets = tuple(s for s in secrets if s and len(s) >= 8)

    def redact(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template
            message = str(record.msg)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_token_redaction(token: str, logger: logging.Logger | None = None) -> TokenRedactor:
    """Attach a TokenRedactor to every handler of ``logger`` (the root logger by default)."""
    target = logger or logging.getLogger()
    redactor = TokenRedactor(token)
    for handler in target.handlers:
        handler.addFilter(redactor)
    return redactor
