"""FakeDiscord: a small Discord stand-in on 127.0.0.1 for end-to-end tests of a real bot.

It runs its own aiohttp server and event loop in a background thread, so tests drive it with
plain blocking calls while the bot under test (a subprocess, or a discord.py client on another
loop) talks to it over HTTP and a websocket::

    with FakeDiscord(token="...") as fake:
        # start the bot with api_base = fake.api_base
        fake.wait_ready()
        inter = fake.slash("ask", question="What is the Global Mechanism?")
        answer = fake.wait_reply(inter)

Everything the bot sends is recorded (``fake.recorder``); faults are armed on ``fake.faults``;
every response carries rate-limit headers and each route's bucket is enforced
(``fake.ratelimits``). The fake has its own clock for what Discord times (interaction tokens
expire after 15 minutes): ``fake.advance_clock(seconds)`` moves it on without waiting.
"""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Coroutine, TypeVar

from aiohttp import web

from . import payloads as P
from .faults import FaultPlan
from .gateway import Gateway, GatewayRecord
from .limits import has_message_body
from .ratelimits import RateLimits
from .recorder import Note, Recorder, RestRecord
from .rest import API_PREFIX, RestApi
from .world import InteractionState, World, WorldError, command_options

T = TypeVar("T")

# Gateway intents the fake enforces (https://discord.com/developers/docs/events/gateway#gateway-intents).
GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
MESSAGE_CONTENT = 1 << 15

SEND_ROUTES = {
    "POST /channels/{channel_id}/messages",
    "PATCH /channels/{channel_id}/messages/{message_id}",
    "POST /webhooks/{application_id}/{token}",
    "PATCH /webhooks/{application_id}/{token}/messages/@original",
    "PATCH /webhooks/{application_id}/{token}/messages/{message_id}",
}
HUMAN_REACTION_S = 0.25  # the soonest a test "user" presses a button after the message changed
CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{token}/callback"


@dataclass(frozen=True)
class Sent:
    """One message body the bot asked Discord to create or edit, and the request carrying it."""

    record: RestRecord
    payload: dict[str, Any]


def sent_payload(record: RestRecord) -> dict[str, Any] | None:
    """The message body inside a REST record, or None when the request sends no message."""
    body = record.json if isinstance(record.json, dict) else None
    if body is None:
        return None
    if record.route in SEND_ROUTES:
        return body
    if record.route == CALLBACK_ROUTE and body.get("type") in (4, 7):
        return body.get("data") or {}
    return None


def filter_for_intents(message: dict[str, Any], intents: int, bot_id: int) -> dict[str, Any] | None:
    """What the gateway would deliver of ``message`` to a client with ``intents`` (None: nothing)."""
    if not intents & GUILD_MESSAGES:
        return None
    if intents & MESSAGE_CONTENT:
        return message
    own = message["author"]["id"] == str(bot_id)
    mentioned = any(u["id"] == str(bot_id) for u in message.get("mentions") or [])
    if own or mentioned:
        return message
    blank = copy.deepcopy(message)
    blank.update(content="", embeds=[], attachments=[], components=[])
    return blank


