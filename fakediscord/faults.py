"""Fault injection for the fake REST API: "the next N requests on route X answer 429 / 500 / 403"
(a 429 may be the bot-wide *global* limit), and a sliding-window rate limit that answers 429
with ``retry_after`` on a burst whatever the headers said.

Routes are named by their template, exactly as :mod:`fakediscord.rest` lists them, e.g.
``"POST /channels/{channel_id}/messages"``; ``"*"`` matches every route.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .payloads import error_body
from .ratelimits import bucket_hash, rate_limit_body

_DEFAULT_MESSAGES = {
    403: (50013, "Missing Permissions"),
    404: (10003, "Unknown Channel"),
    500: (0, "500: Internal Server Error"),
    502: (0, "502: Bad Gateway"),
    503: (0, "503: Service Unavailable"),
}


@dataclass(frozen=True)
class FaultAnswer:
    """What to answer instead of handling the request."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = ""  # "global" for the bot-wide 429, "bucket" for a route's own limit

    @property
    def label(self) -> str:
        return f"{self.status}-{self.kind}" if self.kind else str(self.status)


@dataclass
class _Countdown:
    route: str
    status: int
    remaining: int
    retry_after: float
    code: int | None
    message: str | None
    is_global: bool = False


class _Window:
    """Sliding-window limiter: at most ``limit`` requests per ``per`` seconds on one route."""

    def __init__(self, route: str, limit: int, per: float) -> None:
        self.route, self.limit, self.per = route, limit, per
        self.times: deque[float] = deque()

    def check(self, now: float) -> float:
        """0 when the request may pass (and counts it), else the seconds to wait."""
        while self.times and now - self.times[0] >= self.per:
            self.times.popleft()
        if len(self.times) < self.limit:
            self.times.append(now)
            return 0.0
        return max(0.001, self.times[0] + self.per - now)


def rate_limited(retry_after: float, route: str, limit: int = 0, *, is_global: bool = False) -> FaultAnswer:
    """A 429 exactly as Discord sends it (discord.py only trusts it with a ``Via`` header).

    A global 429 (every route of the bot is limited) carries ``"global": true`` and
    ``X-RateLimit-Global``, and no bucket headers.
    """
    headers = {"Retry-After": f"{retry_after:.3f}", "Via": "1.1 google"}
    if is_global:
        headers.update({"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"})
    else:
        headers.update({
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": bucket_hash(route),
            "X-RateLimit-Scope": "user",
        })
    return FaultAnswer(429, rate_limit_body(retry_after, is_global=is_global), headers, "global" if is_global else "")


def error_answer(status: int, code: int | None = None, message: str | None = None) -> FaultAnswer:
    default_code, default_message = _DEFAULT_MESSAGES.get(status, (0, f"{status}: fake error"))
    return FaultAnswer(status, error_body(default_code if code is None else code, message or default_message))


class FaultPlan:
    """The faults armed on a fake server. Safe to arm from the test thread while it serves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._countdowns: list[_Countdown] = []
        self._windows: list[_Window] = []

    def fail(
        self, route: str, status: int, times: int = 1, *, retry_after: float = 1.0,
        code: int | None = None, message: str | None = None, is_global: bool = False,
    ) -> None:
        """The next ``times`` requests on ``route`` answer ``status`` (429 carries ``retry_after``;
        ``is_global`` makes it the bot-wide limit)."""
        if times < 1:
            raise ValueError(f"times must be >= 1, got {times}")
        with self._lock:
            self._countdowns.append(_Countdown(route, status, times, retry_after, code, message, is_global))

    def rate_limit(self, route: str, limit: int, per: float) -> None:
        """From now on, more than ``limit`` requests per ``per`` seconds on ``route`` answer 429."""
        with self._lock:
            self._windows.append(_Window(route, limit, per))

    def clear(self) -> None:
        with self._lock:
            self._countdowns.clear()
            self._windows.clear()

    def pending(self) -> int:
        """How many countdown faults have not fired yet."""
        with self._lock:
            return sum(c.remaining for c in self._countdowns)

    def take(self, route: str, now: float | None = None) -> FaultAnswer | None:
        """The fault that answers this request instead of the handler, or None (consumes one)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for c in self._countdowns:
                if c.remaining > 0 and c.route in (route, "*"):
                    c.remaining -= 1
                    if c.status == 429:
                        return rate_limited(c.retry_after, route, is_global=c.is_global)
                    return error_answer(c.status, c.code, c.message)
            for w in self._windows:
                if w.route in (route, "*"):
                    wait = w.check(now)
                    if wait:
                        return rate_limited(wait, route, w.limit)
        return None
