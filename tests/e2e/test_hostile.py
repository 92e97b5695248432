"""Hostile input: huge and empty questions, mentions, markdown and masked links, invisible and
bidi characters, bad references, and broken PDFs. Each gets a clear reply or error, nothing
crashes, and nothing a user typed comes back as a ping or a link.

Some inputs are ones the real Discord client refuses (a 10 KB /ask option); the fake sends
them anyway (``check_values=False``), playing a misbehaving client.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from index.engine import MAX_QUESTION_CHARS
from tests.conftest import RESOLUTIONS_DIR, require_corpus
from tests.e2e.conftest import build_index, oewg_command
from tests.e2e.corpus_text import operative_numbers
from fakediscord.harness import has_feedback, text_of
from tests.e2e.hostile_pdfs import HOSTILE, LONG_SYMBOL, long_paragraph, write_hostile
from fakediscord.limits import strip_code

pytestmark = pytest.mark.e2e

EVIL_HOST = "evil.example"
RES_16 = RESOLUTIONS_DIR / "A_RES_80_16.md"


def sent_texts(harness, mark: int) -> list[str]:
    """Content of every message body the bot sent since ``mark``."""
    return [s.payload.get("content") or "" for s in harness.fake.sends(after=mark)]


def assert_no_ping_syntax_from(texts: list[str], *, user_ids=(), role_ids=()) -> None:
    """None of the user-typed mentions survive as mention syntax outside code."""
    for text in texts:
        plain = strip_code(text)
        assert not re.search(r"@(everyone|here)\b", plain), f"@everyone/@here echoed: {text[:200]!r}"
        for uid in user_ids:
            assert f"<@{uid}>" not in plain and f"<@!{uid}>" not in plain, f"user mention echoed: {text[:200]!r}"
        for rid in role_ids:
            assert f"<@&{rid}>" not in plain, f"role mention echoed: {text[:200]!r}"


def test_ask_option_is_capped_like_the_engine(harness):
    [opt] = [o for o in harness.fake.commands()["ask"]["options"] if o["name"] == "question"]
    assert 1 <= opt.get("min_length", 0) and opt["max_length"] <= MAX_QUESTION_CHARS
    with pytest.raises(ValueError, match="max_length"):
        harness.fake.slash("ask", question="x" * 10_000)  # the Discord client refuses it


def test_10kb_question_through_a_misbehaving_client(harness):
    ex = harness.command("ask", question="What is the Global Mechanism? " * 350, check_values=False, timeout=30)
    assert harness.fake.response_latency(ex.interaction) < 3.0
    text = text_of(ex.messages)
    assert str(MAX_QUESTION_CHARS) in text or "long" in text.lower(), f"not a clear reply: {text[:300]!r}"
    assert not has_feedback(ex.messages) or "long" in text.lower()


def test_10kb_question_in_a_mention(harness):
    mark = harness.fake.recorder.mark()
    ex = harness.mention("Please explain the Global Mechanism. " * 280, timeout=60)
    assert str(MAX_QUESTION_CHARS) in ex.text, f"the reply should state the limit: {ex.text[:300]!r}"
    assert all(len(t) <= 2000 for t in sent_texts(harness, mark))


def test_empty_question(harness):
    ex = harness.command("ask", question="", check_values=False)
    assert ex.messages and text_of(ex.messages).strip(), "an empty question gets a clear reply"


def test_bare_mention_gets_help(harness):
    mark = harness.fake.recorder.mark()
    harness.fake.user_says(f"<@{harness.fake.world.bot_id}>")
    msg = harness.fake.wait_bot_message("questions", lambda m: "/ask" in m["content"], 20)
    assert msg["message_reference"] and harness.fake.requests(after=mark)


def test_everyone_and_mentions_in_the_question_never_ping(harness):
    fake = harness.fake
    bob, admin = fake.world.user_id("bob"), fake.world.role_id("admin")
    mark = fake.recorder.mark()
    ex = harness.ask(f"@everyone @here <@&{admin}> <@{bob}> <@!{bob}> what is the Global Mechanism?")
    assert has_feedback(ex.messages)
    assert_no_ping_syntax_from(sent_texts(harness, mark), user_ids=[bob], role_ids=[admin])
    assert "<@" not in fake.world.channel(ex.thread_id)["name"]


def test_markdown_and_masked_links_are_not_echoed_as_links(harness):
    mark = harness.fake.recorder.mark()
    question = (f"[click here](https://{EVIL_HOST}/phish) <https://{EVIL_HOST}/x> https://{EVIL_HOST}/y "
                "**bold** ||spoiler|| `code` > quote # heading what does the resolution say about the Global Mechanism?")
    ex = harness.ask(question)
    assert has_feedback(ex.messages)
    links = harness.links_in_sends(mark)
    assert not [u for u in links if EVIL_HOST in u], f"user-typed link rendered: {links}"
    mark = harness.fake.recorder.mark()
    harness.mention(f"[see](https://{EVIL_HOST}/m) what is the Global Mechanism?", user="bob")
    assert not [u for u in harness.links_in_sends(mark) if EVIL_HOST in u]


def test_zero_width_and_rtl_characters(harness):
    question = "\u200b\u200d\u202eWhat\u2066 is the \u200fGlobal\u00ad Mechanism?\u202c\ufeff"
    ex = harness.ask(question)
    assert has_feedback(ex.messages)
    name = harness.fake.world.channel(ex.thread_id)["name"]
    assert 1 <= len(name) <= 100
    invisible_only = harness.ask("\u200b\u200d\u202e\u2066\ufeff", user="bob")
    assert "found no paragraph" in text_of(invisible_only.messages) or "A/RES/80/" in text_of(invisible_only.messages)


def test_unknown_paragraph_number_names_valid_ones(harness):
    ex = harness.command("para", ref="99999", doc="A/RES/80/16")
    [reply] = ex.messages
    assert reply["flags"] & 64 and "99999" in reply["content"]
    valid = {str(n) for n in operative_numbers(RES_16)}
    assert valid & set(re.findall(r"\b\d+\b", reply["content"])), "the reply names the nearest valid references"


def test_malformed_reference_explains_the_grammar(harness):
    ex = harness.command("para", ref="12(zz)", doc="A/RES/80/16")
    [reply] = ex.messages
    text = reply["content"].replace("\\", "")
    assert reply["flags"] & 64 and "12(zz)" in text
    valid = {str(n) for n in operative_numbers(RES_16)}
    assert "12(b)" in text or valid & set(re.findall(r"\b\d+\b", text.replace("12(zz)", ""))), \
        "the reply shows the grammar or the nearest valid references"


def test_reference_and_document_with_pings_and_links(harness):
    fake = harness.fake
    admin = fake.world.role_id("admin")
    mark = fake.recorder.mark()
    harness.command("para", ref=f"<@&{admin}> @everyone", doc=f"[x](https://{EVIL_HOST}/d)")
    texts = sent_texts(harness, mark)
    assert texts and all(t.strip() for t in texts)
    assert_no_ping_syntax_from(texts, role_ids=[admin])
    assert not [u for u in harness.links_in_sends(mark) if EVIL_HOST in u]


def test_hostile_pdfs_build_with_one_clear_error_each(tmp_path):
    """`oewg build` over corrupt, encrypted, image-only, empty and 200-page PDFs plus a good
    document: one error line per bad file, exit 1 (files were skipped), the good ones indexed and readable."""
    require_corpus()
    sources = tmp_path / "sources"
    paths = write_hostile(sources)
    shutil.copy(RES_16, sources / RES_16.name)
    done = build_index([sources], tmp_path / "index")
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.rstrip().endswith(f"{len(HOSTILE)} file(s) could not be indexed (named above): the index holds the "
                                         "others. Fix or remove those files and build again.")
    assert "Traceback" not in done.stderr + done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    for name in HOSTILE:
        mine = [e for e in errors if name in e]
        assert len(mine) == 1, f"{name}: expected one error line, got {mine}"
        assert len(mine[0]) < 400 and " — " in mine[0], f"not a one-line actionable message: {mine[0]}"
    assert len(errors) == len(HOSTILE) and "long-200-pages.pdf" not in "\n".join(errors)
    para = subprocess.run(oewg_command() + ["para", LONG_SYMBOL, "399", "--index", str(tmp_path / "index"), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert para.returncode == 0, para.stderr
    import json

    got = json.loads(para.stdout)
    assert got["text"] == long_paragraph(399) and got["page"] == 200
    assert paths["long-200-pages.pdf"].stat().st_size > 0
