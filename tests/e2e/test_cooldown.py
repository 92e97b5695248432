"""The per-user cooldown end to end: a bot allowing one question a minute answers the first and
tells the asker to wait on the next — for a mention with a reply that pings nobody (not even
the author it replies to), for /ask and /para privately. Uses its own bot process (the shared
one allows 20 questions a second so that other tests never meet the cooldown)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import FAKE_TOKEN, HEARTBEAT_MS
from fakediscord.harness import Harness, has_feedback
from fakediscord import FakeDiscord
from fakediscord.botproc import BotProcess, BotSetup

pytestmark = pytest.mark.e2e

LOOKUP = "what does paragraph 2 of A/RES/80/16 say?"  # exact lookup: no model needed to answer
WAIT = "Please wait"
EPHEMERAL = 64


@pytest.fixture(scope="module")
def strict(e2e_index, tmp_path_factory):
    fake = FakeDiscord(token=FAKE_TOKEN, heartbeat_interval_ms=HEARTBEAT_MS).start()
    setup = BotSetup(index_dir=e2e_index.path, workdir=tmp_path_factory.mktemp("e2e-cooldown"),
                     cooldown_seconds=60, cooldown_burst=1)
    bot = BotProcess(fake, setup).start()
    try:
        h = Harness(fake, bot)
        bot.wait_ready(120)
        yield h
    finally:
        bot.stop()
        fake.stop()


def test_a_mention_over_the_limit_gets_a_reply_that_pings_nobody(strict):
    first = strict.mention(LOOKUP, user="alice")
    assert has_feedback(first.messages), "the first question is answered"
    question = strict.fake.mention(LOOKUP, user="alice")
    reply = strict.fake.wait_bot_message(
        "questions", lambda m: (m.get("message_reference") or {}).get("message_id") == question["id"], 30)
    assert WAIT in reply["content"] and "60 s" in reply["content"]
    [sent] = [s for s in strict.fake.sends() if str((s.payload.get("message_reference") or {}).get("message_id")) == question["id"]]
    assert sent.payload["allowed_mentions"] == {"parse": [], "replied_user": False}, "the reply must not ping its author"
    assert strict.invariant_problems() == []


def test_ask_and_para_over_the_limit_answer_privately(strict):
    mark = strict.fake.recorder.mark()
    for name, options in (("ask", {"question": LOOKUP}), ("para", {"ref": "2", "doc": "A/RES/80/16"})):
        ex = strict.command(name, user="bob", **options)
        if name == "ask":
            assert has_feedback(ex.messages), "bob's first question is answered"
        ex = strict.command(name, user="bob", **options)
        [reply] = ex.messages
        assert WAIT in reply["content"] and reply["flags"] & EPHEMERAL
        assert strict.fake.callbacks(ex.interaction)[0].json["type"] == 4, "refused at once, without deferring"
    assert strict.invariant_problems(after=mark) == []


def test_other_members_are_not_held_by_someone_elses_cooldown(strict):
    ex = strict.mention(LOOKUP, user="owner")
    assert has_feedback(ex.messages) and WAIT not in ex.text
