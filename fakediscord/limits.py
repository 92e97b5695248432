"""Pure checks on a message payload the bot sent: Discord's size limits, who it would ping,
and which links it would render.

Lengths are counted as Discord counts them, in UTF-16 code units (an emoji outside the Basic
Multilingual Plane counts 2), and a message must show something: ``content: ""`` (or only
whitespace) with no embed, component, file, sticker or poll is refused as empty.

The fake server rejects a payload with problems the way Discord does (400, code 50035), and
tests use the same functions to assert on everything the bot sent.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_ACTION_ROWS = 5
MAX_ROW_ITEMS = 5
MAX_BUTTON_LABEL = 80
MAX_CUSTOM_ID = 100

_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_MASKED_LINK = re.compile(r"(?<!\\)\[[^\]\n]*\]\(\s*<?(https?://[^)\s>]+)>?[^)]*\)")
_BARE_URL = re.compile(r"(?<![\\\w])<?(https?://[^\s<>)\]]+)")
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")


def discord_len(text: str) -> int:
    """Length as Discord counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def has_message_body(payload: dict[str, Any]) -> bool:
    """True when the payload would create or replace visible message content."""
    return any(k in payload for k in ("content", "embeds", "components", "attachments", "poll"))


def is_empty_message(payload: dict[str, Any]) -> bool:
    """True when a message with this body would show nothing (Discord: 50006 "Cannot send an empty message")."""
    if (payload.get("content") or "").strip():
        return False
    return not any(payload.get(k) for k in ("embeds", "components", "attachments", "_files", "sticker_ids", "poll"))


def message_problems(payload: dict[str, Any]) -> list[str]:
    """Every way ``payload`` breaks Discord's message limits (empty list when it is valid)."""
    problems: list[str] = []
    content = payload.get("content") or ""
    if discord_len(content) > MAX_CONTENT:
        problems.append(f"content is {discord_len(content)} chars (max {MAX_CONTENT})")
    embeds = payload.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        problems.append(f"{len(embeds)} embeds (max {MAX_EMBEDS})")
    total = 0
    for i, embed in enumerate(embeds):
        total += _embed_problems(i, embed, problems)
    if total > MAX_EMBED_TOTAL:
        problems.append(f"embeds total {total} chars (max {MAX_EMBED_TOTAL})")
    problems.extend(_component_problems(payload.get("components") or []))
    return problems


def _embed_problems(i: int, embed: dict[str, Any], problems: list[str]) -> int:
    total = 0
    for key, limit in EMBED_LIMITS.items():
        text = embed.get(key) or ""
        total += discord_len(text)
        if discord_len(text) > limit:
            problems.append(f"embed {i} {key} is {discord_len(text)} chars (max {limit})")
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        problems.append(f"embed {i} has {len(fields)} fields (max {MAX_FIELDS})")
    for j, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        total += discord_len(name) + discord_len(value)
        if not name.strip() or not value.strip():
            problems.append(f"embed {i} field {j} has an empty name or value")
        if discord_len(name) > MAX_FIELD_NAME:
            problems.append(f"embed {i} field {j} name is {discord_len(name)} chars (max {MAX_FIELD_NAME})")
        if discord_len(value) > MAX_FIELD_VALUE:
            problems.append(f"embed {i} field {j} value is {discord_len(value)} chars (max {MAX_FIELD_VALUE})")
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    total += discord_len(footer) + discord_len(author)
    if discord_len(footer) > MAX_FOOTER:
        problems.append(f"embed {i} footer is {discord_len(footer)} chars (max {MAX_FOOTER})")
    if discord_len(author) > MAX_AUTHOR:
        problems.append(f"embed {i} author name is {discord_len(author)} chars (max {MAX_AUTHOR})")
    return total


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > MAX_ACTION_ROWS:
        problems.append(f"{len(rows)} action rows (max {MAX_ACTION_ROWS})")
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if len(items) > MAX_ROW_ITEMS:
            problems.append(f"action row {r} has {len(items)} items (max {MAX_ROW_ITEMS})")
        for item in items:
            label = item.get("label") or ""
            custom_id = item.get("custom_id") or ""
            if discord_len(label) > MAX_BUTTON_LABEL:
                problems.append(f"component label is {discord_len(label)} chars (max {MAX_BUTTON_LABEL})")
            if len(custom_id) > MAX_CUSTOM_ID:
                problems.append(f"custom_id is {len(custom_id)} chars (max {MAX_CUSTOM_ID})")
    return problems


