"""The gateway half of the fake Discord: a websocket speaking Discord's gateway protocol v10.

HELLO (op 10) on connect; IDENTIFY (op 2) starts a session and gets READY then GUILD_CREATE;
HEARTBEAT (op 1) is acknowledged (op 11); RESUME (op 6) replays every dispatch the client
missed, then RESUMED; REQUEST_GUILD_MEMBERS (op 8) gets one GUILD_MEMBERS_CHUNK. Frames are
zlib-stream compressed when the client asks for ``compress=zlib-stream``.

Dispatches are numbered per session and kept, so a test can close the socket at any moment
and the client, resuming, receives everything it missed: nothing is lost.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import payloads as P
from .recorder import GatewayRecord

if TYPE_CHECKING:
    from .server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

AUTHENTICATION_FAILED = 4004
DECODE_ERROR = 4002
NOT_AUTHENTICATED = 4003


@dataclass
class Connection:
    number: int
    ws: web.WebSocketResponse
    compressor: Any = None  # zlib compressobj when the client asked for zlib-stream
    session: "Session | None" = None


@dataclass
class Session:
    id: str
    intents: int
    seq: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, for RESUME replay
    conn: Connection | None = None  # the connection currently receiving dispatches
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Serves the websocket and owns the sessions (lives on the fake server's event loop)."""

    def __init__(self, fake: "FakeDiscord", heartbeat_interval_ms: int) -> None:
        self.fake = fake
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.connections: list[Connection] = []

    # ---- websocket handler --------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress")
        conn = Connection(len(self.connections) + 1, ws, zlib.compressobj() if compress == "zlib-stream" else None)
        self.connections.append(conn)
        self.fake.recorder.note("gateway_connect", connection=conn.number, query=dict(request.query))
        await self._send(conn, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._receive(conn, msg.data)
                elif msg.type == WSMsgType.BINARY:
                    await self._receive(conn, msg.data.decode("utf-8"))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            session = conn.session
            if session is not None:
                async with session.lock:
                    if session.conn is conn:
                        session.conn = None
            self.fake.recorder.note("gateway_disconnect", connection=conn.number, code=ws.close_code)
        return ws

    async def _receive(self, conn: Connection, text: str) -> None:
        try:
            frame = json.loads(text)
        except ValueError:
            await conn.ws.close(code=DECODE_ERROR, message=b"Decode error")
            return
        op, d = frame.get("op"), frame.get("d")
        self._record(conn, "in", frame)
        if op == HEARTBEAT:
            await self._send(conn, {"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, d or {})
        elif op == RESUME:
            await self._resume(conn, d or {})
        elif op == REQUEST_GUILD_MEMBERS:
            await self._members_chunk(conn, d or {})
        elif op == PRESENCE_UPDATE:
            pass  # recorded above; nothing to answer

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.fake.token:
            await conn.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        world = self.fake.world
        session = Session(id=secrets.token_hex(16), intents=int(d.get("intents") or 0))
        self.sessions[session.id] = session
        self.current = session
        conn.session = session
        ready = P.ready(session.id, self.fake.gateway_url, world.users[world.bot_id], world.application_id, [world.guild_id])
        async with session.lock:
            session.conn = conn
            await self._dispatch_locked(session, "READY", ready)
            await self._dispatch_locked(session, "GUILD_CREATE", world.guild_payload())
        self.fake.recorder.note("identified", session_id=session.id, intents=session.intents, connection=conn.number)

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.fake.token:
            await conn.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        session = self.sessions.get(d.get("session_id") or "")
        if session is None:
            await self._send(conn, {"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        conn.session = session
        last = int(d.get("seq") or 0)
        async with session.lock:
            missed = [f for f in session.frames if f["s"] > last]
            for frame in missed:
                await self._send(conn, frame)
            session.conn = conn
            await self._dispatch_locked(session, "RESUMED", {"_trace": ["fake-discord"]})
        self.fake.recorder.note("resumed", session_id=session.id, replayed=len(missed), connection=conn.number)

    async def _members_chunk(self, conn: Connection, d: dict[str, Any]) -> None:
        world = self.fake.world
        session = conn.session
        if session is None:
            await conn.ws.close(code=NOT_AUTHENTICATED, message=b"Not authenticated.")
            return
        members = world.guild_payload()["members"]
        chunk = {
            "guild_id": str(world.guild_id), "members": members, "chunk_index": 0, "chunk_count": 1,
            "not_found": [], "presences": [],
        }
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # ---- dispatching ---------------------------------------------------------
    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a dispatch to the current session (kept for replay if it is disconnected); its seq."""
        session = self.current
        if session is None:
            raise RuntimeError("the client has not identified yet: nothing to dispatch to")
        async with session.lock:
            return await self._dispatch_locked(session, event, data)

    async def _dispatch_locked(self, session: Session, event: str, data: dict[str, Any]) -> int:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.frames.append(frame)
        if session.conn is not None and not session.conn.ws.closed:
            await self._send(session.conn, frame)
        return session.seq

    async def close_current(self, code: int, message: str = "") -> int | None:
        """Close the live connection with ``code``; the connection number closed, None if none."""
        session = self.current
        conn = session.conn if session else None
        if conn is None:
            return None
        async with session.lock:  # type: ignore[union-attr]
            session.conn = None  # type: ignore[union-attr]
        self.fake.recorder.note("gateway_closed_by_fake", connection=conn.number, code=code)
        await conn.ws.close(code=code, message=message.encode())
        return conn.number

    async def send_reconnect(self) -> None:
        """op 7: ask the client to reconnect and resume."""
        session = self.current
        if session is not None and session.conn is not None:
            await self._send(session.conn, {"op": RECONNECT, "d": None, "s": None, "t": None})

    async def _send(self, conn: Connection, frame: dict[str, Any]) -> None:
        if conn.ws.closed:
            return
        text = json.dumps(frame)
        self._record(conn, "out", frame)
        try:
            if conn.compressor is not None:
                await conn.ws.send_bytes(conn.compressor.compress(text.encode()) + conn.compressor.flush(zlib.Z_SYNC_FLUSH))
            else:
                await conn.ws.send_str(text)
        except ConnectionError:
            pass  # the client went away; a RESUME will replay what it missed

    def _record(self, conn: Connection, direction: str, frame: dict[str, Any]) -> None:
        rec = self.fake.recorder
        rec.add(GatewayRecord(
            seq=rec.next_seq(), at=time.monotonic(), direction=direction, connection=conn.number,
            op=frame.get("op", -1), t=frame.get("t"), s=frame.get("s"), d=redact_token(frame.get("d"), self.fake.token),
        ))


def redact_token(d: Any, token: str) -> Any:
    """IDENTIFY and RESUME carry the token: the record keeps only whether it was the right one."""
    if isinstance(d, dict) and "token" in d:
        return {**d, "token": "<the expected token>" if d["token"] == token else "<a wrong token>"}
    return d
