"""Escaping for Discord: user text echoed back, engine text that may carry user input, and links."""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from bot.render.measure import MAX_URL, QUESTION_ECHO, discord_len, one_line, truncate

_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(")
_MENTION_SYNTAX = re.compile(r"<(?:@[!&]?|#)\d+>")


_URL_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)//")


def defuse_urls(text: str) -> str:
    """``https://x`` shown as ``https:\\/\\/x``: it reads the same but Discord does not link it."""
    return _URL_SCHEME.sub(lambda m: m.group(1) + ":\\/\\/", text)


def escape_user_text(text: str, limit: int = QUESTION_ECHO) -> str:
    """User text made safe to echo on one line: no mentions, no markdown, no links of any kind."""
    short = truncate(one_line(text.replace("\x00", "")), limit)
    escaped = escape_markdown(escape_mentions(short.replace("[", "\x00")))
    return defuse_urls(escaped.replace("\x00", "\\["))


def neutralise(text: str) -> str:
    """Engine or document text that may echo user input: mentions, masked links and bare URLs
    defused, other formatting kept (so `oewg build` still shows as code)."""
    return defuse_urls(_MASKED_LINK.sub(lambda m: "\\[" + m.group(1) + "]\\(", escape_mentions(text)))


def safe_url(url: str) -> str:
    """An http(s) address safe inside ``[text](<url>)``, or "" when there is none."""
    url = url.strip()
    if not re.match(r"(?i)https?://\S+$", url) or discord_len(url) > MAX_URL:
        return ""
    for ch, code in (("<", "%3C"), (">", "%3E"), ("(", "%28"), (")", "%29"), ("[", "%5B"), ("]", "%5D")):
        url = url.replace(ch, code)
    return url
