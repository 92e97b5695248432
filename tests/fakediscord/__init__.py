"""A small Discord stand-in on 127.0.0.1 (REST + gateway websocket) for end-to-end tests.

See :mod:`fakediscord.server` for the entry point, :class:`FakeDiscord`.
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
