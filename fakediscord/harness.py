"""Test-side helpers over a FakeDiscord and the real bot process: ask a question and collect
every message the bot produced for it, and check the invariants every send must satisfy.

An *exchange* is one user action and all the bot messages it caused: for ``/ask`` the
interaction's own replies plus the messages in the thread started on its response; for a
mention, the messages in the thread started on the question plus inline replies to it. An
answer is complete when a message carries the feedback buttons the bot puts under answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from fakediscord import FakeDiscord, InteractionState
from fakediscord.botproc import BotProcess
from fakediscord.limits import (
    allowed_mentions_problems, message_problems, payload_links, visible_texts, would_ping,
)
from fakediscord.recorder import Note

FEEDBACK_PREFIX = "feedback:"  # custom_id of the 👍/👎 buttons under every answer


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c.get("custom_id") or "" for row in message.get("components") or [] for c in row.get("components") or []]


def has_feedback(messages: list[dict[str, Any]]) -> bool:
    return any(cid.startswith(FEEDBACK_PREFIX) for m in messages for cid in custom_ids(m))


def text_of(messages: list[dict[str, Any]]) -> str:
    """All visible text of some messages (content and embeds), joined."""
    return "\n".join(t for m in messages for t in visible_texts(m))


@dataclass
class Exchange:
    """One user action and the bot's messages for it (current state, edits applied)."""

    messages: list[dict[str, Any]]
    interaction: InteractionState | None = None
    question: dict[str, Any] | None = None  # the user's message, for mentions
    thread_id: int | None = None
    seconds: float = 0.0  # from the action to completion
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return text_of(self.messages)


