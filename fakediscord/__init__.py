"""A small Discord stand-in on 127.0.0.1 (REST + gateway websocket), a package of its own that the
end-to-end tests (tests/e2e) and the load benchmark (benchmarks/load.py) both import.

See :mod:`fakediscord.server` for the entry point, :class:`FakeDiscord`; :mod:`fakediscord.harness`
for driving the real bot through it, :mod:`fakediscord.load` for concurrent questions, and
:mod:`fakediscord.project` for running this project's `oewg` commands.
"""

from .faults import FaultPlan
from .limits import allowed_mentions_problems, message_problems, payload_links, would_ping
from .recorder import GatewayRecord, Note, Recorder, RestRecord
from .server import FakeDiscord, Sent
from .world import InteractionState, World, WorldError

__all__ = [
    "FakeDiscord", "FaultPlan", "GatewayRecord", "InteractionState", "Note", "Recorder", "RestRecord", "Sent",
    "World", "WorldError", "allowed_mentions_problems", "message_problems", "payload_links", "would_ping",
]
