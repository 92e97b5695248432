"""Did-you-mean for the words of a question that no indexed paragraph holds.

Pure functions over the index's own words: "capcity bulding" is most likely "capacity building",
and saying so beats a bare "None of the indexed documents mentions “capcity”". A word is
suggested only when it is close to the typed one (difflib's ratio ≥ 0.8, a length within two
letters, the same first letter: slips seldom hit it) and the typed word looks like a slip: rare in English (Zipf under 2, see
index.everyday), or one letter or so off (ratio ≥ 0.9). "wilting" is an English word, not a
typo of "writing".
"""

from __future__ import annotations

import difflib
import re
from typing import Callable, Iterable, Mapping, Sequence

from index.wording import or_list

CLOSE_ENOUGH = 0.8  # difflib ratio for a suggestion at all
ONE_SLIP = 0.9  # … and for one of an English word ("goverment")
TYPO_ZIPF = 2.0  # a typed word rarer than this in English is a likely slip
_WORD = re.compile(r"[a-z][a-z-]{2,}")  # "government's" gives "government"


def index_words(texts: Iterable[str]) -> dict[int, tuple[str, ...]]:
    """The distinct lower-case words (three letters or more) of ``texts``, by length."""
    words: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text.lower()))
    by_length: dict[int, list[str]] = {}
    for w in sorted(words):
        by_length.setdefault(len(w), []).append(w)
    return {n: tuple(ws) for n, ws in by_length.items()}


def suggestion(word: str, vocabulary: Mapping[int, Sequence[str]], zipf: Callable[[str], float]) -> str | None:
    """The index word closest to ``word`` when it is close enough and ``word`` looks like a slip."""
    typed = word.lower()
    near = [w for n in range(len(typed) - 2, len(typed) + 3) for w in vocabulary.get(n, ()) if w[0] == typed[0]]
    found = difflib.get_close_matches(typed, near, n=1, cutoff=CLOSE_ENOUGH)
    if not found or found[0] == typed:
        return None
    slip = zipf(typed) < TYPO_ZIPF or difflib.SequenceMatcher(None, typed, found[0]).ratio() >= ONE_SLIP
    return found[0] if slip else None


def did_you_mean(words: Sequence[str], vocabulary: Mapping[int, Sequence[str]], zipf: Callable[[str], float]) -> str:
    """ " Did you mean “capacity” or “building”?" for the words that have a suggestion; "" when none has."""
    found = list(dict.fromkeys(s for s in (suggestion(w, vocabulary, zipf) for w in words) if s))
    if not found:
        return ""
    return f" Did you mean {or_list([f'“{s}”' for s in found])}?"