class Harness:
    """A FakeDiscord with the bot process connected to it."""

    def __init__(self, fake: FakeDiscord, bot: BotProcess) -> None:
        self.fake = fake
        self.bot = bot
        self.ready_seconds = 0.0  # process start -> IDENTIFY done and commands synced
        self.first_answer_seconds = 0.0  # process start -> first /ask fully answered (model loaded)

    # ---- collecting an exchange ----------------------------------------------------
    def interaction_messages(self, inter: InteractionState) -> tuple[list[dict[str, Any]], int | None]:
        replies = self.fake.replies(inter)
        thread_id = inter.original_message_id if inter.original_message_id and self.fake.world.is_thread(inter.original_message_id) else None
        in_thread = self.fake.bot_messages(thread_id) if thread_id else []
        return replies + in_thread, thread_id

    def message_messages(self, question: dict[str, Any]) -> tuple[list[dict[str, Any]], int | None]:
        qid = int(question["id"])
        thread_id = qid if self.fake.world.is_thread(qid) else None
        in_thread = self.fake.bot_messages(thread_id) if thread_id else []
        inline = [m for m in self.fake.bot_messages(int(question["channel_id"]))
                  if (m.get("message_reference") or {}).get("message_id") == str(qid)]
        return inline + in_thread, thread_id

    def _wait(self, collect: Callable[[], tuple[list, int | None]], done: Callable[[list], bool], timeout: float, what: str):
        def check():
            msgs, thread = collect()
            return (msgs, thread) if done(msgs) else None

        return self.fake.recorder.wait_until(check, timeout, what=what)

    # ---- user actions ----------------------------------------------------------------
    def ask(
        self, question: str, *, user: str = "alice", channel: str = "questions", timeout: float = 60.0,
        done: Callable[[list], bool] = has_feedback, check_values: bool = True,
    ) -> Exchange:
        """``/ask question`` and wait for the complete answer (feedback buttons present)."""
        started = time.monotonic()
        inter = self.fake.slash("ask", user=user, channel=channel, question=question, check_values=check_values)
        msgs, thread = self._wait(lambda: self.interaction_messages(inter), done, timeout, f"the answer to /ask {question[:40]!r}")
        return Exchange(msgs, interaction=inter, thread_id=thread, seconds=time.monotonic() - started)

    def command(self, name: str, *, user: str = "alice", channel: str = "questions", timeout: float = 30.0,
                count: int = 1, check_values: bool = True, **options: Any) -> Exchange:
        """Any slash command; waits for ``count`` finished replies, then for the bot to go quiet."""
        started = time.monotonic()
        inter = self.fake.slash(name, user=user, channel=channel, check_values=check_values, **options)
        self.fake.wait_reply(inter, timeout, count)
        self.wait_quiet()
        msgs, thread = self.interaction_messages(inter)
        return Exchange(msgs, interaction=inter, thread_id=thread, seconds=time.monotonic() - started)

    def mention(self, text: str, *, user: str = "alice", channel: str = "questions", timeout: float = 60.0,
                done: Callable[[list], bool] = has_feedback) -> Exchange:
        """A message mentioning the bot, and the complete answer to it."""
        question = self.fake.mention(text, user=user, channel=channel)
        return self.answer_to(question, timeout=timeout, done=done)

    def answer_to(self, question: dict[str, Any], *, timeout: float = 60.0,
                  done: Callable[[list], bool] = has_feedback) -> Exchange:
        """Wait for the complete answer to a message already posted (``fake.user_says``/``mention``)."""
        started = time.monotonic()
        msgs, thread = self._wait(lambda: self.message_messages(question), done, timeout,
                                  f"the answer to the message {question['content'][:40]!r}")
        return Exchange(msgs, question=question, thread_id=thread, seconds=time.monotonic() - started)

    def say(self, text: str, *, user: str = "alice", channel: str | int = "questions") -> dict[str, Any]:
        return self.fake.user_says(text, user=user, channel=channel)

    def wait_quiet(self, quiet: float = 0.4, timeout: float = 15.0) -> None:
        """Wait until the bot has made no REST request for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.fake.requests()
            idle = time.monotonic() - (last[-1].at if last else 0.0)
            if idle >= quiet:
                return
            time.sleep(min(quiet - idle + 0.01, 0.2))
        raise TimeoutError(f"the bot kept sending requests for {timeout:.0f}s")

    def requests_after(self, mark: int) -> list:
        return self.fake.requests(after=mark)

    # ---- invariants --------------------------------------------------------------------
    def invariant_problems(self, after: int = 0) -> list[str]:
        """Everything wrong with what the bot did since ``after``: limits, pings, links to user
        input, refused or unknown requests, late interaction answers, the token, a dead process."""
        problems: list[str] = []
        for sent in self.fake.sends(after=after):
            where = f"{sent.record.method} {sent.record.route}"
            problems += [f"{where}: {p}" for p in message_problems(sent.payload)]
            problems += [f"{where}: {p}" for p in allowed_mentions_problems(sent.payload)]
            problems += [f"{where}: would ping {p}" for p in would_ping(sent.payload)]
            if self.bot.token in repr(sent.payload):
                problems.append(f"{where}: the token is in a message")
        for r in self.fake.requests(after=after):
            if r.status == 400:
                problems.append(f"{r.method} {r.route}: refused by Discord rules: {r.response}")
            if r.route == "":
                problems.append(f"{r.method} {r.path}: a route the fake does not know")
        for n in self.fake.recorder.all(Note, lambda n: n.kind == "late_callback", after):
            problems.append(f"interaction {n.data['interaction_id']} answered after {n.data['after']:.2f}s (limit 3 s)")
        for n in self.fake.recorder.all(Note, lambda n: n.kind == "fake_error", after):
            problems.append(f"the fake Discord failed on {n.data['route']}: {n.data['trace']}")
        for n in self.fake.recorder.all(Note, lambda n: n.kind == "interaction_dispatched", after):
            state = self.fake.world.interactions[n.data["id"]]
            if state.callback_at is None:
                problems.append(f"interaction {n.data['name']!r} (type {n.data['type']}) was never answered")
        if not self.bot.alive():
            problems.append(f"the bot process exited: {self.bot.log_tail(15)}")
        return problems

    def links_in_sends(self, after: int = 0) -> list[str]:
        return [url for s in self.fake.sends(after=after) for url in payload_links(s.payload)]
