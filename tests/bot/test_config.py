"""bot.config and the start-up checks of bot.runner: clear errors, no token ever logged."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest

from bot.config import (
    REDACTED,
    ConfigError,
    TokenRedactor,
    config_warnings,
    install_token_redaction,
    load_config,
    validate_config,
)
from bot.runner import run_bot, setup_logging
from index.errors import OEWGError

REPO = Path(__file__).resolve().parent.parent.parent
EXAMPLE = REPO / "config.example.toml"
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_with_the_documented_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    shutil.copy(EXAMPLE, path)
    config = load_config(path)
    d = config.discord
    assert (d.token_env, d.guild_ids, d.allowed_channel_ids, d.cooldown_seconds, d.cooldown_burst) == ("DISCORD_TOKEN", (), (), 10.0, 3)
    assert (d.welcome_channel_id, d.message_content, d.api_base, d.gateway_url) == (0, False, "", "")
    assert config.index.path == tmp_path / "data" / "index"  # relative to the config file
    assert config.index.sources == (tmp_path / "sources",)
    assert config.bot.feedback_db == tmp_path / "data" / "feedback.sqlite"
    assert (config.bot.max_quotes, config.bot.log_level) == (3, "INFO")
    assert (config.token_env, config.index_path, config.model) == ("DISCORD_TOKEN", tmp_path / "data" / "index", None)


def test_every_example_key_is_documented_by_a_comment() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    keys = 0
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            keys += 1
            above = i - 1
            while "=" in lines[above] and not lines[above].lstrip().startswith("#"):
                above -= 1  # keys grouped under one comment (cooldown_seconds / cooldown_burst)
            assert lines[above].lstrip().startswith("#"), f"undocumented key: {line}"
    assert keys == 19


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.discord.token_env == "DISCORD_TOKEN" and config.index.path == tmp_path / "data" / "index"


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[discord]
guild_ids = [123456789012345678]
allowed_channel_ids = ["223456789012345678"]
cooldown_seconds = 2.5
welcome_channel_id = 323456789012345678
api_base = "http://127.0.0.1:8765/api/v10/"
[index]
path = "/srv/oewg/index"
model = "/models/minilm"
[bot]
max_quotes = 5
log_level = "debug"
"""))
    assert config.discord.guild_ids == (123456789012345678,)
    assert config.discord.allowed_channel_ids == (223456789012345678,)
    assert config.discord.cooldown_seconds == 2.5 and config.discord.welcome_channel_id == 323456789012345678
    assert config.discord.api_base == "http://127.0.0.1:8765/api/v10"
    assert config.index.path == Path("/srv/oewg/index") and config.model == "/models/minilm"
    assert config.bot.max_quotes == 5 and config.bot.log_level == "DEBUG"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[discord]\nguild_id = [1]", "Unknown key 'guild_id' in [discord] of config.toml (did you mean 'guild_ids'?)"),
        ("[discrod]\n", "Unknown section [discrod] in config.toml (did you mean 'discord'?)"),
        ("[discord]\nguild_ids = 5", "[discord] guild_ids must be a list of numeric ids"),
        ("[discord]\nallowed_channel_ids = [\"general\"]", "[discord] allowed_channel_ids must be numeric Discord ids"),
        ("[discord]\ncooldown_seconds = -1", "[discord] cooldown_seconds must be a number of seconds"),
        ("[discord]\ncooldown_burst = 0", "[discord] cooldown_burst must be a whole number"),
        ("[discord]\ntoken_env = \"MTIz.abc.def\"", "the NAME of an environment variable"),
        ("[discord]\ntoken_env = \"  \"", "token_env is empty: name the environment variable"),
        ("[discord]\nmessage_content = \"yes\"", "[discord] message_content must be true or false"),
        ("[discord]\napi_base = \"discord.local\"", "[discord] api_base must be \"\" or an http(s) address"),
        ("[discord]\ngateway_url = \"http://x\"", "[discord] gateway_url must be \"\" or a websocket address"),
        ("[bot]\nmax_quotes = 50", "[bot] max_quotes must be a whole number between 1 and 10"),
        ("[bot]\nlog_level = \"LOUD\"", "[bot] log_level must be one of DEBUG"),
        ("[index]\nsources = []", "[index] sources must be a non-empty list"),
        ("discord = 3", "'discord' in config.toml must be a section"),
        ("[discord\n", "config.toml is not valid TOML"),
    ],
)
def test_bad_values_are_refused_with_the_key_and_the_fix(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_says_to_copy_the_example(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="copy config.example.toml"):
        load_config(tmp_path / "nope.toml")


def test_validate_returns_token_and_checks_the_index(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[index]\npath = "idx"'))
    with pytest.raises(ConfigError) as info:
        validate_config(config, {"DISCORD_TOKEN": TOKEN})
    assert str(info.value).startswith(f"No index at {tmp_path / 'idx'}: run `oewg build")
    (tmp_path / "idx").mkdir()
    assert validate_config(config, {"DISCORD_TOKEN": TOKEN}) == TOKEN


def test_a_sources_folder_that_is_missing_or_a_file_is_a_warning_naming_the_fix(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[index]\nsources = ["docs", "more", "note.txt"]'))
    (tmp_path / "more").mkdir()
    (tmp_path / "note.txt").write_text("x", encoding="utf-8")
    missing, a_file = config_warnings(config)
    assert missing.startswith(f"[index] sources: {tmp_path / 'docs'} does not exist") and f"oewg fetch --dest {tmp_path / 'docs'}" in missing
    assert a_file.startswith(f"[index] sources: {tmp_path / 'note.txt'} is a file, not a folder")
    (tmp_path / "docs").mkdir()
    (tmp_path / "note.txt").unlink()
    (tmp_path / "note.txt").mkdir()
    assert config_warnings(config) == []


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "The Discord bot token is missing: set the environment variable MY_TOKEN"),
        ({"MY_TOKEN": "  "}, "The Discord bot token is missing"),
        ({"MY_TOKEN": "Bot " + TOKEN}, "does not look like a bot token"),
        ({"MY_TOKEN": "not-a-token"}, "does not look like a bot token"),
    ],
)
def test_token_problems_name_the_variable_never_the_value(tmp_path: Path, env: dict, expected: str) -> None:
    (tmp_path / "data" / "index").mkdir(parents=True)
    config = load_config(write(tmp_path, '[discord]\ntoken_env = "MY_TOKEN"'))
    with pytest.raises(ConfigError) as info:
        validate_config(config, env)
    assert expected in str(info.value)
    assert TOKEN not in str(info.value)


