"""N concurrent /ask through the fake Discord, measured from the fake's side (shared by
tests/e2e/test_load.py and benchmarks/load.py).

Event-loop lag is read from the gateway heartbeats: discord.py's keep-alive thread sleeps one
heartbeat interval, then hands the heartbeat to the bot's event loop and waits until it is
sent, so every gap between two heartbeats beyond the interval is time the loop was busy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from fakediscord.harness import Harness, has_feedback

POLL_S = 0.2
LAG_PROBE_MS = 25  # heartbeat interval while measuring: a stall hides at most this long between beats
QUESTIONS = (
    "What does the General Assembly decide about the final report?",
    "What support should the Secretary-General provide to the Global Mechanism?",
    "Which portal should be established for capacity-building?",
    "Which item is included in the provisional agenda of the eighty-first session?",
    "When does the Global Mechanism start its work?",
    "What is the role of the open-ended working group?",
    "How are responsible State behaviour and ICTs addressed?",
    "What does the resolution say about international security?",
    "Which annex contains the elements agreed for the mechanism?",
    "What should States do about developments in the field of ICTs?",
)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(min(rank, len(ordered))) - 1]


@dataclass(frozen=True)
class LoadResult:
    asked: int
    answered: int
    threads: int
    dispatch_s: float  # time to dispatch all interactions
    total_s: float  # first dispatch to last complete answer
    ack_s: list[float]  # per question: dispatch -> first callback (defer)
    done_s: list[float]  # per question: dispatch -> complete answer
    lag_s: list[float]  # heartbeat gap beyond the interval, during the run
    deadline_misses: int  # callbacks later than 3 s

    @property
    def throughput(self) -> float:
        return self.answered / self.total_s if self.total_s else 0.0

    @property
    def max_lag_s(self) -> float:
        return max(self.lag_s) if self.lag_s else 0.0


def completion_s(h: Harness, inter) -> float | None:
    """Dispatch to the arrival of the last request that built the answer (thread posts included)."""
    thread = h.interaction_messages(inter)[1]
    recs = h.fake.requests(lambda r: r.params.get("token") == inter.token
                           or (thread is not None and r.params.get("channel_id") == str(thread)))
    return max(r.at for r in recs) - inter.dispatched_at if recs else None


def run_load(h: Harness, n: int = 50, timeout: float = 300.0, heartbeat_s: float = 0.1) -> LoadResult:
    """Dispatch ``n`` /ask from ``n`` different members at once and wait for every answer."""
    fake = h.fake
    users = [fake.world.add_user(f"load-{time.monotonic_ns()}-{i}") for i in range(n)]
    mark = fake.recorder.mark()
    started = time.monotonic()
    inters = [fake.slash("ask", user=u, question=QUESTIONS[i % len(QUESTIONS)]) for i, u in enumerate(users)]
    dispatch_s = time.monotonic() - started
    finished: set[int] = set()

    def all_done() -> bool:
        for inter in inters:
            if inter.id not in finished and has_feedback(h.interaction_messages(inter)[0]):
                finished.add(inter.id)
        return len(finished) == len(inters)

    deadline = started + timeout
    while not all_done() and time.monotonic() < deadline:
        time.sleep(POLL_S)  # polling, not waking on every record: the harness must not load the fake
    ends = {i.id: completion_s(h, i) for i in inters if i.id in finished}
    done_s = [d for d in ends.values() if d is not None]
    if len(done_s) == n:
        total_s = max(i.dispatched_at + ends[i.id] for i in inters) - started
    else:
        total_s = time.monotonic() - started
    acks = [fake.response_latency(i) for i in inters]
    ack_s = [a for a in acks if a is not None]
    gaps = fake.heartbeat_gaps(after=mark)
    threads = {h.interaction_messages(i)[1] for i in inters} - {None}
    return LoadResult(
        asked=n, answered=len(finished), threads=len(threads), dispatch_s=dispatch_s, total_s=total_s,
        ack_s=ack_s, done_s=done_s, lag_s=[max(0.0, g - heartbeat_s) for g in gaps],
        deadline_misses=sum(1 for a in acks if a is None or a > 3.0),
    )
