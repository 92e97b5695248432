"""50 concurrent /ask through the fake Discord: none dropped, every one deferred within 3 s,
the bot's event loop never blocked for 100 ms or more (measured from gateway heartbeats sent
every 25 ms during the run, so a stall of 100 ms cannot hide between two of them)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import HEARTBEAT_MS
from tests.e2e.load import LAG_PROBE_MS, percentile, run_load

pytestmark = pytest.mark.e2e

N = 50
MAX_LAG_S = 0.100


@pytest.fixture
def fast_heartbeats(harness):
    """Heartbeats every 25 ms while the load runs: any loop stall >= 25 ms shows in their gaps."""
    harness.fake.set_heartbeat_interval(LAG_PROBE_MS)
    yield LAG_PROBE_MS / 1000
    harness.fake.set_heartbeat_interval(HEARTBEAT_MS)


def test_50_concurrent_asks(harness, fast_heartbeats, record_property):
    r = run_load(harness, N, heartbeat_s=fast_heartbeats)
    for key, value in {
        "answered": r.answered, "total_s": round(r.total_s, 2), "throughput_qps": round(r.throughput, 2),
        "ack_p95_s": round(percentile(r.ack_s, 95), 3), "done_p50_s": round(percentile(r.done_s, 50), 2) if r.done_s else None,
        "done_p95_s": round(percentile(r.done_s, 95), 2) if r.done_s else None, "max_loop_lag_ms": round(r.max_lag_s * 1000, 1),
    }.items():
        record_property(key, value)
    assert r.answered == N, f"only {r.answered} of {N} questions were answered: some were dropped"
    assert r.threads == N, "each question gets its own thread"
    assert r.deadline_misses == 0 and max(r.ack_s) < 3.0
    assert len(r.lag_s) >= r.total_s / fast_heartbeats * 0.5, "too few heartbeats to measure the loop"
    assert r.max_lag_s < MAX_LAG_S, f"event loop blocked {r.max_lag_s * 1000:.0f} ms (limit {MAX_LAG_S * 1000:.0f} ms)"
