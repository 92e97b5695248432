"""Thread-safe record of everything that crossed the fake Discord: REST requests with the
answer given, and gateway frames in both directions. Tests read it and wait on it.

Records carry a global sequence number so a test can take a ``mark()`` and wait only for what
happens after it. The bot token is never stored: a REST record only says whether the request
was authorised.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar


@dataclass(frozen=True)
class RestRecord:
    """One REST request the client made and what the fake answered."""

    seq: int
    at: float  # time.monotonic() when the request arrived
    method: str
    path: str  # below the API base, e.g. "/channels/123/messages"
    route: str  # template, e.g. "POST /channels/{channel_id}/messages"; "" when unknown
    params: dict[str, str]
    query: dict[str, str]
    json: Any  # the JSON body (or multipart payload_json), None when there was none
    authorized: bool  # carried "Authorization: Bot <the expected token>"
    status: int
    response: Any
    fault: str = ""  # "429", "500", "403"... when an injected fault answered ("429-bucket": the route's limit)
    headers: dict[str, str] = field(default_factory=dict)  # the response headers (rate-limit ones on every answer)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class GatewayRecord:
    """One gateway frame: ``direction`` is "in" (client to fake) or "out" (fake to client)."""

    seq: int
    at: float
    direction: str
    connection: int  # 1 for the first websocket, 2 after a reconnect, ...
    op: int
    t: str | None
    s: int | None
    d: Any


@dataclass(frozen=True)
class Note:
    """Something the fake did on its own: an interaction dispatched, a socket closed, ..."""

    seq: int
    at: float
    kind: str
    data: dict[str, Any] = field(default_factory=dict)


R = TypeVar("R", RestRecord, GatewayRecord, Note)


class Recorder:
    """Append-only log of records with blocking waits (safe to use from any thread)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._records: list[RestRecord | GatewayRecord | Note] = []
        self._seq = 0

    def atomically(self) -> threading.Condition:
        """``with recorder.atomically():`` — waiters see nothing until the block has ended."""
        return self._cond

    def next_seq(self) -> int:
        with self._cond:
            self._seq += 1
            return self._seq

    def add(self, record: RestRecord | GatewayRecord | Note) -> None:
        with self._cond:
            self._records.append(record)
            self._cond.notify_all()

    def note(self, kind: str, **data: Any) -> Note:
        n = Note(self.next_seq(), time.monotonic(), kind, data)
        self.add(n)
        return n

    def mark(self) -> int:
        """The current sequence number: pass it as ``after`` to see only newer records."""
        with self._cond:
            return self._seq

    def all(self, kind: type[R], predicate: Callable[[R], bool] | None = None, after: int = 0) -> list[R]:
        with self._cond:
            recs = [r for r in self._records if isinstance(r, kind) and r.seq > after]
        return [r for r in recs if predicate is None or predicate(r)]

    def wait(
        self, kind: type[R], predicate: Callable[[R], bool], timeout: float, after: int = 0, what: str = ""
    ) -> R:
        """The first record of ``kind`` after ``after`` matching ``predicate``; waits up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        checked = 0
        with self._cond:
            while True:
                for r in self._records[checked:]:
                    if isinstance(r, kind) and r.seq > after and predicate(r):
                        return r
                checked = len(self._records)
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
        raise TimeoutError(
            f"no {kind.__name__} {what or 'matching the predicate'} within {timeout:.1f}s; "
            f"last records: {self._tail(kind)}"
        )

    def wait_until(self, condition: Callable[[], Any], timeout: float, what: str = "the condition") -> Any:
        """Re-check ``condition()`` as records arrive until it is truthy; returns its value.

        The condition is evaluated without holding the log's lock (so a slow condition never
        stalls the server), and confirmed once under it, so that the records of whatever made
        it true are visible when this returns.
        """
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                with self._cond:
                    value = condition()
                if value:
                    return value
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{what} did not happen within {timeout:.1f}s; last requests: {self._tail(RestRecord)}")
            with self._cond:
                self._cond.wait(min(left, 0.05))

    def wait_count(
        self, kind: type[R], predicate: Callable[[R], bool], count: int, timeout: float, after: int = 0
    ) -> list[R]:
        """Wait until ``count`` matching records exist; returns them (raises TimeoutError with how many came)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [r for r in self._records if isinstance(r, kind) and r.seq > after and predicate(r)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"only {len(found)} of {count} {kind.__name__} records within {timeout:.1f}s")
                self._cond.wait(left)

    def _tail(self, kind: type, n: int = 6) -> list[str]:
        recs = [r for r in self._records if isinstance(r, kind)][-n:]
        out = []
        for r in recs:
            if isinstance(r, RestRecord):
                out.append(f"{r.method} {r.path} -> {r.status}")
            elif isinstance(r, GatewayRecord):
                out.append(f"{r.direction} op={r.op} t={r.t}")
            else:
                out.append(f"note {r.kind}")
        return out
