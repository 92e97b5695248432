"""Text typed by users, made safe to process and print: no lone surrogates, no NUL characters,
accents composed; ``fold_accents``, the one way words are compared without their accents; and
``one_line``, the one helper that folds any text (an error, a heading) onto one line.

Undecodable bytes reach Python as lone surrogates (``sys.argv`` and ``os.environ`` decode with
``surrogateescape``; JSON may carry ``"\\ud800"``). They cannot be encoded as UTF-8, so SQLite,
the tokenizer and a UTF-8 terminal all fail on them. ``clean_text`` turns each into U+FFFD
(a valid surrogate pair becomes the character it encodes) and drops NUL characters. A letter
typed with a combining accent ("e" + U+0301) is composed into one character ("é", Unicode NFC), so
a word is never cut at its accent.
"""

from __future__ import annotations

import unicodedata
from typing import Any

REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, NUL characters removed, accents composed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


def fold_accents(text: str) -> str:
    """``text`` with its letters' accents dropped and compatibility characters spelt out:
    "Türkiye" -> "Turkiye", "São Tomé" -> "Sao Tome", "ﬁ" -> "fi"."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tolerate_bad_bytes(*streams: Any) -> None:
    """Text streams switched to ``errors="replace"``: undecodable input reads as U+FFFD and
    unprintable output as "?", instead of ending the program with a traceback."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream
            pass


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` (anything printable) on one line, whitespace folded; cut to ``limit`` characters
    with an ellipsis when given."""
    s = " ".join(str(text).split())
    return s if limit is None or len(s) <= limit else s[: limit - 1] + "…"
