"""Comparing a paragraph with its counterparts in other documents: similarity, ranking, word diff.

Pure functions and records, plus :class:`ParagraphVectors`, which holds the stored window
vectors (read from the index's FAISS file by the engine; nothing is re-embedded).

Similarity of two paragraphs, in [0, 1]::

    words  = difflib ratio 2·M / (|a| + |b|) over their word sequences (lower case, punctuation
             left out): the share of wording they have in common, in order
    cosine = the best cosine between their stored embedding windows (a sub-paragraph has none of
             its own and uses its paragraph's); below 0 counts as 0
    similarity = 0.3 · cosine + 0.7 · words

Wording weighs most because a diff of wording is what is shown; the cosine lifts a reworded
counterpart above paragraphs that merely share common words. Counterparts under
:data:`SIMILARITY_FLOOR` are not shown. Weight and floor were chosen by measurement on a report
written from the resolutions (``benchmarks/calibrate_compare.py``: with this weight the best
candidate is the source paragraph for 95.5% of its paragraphs; at the floor 0.5, 92% of the
counterparts shown are real and 95% of the real ones are shown).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from index.errors import OEWGError
from index.models import Quote

COSINE_WEIGHT = 0.3  # share of the cosine in the similarity, the rest is word overlap
SIMILARITY_FLOOR = 0.5  # nothing under this is shown; both calibrated by benchmarks/calibrate_compare.py
MIN_RUN_WORDS = 2  # an unchanged run shorter than this between two changes is shown as changed

_TOKEN = re.compile(r"[^\W_]+")


class NothingToCompare(OEWGError):
    """The documents named to compare with are only the paragraph's own document."""


class NotOneParagraph(OEWGError):
    """Compare was given a range or a list of paragraphs; ``first`` is the first one named."""

    def __init__(self, ref: str, first: str):
        super().__init__(f"compare takes one paragraph and '{ref}' names several: compare them one by one (e.g. {first}).")


def word_tokens(text: str) -> list[str]:
    """The words of a text for similarity: lower case, no punctuation."""
    return _TOKEN.findall(text.lower())


def word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """difflib's ratio 2·M/T over two word sequences: 1.0 identical, 0.0 nothing in common."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def word_similarity_bound(a: Counter, b: Counter) -> float:
    """An upper bound of :func:`word_similarity` from the two texts' word counts (order ignored)."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    shared = sum(min(n, b[w]) for w, n in a.items() if w in b)
    return 2.0 * shared / total


def similarity(words: float, cosine: float, weight: float = COSINE_WEIGHT) -> float:
    """The similarity shown to users, in [0, 1]: ``weight`` · cosine + (1 − ``weight``) · words."""
    s = weight * max(0.0, cosine) + (1.0 - weight) * words
    return min(1.0, max(0.0, s))


# ---- the diff -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DiffOp:
    """One piece of a word diff: "=" kept, "-" only in the counterpart, "+" only in this paragraph."""

    op: str
    text: str

    def to_json(self) -> dict:
        return {"op": self.op, "text": self.text}


def word_diff(old: str, new: str, min_run: int = MIN_RUN_WORDS) -> tuple[DiffOp, ...]:
    """A word-level diff from ``old`` (the counterpart) to ``new`` (this paragraph).

    Words are whitespace-separated and compared exactly, so joining the "=" and "-" texts with
    spaces gives ``old`` and joining "=" and "+" gives ``new`` (whitespace normalised). An
    unchanged run shorter than ``min_run`` words between two changes is folded into them, which
    reads better than a change cut by a lone "the".
    """
    a, b = old.split(), new.split()
    pieces: list[tuple[str, list[str], list[str]]] = []  # (tag, old words, new words)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        pieces.append(("=" if tag == "equal" else "~", a[i1:i2], b[j1:j2]))
    merged: list[list] = []
    for k, (tag, wa, wb) in enumerate(pieces):
        between = 0 < k < len(pieces) - 1 and pieces[k - 1][0] == "~" and pieces[k + 1][0] == "~"
        if tag == "=" and between and len(wa) < min_run:
            tag = "~"
        if merged and merged[-1][0] == tag == "~":
            merged[-1][1] += wa
            merged[-1][2] += wb
        else:
            merged.append([tag, list(wa), list(wb)])
    out: list[DiffOp] = []
    for tag, wa, wb in merged:
        if tag == "=":
            out.append(DiffOp("=", " ".join(wa)))
            continue
        if wa:
            out.append(DiffOp("-", " ".join(wa)))
        if wb:
            out.append(DiffOp("+", " ".join(wb)))
    return tuple(out)


def old_text(diff: Iterable[DiffOp]) -> str:
    return " ".join(d.text for d in diff if d.op in "=-")


def new_text(diff: Iterable[DiffOp]) -> str:
    return " ".join(d.text for d in diff if d.op in "=+")


# ---- vectors ------------------------------------------------------------------------------

