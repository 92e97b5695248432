"""The real bot where the fake Discord is as strict as Discord: rate-limit buckets announced in
headers and enforced, a global 429, an interaction token that expires after 15 minutes of the
fake's clock during /reindex, a /reindex over a damaged index, and questions that name a bad
range or carry invalid text. Every test is also checked by ``discord_invariants``."""

from __future__ import annotations

import json

import pytest

from index.integrity import DB
from tests.e2e.corpus_text import contains_words, operative_numbers, operative_paragraph
from tests.conftest import RESOLUTIONS_DIR
from fakediscord.harness import has_feedback, text_of

pytestmark = pytest.mark.e2e

THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
CHANNEL_MESSAGE = "POST /channels/{channel_id}/messages"
CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
EDIT_ORIGINAL = "PATCH /webhooks/{application_id}/{token}/messages/@original"
RES_16 = RESOLUTIONS_DIR / "A_RES_80_16.md"
QUESTIONS = ("What does the resolution decide about the final report?",
             "What should the Secretary-General establish for capacity-building?",
             "Which item goes on the agenda of the eighty-first session?")


def test_the_bot_waits_on_an_exhausted_bucket_and_is_never_refused(harness):
    fake = harness.fake
    fake.ratelimits.set_limit(THREADS, limit=1, per=1.0)  # one new thread a second per channel
    mark = fake.recorder.mark()
    # The bot learned the old limit in earlier tests; one answer's headers teach it the new one
    # (Discord's limits do not change under a running bot: only this test changes them).
    first = harness.ask(QUESTIONS[0], user="owner")
    inters = [first.interaction] + [fake.slash("ask", user=u, question=q) for u, q in zip(("alice", "bob"), QUESTIONS[1:])]
    for inter in inters:
        fake.recorder.wait_until(lambda inter=inter: has_feedback(harness.interaction_messages(inter)[0]), 90, what="an answer")
    creations = fake.requests(lambda r: r.route == THREADS, mark)
    assert [r.status for r in creations] == [201, 201, 201], "the bot read the headers: no 429"
    assert all(r.headers["X-RateLimit-Remaining"] == "0" for r in creations)
    assert creations[2].at - creations[1].at >= 0.95, "the concurrent creations waited for the bucket to reset"
    assert all(harness.interaction_messages(i)[1] is not None for i in inters), "every answer in its own thread"


def test_a_global_429_holds_every_request_then_everything_arrives_once(harness):
    fake = harness.fake
    fake.faults.fail(CHANNEL_MESSAGE, 429, retry_after=1.0, is_global=True)
    mark = fake.recorder.mark()
    inters = [fake.slash("ask", user=u, question=q) for u, q in zip(("alice", "bob"), QUESTIONS)]
    for inter in inters:
        fake.recorder.wait_until(lambda inter=inter: has_feedback(harness.interaction_messages(inter)[0]), 90, what="an answer")
    [limited] = fake.requests(lambda r: r.status == 429, mark)
    assert limited.fault == "429-global"
    with_bot_token = fake.requests(lambda r: r.seq > limited.seq and "{token}" not in r.route, mark)
    # The other question's message may already be on the wire when the 429 goes out: that one
    # may arrive within moments of it. A retry of the refused request, or anything later, may not.
    def in_flight(r):
        return r.path != limited.path and r.at - limited.at < 0.05
    during = [r for r in with_bot_token if r.at - limited.at < 0.95 and not in_flight(r)]
    assert with_bot_token and not during, "nothing was sent during the global limit"
    assert with_bot_token[-1].at - limited.at >= 0.95, "the held requests were sent after the limit"
    posts = fake.requests(lambda r: r.route == CHANNEL_MESSAGE and r.ok, mark)
    in_threads = sum(len(fake.bot_messages(harness.interaction_messages(i)[1])) for i in inters)
    assert len(posts) == in_threads, "every message arrived exactly once"


def test_reindex_longer_than_the_token_lifetime_reports_by_direct_message(harness):
    fake = harness.fake
    fake.after_next(CALLBACK, lambda: fake.advance_clock(15 * 60 + 1))  # the build "takes" 15 minutes
    mark = fake.recorder.mark()
    fake.slash("reindex", user="bob")
    [dm] = fake.recorder.wait_until(lambda: fake.dm_messages("bob") or None, 180, what="the /reindex result by DM")
    assert dm["content"].startswith("Reindex finished"), dm["content"]
    edits = fake.requests(lambda r: r.route == EDIT_ORIGINAL, mark)
    assert [r.status for r in edits] == [401] and edits[0].response["code"] == 50027, "one refused edit, then no more tries"
    about = harness.command("about")
    assert "A/RES/80/16" in text_of(about.messages), "the bot still answers"


def test_reindex_over_a_damaged_index_rebuilds_it(harness, e2e_index):
    fake = harness.fake
    (e2e_index.path / DB).write_bytes(b"this is not SQLite any more")  # the running bot has it in memory
    mark = fake.recorder.mark()
    reindex = fake.slash("reindex", user="bob")
    [done] = fake.recorder.wait_until(
        lambda: [m for m in fake.replies(reindex) if not m["flags"] & 128 and "Reindexing…" not in m["content"]] or None,
        240, what="the end of /reindex")
    assert done["content"].startswith("Reindex finished") and "(0 unchanged)" in done["content"], done["content"]
    number = operative_numbers(RES_16)[0]
    ex = harness.command("para", ref=str(number), doc="A/RES/80/16")
    assert contains_words(ex.text, operative_paragraph(RES_16, number))
    assert has_feedback(harness.ask("What does the General Assembly request of the Secretary-General?").messages)
    assert not fake.requests(lambda r: r.status >= 400, mark)


@pytest.mark.parametrize("question, reason", [
    ("what do paragraphs 1-99999 of A/RES/80/16 say?", "ranges are limited to 30 paragraphs"),
    ("what do paragraphs 5-1 of A/RES/80/16 say?", "the range runs backwards"),
])
def test_a_question_naming_a_bad_range_gets_the_reason(harness, question, reason):
    ex = harness.ask(question)
    assert reason in ex.text and "Sorry, something went wrong" not in ex.text
    ex = harness.mention(question)
    assert reason in ex.text and "Sorry, something went wrong" not in ex.text


def test_a_question_with_lone_surrogates_is_answered(harness):
    mark = harness.fake.recorder.mark()
    ex = harness.ask("What does the resolution decide \ud800 about the final report \udcff?")
    assert has_feedback(ex.messages) and "Sorry, something went wrong" not in ex.text
    sent = [s.payload for s in harness.fake.sends(after=mark)]
    text = json.dumps(sent, ensure_ascii=False)
    assert "\ufffd" in text, "the question is echoed with U+FFFD in place of the surrogates"
    text.encode("utf-8")  # raises if a lone surrogate reached Discord
