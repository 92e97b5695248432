"""The REST half of the fake Discord: the routes a discord.py bot calls, served by aiohttp.

One catch-all aiohttp handler matches the request path against :data:`ROUTES` (templates
exactly as Discord documents them), applies any armed fault, runs the handler, and records
request and answer. Unknown routes answer 404 and are recorded with ``route == ""`` so a test
can assert the bot used nothing the fake does not know.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from aiohttp import web

from . import payloads as P
from .faults import FaultAnswer
from .limits import has_message_body, is_empty_message, message_problems
from .ratelimits import rate_limit_body
from .recorder import RestRecord
from .world import InteractionState

if TYPE_CHECKING:
    from .server import FakeDiscord

API_PREFIX = "/api/v10"

# Interaction callback types.
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE, MODAL = 1, 4, 5, 6, 7, 8, 9
MESSAGE_CALLBACKS = (CHANNEL_MESSAGE, UPDATE_MESSAGE)
TOKEN_LIFETIME = 15 * 60  # an interaction token works for 15 minutes, then 401 Invalid Webhook Token
EMPTY_MESSAGE = "Cannot send an empty message"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    authorized: bool
    after: list[Callable[[], Awaitable[Any]]]  # dispatches to send once the request is recorded


Reply = tuple[int, Any]  # (status, JSON body or None for 204)

ROUTE_TABLE: list[tuple[str, str, str]] = [
    ("GET", "/users/@me", "get_me"),
    ("GET", "/oauth2/applications/@me", "get_application"),
    ("GET", "/applications/@me", "get_application"),
    ("GET", "/gateway/bot", "get_gateway_bot"),
    ("GET", "/gateway", "get_gateway"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", "put_commands"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", "get_commands"),
    ("PUT", "/applications/{application_id}/commands", "put_commands"),
    ("GET", "/applications/{application_id}/commands", "get_commands"),
    ("POST", "/interactions/{interaction_id}/{token}/callback", "interaction_callback"),
    ("GET", "/webhooks/{application_id}/{token}/messages/@original", "get_original"),
    ("PATCH", "/webhooks/{application_id}/{token}/messages/@original", "edit_original"),
    ("DELETE", "/webhooks/{application_id}/{token}/messages/@original", "delete_original"),
    ("POST", "/webhooks/{application_id}/{token}", "create_followup"),
    ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", "get_followup"),
    ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", "edit_followup"),
    ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", "delete_followup"),
    ("GET", "/channels/{channel_id}", "get_channel"),
    ("POST", "/channels/{channel_id}/messages", "create_message"),
    ("GET", "/channels/{channel_id}/messages/{message_id}", "get_message"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}", "edit_message"),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}", "delete_message"),
    ("POST", "/channels/{channel_id}/messages/{message_id}/threads", "thread_from_message"),
    ("POST", "/channels/{channel_id}/threads", "thread_without_message"),
    ("PUT", "/channels/{channel_id}/thread-members/@me", "no_content"),
    ("POST", "/channels/{channel_id}/typing", "no_content"),
    ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", "no_content"),
    ("GET", "/guilds/{guild_id}", "get_guild"),
    ("GET", "/guilds/{guild_id}/members/{user_id}", "get_member"),
    ("GET", "/guilds/{guild_id}/roles", "get_roles"),
    ("GET", "/guilds/{guild_id}/channels", "get_channels"),
    ("POST", "/users/@me/channels", "open_dm"),
]


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


ROUTES = [(m, t, _compile(t), h) for m, t, h in ROUTE_TABLE]


def match_route(method: str, path: str) -> tuple[str, dict[str, str], str] | None:
    """(template, path params, handler name) for a request, or None when the fake has no such route."""
    for m, template, rx, handler in ROUTES:
        if m == method:
            found = rx.match(path)
            if found:
                return f"{m} {template}", found.groupdict(), handler
    return None


class RestApi:
    """Route handlers over the fake's world; each returns ``(status, body)``."""

    def __init__(self, fake: "FakeDiscord") -> None:
        self.fake = fake
        self.world = fake.world

    # ---- aiohttp entry point ------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        path = request.path[len(API_PREFIX):] if request.path.startswith(API_PREFIX) else request.path
        body = await _read_body(request)
        auth = request.headers.get("Authorization", "")
        authorized = auth == f"Bot {self.fake.token}"
        found = match_route(request.method, path)
        template, params, handler_name = found if found else ("", {}, "")
        req = Request(request.method, path, params, dict(request.query), body, authorized, [])
        bucket = self.fake.ratelimits.take(template or "unknown", params, arrived)
        fault = self.fake.faults.take(template) if template else None
        if fault is None and bucket.retry_after:  # the client sent more than the headers allowed
            fault = FaultAnswer(429, rate_limit_body(bucket.retry_after), {"Retry-After": f"{bucket.retry_after:.3f}", "Via": "1.1 google"}, "bucket")
        headers: dict[str, str] = dict(bucket.headers)
        recorder = self.fake.recorder
        # The request's effects on the world and its record become visible to waiters together.
        with recorder.atomically():
            if fault is not None:
                status, reply = fault.status, fault.body
                if fault.kind == "global":  # the bot-wide limit: no bucket headers, only the global ones
                    headers = {}
                headers.update(fault.headers)
                if fault.status == 429 and fault.kind != "global":
                    headers["X-RateLimit-Bucket"] = bucket.headers["X-RateLimit-Bucket"]
            else:
                status, reply = self._answer(req, template, handler_name)
            recorder.add(RestRecord(
                seq=recorder.next_seq(), at=arrived, method=request.method, path=path, route=template,
                params=params, query=dict(request.query), json=body, authorized=authorized, status=status,
                response=reply, fault=fault.label if fault else "", headers=dict(headers),
            ))
        for action in req.after:  # gateway dispatches caused by the request (MESSAGE_CREATE, THREAD_CREATE)
            await action()
        self.fake.run_hooks(template)
        if reply is None:
            return web.Response(status=status, headers=headers)
        # exactly "application/json": discord.py parses nothing else (no charset suffix)
        return web.Response(body=json.dumps(reply).encode(), status=status, headers={**headers, "Content-Type": "application/json"})

    def _answer(self, req: Request, template: str, handler_name: str) -> Reply:
        try:
            if not template:
                raise Fail(404, 0, f"404: Not Found (the fake Discord has no route {req.method} {req.path})")
            if _needs_auth(template) and not req.authorized:
                raise Fail(401, 0, "401: Unauthorized")
            return getattr(self, handler_name)(req)
        except Fail as fail:
            return fail.reply
        except ValueError as err:  # an id that is not a number, a body of the wrong shape
            return Invalid([f"{type(err).__name__}: {err}"]).reply
        except Exception as err:  # a bug in the fake itself: answer like a Discord outage, and say so
            self.fake.recorder.note("fake_error", route=template, error=f"{type(err).__name__}: {err}",
                                    trace=traceback.format_exc())
            return 500, P.error_body(0, f"fake Discord error: {type(err).__name__}: {err}")

    # ---- identity and gateway ------------------------------------------------
    def get_me(self, req: Request) -> Reply:
        return 200, self.world.users[self.world.bot_id]

    def get_application(self, req: Request) -> Reply:
        return 200, P.application(self.world.application_id, "oewg-bot", self.world.users[self.world.owner_id])

    def get_gateway_bot(self, req: Request) -> Reply:
        return 200, {
            "url": self.fake.gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }

    def get_gateway(self, req: Request) -> Reply:
        return 200, {"url": self.fake.gateway_url}

    # ---- application commands ------------------------------------------------
    def _command_scope(self, req: Request) -> int:
        if req.params["application_id"] != str(self.world.application_id):
            raise Fail(403, 50001, "Missing Access")
        gid = int(req.params.get("guild_id", 0))
        if gid and gid != self.world.guild_id:
            raise Fail(403, 50001, "Missing Access")
        return gid

    def put_commands(self, req: Request) -> Reply:
        scope = self._command_scope(req)
        if not isinstance(req.json, list):
            raise Invalid(["body must be a list of commands"])
        _check([p for c in req.json for p in command_problems(c)])
        return 200, self.world.set_commands(scope, req.json)

    def get_commands(self, req: Request) -> Reply:
        scope = self._command_scope(req)
        with self.world.lock:
            return 200, list(self.world.commands.get(scope, []))

    # ---- interactions ----------------------------------------------------------
    def _interaction(self, req: Request, *, webhook: bool = True) -> InteractionState:
        state = self.world.by_token.get(req.params["token"])
        iid = req.params.get("interaction_id")
        if state is None or (iid is not None and str(state.id) != iid):
            raise Fail(404, 10062, "Unknown interaction")
        app_id = req.params.get("application_id")
        if app_id is not None and app_id != str(self.world.application_id):
            raise Fail(404, 10015, "Unknown Webhook")
        if webhook and self.fake.now() - state.created_clock > TOKEN_LIFETIME:
            self.fake.recorder.note("expired_token", interaction_id=state.id, route=f"{req.method} {req.path}")
            raise Fail(401, 50027, "Invalid Webhook Token")
        return state

    def interaction_callback(self, req: Request) -> Reply:
        state = self._interaction(req, webhook=False)
        now = time.monotonic()
        age = self.fake.now() - state.created_clock
        if state.callback_type is not None:
            raise Fail(400, 40060, "Interaction has already been acknowledged.")
        if age > self.fake.interaction_deadline:
            self.fake.recorder.note("late_callback", interaction_id=state.id, after=age)
            raise Fail(404, 10062, "Unknown interaction")
        body = req.json if isinstance(req.json, dict) else {}
        ctype, data = body.get("type"), body.get("data") or {}
        _check(callback_problems(ctype, data, state.type))
        message = None
        ephemeral = bool(int(data.get("flags") or 0) & P.EPHEMERAL)
        if ctype == CHANNEL_MESSAGE:
            message = self.world.bot_message(state.channel_id, data, interaction=state, msg_type=_reply_type(state))
            state.original_message_id = int(message["id"])
        elif ctype == DEFERRED_CHANNEL_MESSAGE:
            message = self.world.bot_message(
                state.channel_id, {}, interaction=state, msg_type=_reply_type(state),
                flags=P.LOADING | (P.EPHEMERAL if ephemeral else 0),
            )
            state.original_message_id = int(message["id"])
            state.deferred = True
        elif ctype == UPDATE_MESSAGE and state.message_id is not None:
            message = self.world.edit_message(state.message_id, data)
        state.callback_type, state.callback_at = ctype, now
        if message is not None and ctype in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE) and not ephemeral:
            req.after.append(lambda: self.fake.echo_message(message))
        if req.query.get("with_response") not in ("1", "true", "True"):
            return 204, None
        reply: dict[str, Any] = {
            "interaction": {
                "id": str(state.id), "type": state.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": ctype == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": ephemeral,
            },
        }
        if message is not None:
            reply["resource"] = {"type": ctype, "message": message}
        return 200, reply

    def _original_id(self, state: InteractionState) -> int:
        if state.original_message_id is None or self.world.message(state.original_message_id) is None:
            raise Fail(404, 10008, "Unknown Message")
        return state.original_message_id

    def get_original(self, req: Request) -> Reply:
        return 200, self.world.message(self._original_id(self._interaction(req)))

    def _check_edit(self, mid: int, body: dict[str, Any]) -> None:
        """An edit is refused when the message would exceed a limit or show nothing afterwards."""
        _check(message_problems(body))
        current = self.world.message(mid) or {}
        after = {k: body.get(k, current.get(k)) for k in ("content", "embeds", "components", "attachments")}
        if has_message_body(body) and is_empty_message(after):
            raise Fail(400, 50006, EMPTY_MESSAGE)

    def edit_original(self, req: Request) -> Reply:
        state = self._interaction(req)
        mid = self._original_id(state)
        self._check_edit(mid, req.json or {})
        state.loading_resolved = True
        return 200, self.world.edit_message(mid, req.json or {})

    def delete_original(self, req: Request) -> Reply:
        self.world.delete_message(self._original_id(self._interaction(req)))
        return 204, None

    def create_followup(self, req: Request) -> Reply:
        state = self._interaction(req)
        if state.callback_type is None:
            raise Fail(404, 10015, "Unknown Webhook")
        body = req.json or {}
        _check(message_problems(body))
        if is_empty_message(body):
            raise Fail(400, 50006, EMPTY_MESSAGE)
        if state.deferred and not state.loading_resolved and state.original_message_id is not None:
            # Discord: the first follow-up after a deferral edits the loading message instead.
            state.loading_resolved = True
            return 200, self.world.edit_message(state.original_message_id, body)
        message = self.world.bot_message(state.channel_id, body, interaction=state, msg_type=_reply_type(state))
        state.followup_ids.append(int(message["id"]))
        if not int(body.get("flags") or 0) & P.EPHEMERAL:
            req.after.append(lambda: self.fake.echo_message(message))
        return 200, message

    def _followup_id(self, req: Request) -> int:
        state = self._interaction(req)
        mid = int(req.params["message_id"])
        if (mid not in state.followup_ids and mid != state.original_message_id) or self.world.message(mid) is None:
            raise Fail(404, 10008, "Unknown Message")
        return mid

    def get_followup(self, req: Request) -> Reply:
        return 200, self.world.message(self._followup_id(req))

    def edit_followup(self, req: Request) -> Reply:
        mid = self._followup_id(req)
        self._check_edit(mid, req.json or {})
        return 200, self.world.edit_message(mid, req.json or {})

    def delete_followup(self, req: Request) -> Reply:
        self.world.delete_message(self._followup_id(req))
        return 204, None

    # ---- channels and messages -----------------------------------------------
    def _channel_id(self, req: Request) -> int:
        cid = int(req.params["channel_id"])
        if self.world.channel(cid) is None:
            raise Fail(404, 10003, "Unknown Channel")
        return cid

    def _message(self, req: Request) -> tuple[int, dict[str, Any]]:
        cid = self._channel_id(req)
        msg = self.world.message(int(req.params["message_id"]))
        if msg is None or int(msg["channel_id"]) != cid:
            raise Fail(404, 10008, "Unknown Message")
        return cid, msg

    def get_channel(self, req: Request) -> Reply:
        return 200, self.world.channel(self._channel_id(req))

    def create_message(self, req: Request) -> Reply:
        cid = self._channel_id(req)
        body = req.json or {}
        _check(message_problems(body))
        if is_empty_message(body):
            raise Fail(400, 50006, EMPTY_MESSAGE)
        if self.world.dm_refused(cid):
            raise Fail(403, 50007, "Cannot send messages to this user")
        message = self.world.bot_message(cid, body, msg_type=19 if body.get("message_reference") else 0)
        if not self.world.is_dm(cid):  # the bot has no direct-message intent: no echo of its DMs
            req.after.append(lambda: self.fake.echo_message(message))
        return 200, message

    def get_message(self, req: Request) -> Reply:
        return 200, self._message(req)[1]

    def edit_message(self, req: Request) -> Reply:
        _, msg = self._message(req)
        if msg["author"]["id"] != str(self.world.bot_id):
            raise Fail(403, 50005, "Cannot edit a message authored by another user")
        self._check_edit(int(msg["id"]), req.json or {})
        return 200, self.world.edit_message(int(msg["id"]), req.json or {})

    def delete_message(self, req: Request) -> Reply:
        self.world.delete_message(int(self._message(req)[1]["id"]))
        return 204, None

    def thread_from_message(self, req: Request) -> Reply:
        cid, msg = self._message(req)
        if self.world.is_thread(cid) or int(msg.get("flags") or 0) & P.EPHEMERAL:
            raise Fail(400, 50024, "Cannot execute action on this channel type")
        if msg.get("thread"):
            raise Fail(400, 160004, "A thread has already been created for this message")
        return self._new_thread(req, cid, int(msg["id"]))

    def thread_without_message(self, req: Request) -> Reply:
        cid = self._channel_id(req)
        if self.world.is_thread(cid):
            raise Fail(400, 50024, "Cannot execute action on this channel type")
        return self._new_thread(req, cid, None)

    def _new_thread(self, req: Request, cid: int, mid: int | None) -> Reply:
        body = req.json or {}
        name = (body.get("name") or "").strip()
        if not 1 <= len(name) <= 100:
            raise Invalid([f"thread name must be 1-100 chars, got {len(name)}"])
        archive = int(body.get("auto_archive_duration") or 1440)
        if archive not in (60, 1440, 4320, 10080):
            raise Invalid([f"auto_archive_duration {archive} is not 60, 1440, 4320 or 10080"])
        thread = self.world.create_thread(cid, name, from_message=mid, auto_archive=archive)
        req.after.append(lambda: self.fake.dispatch_event("THREAD_CREATE", {**thread, "newly_created": True}))
        return 201, thread

    def open_dm(self, req: Request) -> Reply:
        body = req.json if isinstance(req.json, dict) else {}
        try:
            uid = int(body.get("recipient_id"))
        except (TypeError, ValueError):
            raise Invalid(["recipient_id must be a user id"]) from None
        with self.world.lock:
            if uid not in self.world.users:
                raise Fail(400, 50035, "Invalid Form Body", errors={"recipient_id": "unknown user"})
        return 200, self.world.open_dm(uid)

    def no_content(self, req: Request) -> Reply:
        self._channel_id(req)
        return 204, None

    # ---- guild -------------------------------------------------------------
    def _guild(self, req: Request) -> dict[str, Any]:
        if req.params["guild_id"] != str(self.world.guild_id):
            raise Fail(404, 10004, "Unknown Guild")
        return self.world.guild_payload()

    def get_guild(self, req: Request) -> Reply:
        return 200, self._guild(req)

    def get_member(self, req: Request) -> Reply:
        self._guild(req)
        uid = int(req.params["user_id"])
        with self.world.lock:
            if uid not in self.world.members:
                raise Fail(404, 10007, "Unknown Member")
        return 200, self.world.member_payload(uid)

    def get_roles(self, req: Request) -> Reply:
        return 200, self._guild(req)["roles"]

    def get_channels(self, req: Request) -> Reply:
        return 200, self._guild(req)["channels"]


