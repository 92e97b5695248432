"""The world misbehaves and the bot keeps working, losing nothing: gateway drops (RESUME),
429 bursts, 500s, a refused thread, and the index directory replaced under a /reindex."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from tests.conftest import RESOLUTIONS_DIR
from tests.e2e.corpus_text import contains_words, operative_numbers, operative_paragraph
from fakediscord.harness import has_feedback, text_of

pytestmark = pytest.mark.e2e

THREADS = "POST /channels/{channel_id}/messages/{message_id}/threads"
CHANNEL_MESSAGE = "POST /channels/{channel_id}/messages"
RES_16 = RESOLUTIONS_DIR / "A_RES_80_16.md"
NEW_DOC = "A_RES_80_55.md"  # added to the sources for /reindex


@pytest.mark.parametrize("code", [4000, 1001])
def test_gateway_drop_then_resume_and_answer(harness, code):
    fake = harness.fake
    mark = fake.recorder.mark()
    closed = fake.drop_gateway(code)
    assert closed is not None
    resumed = fake.wait_resumed(20, after=mark)
    assert resumed.data["connection"] > closed
    assert not fake.gateway_frames(lambda g: g.op == 2, mark), "resumed, not re-identified"
    ex = harness.ask("What does the General Assembly request for the Global Mechanism?")
    assert has_feedback(ex.messages)


def test_question_sent_while_disconnected_is_answered_after_resume(harness):
    fake = harness.fake
    mark = fake.recorder.mark()
    fake.drop_gateway(4000)
    question = fake.mention("Which report does the General Assembly endorse?")  # replayed on RESUME
    resumed = fake.wait_resumed(20, after=mark)
    assert resumed.data["replayed"] >= 1
    ex = harness.answer_to(question)
    assert ex.thread_id == int(question["id"]) and has_feedback(ex.messages)


def test_429_burst_is_waited_out_and_nothing_is_lost(harness):
    fake = harness.fake
    fake.faults.rate_limit(CHANNEL_MESSAGE, limit=1, per=1.0)
    mark = fake.recorder.mark()
    questions = ["What does the resolution decide about the final report?",
                 "What should the Secretary-General establish for capacity-building?",
                 "Which item goes on the agenda of the eighty-first session?"]
    inters = [fake.slash("ask", user=u, question=q) for u, q in zip(("alice", "bob", "owner"), questions)]
    for inter in inters:
        fake.recorder.wait_until(lambda: has_feedback(harness.interaction_messages(inter)[0]), 90, what="an answer")
    posts = fake.requests(lambda r: r.route == CHANNEL_MESSAGE, mark)
    limited = [r for r in posts if r.status == 429]
    delivered = [r for r in posts if r.ok]
    assert limited, "the burst should have hit the rate limit"
    for r in limited:  # every 429 was waited out before the same channel was tried again
        retry = next(p for p in posts if p.seq > r.seq and p.path == r.path)
        assert retry.at - r.at >= r.response["retry_after"] - 0.05
    in_threads = sum(len(fake.bot_messages(harness.interaction_messages(i)[1])) for i in inters)
    assert len(delivered) == in_threads, "every message the bot meant to send arrived exactly once"


def test_500_twice_then_success_delivers_the_answer(harness):
    fake = harness.fake
    fake.faults.fail(CHANNEL_MESSAGE, 500, times=2)
    ex = harness.ask("What does the General Assembly decide to include in its provisional agenda?", timeout=90)
    assert has_feedback(ex.messages)
    posts = fake.requests(lambda r: r.route == CHANNEL_MESSAGE and r.path == f"/channels/{ex.thread_id}/messages")
    assert [r.status for r in posts[:3]] == [500, 500, 200]


def test_thread_refused_403_answers_inline(harness):
    fake = harness.fake
    fake.faults.fail(THREADS, 403)
    ex = harness.ask("What does the resolution say about the Global Mechanism?")
    assert ex.thread_id is None and fake.requests(lambda r: r.route == THREADS)[-1].status == 403
    replies = fake.replies(ex.interaction)
    assert has_feedback(replies) and "A/RES/80/" in text_of(replies), "the answer follows inline"


def test_thread_refused_403_for_a_mention_replies_inline(harness):
    harness.fake.faults.fail(THREADS, 403)
    ex = harness.mention("What does the resolution say about the Global Mechanism?")
    assert ex.thread_id is None
    assert all(m["message_reference"]["message_id"] == ex.question["id"] for m in ex.messages[:1])


def test_index_replaced_during_reindex_queries_keep_working(harness, e2e_index):
    """While /reindex rebuilds (a new document added) and the index folder is replaced, lookups
    and questions keep being answered from the old index; after the swap the new document is there."""
    fake = harness.fake
    new_doc = RESOLUTIONS_DIR / NEW_DOC
    number = operative_numbers(RES_16)[0]
    expected = operative_paragraph(RES_16, number)
    old_target = e2e_index.path.resolve()
    shutil.copy(new_doc, e2e_index.sources / NEW_DOC)
    reindex = fake.slash("reindex", user="bob")  # bob has the admin role
    results: list[tuple[float, bool]] = []
    stop = threading.Event()

    def keep_looking_up() -> None:
        while not stop.is_set():
            ex = harness.command("para", user="owner", ref=str(number), doc="A/RES/80/16", timeout=20)
            results.append((time.monotonic(), contains_words(ex.text, expected)))

    worker = threading.Thread(target=keep_looking_up)
    worker.start()
    try:
        during = harness.ask("What support does the Secretary-General provide?", user="alice", timeout=120)
        [done] = fake.recorder.wait_until(
            lambda: [m for m in fake.replies(reindex) if not m["flags"] & 128 and "Reindexing…" not in m["content"]], 180,
            what="the end of /reindex")
        done_at = time.monotonic()
    finally:
        stop.set()
        worker.join(30)
    assert has_feedback(during.messages), "a question asked during the reindex was answered"
    assert results and all(ok for _, ok in results), "every lookup during the reindex was answered correctly"
    assert any(t < done_at for t, _ in results), "lookups ran while the reindex was in progress"
    assert "fail" not in done["content"].lower(), done["content"]
    assert e2e_index.path.resolve() != old_target, "the rebuild replaced the index folder"
    about = harness.command("about")
    assert "A/RES/80/55" in text_of(about.messages), "the new document is served after the swap"
    first_new = operative_numbers(new_doc)[0]
    after = harness.command("para", ref=str(first_new), doc="A/RES/80/55")
    assert contains_words(after.text, operative_paragraph(new_doc, first_new))
