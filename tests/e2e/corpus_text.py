"""Reading expected text straight from the corpus files, so tests compare the bot's quotes with
the documents themselves instead of hard-coded answers."""

from __future__ import annotations

import re
from pathlib import Path

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-case words, ignoring markdown escapes, punctuation and line breaks."""
    return [w.lower() for w in _WORD.findall(text.replace("\\", ""))]


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[1]
    return text


def without_running_headers(text: str) -> str:
    """The text without the running header lines that repeat the title ("80/1. <title>") on each
    page, where they can fall in the middle of a paragraph, and without footnote markers."""
    m = re.search(r"(?m)^\d+/\d+\.\s+(.+)$", text)
    title = m.group(1).strip() if m else ""
    keep = [ln for ln in text.splitlines() if not (title and len(ln.strip()) >= 12 and title.startswith(ln.strip()))]
    return re.sub(r"\[\^\d+\]", "", "\n".join(keep))  # footnote markers are not paragraph text


def operative_paragraph(path: Path, number: int) -> str:
    """The first line of operative paragraph ``number`` (``"2. Requests ..."``) without its number."""
    for line in body(path).splitlines():
        if line.startswith(f"{number}. "):
            return line[len(f"{number}. "):].strip()
    raise LookupError(f"{path.name} has no operative paragraph {number}")


def operative_numbers(path: Path) -> list[int]:
    return [int(m.group(1)) for m in re.finditer(r"(?m)^(\d+)\. ", body(path))]


def contains_words(haystack: str, needle: str) -> bool:
    """Whether ``needle``'s words occur consecutively in ``haystack`` (formatting ignored)."""
    h, n = " ".join(words(haystack)), " ".join(words(needle))
    return bool(n) and n in h


def verbatim_share(quote: str, source: str, n: int = 6) -> float:
    """Share of the quote's n-word runs found word for word in ``source`` (page headers
    between two pages of one paragraph break a few runs, so a verbatim quote scores ~1.0
    and a paraphrase ~0)."""
    q = words(quote)
    if len(q) < n:
        return 1.0 if contains_words(source, quote) else 0.0
    s = " " + " ".join(words(source)) + " "
    runs = [" " + " ".join(q[i:i + n]) + " " for i in range(len(q) - n + 1)]
    return sum(r in s for r in runs) / len(runs)


def quoted_lines(text: str) -> list[str]:
    """The block-quote lines (``> ...``) of a bot message, without the marker."""
    return [line[2:] for line in text.splitlines() if line.startswith("> ")]
