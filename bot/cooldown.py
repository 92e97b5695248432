"""Per-user rate limit: at most ``burst`` questions in any ``seconds`` window.

A sliding window over each user's recent question times; the clock is injected so the
behaviour is testable without sleeping. One instance belongs to one bot.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Callable, Hashable


class Cooldown:
    """``hit(user)`` records a question and returns 0.0, or the seconds to wait when over the limit."""

    def __init__(self, seconds: float, burst: int, clock: Callable[[], float] = time.monotonic):
        if burst < 1:
            raise ValueError("burst must be at least 1")
        self.seconds = float(seconds)
        self.burst = burst
        self._clock = clock
        self._recent: dict[Hashable, deque[float]] = {}

    def hit(self, user: Hashable) -> float:
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        times = self._recent.setdefault(user, deque())
        while times and now - times[0] >= self.seconds:
            times.popleft()
        if len(times) >= self.burst:
            return max(0.0, self.seconds - (now - times[0]))
        times.append(now)
        self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        """Drop users with no question inside the window, so the table does not grow forever."""
        if len(self._recent) < 1024:
            return
        for user in [u for u, t in self._recent.items() if not t or now - t[-1] >= self.seconds]:
            del self._recent[user]
