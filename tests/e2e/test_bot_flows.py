"""The real bot process through the fake Discord: /ask, /para, /onboard buttons, mentions,
thread follow-ups, and the messages it must ignore.

Expected text comes from the corpus files and the onboarding guide, never from literals.
Every test is also checked at teardown for Discord's limits and empty allowed_mentions
(see ``discord_invariants`` in conftest).
"""

from __future__ import annotations

import pytest

from tests.conftest import RESOLUTIONS_DIR
from tests.e2e.corpus_text import (
    body, contains_words, operative_numbers, operative_paragraph, quoted_lines, verbatim_share, without_running_headers, words,
)
from fakediscord.harness import FEEDBACK_PREFIX, custom_ids, has_feedback, text_of

pytestmark = pytest.mark.e2e

RES_16 = RESOLUTIONS_DIR / "A_RES_80_16.md"
DEFERRED, MESSAGE, UPDATE = 5, 4, 7


def assert_verbatim_quotes(text: str, corpus_files) -> None:
    """Each quoted line of the answer occurs word for word in one of the corpus files."""
    lines = [q for line in quoted_lines(text) for q in line.split("…") if len(words(q)) >= 4]
    assert lines, f"no quote in the answer:\n{text[:500]}"
    sources = [without_running_headers(body(p)) for p in corpus_files]
    for q in lines:
        best = max(verbatim_share(q, s) for s in sources)
        assert best == 1.0, f"not verbatim from the corpus ({best:.0%} of its 6-word runs found): {q[:120]!r}"


def test_ask_answers_in_a_thread_with_verbatim_cited_quotes(harness, e2e_index):
    question = "What support should the Secretary-General give to the Global Mechanism?"
    ex = harness.ask(question)
    fake = harness.fake
    assert fake.callbacks(ex.interaction)[0].json["type"] == DEFERRED
    assert fake.response_latency(ex.interaction) < 3.0
    assert ex.thread_id is not None, "the answer should be in a thread started on the /ask response"
    thread = fake.world.channel(ex.thread_id)
    assert thread["parent_id"] == str(fake.world.channel_id("questions"))
    assert words(question)[:6] == words(thread["name"])[:6]
    in_thread = fake.bot_messages(ex.thread_id)
    assert has_feedback(in_thread[-1:]), "the 👍/👎 buttons close the answer"
    assert "A/RES/80/16" in text_of(in_thread)
    assert_verbatim_quotes(text_of(in_thread), sorted(e2e_index.sources.glob("*.md")))
    header = fake.replies(ex.interaction)[0]["content"]
    assert contains_words(header, question)


def test_para_returns_the_paragraph_verbatim(harness):
    number = operative_numbers(RES_16)[1]
    ex = harness.command("para", ref=str(number), doc="A/RES/80/16")
    assert fake_callback_type(harness, ex) == MESSAGE
    assert contains_words(ex.text, operative_paragraph(RES_16, number))
    assert f"¶{number}" in ex.text
    assert not ex.messages[0]["flags"] & 64, "a lookup is shown to the channel"


def test_para_autocomplete_offers_documents_and_refs(harness):
    fake = harness.fake
    inter = fake.autocomplete("para", "doc", doc="A/RES/80/1")
    [record] = fake.recorder.wait_until(lambda: fake.callbacks(inter), 10)
    choices = record.json["data"]["choices"]
    assert 1 <= len(choices) <= 25
    [res16] = [c["value"] for c in choices if "A/RES/80/16" in c["name"] + c["value"]]
    inter = fake.autocomplete("para", "ref", ref="", doc=res16)
    [record] = fake.recorder.wait_until(lambda: fake.callbacks(inter), 10)
    refs = [c["value"] for c in record.json["data"]["choices"]]
    assert {str(n) for n in operative_numbers(RES_16)} <= set(refs)
    number = operative_numbers(RES_16)[0]
    ex = harness.command("para", ref=str(number), doc=res16)  # the offered values work as typed
    assert contains_words(ex.text, operative_paragraph(RES_16, number))


def fake_callback_type(harness, ex) -> int:
    return harness.fake.callbacks(ex.interaction)[0].json["type"]