# ---- redaction ---------------------------------------------------------------------------------

def test_token_redactor_cleans_messages_args_and_tracebacks() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("test.redaction")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    logger.handlers[:] = [handler]
    install_token_redaction(TOKEN, logger)
    logger.warning("token is %s", TOKEN)
    logger.warning(f"inline {TOKEN}")
    try:
        raise RuntimeError(f"failed with Authorization: Bot {TOKEN}")
    except RuntimeError:
        logger.exception("boom")
    out = stream.getvalue()
    assert TOKEN not in out
    assert out.count(REDACTED) == 3
    assert "RuntimeError" in out  # the traceback is kept, minus the token


def test_redactor_ignores_empty_secrets() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "plain %s", ("text",), None)
    assert TokenRedactor("").filter(record) and record.getMessage() == "plain text"


def test_setup_logging_redacts_on_the_root_handler(tmp_path: Path) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging("INFO", TOKEN, stream)
        logging.getLogger("discord.http").info("sending %s", TOKEN)
        assert REDACTED in stream.getvalue() and TOKEN not in stream.getvalue()
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])


# ---- run_bot refuses to start with a one-line reason ---------------------------------------

def run_bot_keeping_logging(config_path: Path, env: dict) -> int:
    """run_bot, with the root logger's handlers and level put back after it (it sets them up)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        return run_bot(config_path, env=env)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_run_bot_without_token_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot(write(tmp_path, ""), env={}) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The Discord bot token is missing") and err.count("\n") == 1


def test_run_bot_without_index_says_run_oewg_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot(write(tmp_path, ""), env={"DISCORD_TOKEN": TOKEN}) == 2
    err = capsys.readouterr().err
    assert "No index at" in err and "run `oewg build" in err and TOKEN not in err


def test_run_bot_with_empty_index_folder_says_run_oewg_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data" / "index").mkdir(parents=True)
    assert run_bot_keeping_logging(write(tmp_path, ""), env={"DISCORD_TOKEN": TOKEN}) == 2
    err = capsys.readouterr().err
    assert "run `oewg build` first" in err and TOKEN not in err
    assert err.startswith(f"warning: [index] sources: {tmp_path / 'sources'} does not exist")  # said before the error


def test_run_bot_with_missing_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_bot(tmp_path / "config.toml", env={}) == 2
    assert f"copy config.example.toml to {tmp_path / 'config.toml'} and edit it" in capsys.readouterr().err


def test_a_folder_given_as_the_config_is_named_as_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"is a folder, not a configuration file: pass the file, e\.g\. --config .*config\.toml"):
        load_config(tmp_path)


@pytest.mark.parametrize("damage", ["sqlite emptied", "manifest is a list", "faiss truncated"])
def test_run_bot_with_a_damaged_index_says_rebuild_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    import os

    from index.build import build_index
    from index.integrity import DB, MANIFEST, VECTORS
    from tests.hash_embedder import HashEmbedder
    from tests.synthetic import FakeCatalog, synthetic_parser, write_sources

    write_sources(tmp_path / "src")
    index = tmp_path / "data" / "index"
    build_index([tmp_path / "src"], index, embedder=HashEmbedder(), catalog=FakeCatalog(), parse=synthetic_parser())
    {"sqlite emptied": lambda: (index / DB).write_bytes(b""),
     "manifest is a list": lambda: (index / MANIFEST).write_text("[]"),
     "faiss truncated": lambda: os.truncate(index / VECTORS, 10)}[damage]()
    assert run_bot_keeping_logging(write(tmp_path, '[index]\nsources = ["src"]'), env={"DISCORD_TOKEN": TOKEN}) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err and "oewg build" in err and "Traceback" not in err


def test_the_bot_embeds_each_question_on_one_thread_unless_told_otherwise(tmp_path, monkeypatch, capsys):
    from bot.runner import QUERY_THREADS_ENV, run_bot

    for key in QUERY_THREADS_ENV:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "4")  # an operator's own setting
    assert run_bot(tmp_path / "missing.toml") == 2  # stops at the config, after setting the threads
    import os

    assert os.environ["OMP_NUM_THREADS"] == "1" and os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "4"
    capsys.readouterr()


def test_the_answer_gate_is_bundled_by_default_off_on_request_or_a_file_beside_the_config(tmp_path: Path) -> None:
    from index.answer_gate import DEFAULT_GATE

    assert load_config(write(tmp_path, "")).index.answer_gate == DEFAULT_GATE
    assert load_config(write(tmp_path, '[index]\nanswer_gate = ""\n')).index.answer_gate == DEFAULT_GATE
    assert load_config(write(tmp_path, '[index]\nanswer_gate = "OFF"\n')).index.answer_gate is None
    assert load_config(write(tmp_path, '[index]\nanswer_gate = "gates/mine.npz"\n')).index.answer_gate == tmp_path / "gates" / "mine.npz"
    with pytest.raises(ConfigError, match=r"\[index\] answer_gate must be .*\"off\""):
        load_config(write(tmp_path, "[index]\nanswer_gate = false\n"))


def test_the_query_adapter_is_bundled_by_default_off_on_request_or_a_file_beside_the_config(tmp_path: Path) -> None:
    from index.query_adapter import DEFAULT_ADAPTER

    assert load_config(write(tmp_path, "")).index.query_adapter == DEFAULT_ADAPTER
    assert load_config(write(tmp_path, '[index]\nquery_adapter = ""\n')).index.query_adapter == DEFAULT_ADAPTER
    assert load_config(write(tmp_path, '[index]\nquery_adapter = "Off"\n')).index.query_adapter is None
    assert load_config(write(tmp_path, '[index]\nquery_adapter = "a/mine.npz"\n')).index.query_adapter == tmp_path / "a" / "mine.npz"
    with pytest.raises(ConfigError, match=r"\[index\] query_adapter must be .*the bundled adapter.*\"off\""):
        load_config(write(tmp_path, "[index]\nquery_adapter = 1\n"))


def test_run_bot_opens_the_engine_with_the_configured_answer_gate(tmp_path: Path, monkeypatch, capsys) -> None:
    import bot.runner as runner

    seen = {}

    def fake_open(path, model=None, gate="unset", adapter="unset"):
        seen.update(gate=gate, adapter=adapter)
        raise OEWGError("stop here")

    monkeypatch.setattr(runner, "_default_open", fake_open)
    (tmp_path / "data" / "index").mkdir(parents=True)
    config = '[index]\nanswer_gate = "off"\nquery_adapter = "mine.npz"\n'
    assert run_bot_keeping_logging(write(tmp_path, config), env={"DISCORD_TOKEN": TOKEN}) == 2
    assert seen == {"gate": None, "adapter": tmp_path / "mine.npz"} and "stop here" in capsys.readouterr().err
