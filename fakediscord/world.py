"""The state of the fake Discord: one guild with its roles, channels, threads, members, the
messages in its channels, the synced application commands and the open interactions.

A :class:`World` is owned by one fake server and guarded by its own lock (the REST handlers
run on the server thread, tests read it from theirs). Methods return copies of payloads.
"""

from __future__ import annotations

import copy
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import payloads as P

_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")

# Option types of application commands (https://discord.com/developers/docs/interactions).
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2


class WorldError(ValueError):
    """A test asked the fake for something that does not exist (unknown name, id or command)."""


@dataclass
class InteractionState:
    """One interaction the fake dispatched and what the bot did with it."""

    id: int
    token: str
    type: int
    channel_id: int
    user_id: int
    dispatched_at: float  # time.monotonic()
    name: str = ""  # command name or custom_id
    created_clock: float = 0.0  # the fake's clock (FakeDiscord.now) when created: token age, deadlines
    callback_type: int | None = None
    callback_at: float | None = None
    original_message_id: int | None = None
    deferred: bool = False
    loading_resolved: bool = False  # the first follow-up after a deferral replaced the loading message
    message_id: int | None = None  # for a component interaction: the message whose button was used
    followup_ids: list[int] = field(default_factory=list)


class World:
    """One guild, its people, channels and messages; ids come from ``ids``."""

    def __init__(self, ids: P.Snowflakes, guild_name: str = "OEWG test guild") -> None:
        self.lock = threading.RLock()
        self.ids = ids
        self.users: dict[int, dict[str, Any]] = {}
        self.user_ids: dict[str, int] = {}
        self.members: dict[int, dict[str, Any]] = {}
        self.roles: dict[int, dict[str, Any]] = {}
        self.role_ids: dict[str, int] = {}
        self.channels: dict[int, dict[str, Any]] = {}
        self.channel_ids: dict[str, int] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.touched_at: dict[int, float] = {}  # message id -> time.monotonic() of its last create/edit
        self.channel_log: dict[int, list[int]] = {}
        self.commands: dict[int, list[dict[str, Any]]] = {}  # guild id (0 = global) -> commands
        self.interactions: dict[int, InteractionState] = {}
        self.by_token: dict[str, InteractionState] = {}
        self.dm_ids: dict[int, int] = {}  # user id -> id of the bot's DM channel with them
        self.dms_closed: set[int] = set()  # users who do not accept direct messages from the bot

        self.bot_id = ids.next()
        self.application_id = self.bot_id
        self.guild_id = ids.next()
        self.users[self.bot_id] = P.user(self.bot_id, "oewg-bot", bot=True)
        self.user_ids["bot"] = self.bot_id
        self.roles[self.guild_id] = P.role(self.guild_id, "@everyone", P.MEMBER_PERMISSIONS)
        self.role_ids["everyone"] = self.guild_id
        self.add_role("admin", P.ADMINISTRATOR | P.MEMBER_PERMISSIONS, position=2)
        self.add_role("member", P.MEMBER_PERMISSIONS, position=1)
        self.members[self.bot_id] = P.member(self.users[self.bot_id], [])
        self.owner_id = self.add_user("owner", roles=["admin"])
        self.add_user("alice")
        self.add_user("bob", roles=["admin"])
        self.add_user("otherbot", bot=True)
        for name in ("questions", "general", "welcome"):
            self.add_channel(name)
        self.guild_name = guild_name

    # ---- setup -----------------------------------------------------------
    def add_role(self, name: str, permissions: int, position: int = 1) -> int:
        with self.lock:
            rid = self.ids.next()
            self.roles[rid] = P.role(rid, name, permissions, position)
            self.role_ids[name] = rid
            return rid

    def add_user(self, name: str, *, bot: bool = False, roles: list[str] = (), in_guild: bool = True) -> int:
        with self.lock:
            uid = self.ids.next()
            self.users[uid] = P.user(uid, name, bot=bot)
            self.user_ids[name] = uid
            if in_guild:
                self.members[uid] = P.member(self.users[uid], [self.role_id(r) for r in roles])
            return uid

    def add_member(self, uid: int) -> dict[str, Any]:
        with self.lock:
            self.members[uid] = P.member(self.users[uid], [])
            return copy.deepcopy(self.members[uid])

    def add_channel(self, name: str) -> int:
        with self.lock:
            cid = self.ids.next()
            self.channels[cid] = P.text_channel(cid, self.guild_id, name, position=len(self.channel_ids))
            self.channel_ids[name] = cid
            self.channel_log[cid] = []
            return cid

    # ---- names -> ids --------------------------------------------------------
    def user_id(self, name: str) -> int:
        try:
            return self.user_ids[name]
        except KeyError:
            raise WorldError(f"unknown user {name!r}; known: {sorted(self.user_ids)}") from None

    def channel_id(self, name: str) -> int:
        try:
            return self.channel_ids[name]
        except KeyError:
            raise WorldError(f"unknown channel {name!r}; known: {sorted(self.channel_ids)}") from None

    def role_id(self, name: str) -> int:
        try:
            return self.role_ids[name]
        except KeyError:
            raise WorldError(f"unknown role {name!r}; known: {sorted(self.role_ids)}") from None

    # ---- payloads ------------------------------------------------------------
    def guild_payload(self) -> dict[str, Any]:
        with self.lock:
            text = [c for c in self.channels.values() if c["type"] == P.GUILD_TEXT]
            threads = [c for c in self.channels.values() if c["type"] in (P.PUBLIC_THREAD, P.PRIVATE_THREAD)]
            return copy.deepcopy(P.guild(
                self.guild_id, self.guild_name, self.owner_id, roles=list(self.roles.values()),
                channels=text, members=list(self.members.values()), threads=threads,
            ))

    def member_payload(self, uid: int) -> dict[str, Any]:
        with self.lock:
            if uid not in self.members:
                raise WorldError(f"user {uid} is not a member of the guild")
            return copy.deepcopy(self.members[uid])

    def permissions_of(self, uid: int) -> int:
        with self.lock:
            perms = int(self.roles[self.guild_id]["permissions"])
            for rid in self.members[uid]["roles"]:
                perms |= int(self.roles[int(rid)]["permissions"])
            return P.ALL_PERMISSIONS if perms & P.ADMINISTRATOR else perms

    def channel(self, cid: int) -> dict[str, Any] | None:
        with self.lock:
            ch = self.channels.get(cid)
            return copy.deepcopy(ch) if ch else None

    def message(self, mid: int) -> dict[str, Any] | None:
        with self.lock:
            m = self.messages.get(mid)
            return copy.deepcopy(m) if m else None

    def channel_messages(self, cid: int) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(self.messages[m]) for m in self.channel_log.get(cid, []) if m in self.messages]

    # ---- messages ------------------------------------------------------------
    def user_message(self, channel_id: int, author_id: int, content: str, reference: int | None = None) -> dict[str, Any]:
        """A message typed by a person (or another bot), with mentions resolved as Discord does."""
        with self.lock:
            self._require_channel(channel_id)
            mentions = []
            for uid in dict.fromkeys(int(u) for u in _USER_MENTION.findall(content)):
                if uid in self.users:
                    u = copy.deepcopy(self.users[uid])
                    if uid in self.members:
                        u["member"] = {k: v for k, v in self.members[uid].items() if k != "user"}
                    mentions.append(u)
            roles = [int(r) for r in _ROLE_MENTION.findall(content) if int(r) in self.roles]
            everyone = bool(_EVERYONE.search(content)) and bool(self.permissions_of(author_id) & P.MENTION_EVERYONE)
            ref = None
            if reference is not None:
                ref = {"message_id": str(reference), "channel_id": str(channel_id), "guild_id": str(self.guild_id)}
            msg = P.message(
                self.ids.next(), channel_id, self.users[author_id], guild_id=self.guild_id, content=content,
                mentions=mentions, mention_roles=roles, mention_everyone=everyone,
                member_obj=self.members.get(author_id), message_reference=ref, msg_type=19 if ref else 0,
            )
            self._store(msg)
            return copy.deepcopy(msg)

    def bot_message(
        self, channel_id: int, body: dict[str, Any], *, interaction: InteractionState | None = None,
        msg_type: int = 0, flags: int = 0,
    ) -> dict[str, Any]:
        """Store a message the bot sent (from a REST body) and return its payload."""
        with self.lock:
            self._require_channel(channel_id)
            meta = None
            if interaction is not None:
                meta = {
                    "id": str(interaction.id), "type": interaction.type, "user": self.users[interaction.user_id],
                    "authorizing_integration_owners": {"0": str(self.guild_id)},
                }
            in_dm = self.channels[channel_id]["type"] == P.DM
            msg = P.message(
                self.ids.next(), channel_id, self.users[self.bot_id], guild_id=None if in_dm else self.guild_id,
                content=body.get("content") or "", embeds=body.get("embeds"), components=body.get("components"),
                flags=flags | int(body.get("flags") or 0), msg_type=msg_type,
                member_obj=None if in_dm else self.members[self.bot_id],
                webhook_id=self.application_id if interaction is not None else None,
                application_id=self.application_id if interaction is not None else None,
                interaction_metadata=meta, message_reference=_reference(body.get("message_reference")),
            )
            self._store(msg)
            return copy.deepcopy(msg)

    def edit_message(self, mid: int, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            msg = self.messages.get(mid)
            if msg is None:
                raise KeyError(mid)
            old_flags = int(msg.get("flags") or 0)
            defaults = {"content": "", "embeds": [], "components": [], "flags": 0}
            for key, default in defaults.items():
                if key in body:
                    msg[key] = default if body[key] is None else body[key]
            # an edit ends the loading state; a message's ephemeral state cannot change
            msg["flags"] = (int(msg.get("flags") or 0) & ~(P.LOADING | P.EPHEMERAL)) | (old_flags & P.EPHEMERAL)
            msg["edited_timestamp"] = P.iso_now()
            self.touched_at[mid] = time.monotonic()
            return copy.deepcopy(msg)

    def delete_message(self, mid: int) -> bool:
        with self.lock:
            return self.messages.pop(mid, None) is not None

    def _store(self, msg: dict[str, Any]) -> None:
        mid, cid = int(msg["id"]), int(msg["channel_id"])
        self.messages[mid] = msg
        self.touched_at[mid] = time.monotonic()
        self.channel_log.setdefault(cid, []).append(mid)
        ch = self.channels.get(cid)
        if ch is not None:
            ch["last_message_id"] = msg["id"]
            if "message_count" in ch:
                ch["message_count"] += 1
                ch["total_message_sent"] += 1

    def _require_channel(self, cid: int) -> None:
        if cid not in self.channels:
            raise WorldError(f"unknown channel id {cid}")

    # ---- threads -------------------------------------------------------------
    def create_thread(self, parent_id: int, name: str, *, from_message: int | None, auto_archive: int) -> dict[str, Any]:
        with self.lock:
            tid = from_message if from_message is not None else self.ids.next()
            th = P.thread_channel(tid, self.guild_id, parent_id, self.bot_id, name, auto_archive_duration=auto_archive)
            self.channels[tid] = th
            self.channel_log[tid] = []
            if from_message is not None:
                self.messages[from_message]["thread"] = copy.deepcopy(th)
            return copy.deepcopy(th)

    # ---- direct messages ----------------------------------------------------------
    def open_dm(self, uid: int) -> dict[str, Any]:
        """The bot's DM channel with ``uid`` (created on first use, like POST /users/@me/channels)."""
        with self.lock:
            cid = self.dm_ids.get(uid)
            if cid is None:
                cid = self.dm_ids[uid] = self.ids.next()
                self.channels[cid] = P.dm_channel(cid, self.users[uid])
                self.channel_log[cid] = []
            return copy.deepcopy(self.channels[cid])

    def is_dm(self, cid: int) -> bool:
        with self.lock:
            ch = self.channels.get(cid)
            return bool(ch) and ch["type"] == P.DM

    def dm_refused(self, cid: int) -> bool:
        with self.lock:
            return any(c == cid and uid in self.dms_closed for uid, c in self.dm_ids.items())

    def is_thread(self, cid: int) -> bool:
        with self.lock:
            ch = self.channels.get(cid)
            return bool(ch) and ch["type"] in (P.PUBLIC_THREAD, P.PRIVATE_THREAD)

    # ---- application commands ---------------------------------------------
    def set_commands(self, guild_id: int, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk overwrite (PUT): keep ids of commands whose name did not change."""
        with self.lock:
            old = {c["name"]: c["id"] for c in self.commands.get(guild_id, [])}
            stored = []
            for c in commands:
                cmd = copy.deepcopy(c)
                cmd["id"] = old.get(c["name"]) or str(self.ids.next())
                cmd["application_id"] = str(self.application_id)
                cmd.setdefault("type", 1)
                cmd["version"] = str(self.ids.next())
                if guild_id:
                    cmd["guild_id"] = str(guild_id)
                stored.append(cmd)
            self.commands[guild_id] = stored
            return copy.deepcopy(stored)

    def find_command(self, name: str) -> dict[str, Any]:
        with self.lock:
            for scope in (self.guild_id, 0):
                for c in self.commands.get(scope, []):
                    if c["name"] == name and c.get("type", 1) == 1:
                        return copy.deepcopy(c)
            known = sorted(c["name"] for cs in self.commands.values() for c in cs)
            raise WorldError(f"the bot has not synced a command named {name!r}; synced: {known}")

    # ---- interactions --------------------------------------------------------
    def new_interaction(self, itype: int, channel_id: int, user_id: int, name: str, clock: float | None = None) -> InteractionState:
        with self.lock:
            now = time.monotonic()
            state = InteractionState(
                id=self.ids.next(), token="fake-itoken-" + secrets.token_urlsafe(24), type=itype,
                channel_id=channel_id, user_id=user_id, dispatched_at=now, name=name,
                created_clock=now if clock is None else clock,
            )
            self.interactions[state.id] = state
            self.by_token[state.token] = state
            return state


def _reference(ref: dict[str, Any] | None) -> dict[str, Any] | None:
    """A message_reference as Discord returns it: ids as strings, the type (0 = reply) set."""
    if not ref:
        return None
    out = {k: str(v) for k, v in ref.items() if k in ("message_id", "channel_id", "guild_id") and v is not None}
    out["type"] = int(ref.get("type") or 0)
    return out


def value_problems(option: dict[str, Any], value: Any) -> list[str]:
    """What the Discord client would not let a user enter for this option (lengths, ranges, choices)."""
    name = option["name"]
    problems = []
    if option["type"] == 3 and isinstance(value, str):
        if "max_length" in option and len(value) > option["max_length"]:
            problems.append(f"{name} is {len(value)} chars (max_length {option['max_length']})")
        if len(value) < option.get("min_length", 0):
            problems.append(f"{name} is {len(value)} chars (min_length {option['min_length']})")
    if option["type"] in (4, 10) and isinstance(value, (int, float)):
        if "max_value" in option and value > option["max_value"]:
            problems.append(f"{name} = {value} > max_value {option['max_value']}")
        if "min_value" in option and value < option["min_value"]:
            problems.append(f"{name} = {value} < min_value {option['min_value']}")
    if option.get("choices") and value not in [c["value"] for c in option["choices"]]:
        problems.append(f"{name} = {value!r} is not one of the choices")
    return problems


def command_options(
    command: dict[str, Any], values: dict[str, Any], focused: str | None = None, *, check_values: bool = True,
) -> list[dict[str, Any]]:
    """Interaction ``data.options`` for ``values``, typed from the synced command's schema.

    Raises WorldError for an option the command does not declare, a missing required one, or
    (with ``check_values``) a value the Discord client refuses (too long, out of range), so a
    test cannot send what a real user could not, unless it means to (``check_values=False``
    plays a misbehaving client).
    """
    schema = {o["name"]: o for o in command.get("options") or []}
    unknown = set(values) - set(schema)
    if unknown:
        raise WorldError(f"/{command['name']} has no option(s) {sorted(unknown)}; declared: {sorted(schema)}")
    missing = [n for n, o in schema.items() if o.get("required") and n not in values and n != focused]
    if missing and focused is None:
        raise WorldError(f"/{command['name']} needs option(s) {missing}")
    if check_values:
        bad = [p for n, v in values.items() if n != focused for p in value_problems(schema[n], v)]
        if bad:
            raise WorldError(f"the Discord client would refuse /{command['name']}: {'; '.join(bad)}")
    out = []
    for name, value in values.items():
        opt = {"name": name, "type": schema[name]["type"], "value": value}
        if focused == name:
            opt["focused"] = True
        out.append(opt)
    return out
