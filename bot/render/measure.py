"""Measuring and trimming text as Discord counts it (UTF-16 code units), and Discord's limits."""

from __future__ import annotations

from index.userinput import one_line  # noqa: F401  (the one helper, re-exported for the renderers)

MESSAGE_LIMIT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
THREAD_NAME = 100
CHOICE_NAME = 100
QUESTION_ECHO = 300  # characters of a question echoed back
HEADING_CHARS = 150
MAX_URL = 512
ELLIPSIS = "…"


def discord_len(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units; an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _char_cost(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` (Discord) characters at a word boundary, with an ellipsis."""
    if discord_len(text) <= limit:
        return text
    if limit < 1:
        return ""
    used = end = 0
    for i, ch in enumerate(text):
        if used + _char_cost(ch) > limit - 1:
            break
        used += _char_cost(ch)
        end = i + 1
    cut = text[:end]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def truncate_lines(text: str, limit: int) -> str:
    """Whole lines of ``text`` while they fit in ``limit``, then an ellipsis line."""
    if discord_len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        need = discord_len(line) + (1 if kept else 0)
        if used + need > limit - 2:
            break
        kept.append(line)
        used += need
    if not kept:
        return truncate(text.split("\n", 1)[0], limit)
    return "\n".join(kept) + "\n" + ELLIPSIS