def test_onboard_next_back_and_quote_buttons(harness):
    from sources.content import load_onboarding

    steps = load_onboarding()
    fake = harness.fake
    ex = harness.command("onboard")
    card = ex.messages[0]
    assert card["flags"] & 64, "the guide is private to whoever runs it"
    assert card["embeds"][0]["title"].endswith(steps[0].title)
    assert any(cid.startswith("onboard:next") for cid in custom_ids(card))

    def press(prefix: str) -> dict:
        cid = next(c for c in custom_ids(fake.world.message(int(card["id"]))) if c.startswith(prefix))
        click = fake.click(card["id"], cid)
        fake.recorder.wait_until(lambda: fake.callbacks(click), 10)
        assert fake.callbacks(click)[0].json["type"] in (UPDATE, DEFERRED)
        harness.wait_quiet()
        return click

    press("onboard:next")
    assert fake.world.message(int(card["id"]))["embeds"][0]["title"].endswith(steps[1].title)
    press("onboard:back")
    assert fake.world.message(int(card["id"]))["embeds"][0]["title"].endswith(steps[0].title)
    click = press("onboard:quote")
    [quoted] = fake.wait_reply(click, 60)
    assert quoted["flags"] & 64 and quoted_lines(quoted["content"]), "Quote the paragraph sends verbatim quotes"


def test_feedback_button_records_a_vote(harness):
    ex = harness.ask("Which portal should the Secretary-General establish?", user="bob")
    last = ex.messages[-1]
    up = next(c for c in custom_ids(last) if c.startswith(FEEDBACK_PREFIX + "up"))
    click = harness.fake.click(last["id"], up, user="alice")
    [thanks] = harness.fake.wait_reply(click, 10)
    assert thanks["flags"] & 64 and thanks["content"]


def test_mention_in_allowed_channel_answers_in_a_thread(harness):
    ex = harness.mention("What does the General Assembly decide about the final report?")
    assert ex.thread_id == int(ex.question["id"]), "the thread starts on the question"
    assert has_feedback(ex.messages)
    assert "A/RES/80/" in ex.text


def test_follow_up_in_the_thread_needs_no_mention(harness):
    first = harness.mention("What is the Global ICT Security Cooperation and Capacity-Building Portal?")
    fake = harness.fake
    before = len(fake.bot_messages(first.thread_id))
    follow = harness.say("And which session agenda will include the item?", channel=first.thread_id)
    fake.recorder.wait_until(
        lambda: has_feedback(fake.bot_messages(first.thread_id)[before:]), 60, what="an answer to the follow-up")
    new = fake.bot_messages(first.thread_id)[before:]
    assert all(m["channel_id"] == str(first.thread_id) for m in new)
    assert len(fake.threads()) == len({t["id"] for t in fake.threads()})
    assert not fake.world.message(int(follow["id"])).get("thread"), "no new thread for a follow-up"


def test_mention_in_a_channel_not_allowed_is_ignored(harness):
    mark = harness.fake.recorder.mark()
    harness.fake.mention("What is the Global Mechanism?", channel="general")
    harness.wait_quiet(1.0)
    assert harness.fake.requests(after=mark) == []


def test_slash_command_in_a_channel_not_allowed_gets_a_private_refusal(harness):
    ex = harness.command("ask", channel="general", question="What is the Global Mechanism?")
    [reply] = ex.messages
    assert reply["flags"] & 64 and f"<#{harness.fake.world.channel_id('questions')}>" in reply["content"]
    assert ex.thread_id is None and not has_feedback(ex.messages)


def test_another_bots_message_is_ignored(harness):
    mark = harness.fake.recorder.mark()
    harness.fake.mention("What is the Global Mechanism?", user="otherbot")
    harness.wait_quiet(1.0)
    assert harness.fake.requests(after=mark) == []


def test_own_messages_echoed_back_are_ignored(harness):
    fake = harness.fake
    mark = fake.recorder.mark()
    ex = harness.mention("What is the Global Mechanism?", user="bob")
    harness.wait_quiet(1.0)
    echoed = fake.gateway_frames(lambda g: g.t == "MESSAGE_CREATE" and g.d["author"]["id"] == str(fake.world.bot_id), mark)
    assert echoed, "the fake echoes the bot's own messages, as Discord does"
    answers = [r for r in fake.requests(after=mark) if r.route == "POST /channels/{channel_id}/messages"]
    assert len(answers) == len(ex.messages), "the bot answered only the question, not its own messages"


def test_welcome_message_for_a_new_member(harness):
    fake = harness.fake
    if not fake.intents() & (1 << 1):
        pytest.skip("the bot was started without a welcome channel (no members intent)")
    member = fake.member_joins("newcomer")
    msg = fake.wait_bot_message("welcome", lambda m: f"<@{member['user']['id']}>" in m["content"], 10)
    assert "/onboard" in msg["content"]