def visible_texts(payload: dict[str, Any]) -> list[str]:
    """All user-visible text of a message payload: content and every embed text part."""
    texts = [payload.get("content") or ""]
    for embed in payload.get("embeds") or []:
        texts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            texts += [field.get("name") or "", field.get("value") or ""]
        texts.append((embed.get("footer") or {}).get("text") or "")
        texts.append((embed.get("author") or {}).get("name") or "")
    return [t for t in texts if t]


def allowed_mentions_problems(payload: dict[str, Any]) -> list[str]:
    """Why ``payload`` could ping someone: allowed_mentions must be present and allow nothing."""
    am = payload.get("allowed_mentions")
    if am is None:
        return ["no allowed_mentions (Discord then pings every mention in the text)"]
    problems = []
    if am.get("parse"):
        problems.append(f"allowed_mentions.parse = {am['parse']}")
    for key in ("users", "roles"):
        if am.get(key):
            problems.append(f"allowed_mentions.{key} = {am[key]}")
    if am.get("replied_user"):
        problems.append("allowed_mentions.replied_user = true")
    return problems


def would_ping(payload: dict[str, Any]) -> list[str]:
    """The pings Discord would deliver for this payload: ``@everyone``, ``user:ID``, ``role:ID``."""
    am = payload.get("allowed_mentions")
    parse = {"everyone", "users", "roles"} if am is None else set(am.get("parse") or [])
    users = set(map(str, (am or {}).get("users") or []))
    roles = set(map(str, (am or {}).get("roles") or []))
    text = strip_code(payload.get("content") or "")  # mentions only ping from content
    pings: list[str] = []
    if "everyone" in parse:
        pings += [f"@{m}" for m in _EVERYONE.findall(text)]
    for uid in _USER_MENTION.findall(text):
        if "users" in parse or uid in users:
            pings.append(f"user:{uid}")
    for rid in _ROLE_MENTION.findall(text):
        if "roles" in parse or rid in roles:
            pings.append(f"role:{rid}")
    return pings


def strip_code(text: str) -> str:
    """Text with code blocks and inline code removed (nothing in them renders as a link or mention)."""
    return _CODE_SPAN.sub(" ", _CODE_BLOCK.sub(" ", text))


def rendered_links(text: str) -> list[str]:
    """URLs Discord would render as clickable in ``text``: masked links and bare URLs outside code."""
    plain = strip_code(text)
    urls = _MASKED_LINK.findall(plain)
    without_masked = _MASKED_LINK.sub(" ", plain)
    urls += _BARE_URL.findall(without_masked)
    return urls


def payload_links(payload: dict[str, Any]) -> list[str]:
    """Every clickable URL in a payload: rendered links in its texts plus embed ``url`` fields."""
    links: list[str] = []
    for text in visible_texts(payload):
        links += rendered_links(text)
    for embed in payload.get("embeds") or []:
        if embed.get("url"):
            links.append(embed["url"])
        if (embed.get("author") or {}).get("url"):
            links.append(embed["author"]["url"])
    for row in payload.get("components") or []:
        links += [c["url"] for c in row.get("components") or [] if c.get("url")]
    return links


def all_problems(payloads: Iterable[dict[str, Any]]) -> list[str]:
    """Limit and mention problems of many payloads, each prefixed with its index."""
    out = []
    for i, p in enumerate(payloads):
        out += [f"#{i}: {msg}" for msg in message_problems(p) + allowed_mentions_problems(p)]
    return out
