"""The token never appears in the bot's logs, error messages or Discord messages, whatever
goes wrong (tested with recognisable fake tokens)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import FAKE_TOKEN
from fakediscord.harness import has_feedback
from fakediscord import FakeDiscord
from fakediscord.botproc import BotProcess, BotSetup

pytestmark = pytest.mark.e2e

THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
CHANNEL_MESSAGE = "POST /channels/{channel_id}/messages"


def secret_parts(token: str) -> list[str]:
    """The token and each of its long parts (a leak of any of them is a leak)."""
    return [token] + [part for part in token.split(".") if len(part) >= 8]


def leaks(text: str, token: str) -> list[str]:
    return [part for part in secret_parts(token) if part in text]


def test_token_absent_from_logs_after_errors(harness):
    fake = harness.fake
    fake.faults.fail(THREADS, 401, message="401: Unauthorized")
    ex = harness.ask("What does the resolution decide about the final report?")
    assert has_feedback(ex.messages)
    fake.faults.fail(CHANNEL_MESSAGE, 403, times=10)  # the answer, the inline fallback, the apology...
    mark = fake.recorder.mark()
    fake.mention("What is the Global Mechanism?", user="bob")
    fake.wait_for_request(lambda r: r.fault == "403", 60, after=mark)
    harness.wait_quiet(1.0, timeout=40)
    fake.faults.clear()
    mark = fake.recorder.mark()
    fake.drop_gateway(4000)
    fake.wait_resumed(20, after=mark)
    log = harness.bot.log_text()
    assert log, "the bot wrote no log at all"
    assert leaks(log, FAKE_TOKEN) == []
    assert all(leaks(repr(s.payload), FAKE_TOKEN) == [] for s in fake.sends())


def test_wrong_token_fails_with_a_clear_message_without_the_token(e2e_index, tmp_path):
    wrong = "WRONG-E2E-TOKEN.OTg3NjU0MzIxMDk4NzY1NDMy.bm90LXRoZS1yaWdodC1vbmUtYXQtYWxs"
    with FakeDiscord(token=FAKE_TOKEN) as fake:
        bot = BotProcess(fake, BotSetup(index_dir=e2e_index.path, workdir=tmp_path), token=wrong).start()
        try:
            status = bot.proc.wait(60)
        finally:
            bot.stop()
        out = bot.log_text()
    assert status not in (0, None), out
    assert leaks(out, wrong) == [], out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "token" in errors[0].lower(), out
    assert fake.requests()[0].status == 401 and not fake.requests()[0].authorized


def test_debug_logging_never_shows_the_token(e2e_index, tmp_path):
    token = "DEBUG-E2E-TOKEN.MTExMTExMTExMTExMTExMTEx.ZGVidWctbG9ncy1tdXN0LW5vdC1sZWFr"
    with FakeDiscord(token=token, heartbeat_interval_ms=200) as fake:
        setup = BotSetup(index_dir=e2e_index.path, workdir=tmp_path, extra={"bot": {"log_level": "DEBUG"}})
        bot = BotProcess(fake, setup).start()
        try:
            bot.wait_ready(90)
            inter = fake.slash("para", ref="1", doc="A/RES/80/16")
            fake.wait_reply(inter, 30)
            mark = fake.recorder.mark()
            fake.drop_gateway(4000)
            fake.wait_resumed(20, after=mark)
        finally:
            bot.stop()
        log = bot.log_text()
    assert "DEBUG" in log, "the bot did not log at DEBUG level"
    assert leaks(log, token) == []
