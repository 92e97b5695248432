"""Pure builders for the JSON objects Discord sends: users, members, roles, channels, guilds,
messages, interactions and the gateway READY payload.

Every function returns a fresh ``dict`` shaped like the Discord API v10 object of the same
name, with only the fields discord.py 2.x reads. Nothing here does I/O or keeps state; ids are
passed in (see :class:`Snowflakes`).
"""

from __future__ import annotations

import itertools
import threading
import time
from datetime import datetime, timezone
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used by the fake (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1
MEMBER_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
)

# Channel types.
GUILD_TEXT = 0
DM = 1
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class Snowflakes:
    """Makes unique, time-ordered Discord ids (one generator per fake server, thread-safe)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            n = next(self._counter) & 0x3FFFFF
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | n


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat()


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(uid),
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "system": False,
        "public_flags": 0,
        "flags": 0,
    }


def role(rid: int, name: str, permissions: int, position: int = 0) -> dict[str, Any]:
    return {
        "id": str(rid),
        "name": name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def member(user_obj: dict[str, Any], role_ids: list[int], *, joined_at: str | None = None) -> dict[str, Any]:
    return {
        "user": dict(user_obj),
        "nick": None,
        "avatar": None,
        "roles": [str(r) for r in role_ids],
        "joined_at": joined_at or iso_now(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }


def text_channel(cid: int, guild_id: int, name: str, position: int = 0) -> dict[str, Any]:
    return {
        "id": str(cid),
        "type": GUILD_TEXT,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "default_auto_archive_duration": 1440,
        "flags": 0,
    }


def dm_channel(cid: int, recipient: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(cid), "type": DM, "last_message_id": None, "recipients": [dict(recipient)], "flags": 0}


def thread_channel(
    tid: int, guild_id: int, parent_id: int, owner_id: int, name: str, *, auto_archive_duration: int = 1440,
    private: bool = False,
) -> dict[str, Any]:
    return {
        "id": str(tid),
        "type": PRIVATE_THREAD if private else PUBLIC_THREAD,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": iso_now(),
            "locked": False,
            "invitable": True,
            "create_timestamp": iso_now(),
        },
    }


def guild(
    gid: int, name: str, owner_id: int, *, roles: list[dict], channels: list[dict], members: list[dict],
    threads: list[dict] | None = None,
) -> dict[str, Any]:
    """A full GUILD_CREATE payload (the guild with its channels, members and roles)."""
    return {
        "id": str(gid),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": roles,
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "joined_at": iso_now(),
        "large": False,
        "unavailable": False,
        "member_count": len(members),
        "voice_states": [],
        "members": members,
        "channels": channels,
        "threads": threads or [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message(
    mid: int,
    channel_id: int,
    author: dict[str, Any],
    *,
    guild_id: int | None = None,
    content: str = "",
    embeds: list | None = None,
    components: list | None = None,
    flags: int = 0,
    mentions: list | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    msg_type: int = 0,
    member_obj: dict[str, Any] | None = None,
    message_reference: dict | None = None,
    webhook_id: int | None = None,
    application_id: int | None = None,
    interaction_metadata: dict | None = None,
    attachments: list | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(mid),
        "channel_id": str(channel_id),
        "author": dict(author),
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": [str(r) for r in (mention_roles or [])],
        "attachments": attachments or [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": msg_type,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if member_obj is not None:
        data["member"] = {k: v for k, v in member_obj.items() if k != "user"}
    if message_reference is not None:
        data["message_reference"] = message_reference
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    return data


def interaction(
    iid: int,
    itype: int,
    token: str,
    application_id: int,
    data: dict[str, Any],
    *,
    guild_id: int,
    channel: dict[str, Any],
    member_obj: dict[str, Any],
    permissions: int,
    app_permissions: int = ALL_PERMISSIONS,
    message_obj: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload sent in a guild channel by a member."""
    mem = dict(member_obj)
    mem["permissions"] = str(permissions)
    payload: dict[str, Any] = {
        "id": str(iid),
        "application_id": str(application_id),
        "type": itype,
        "data": data,
        "guild_id": str(guild_id),
        "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
        "channel_id": channel["id"],
        "channel": channel,
        "member": mem,
        "token": token,
        "version": 1,
        "app_permissions": str(app_permissions),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild_id)},
        "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if message_obj is not None:
        payload["message"] = message_obj
    return payload


def application(app_id: int, name: str, owner: dict[str, Any]) -> dict[str, Any]:
    """GET /oauth2/applications/@me."""
    return {
        "id": str(app_id),
        "name": name,
        "icon": None,
        "description": "fake application",
        "rpc_origins": [],
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": dict(owner),
        "summary": "",
        "verify_key": "0" * 64,
        "team": None,
        "flags": (1 << 19) | (1 << 15),  # GATEWAY_MESSAGE_CONTENT_LIMITED, GATEWAY_GUILD_MEMBERS_LIMITED
        "interactions_endpoint_url": None,
        "tags": [],
        "redirect_uris": [],
        "approximate_guild_count": 1,
    }


def ready(session_id: str, resume_url: str, bot_user: dict[str, Any], app_id: int, guild_ids: list[int]) -> dict[str, Any]:
    """The READY dispatch: guilds start unavailable, GUILD_CREATE follows for each."""
    return {
        "v": 10,
        "user": dict(bot_user),
        "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": str(app_id), "flags": (1 << 19) | (1 << 15)},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "user_settings": {},
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": [],
        "_trace": ["fake-discord"],
    }


def error_body(code: int, message: str) -> dict[str, Any]:
    """A Discord JSON error body (``{"code": 50013, "message": "Missing Permissions"}``)."""
    return {"code": code, "message": message}