class FakeDiscord:
    """A Discord REST API + gateway on 127.0.0.1, with recording and fault injection."""

    def __init__(
        self,
        token: str = "fake.discord.token",
        *,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        echo_own_messages: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.host, self.port = host, port
        self.interaction_deadline = interaction_deadline
        self.echo_own_messages = echo_own_messages
        self.ids = P.Snowflakes()
        self.world = World(self.ids)
        self.recorder = Recorder()
        self.faults = FaultPlan()
        self.ratelimits = RateLimits()
        self._clock_offset = 0.0
        self._hooks: list[tuple[str, Callable[[], Any]]] = []
        self._hooks_lock = threading.Lock()
        self.rest_api = RestApi(self)
        self.gateway = Gateway(self, heartbeat_interval_ms)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    # ---- lifecycle ---------------------------------------------------------
    def start(self) -> "FakeDiscord":
        started = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._start_app())
            except BaseException as exc:  # report bind errors to the caller
                failure.append(exc)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

        self._thread = threading.Thread(target=serve, name="fake-discord", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Discord did not start within 10 s")
        if failure:
            raise RuntimeError(f"the fake Discord could not listen on {self.host}:{self.port}: {failure[0]}")
        return self

    async def _start_app(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self.rest_api.handle)
        app.router.add_get("/gateway", self.gateway.handle)
        app.on_shutdown.append(self._close_sockets)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _close_sockets(self, app: web.Application) -> None:
        for conn in self.gateway.connections:
            if not conn.ws.closed:
                await conn.ws.close(code=1001, message=b"fake Discord shutting down")

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = self._thread = None

    def __enter__(self) -> "FakeDiscord":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- addresses -----------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """What the bot's ``[discord] api_base`` must be (discord.py's ``Route.BASE``)."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    # ---- the fake's clock and one-shot hooks ---------------------------------
    def now(self) -> float:
        """The fake's clock: monotonic time plus every ``advance_clock``."""
        return time.monotonic() + self._clock_offset

    def advance_clock(self, seconds: float) -> None:
        """Let ``seconds`` pass for what Discord times (token lifetimes, deadlines), at once."""
        self._clock_offset += seconds
        self.recorder.note("clock_advanced", seconds=seconds)

    def after_next(self, route: str, action: Callable[[], Any]) -> None:
        """Run ``action`` once, right after the next request on ``route`` (a template) is answered."""
        with self._hooks_lock:
            self._hooks.append((route, action))

    def run_hooks(self, route: str) -> None:
        with self._hooks_lock:
            due = [h for h in self._hooks if h[0] == route]
            self._hooks = [h for h in self._hooks if h[0] != route]
        for _, action in due:
            action()

    def dm_messages(self, user: str | int) -> list[dict[str, Any]]:
        """The bot's direct messages to ``user`` (empty when it never opened a DM with them)."""
        uid = self._user(user)
        with self.world.lock:
            cid = self.world.dm_ids.get(uid)
        return self.world.channel_messages(cid) if cid else []

    # ---- running things on the server loop ----------------------------------
    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        if self._loop is None:
            coro.close()
            raise RuntimeError("the fake Discord is not running: call start() first")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def dispatch_event(self, event: str, data: dict[str, Any]) -> int | None:
        """Dispatch from a REST handler (on the server loop); ignored before the client identified."""
        if self.gateway.current is None:
            return None
        return await self.gateway.dispatch(event, data)

    async def echo_message(self, message: dict[str, Any]) -> None:
        """Discord sends MESSAGE_CREATE for the bot's own messages too: the bot must ignore them."""
        session = self.gateway.current
        if not self.echo_own_messages or session is None:
            return
        delivered = filter_for_intents(message, session.intents, self.world.bot_id)
        if delivered is not None:
            await self.gateway.dispatch("MESSAGE_CREATE", delivered)

    # ---- what the bot did ------------------------------------------------------
    def intents(self) -> int:
        session = self.gateway.current
        if session is None:
            raise RuntimeError("the client has not identified")
        return session.intents

    def wait_identified(self, timeout: float = 30.0) -> Note:
        return self.recorder.wait(Note, lambda n: n.kind == "identified", timeout, what="IDENTIFY")

    def wait_commands_synced(self, timeout: float = 30.0, after: int = 0) -> RestRecord:
        return self.recorder.wait(
            RestRecord, lambda r: r.method == "PUT" and r.route.endswith("/commands") and r.ok, timeout, after,
            what="successful PUT of application commands",
        )

    def commands(self) -> dict[str, dict[str, Any]]:
        """Synced commands by name (guild commands win over global ones)."""
        with self.world.lock:
            out = {c["name"]: copy.deepcopy(c) for c in self.world.commands.get(0, [])}
            out.update({c["name"]: copy.deepcopy(c) for c in self.world.commands.get(self.world.guild_id, [])})
            return out

    def requests(self, predicate: Callable[[RestRecord], bool] | None = None, after: int = 0) -> list[RestRecord]:
        return self.recorder.all(RestRecord, predicate, after)

    def wait_for_request(self, predicate: Callable[[RestRecord], bool], timeout: float = 10.0, after: int = 0) -> RestRecord:
        return self.recorder.wait(RestRecord, predicate, timeout, after, what="request matching the predicate")

    def gateway_frames(self, predicate: Callable[[GatewayRecord], bool] | None = None, after: int = 0) -> list[GatewayRecord]:
        return self.recorder.all(GatewayRecord, predicate, after)

    def unknown_routes(self) -> list[RestRecord]:
        """Requests to routes the fake does not implement (a test should expect none)."""
        return self.requests(lambda r: r.route == "")

    def sends(self, after: int = 0) -> list[Sent]:
        """Every message body the bot sent (creates and edits, accepted or not), in order."""
        out = []
        for r in self.requests(after=after):
            payload = sent_payload(r)
            if payload is not None and has_message_body(payload):
                out.append(Sent(r, payload))
        return out

    def callbacks(self, interaction: InteractionState) -> list[RestRecord]:
        return self.requests(lambda r: r.route == CALLBACK_ROUTE and r.params.get("interaction_id") == str(interaction.id))

    def response_latency(self, interaction: InteractionState) -> float | None:
        """Seconds from dispatching the interaction to the arrival of its first callback."""
        calls = self.callbacks(interaction)
        return calls[0].at - interaction.dispatched_at if calls else None

    def interaction_requests(self, interaction: InteractionState) -> list[RestRecord]:
        """Callback and webhook requests that used this interaction's token."""
        return self.requests(lambda r: r.params.get("token") == interaction.token)

    def replies(self, interaction: InteractionState) -> list[dict[str, Any]]:
        """Current state of the interaction's original response and follow-ups (deleted ones dropped)."""
        with self.world.lock:
            ids = [interaction.original_message_id, *interaction.followup_ids]
        return [m for m in (self.world.message(i) for i in ids if i) if m is not None]

    def wait_reply(self, interaction: InteractionState, timeout: float = 30.0, count: int = 1) -> list[dict[str, Any]]:
        """Wait until the interaction has ``count`` finished replies (not loading, with content)."""

        def done() -> list[dict[str, Any]] | None:
            ready = [m for m in self.replies(interaction) if _finished(m)]
            return ready if len(ready) >= count else None

        return self.recorder.wait_until(done, timeout, what=f"{count} finished repl(ies) to interaction {interaction.name!r}")

    def bot_messages(self, channel: str | int) -> list[dict[str, Any]]:
        """Messages the bot has in a channel or thread now (edits applied)."""
        cid = self._channel(channel)
        return [m for m in self.world.channel_messages(cid) if m["author"]["id"] == str(self.world.bot_id)]

    def wait_bot_message(
        self, channel: str | int | None = None, predicate: Callable[[dict[str, Any]], bool] = lambda m: True,
        timeout: float = 30.0, after_id: int = 0,
    ) -> dict[str, Any]:
        """Wait for a finished bot message (in ``channel`` or anywhere) with id > ``after_id``."""

        def find() -> dict[str, Any] | None:
            with self.world.lock:
                msgs = [copy.deepcopy(m) for m in self.world.messages.values()]
            for m in msgs:
                if (int(m["id"]) > after_id and m["author"]["id"] == str(self.world.bot_id) and _finished(m)
                        and (channel is None or int(m["channel_id"]) == self._channel(channel)) and predicate(m)):
                    return m
            return None

        return self.recorder.wait_until(find, timeout, what=f"a bot message in {channel or 'any channel'}")

    def threads(self) -> list[dict[str, Any]]:
        with self.world.lock:
            return [copy.deepcopy(c) for c in self.world.channels.values() if c["type"] in (P.PUBLIC_THREAD, P.PRIVATE_THREAD)]

    def heartbeat_gaps(self, after: int = 0) -> list[float]:
        """Seconds between consecutive client heartbeats on the same connection (loop-lag probe)."""
        beats = self.gateway_frames(lambda g: g.direction == "in" and g.op == 1, after)
        return [b.at - a.at for a, b in zip(beats, beats[1:]) if a.connection == b.connection]

    # ---- what users do ----------------------------------------------------------
    def _channel(self, channel: str | int) -> int:
        return channel if isinstance(channel, int) else self.world.channel_id(channel)

    def _user(self, user: str | int) -> int:
        return user if isinstance(user, int) else self.world.user_id(user)

    def _dispatch_interaction(self, state: InteractionState, payload: dict[str, Any]) -> InteractionState:
        state.dispatched_at = time.monotonic()
        state.created_clock = self.now()
        self.recorder.note("interaction_dispatched", id=state.id, type=state.type, name=state.name)
        self.run(self.gateway.dispatch("INTERACTION_CREATE", payload))
        return state

    def _interaction_payload(self, state: InteractionState, data: dict[str, Any], message: dict | None = None) -> dict[str, Any]:
        w = self.world
        return P.interaction(
            state.id, state.type, state.token, w.application_id, data, guild_id=w.guild_id,
            channel=w.channel(state.channel_id), member_obj=w.member_payload(state.user_id),
            permissions=w.permissions_of(state.user_id), message_obj=message,
        )

    def slash(
        self, name: str, *, user: str | int = "alice", channel: str | int = "questions", check_values: bool = True,
        **options: Any,
    ) -> InteractionState:
        """A member runs ``/name option=value ...`` (options checked against the synced schema;
        ``check_values=False`` sends values a real Discord client would refuse)."""
        cmd = self.world.find_command(name)
        data = {"id": cmd["id"], "name": name, "type": 1, "options": command_options(cmd, options, check_values=check_values)}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        state = self.world.new_interaction(2, self._channel(channel), self._user(user), name)
        return self._dispatch_interaction(state, self._interaction_payload(state, data))

    def autocomplete(
        self, name: str, focused: str, *, user: str | int = "alice", channel: str | int = "questions", **options: Any
    ) -> InteractionState:
        """The Discord client asks for choices while ``focused`` is being typed."""
        cmd = self.world.find_command(name)
        options.setdefault(focused, "")
        data = {"id": cmd["id"], "name": name, "type": 1, "options": command_options(cmd, options, focused=focused)}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        state = self.world.new_interaction(4, self._channel(channel), self._user(user), name)
        return self._dispatch_interaction(state, self._interaction_payload(state, data))

    def click(self, message_id: int | str, custom_id: str, *, user: str | int = "alice") -> InteractionState:
        """A member presses the button ``custom_id`` on a message the bot sent."""
        msg = self.world.message(int(message_id))
        if msg is None:
            raise WorldError(f"no message {message_id}")
        buttons = {c.get("custom_id"): c for row in msg.get("components") or [] for c in row.get("components") or []}
        if custom_id not in buttons:
            raise WorldError(f"message {message_id} has no component {custom_id!r}; it has {sorted(k for k in buttons if k)}")
        if buttons[custom_id].get("disabled"):
            raise WorldError(f"component {custom_id!r} is disabled: a user cannot press it")
        # a person needs a moment to see a button before pressing it
        wait = HUMAN_REACTION_S - (time.monotonic() - self.world.touched_at.get(int(message_id), 0.0))
        if wait > 0:
            time.sleep(wait)
        state = self.world.new_interaction(3, int(msg["channel_id"]), self._user(user), custom_id)
        state.message_id = int(message_id)
        data = {"custom_id": custom_id, "component_type": buttons[custom_id].get("type", 2)}
        return self._dispatch_interaction(state, self._interaction_payload(state, data, message=msg))

    def user_says(
        self, content: str, *, user: str | int = "alice", channel: str | int = "questions", reply_to: int | None = None,
    ) -> dict[str, Any]:
        """A user posts a message; returns it (with ``delivered`` false when intents filtered it out)."""
        msg = self.world.user_message(self._channel(channel), self._user(user), content, reference=reply_to)
        delivered = filter_for_intents(msg, self.intents(), self.world.bot_id)
        if delivered is not None:
            self.run(self.gateway.dispatch("MESSAGE_CREATE", delivered))
        self.recorder.note("message_dispatched", id=int(msg["id"]), delivered=delivered is not None)
        return {**msg, "delivered": delivered is not None}

    def mention(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """A user mentions the bot: ``<@bot> text``."""
        return self.user_says(f"<@{self.world.bot_id}> {text}", **kwargs)

    def member_joins(self, name: str) -> dict[str, Any] | None:
        """A new person joins the guild: GUILD_MEMBER_ADD (if the bot asked for the members intent)."""
        uid = self.world.add_user(name, in_guild=False)
        member = self.world.add_member(uid)
        if not self.intents() & GUILD_MEMBERS:
            self.recorder.note("member_add_filtered", user_id=uid)
            return None
        self.run(self.gateway.dispatch("GUILD_MEMBER_ADD", {**member, "guild_id": str(self.world.guild_id)}))
        return member

    # ---- faults on the gateway -----------------------------------------------
    def drop_gateway(self, code: int = 4000, message: str = "fake: connection dropped") -> int | None:
        """Close the live gateway socket with ``code`` (4000 and 1001 let the client resume)."""
        return self.run(self.gateway.close_current(code, message))

    def set_heartbeat_interval(self, ms: int, timeout: float = 20.0) -> None:
        """Change the heartbeat interval: it is sent in HELLO, so the client is made to reconnect
        (and resume) to pick it up."""
        self.gateway.heartbeat_interval_ms = ms
        mark = self.recorder.mark()
        if self.drop_gateway(4000, "fake: new heartbeat interval") is not None:
            self.wait_resumed(timeout, after=mark)

    def ask_reconnect(self) -> None:
        """Send op 7 RECONNECT."""
        self.run(self.gateway.send_reconnect())

    def wait_resumed(self, timeout: float = 30.0, after: int = 0) -> Note:
        return self.recorder.wait(Note, lambda n: n.kind == "resumed", timeout, after, what="RESUME")


def _finished(message: dict[str, Any]) -> bool:
    loading = int(message.get("flags") or 0) & P.LOADING
    return not loading and bool(message.get("content") or message.get("embeds") or message.get("components"))