class Fail(Exception):
    """Raised by a handler to answer with a Discord error body."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.reply: Reply = (status, {**P.error_body(code, message), **extra})


class Invalid(Fail):
    """A 400 "Invalid Form Body" listing what the fake found wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(400, 50035, "Invalid Form Body", errors={"_fake": problems})


def _check(problems: list[str]) -> None:
    if problems:
        raise Invalid(problems)


def _reply_type(state: InteractionState) -> int:
    return 20 if state.type == 2 else 0  # CHAT_INPUT_COMMAND reply, or DEFAULT for components


def _needs_auth(template: str) -> bool:
    """Interaction callbacks and webhook-token routes are authorised by their token, not the bot's."""
    return "{token}" not in template


def callback_problems(ctype: Any, data: dict[str, Any], itype: int) -> list[str]:
    """What Discord would reject in an interaction callback body."""
    if ctype not in (PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE, MODAL):
        return [f"unknown callback type {ctype!r}"]
    if itype == 4 and ctype != AUTOCOMPLETE:
        return [f"an autocomplete interaction needs callback type 8, got {ctype}"]
    if ctype == AUTOCOMPLETE:
        if itype != 4:
            return ["callback type 8 answers only autocomplete interactions"]
        choices = data.get("choices") or []
        problems = [f"{len(choices)} autocomplete choices (max 25)"] if len(choices) > 25 else []
        for c in choices:
            if not 1 <= len(str(c.get("name", ""))) <= 100:
                problems.append(f"choice name {c.get('name')!r} must be 1-100 chars")
            if isinstance(c.get("value"), str) and len(c["value"]) > 100:
                problems.append(f"choice value {c['value']!r} is over 100 chars")
        return problems
    if ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE) and itype != 3:
        return [f"callback type {ctype} answers only component interactions"]
    if ctype in MESSAGE_CALLBACKS:
        problems = message_problems(data)
        if ctype == CHANNEL_MESSAGE and is_empty_message(data):
            problems.append(EMPTY_MESSAGE)
        return problems
    return []


