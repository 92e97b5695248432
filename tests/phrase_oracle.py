"""A plain, independent phrase search to check index.find against: fold, str.find, map back.

No regular expressions and no FTS: the text and the phrase are folded character by character
(lower case; hyphen variants to "-"; curly quotes to straight; soft hyphens and zero-width
characters dropped; runs of whitespace to one space, or to none after a hyphen) keeping where each folded character came
from, the folded phrase is looked for with ``str.find``, occurrences that touch a letter or digit
on either side are not whole words, and ``word*`` extends over the letters that follow.
"""

from __future__ import annotations

from functools import lru_cache

HYPHENS = {"-", "\u2010", "\u2011", "\u2013"}
SINGLE = {"'", "\u2018", "\u2019", "\u201a", "\u201b"}
DOUBLE = {'"', "\u201c", "\u201d", "\u201e", "\u201f"}
DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _wordy(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=None)
def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """(folded text, for each folded character the index of the original character it came from)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in DROPPED:
            continue
        if ch.isspace():
            if out and out[-1] in (" ", "-"):
                continue
            out.append(" ")
            origin.append(i)
            continue
        if ch in HYPHENS:
            ch = "-"
        elif ch in SINGLE:
            ch = "'"
        elif ch in DOUBLE:
            ch = '"'
        for c in ch.lower():
            out.append(c)
            origin.append(i)
    return "".join(out), tuple(origin)


def plain_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Exact (start, end) spans in ``text`` of a phrase without ``*`` or with ``*`` ending its last word."""
    folded, origin = fold(text)
    needle, _ = fold(" ".join(phrase.split()))
    prefix = needle.endswith("*")
    needle = needle.rstrip("*")
    if "*" in needle:
        raise ValueError("the oracle handles '*' at the end of the phrase only")
    if needle not in folded:
        return []
    spans = []
    pos = 0
    while True:
        j = folded.find(needle, pos)
        if j < 0:
            return spans
        end = j + len(needle)
        if prefix:
            while end < len(folded) and _wordy(folded[end]):
                end += 1
        before_ok = not (_wordy(needle[0]) and j > 0 and _wordy(folded[j - 1]))
        after_ok = prefix or not (_wordy(needle[-1]) and end < len(folded) and _wordy(folded[end]))
        if before_ok and after_ok:
            spans.append((origin[j], origin[end - 1] + 1))
            pos = end
        else:
            pos = j + 1
