"""Fault injection for the fake REST API: "the next N requests on route X answer 429 / 500 / 403",
and a real sliding-window rate limit that answers 429 with ``retry_after`` on a burst.

Routes are named by their template, exactly as :mod:`tests.fakediscord.rest` lists them, e.g.
``"POST /channels/{channel_id}/messages"``; ``"*"`` matches every route.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .payloads import error_body

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

    @property
    def label(self) -> str:
        return str(self.status)


@dataclass
class _Countdown:
    route: str
    status: int
    remaining: int
    retry_after: float
    code: int | None
    message: str | None


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


def rate_limited(retry_after: float, route: str, limit: int = 0) -> FaultAnswer:
    """A 429 exactly as Discord sends it (discord.py only trusts it with a ``Via`` header)."""
    return FaultAnswer(
        429,
        {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": False},
        {
            "Retry-After": f"{retry_after:.3f}",
            "Via": "1.1 google",
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": f"fake-{abs(hash(route)) % 10**8}",
            "X-RateLimit-Scope": "user",
        },
    )


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
        code: int | None = None, message: str | None = None,
    ) -> None:
        """The next ``times`` requests on ``route`` answer ``status`` (429 carries ``retry_after``)."""
        if times < 1:
            raise ValueError(f"times must be >= 1, got {times}")
        with self._lock:
            self._countdowns.append(_Countdown(route, status, times, retry_after, code, message))

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
                        return rate_limited(c.retry_after, route)
                    return error_answer(c.status, c.code, c.message)
            for w in self._windows:
                if w.route in (route, "*"):
                    wait = w.check(now)
                    if wait:
                        return rate_limited(wait, route, w.limit)
        return None
