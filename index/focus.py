"""How much of what a question is about the best paragraph covers: its *focus coverage*.

Pure functions. A question's *focus words* are its content words (not question words, stop
words or the documents' everyday vocabulary, see index.specific_terms.GENERIC) that the index
holds, each weighted by how rare it is there (its IDF) times how little everyday English uses it
(index.everyday.topicality): "enlarged" or "seats" weigh much more than "nuclear", and "getting"
or "never", rare in resolutions but not in a newcomer's question, weigh next to nothing. A focus word is covered by a paragraph when the paragraph's stemmed words (its
text, its document's title and its headings) hold the word's stem or a stem of the wording the
thesaurus maps it to. ``coverage`` is the weighted share covered, in [0, 1].

A near-domain question ("How will the Security Council be enlarged…?") sounds like the
documents, so its best paragraph has a middling cosine, but that paragraph shares few of its
rare words; an answerable question worded in lay terms has a middling cosine too, but its
paragraph shares more. index.answering abstains when the cosine is under a bar that falls as
coverage rises. Words no paragraph holds are left out: whether they matter is
index.specific_terms' call ("snapback" does, "rid" does not).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from index.specific_terms import GENERIC
from index.userinput import fold_accents

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’\-])*")  # any script's letters: "Türkiye" is one word
_PART = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class FocusWord:
    """A content word of the question that the index holds."""

    text: str  # as it appears in the question, lower case: "enlarged"
    stems: frozenset[str]  # its stem and the stems of the wording the thesaurus maps it to
    weight: float  # its IDF in the index, times its topicality


def idf(df: int, units: int) -> float:
    """ln((N + 1) / (df + 1)): 0 for a word in every paragraph, ln(N + 1) for one in none."""
    return math.log((units + 1) / (df + 1))


def focus_words(question: str, stems: Callable[[str], list[str]], df: Callable[[str], int], units: int,
                mapped: Callable[[int, int], Iterable[str]] = lambda start, end: (),
                topical: Callable[[str], float] = lambda word: 1.0) -> list[FocusWord]:
    """The focus words of ``question``, in order, each once.

    ``stems(text)`` gives the stemmed words the index counts, ``df(stem)`` how many of its
    ``units`` paragraphs hold a stem; ``mapped(start, end)`` gives the document wording the
    thesaurus maps the question text at that span to (empty when it maps none); ``topical(word)``
    in [0, 1] scales a word's weight by how little everyday English uses it (index.everyday).
    """
    out: list[FocusWord] = []
    seen: set[str] = set()
    for m in _WORD.finditer(question):
        token = m.group(0).lower().strip("'’-")
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        for part in _PART.findall(fold_accents(token)):
            if part in GENERIC or len(part) < 3 or part.isdigit() or part in seen:
                continue
            own = stems(part)
            if not own or df(own[0]) == 0:
                continue  # no paragraph holds it: not evidence either way here
            seen.add(part)
            alternatives = {s for phrase in mapped(m.start(), m.end()) for s in stems(phrase)}
            out.append(FocusWord(part, frozenset({own[0], *alternatives}), idf(df(own[0]), units) * topical(part)))
    return out


def covered(word: FocusWord, paragraph_stems: frozenset[str]) -> bool:
    return not word.stems.isdisjoint(paragraph_stems)


def coverage(words: Sequence[FocusWord], paragraph_stems: frozenset[str]) -> float:
    """The IDF-weighted share of the focus words the paragraph covers; 1.0 when there are none
    (nothing to check)."""
    total = sum(w.weight for w in words)
    if total <= 0:
        return 1.0
    return sum(w.weight for w in words if covered(w, paragraph_stems)) / total


def uncovered(words: Sequence[FocusWord], paragraph_stems: frozenset[str]) -> list[FocusWord]:
    """The focus words the paragraph lacks that weigh anything, most informative first."""
    return sorted((w for w in words if w.weight > 0 and not covered(w, paragraph_stems)), key=lambda w: -w.weight)