def command_problems(command: dict[str, Any]) -> list[str]:
    """What Discord would reject in an application command definition."""
    problems = []
    name = command.get("name", "")
    if command.get("type", 1) == 1 and not re.fullmatch(r"[-_\w]{1,32}", name or "") or name != name.lower():
        problems.append(f"command name {name!r} must be 1-32 lowercase characters")
    if command.get("type", 1) == 1 and not 1 <= len(command.get("description") or "") <= 100:
        problems.append(f"/{name} description must be 1-100 chars")
    options = command.get("options") or []
    if len(options) > 25:
        problems.append(f"/{name} has {len(options)} options (max 25)")
    seen_optional = False
    for o in options:
        if not 1 <= len(o.get("description") or "") <= 100:
            problems.append(f"/{name} option {o.get('name')!r} description must be 1-100 chars")
        if o.get("required") and seen_optional:
            problems.append(f"/{name}: required option {o.get('name')!r} after an optional one")
        seen_optional = seen_optional or not o.get("required")
    return problems


async def _read_body(request: web.Request) -> Any:
    if not request.can_read_body:
        return None
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        payload: Any = None
        files = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                data = await part.read()
                files.append({"field": part.name, "filename": part.filename, "size": len(data)})
        if isinstance(payload, dict):
            payload["_files"] = files
        return payload
    raw = await request.read()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return {"_unparsed": raw[:200].decode("utf-8", "replace")}
