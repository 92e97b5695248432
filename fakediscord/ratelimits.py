"""Discord's per-route rate-limit buckets, as the fake serves them.

Every REST response carries the ``X-RateLimit-*`` headers of its bucket, exactly as Discord
sends them (limit, remaining, reset as a Unix time, reset-after, bucket hash), so a client's
bucket handling runs on every request. A bucket is one route template with its major
parameters (channel, guild, or webhook id + token, as Discord and discord.py key them) and a
fixed window: ``limit`` requests, then the window resets ``per`` seconds after its first one.
A request beyond the limit is answered 429 with ``retry_after`` — which a client that reads
the headers never receives. Defaults are generous; a test narrows one route with
:meth:`RateLimits.set_limit` to see the client wait on its own.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any

MAJOR_PARAMS = ("channel_id", "guild_id", "application_id", "token", "interaction_id")
DEFAULT_LIMIT = 50
DEFAULT_PER = 1.0


def bucket_hash(route: str) -> str:
    """Discord's opaque bucket id for a route (stable, so the client can learn it)."""
    return hashlib.sha1(route.encode()).hexdigest()[:16]


@dataclass
class _Window:
    limit: int
    per: float
    started: float = 0.0
    used: int = 0


@dataclass(frozen=True)
class BucketState:
    """What one request did to its bucket: the headers to send, and whether it was refused."""

    headers: dict[str, str]
    retry_after: float  # 0 when the request may pass


class RateLimits:
    """The buckets of one fake server (thread-safe)."""

    def __init__(self, default_limit: int = DEFAULT_LIMIT, default_per: float = DEFAULT_PER) -> None:
        self._lock = threading.Lock()
        self.default = (default_limit, default_per)
        self._limits: dict[str, tuple[int, float]] = {}
        self._windows: dict[tuple[str, tuple[str, ...]], _Window] = {}

    def set_limit(self, route: str, limit: int, per: float) -> None:
        """From now on ``route`` (a template) allows ``limit`` requests per ``per`` seconds per bucket."""
        with self._lock:
            self._limits[route] = (limit, per)
            for key in [k for k in self._windows if k[0] == route]:
                del self._windows[key]

    def clear(self) -> None:
        with self._lock:
            self._limits.clear()
            self._windows.clear()

    def take(self, route: str, params: dict[str, str], now: float | None = None, wall: float | None = None) -> BucketState:
        """Count one request on its bucket; the headers for its response and any wait it owes."""
        now = time.monotonic() if now is None else now
        wall = time.time() if wall is None else wall
        key = (route, tuple(params.get(p, "") for p in MAJOR_PARAMS))
        with self._lock:
            limit, per = self._limits.get(route, self.default)
            window = self._windows.get(key)
            if window is None or now - window.started >= window.per:
                window = self._windows[key] = _Window(limit, per, started=now)
            reset_after = max(0.0, window.started + window.per - now)
            refused = window.used >= window.limit
            if not refused:
                window.used += 1
            remaining = max(0, window.limit - window.used)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{wall + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket_hash(route),
        }
        if refused:
            headers["X-RateLimit-Scope"] = "user"
        return BucketState(headers, max(reset_after, 0.001) if refused else 0.0)


def rate_limit_body(retry_after: float, *, is_global: bool = False) -> dict[str, Any]:
    return {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": is_global}
