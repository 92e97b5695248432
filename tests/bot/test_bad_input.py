"""Every bad input is a clear line, never a traceback: references out of range in a question,
invalid UTF-8 and lone surrogates (questions, batch files, console lines, Discord text), `--k`
out of range, `/para -1 DOC` in the console, a token pasted into the config, formula-looking
questions in the feedback export, and voter keys that a member list cannot reverse."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import index.embed
from bot.cli import main
from bot.config import ConfigError, load_config, shown_value
from bot.terminal import plain
from bot.console import ConsoleSession, run_console
from bot.feedback import FORMULA_PREFIXES, BotStore, csv_cell, export_feedback_csv
from index.build import build_index
from index.engine import Engine
from index.store import IndexStore
from index.userinput import clean_text, fold_accents
from tests.hash_embedder import HashEmbedder
from tests.synthetic import RES, FakeCatalog, build_resolution_only_index, synthetic_parser, write_sources

REPO = Path(__file__).resolve().parent.parent.parent
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.aVeryLongSecretPartOfTheTokenThatMustNeverShow"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-input")
    write_sources(root / "src")
    build_index([root / "src"], root / "index", embedder=HashEmbedder(), catalog=FakeCatalog(), parse=synthetic_parser())
    return root / "index"


@pytest.fixture(scope="module")
def no_default_index(tmp_path_factory) -> Path:
    """Two resolutions and no Final Report: no default document."""
    return build_resolution_only_index(tmp_path_factory.mktemp("bad-input-nodefault"), HashEmbedder())


@pytest.fixture
def engine(index_dir) -> Engine:
    return Engine(IndexStore.open(index_dir), lambda: HashEmbedder())


@pytest.fixture
def hash_model(monkeypatch):
    """`oewg ask` in this process embeds with the hash embedder."""
    monkeypatch.setattr(index.embed, "Embedder", lambda spec=None, **_: HashEmbedder())


# ---- references out of range inside questions ----------------------------------------------

@pytest.mark.parametrize("question, reason", [
    (f"what do paragraphs 1-99999 of {RES} say", "ranges are limited to 30 paragraphs"),
    (f"what do paragraphs 5-1 of {RES} say", "the range runs backwards"),
    ("what does paragraph 99999 say", "has no paragraph 99999"),
    ("what does paragraph 123456 say", "'123456' is not a paragraph reference"),  # never cut to 12345
    (f"what do paragraphs 1-999999 of {RES} say", "'1-999999' is not a paragraph reference"),
])
def test_a_question_naming_a_bad_range_is_answered_with_the_reason(engine, question, reason):
    answer = engine.ask(question)
    assert answer.abstained and answer.mode == "lookup" and reason in answer.message
    assert "\n" not in answer.message and not answer.quotes


def test_a_batch_answers_every_line_whatever_is_on_it(index_dir, tmp_path, capsys, hash_model):
    batch = tmp_path / "q.txt"
    batch.write_bytes(
        b"coral reefs bleaching\n"
        + f"what do paragraphs 1-99999 of {RES} say\n".encode()
        + b"\xff\xfe broken bytes \xc3\n"
        + f"what do paragraphs 5-1 of {RES} say\n".encode()
        + "what does paragraph 1 of A/RES/80/99 say\n".encode()
        + b"   \n"
    )
    code = main(["ask", "--batch", str(batch), "--index", str(index_dir), "--json"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and "Traceback" not in err
    assert len(rows) == 6, "every line was answered, the blank one too: line N of the output is line N of the file"
    assert rows[5]["abstained"] and rows[5]["message"].startswith("The question is empty")
    assert "ranges are limited to 30" in rows[1]["message"] and "runs backwards" in rows[3]["message"]
    assert rows[2]["question"] == "\ufffd\ufffd broken bytes \ufffd"
    assert rows[4]["quotes"][0]["ref"] == "1"


# ---- lone surrogates and invalid UTF-8 ---------------------------------------------------------

def test_clean_text_composes_a_combining_accent_into_its_letter():
    assert clean_text("verifica\u0301tion") == "verificátion" and len(clean_text("e\u0301")) == 1


def test_fold_accents_drops_accents_and_spells_out_ligatures():
    assert fold_accents("Türkiye, São Tomé, Curaçao") == "Turkiye, Sao Tome, Curacao"
    assert fold_accents("ﬁnal") == "final" and fold_accents("plain ascii") == "plain ascii"


def test_clean_text_replaces_lone_surrogates_and_keeps_real_characters():
    assert clean_text("a\udcff b\ud800 c\ud83d\ude00 d\x00e") == "a\ufffd b\ufffd c\U0001f600 de"
    assert clean_text("plain ¶12 🌍") == "plain ¶12 🌍"


def test_a_question_with_surrogates_is_answered_and_printable(engine, index_dir, capsys, hash_model):
    answer = engine.ask("coral \udcff reefs \ud800")
    assert "\ufffd" in answer.question
    answer.question.encode("utf-8")  # nothing unencodable left
    assert main(["ask", "coral \udcff reefs", "--index", str(index_dir)]) == 0
    assert main(["para", RES, "1\udcff", "--index", str(index_dir)]) == 2
    _, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def say(session: ConsoleSession, line: str) -> str:
    """What the console prints for ``line`` (plain text)."""
    return "\n\n".join(plain(v) for v in session.handle(line))


def test_a_console_session_survives_bad_bytes_surrogates_and_bugs(engine):
    raw = io.BytesIO(b"/para 1 A/RES/80/99\n\xff\xfe/para 1\n/para 1\xed\xa0\x80 A/RES/80/99\n/para 2 A/RES/80/99\n/quit\n")
    strict_in = io.TextIOWrapper(raw, encoding="utf-8")  # strict, like a terminal that is not UTF-8
    out = io.StringIO()
    assert run_console(engine, strict_in, out) == 0
    text = out.getvalue()
    assert "Calls upon States" in text and "Decides to include the item" in text, "the session read to the end"
    assert text.count("not a paragraph reference") == 1  # "1\ufffd\ufffd\ufffd" beside a document name
    assert text.count("A/RES/80/99 ¶1") == 1

    def boom(*_a, **_k):
        raise RuntimeError("a bug")

    engine.ask = boom
    session = ConsoleSession(engine)
    assert say(session, "why").startswith("Sorry, something went wrong (RuntimeError)")
    assert say(session, "/para 1 A/RES/80/99").startswith("A/RES/80/99 ¶1"), "the session goes on"


def test_console_para_with_a_bad_ref_names_the_ref_not_the_document(no_default_index):
    session = ConsoleSession(Engine(IndexStore.open(no_default_index)))
    for line in ("/para -1 A/RES/80/99", "/para A/RES/80/99 -1", "/para -1"):
        reply = say(session, line)
        assert reply.startswith("'-1' is not a paragraph reference"), (line, reply)
    assert say(session, "/para 1").startswith("Name a document, e.g. /para A/RES/80/99 2")
    assert say(session, "/toc").startswith("Name a document, e.g. /toc A/RES/80/99:")
    assert say(session, "/para 1 A/RES/80/99").startswith("A/RES/80/99 ¶1")


def test_without_a_default_document_a_bare_paragraph_is_told_to_name_one_and_a_query_is_searched(no_default_index):
    engine = Engine(IndexStore.open(no_default_index), lambda: HashEmbedder())
    bare = engine.ask("What does paragraph 2 say?")
    assert (bare.mode, bare.abstained) == ("lookup", True) and bare.message.startswith("Name a document")
    query = engine.ask("Register GGE paragraph 2 recommendations")
    assert query.mode == "search" and not query.message.startswith("Name a document")
    other = engine.ask("What does paragraph 2 of resolution 75/240 say?")
    assert other.abstained and "A/RES/75/240" in other.message  # not paragraph 2 of an indexed one


def test_oewg_chat_reads_invalid_utf8_from_stdin(index_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--index", str(index_dir)], cwd=REPO, timeout=60,
        input=b"/para 1 A/RES/80/99\n/para \xff\xfe\n/para \xff A/RES/80/99\n/quit\n", capture_output=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert "Calls upon States" in out and "is not a paragraph reference" in out


# ---- --k ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("k", ["-5", "0", "51", "2.5", "many"])
def test_k_out_of_range_is_refused_with_a_clear_message(index_dir, capsys, k):
    with pytest.raises(SystemExit) as exited:
        main(["ask", "coral", "--k", k, "--index", str(index_dir)])
    assert exited.value.code == 2
    assert f"--k must be a whole number of paragraphs from 1 to 50, not '{k}'" in capsys.readouterr().err


def test_k_within_range_is_accepted(index_dir, capsys, hash_model):
    for k in ("1", "50"):
        assert main(["ask", "coral reefs bleaching", "--k", k, "--index", str(index_dir), "--json"]) == 0
        assert len(json.loads(capsys.readouterr().out)["quotes"]) <= int(k)


# ---- the token never echoed --------------------------------------------------------------------

def test_a_token_pasted_into_token_env_is_never_printed(tmp_path, capsys):
    from bot.runner import run_bot

    config = tmp_path / "config.toml"
    config.write_text(f'[discord]\ntoken_env = "{TOKEN}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert "NAME of an environment variable" in str(caught.value) and "Reset Token" in str(caught.value)
    assert run_bot(config, env={}) == 2
    err = capsys.readouterr().err
    for part in [TOKEN, *TOKEN.split(".")]:
        assert part not in str(caught.value) and part not in err


def test_token_like_values_are_hidden_in_every_config_error(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[discord]\nguild_ids = "{TOKEN}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert TOKEN not in str(caught.value) and "value not shown" in str(caught.value)
    assert shown_value("data/index") == "'data/index'" and shown_value(12) == "12"


# ---- feedback export and voter keys ------------------------------------------------------------

@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(tmp_path, prefix):
    db = tmp_path / "f.sqlite"
    store = BotStore(db)
    question = f'{prefix}HYPERLINK("https://evil.example","click")'
    store.vote(store.record_answer(question, [f"{prefix}1"], False), 1, up=True)
    out = io.StringIO()
    export_feedback_csv(db, out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["question"] == "'" + question and row["refs"] == f"'{prefix}1"
    assert all(not v.startswith(FORMULA_PREFIXES) for v in row.values())


def test_ordinary_cells_are_exported_as_they_are():
    assert [csv_cell(v) for v in ("what about ransomware?", "A/80/257 ¶12", 3, None)] == ["what about ransomware?", "A/80/257 ¶12", 3, None]


def test_voter_keys_are_salted_per_database(tmp_path):
    uid = 123456789012345678
    a, b = BotStore(tmp_path / "a.sqlite"), BotStore(tmp_path / "b.sqlite")
    assert a.voter_key(uid) != b.voter_key(uid), "the same member gets unrelated keys in two databases"
    assert BotStore(tmp_path / "a.sqlite").voter_key(uid) == a.voter_key(uid), "the salt is kept in the database"
    answer = a.record_answer("q", [], False)
    a.vote(answer, uid, up=True)
    with sqlite3.connect(tmp_path / "a.sqlite") as con:
        dump = "\n".join(con.iterdump())
    unsalted = [hashlib.sha256(f"{p}{uid}".encode()).hexdigest()[:32] for p in ("", "oewg-vote:")]
    assert str(uid) not in dump and not any(k in dump for k in unsalted)
    BotStore(tmp_path / "a.sqlite").vote(answer, uid, up=False)
    assert a.tally(answer) == (0, 1), "after a restart the same member's vote is changed, not added"


def test_feedback_export_from_a_path_with_uri_characters(tmp_path):
    db = tmp_path / "we#ird?x%41" / "feedback.sqlite"
    store = BotStore(db)
    store.vote(store.record_answer("q", [], False), 1, up=True)
    out = io.StringIO()
    assert export_feedback_csv(db, out) == 1
    assert sorted(p.name for p in db.parent.iterdir()) == ["feedback.sqlite"]


# ---- Discord text with lone surrogates -----------------------------------------------------------

def _encodable(texts) -> bool:
    for text in texts:
        text.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate
    return True


async def test_discord_questions_with_surrogates_are_stored_and_answered(tmp_path):
    from bot.cogs.ask import AskCog
    from tests.fakes import BOT_ID, FakeBot, Recorder, make_interaction, make_message

    bot = FakeBot(tmp_path)
    cog = AskCog(bot)
    rec = Recorder()
    await cog.ask.callback(cog, make_interaction(bot, rec), question="ransomware \ud800 hospitals \udcff")
    await cog.on_message(make_message(bot, rec, f"<@{BOT_ID}> ransomware \udcff hospitals"))
    assert len(rec.texts("thread")) == 2, "both questions were answered in their threads"
    assert _encodable(rec.texts()), "nothing unencodable was sent to Discord"
    with sqlite3.connect(bot.config.bot.feedback_db) as con:
        questions = [r[0] for r in con.execute("SELECT question FROM answers")]
    assert questions == ["ransomware \ufffd hospitals \ufffd", "ransomware \ufffd hospitals"]


async def test_para_and_glossary_with_surrogates_answer_plainly(tmp_path):
    from bot.cogs.glossary import GlossaryCog
    from bot.cogs.para import ParaCog
    from tests.fakes import FakeBot, Recorder, make_interaction

    bot = FakeBot(tmp_path)
    rec = Recorder()
    para = ParaCog(bot)
    await para.para.callback(para, make_interaction(bot, rec), ref="3\udcff", doc=None)
    glossary = GlossaryCog(bot)
    await glossary.glossary.callback(glossary, make_interaction(bot, rec), term="ransom\ud800")
    [bad_ref, no_term] = rec.texts("response")
    assert "is not a paragraph reference" in bad_ref and "No glossary entry" in no_term
    assert _encodable(rec.texts())


def test_a_failed_feedback_export_leaves_no_file(tmp_path, capsys):
    out = tmp_path / "votes.csv"
    assert main(["feedback", "--db", str(tmp_path / "none.sqlite"), "--out", str(out)]) == 1
    assert "No feedback database" in capsys.readouterr().err and not out.exists()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    assert main(["feedback", "--db", str(bad), "--out", str(out)]) == 1 and not out.exists()
