"""How much a word can say about a topic, given how common it is in everyday English.

A word the index rarely holds may be rare there only because the documents write formally:
"getting", "keeping", "never" or "big" are rare in resolutions and common everywhere else, and a
question that uses them says little with them. "enlarged", "timetable" or "peacekeeping" are
uncommon in English too, and name what the question is about. index.focus weighs a question's
words by their rarity in the index *times* :func:`topicality` here, so that everyday words weigh
little in the coverage test of index.answering.

Frequencies come from the ``wordfreq`` library (Zipf scale: 7 is "the", 3 is once per ten
million words). :func:`topicality` is pure; :class:`EnglishFrequency` loads the table on first
use and remembers the words it was asked about (one instance per engine).
"""

from __future__ import annotations

from typing import Callable

TOPICAL_ZIPF = 3.5  # at most this common in English: the word counts in full
EVERYDAY_ZIPF = 5.0  # at least this common ("people", "keep", "getting"): it counts for nothing


def topicality(zipf: float, topical: float = TOPICAL_ZIPF, everyday: float = EVERYDAY_ZIPF) -> float:
    """1.0 for a word no more common than ``topical``, 0.0 for one at least as common as
    ``everyday``, linear in between."""
    if zipf <= topical:
        return 1.0
    if zipf >= everyday:
        return 0.0
    return (everyday - zipf) / (everyday - topical)


class EnglishFrequency:
    """Zipf frequencies of English words (``wordfreq``), cached per instance."""

    def __init__(self, lookup: Callable[[str], float] | None = None):
        self._lookup = lookup
        self._seen: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        word = word.lower()
        if word not in self._seen:
            if self._lookup is None:
                from wordfreq import zipf_frequency  # loads its English table once (~0.3 s)

                self._lookup = lambda w: zipf_frequency(w, "en")
            self._seen[word] = float(self._lookup(word))
        return self._seen[word]

    def topicality(self, word: str) -> float:
        return topicality(self.zipf(word))