class ParagraphVectors:
    """The stored window vectors grouped by paragraph; cosines of one paragraph against all."""

    def __init__(self, vectors: np.ndarray, window_para: np.ndarray):
        order = np.argsort(window_para, kind="stable")
        self._vectors = np.ascontiguousarray(vectors[order], dtype="float32")
        paras = window_para[order]
        if len(paras):
            starts = np.flatnonzero(np.r_[True, paras[1:] != paras[:-1]])
        else:
            starts = np.zeros(0, dtype="int64")
        self._starts = starts
        self.paragraph_ids = paras[starts].astype("int64") if len(paras) else np.zeros(0, dtype="int64")
        self._rows = {int(pid): (int(s), int(e)) for pid, s, e in
                      zip(self.paragraph_ids, starts, np.r_[starts[1:], len(paras)] if len(paras) else [])}
        self._position = {int(pid): i for i, pid in enumerate(self.paragraph_ids.tolist())}

    def has(self, pid: int) -> bool:
        return pid in self._rows

    def position(self, pid: int) -> int | None:
        """Where a paragraph sits in :attr:`paragraph_ids` (None when it has no vector)."""
        return self._position.get(pid)

    def cosine_row(self, pid: int) -> np.ndarray:
        """Best cosine between a window of ``pid`` and a window of each paragraph, in the order of
        :attr:`paragraph_ids` (empty when ``pid`` has no vector)."""
        if pid not in self._rows or not len(self._vectors):
            return np.zeros(0, dtype="float32")
        s, e = self._rows[pid]
        # einsum, not @: a product this small is 0.25 ms on one core, while BLAS's worker threads
        # took 10-60x longer on a busy 2-core machine (measured with benchmarks/speed.py)
        best = np.einsum("ij,j->i", self._vectors, self._vectors[s])
        for row in range(s + 1, e):
            np.maximum(best, np.einsum("ij,j->i", self._vectors, self._vectors[row]), out=best)
        return np.maximum.reduceat(best, self._starts)

    def cosines(self, pid: int) -> dict[int, float]:
        """Paragraph id -> best cosine between a window of ``pid`` and a window of that paragraph."""
        return dict(zip(self.paragraph_ids.tolist(), self.cosine_row(pid).astype(float).tolist()))


# ---- results --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counterpart:
    """A paragraph of another document close to the compared one, with the diff from it."""

    quote: Quote  # the counterpart paragraph, whole text
    date: str
    ref: str  # as typed for `oewg para` in its document ("12", "annex I 3", "PP2")
    similarity: float
    words: float
    cosine: float
    diff: tuple[DiffOp, ...]

    def to_json(self) -> dict:
        return {"doc": self.quote.symbol, "ref": self.ref, "date": self.date,
                "similarity": round(self.similarity, 4), "text": self.quote.text,
                "diff": [d.to_json() for d in self.diff]}


@dataclass(frozen=True)
class CompareResult:
    """A paragraph and its counterparts, best first, all at or above the floor."""

    quote: Quote  # the compared paragraph
    ref: str  # as typed for `oewg para`
    date: str
    matches: tuple[Counterpart, ...]
    compared_with: tuple[str, ...]  # the documents searched
    floor: float = SIMILARITY_FLOOR

    def summary(self) -> str:
        cited = self.quote.citation()
        if not self.matches:
            among = "the other indexed documents" if len(self.compared_with) != 1 else self.compared_with[0]
            return f"No paragraph of {among} is close to {cited} (similarity {self.floor:.2f} or more)."
        best = self.matches[0]
        n = len(self.matches)
        return (f"{cited}: {n} counterpart{'s' * (n != 1)}; the closest is {best.quote.citation()}"
                f" (similarity {best.similarity:.2f}).")

    def to_json(self) -> dict:
        return {"doc": self.quote.symbol, "ref": self.ref, "text": self.quote.text,
                "matches": [m.to_json() for m in self.matches]}


@dataclass(frozen=True)
class Candidate:
    """A scored candidate before it becomes a Counterpart."""

    paragraph_id: int
    symbol: str
    words: float
    cosine: float

    @property
    def similarity(self) -> float:
        return similarity(self.words, self.cosine)


def select(candidates: Iterable[Candidate], floor: float, limit: int, per_doc: int) -> list[Candidate]:
    """Best first (ties: the paragraph stored first), at or above ``floor``, at most ``per_doc``
    from one document and ``limit`` in all."""
    ranked = sorted(candidates, key=lambda c: (-c.similarity, c.paragraph_id))
    out: list[Candidate] = []
    taken: dict[str, int] = {}
    for c in ranked:
        if c.similarity < floor:
            break
        if taken.get(c.symbol, 0) >= per_doc:
            continue
        taken[c.symbol] = taken.get(c.symbol, 0) + 1
        out.append(c)
        if len(out) >= limit:
            break
    return out
