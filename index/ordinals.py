"""Ordinals written in figures ("81st", "11th") and in words ("eighty-first", "eleventh").

UN documents write ordinals in words: "its eighty-first session", "the Eleventh Review
Conference". Users type "81st session" or "the 11th Review Conference". ``spelled_ordinal`` gives
the documents' word for a number, ``numeric_ordinals`` finds the figures in a question (the
thesaurus maps each to its word, index.thesaurus), and ``ordinal_forms`` gives both forms of one,
so that a numbered meeting typed either way is found in the paragraphs (index.answer_type).
"""

from __future__ import annotations

import re

_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORDINAL = ("", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
                 "ninetieth")
NUMERIC_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,3})(?:st|nd|rd|th)\b", re.IGNORECASE)
MAX_SPELLED = 199


def _below_hundred(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS_ORDINAL[tens] if unit == 0 else f"{_TENS[tens]}-{_UNITS[unit]}"


def spelled_ordinal(n: int) -> str | None:
    """The ordinal of ``n`` in words, as UN documents write it: 81 -> "eighty-first", 100 ->
    "one hundredth", 101 -> "one hundred and first"; None outside 1–199."""
    if not 1 <= n <= MAX_SPELLED:
        return None
    if n < 100:
        return _below_hundred(n)
    rest = n - 100
    return "one hundredth" if rest == 0 else f"one hundred and {_below_hundred(rest)}"


def numeric_ordinals(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ordinal in words) of each ordinal written in figures that has a word form."""
    out = []
    for m in NUMERIC_ORDINAL.finditer(text):
        word = spelled_ordinal(int(m.group(1)))
        if word is not None:
            out.append((m.start(), m.end(), word))
    return out


_NUMBER_OF = {spelled_ordinal(n): n for n in range(1, MAX_SPELLED + 1)}  # "eleventh" -> 11
SPELLED_BELOW_HUNDRED = tuple(_below_hundred(n) for n in range(1, 100))  # "first" … "ninety-ninth"


def ordinal_number(word: str) -> int | None:
    """The number an ordinal names, in words or figures: "third" -> 3, "3rd" -> 3, "twenty-first"
    -> 21; None for anything else."""
    w = word.lower()
    m = NUMERIC_ORDINAL.fullmatch(w)
    return int(m.group(1)) if m else _NUMBER_OF.get(w)


def ordinal_forms(ordinal: str) -> tuple[str, ...]:
    """The ways a paragraph may write an ordinal: "11th" -> ("11th", "eleventh"); "eleventh" ->
    ("eleventh", "11th"); anything else -> itself."""
    word = ordinal.lower()
    m = NUMERIC_ORDINAL.fullmatch(word)
    if m:
        spelled = spelled_ordinal(int(m.group(1)))
        return (word, spelled) if spelled else (word,)
    n = _NUMBER_OF.get(word)
    if n is None:
        return (word,)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return (word, f"{n}{suffix}")
