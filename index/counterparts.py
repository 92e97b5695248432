"""Gathering and scoring compare candidates: the stored vectors and the full-text index of one index.

:class:`CounterpartFinder` holds the window vectors (read once from the FAISS file; nothing is
re-embedded) and the paragraphs' word tokens; ``candidates`` returns the paragraphs of the
documents compared with that are nearest by vector or share the most telling words, scored by
index.compare.similarity. Ranking, the floor and the diff are index.compare's.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from index.compare import SIMILARITY_FLOOR, Candidate, ParagraphVectors, similarity, word_similarity, word_similarity_bound, word_tokens
from index.find import fts_any_words_query
from index.models import Paragraph
from index.store import IndexStore, read_vectors

DEPTH = 25  # candidates taken from each of the vectors and the full-text index
FTS_DEPTH = 300  # full-text matches read before keeping those in the documents compared with


class CounterpartFinder:
    """Compare candidates over one opened index."""

    def __init__(self, store: IndexStore, vectors: ParagraphVectors):
        self.store = store
        self.vectors = vectors
        self._docs = np.array([store.paragraph(i).symbol for i in vectors.paragraph_ids.tolist()], dtype=object)
        self._tokens: dict[int, tuple[list[str], Counter]] = {}

    @classmethod
    def open(cls, store: IndexStore) -> "CounterpartFinder":
        index, window_para, bare = read_vectors(store.root)
        n = index.ntotal
        vecs = index.reconstruct_n(0, n) if n else np.zeros((0, int(store.manifest.get("dim", 1))), dtype="float32")
        keep = ~bare  # the windows with their context, as the similarity floor was calibrated on
        return cls(store, ParagraphVectors(vecs[keep], window_para[keep]))

    def tokens(self, pid: int) -> tuple[list[str], Counter]:
        """(word tokens, their counts) of a paragraph, kept after the first use."""
        got = self._tokens.get(pid)
        if got is None:
            words = word_tokens(self.store.paragraph(pid).text)
            got = self._tokens[pid] = (words, Counter(words))
        return got

    def _unit(self, p: Paragraph, pid: int) -> int | None:
        """The paragraph whose vectors stand for ``p``: itself, or its parent for a sub-paragraph."""
        return pid if not p.parent else self.store.id_of_ref(p.symbol, p.scope, p.parent)

    def candidates(self, p: Paragraph, targets: set[str], floor: float = SIMILARITY_FLOOR) -> list[Candidate]:
        """Scored candidates for ``p`` in the documents ``targets``, unsorted; those that cannot
        reach ``floor`` are left out unscored (pass 0 to score them all, as the calibration does)."""
        pid = self.store.id_of(p)
        unit = self._unit(p, pid)
        row = self.vectors.cosine_row(unit) if unit is not None else np.zeros(0, dtype="float32")
        mine, my_counts = self.tokens(pid)
        scored = []
        for cid in self._gather(p, row, targets):
            c = self.store.paragraph(cid)
            their_unit = self._unit(c, cid)
            at = self.vectors.position(their_unit) if their_unit is not None else None
            cos = float(row[at]) if at is not None and len(row) else 0.0
            theirs, their_counts = self.tokens(cid)
            if floor > 0 and similarity(word_similarity_bound(my_counts, their_counts), cos) < floor:
                continue  # cannot reach the floor: skip the exact ratio
            scored.append(Candidate(cid, c.symbol, word_similarity(mine, theirs), cos))
        return scored

    def _gather(self, p: Paragraph, row: np.ndarray, targets: set[str]) -> list[int]:
        """Paragraph ids worth scoring: the nearest by vector and the best by shared words (BM25).

        A paragraph is compared with paragraphs; a sub-paragraph with sub-paragraphs and paragraphs
        (a list item of one document is often a paragraph of the next).
        """
        dense: list[int] = []
        if len(row):
            in_targets = np.flatnonzero(np.isin(self._docs, list(targets)))
            nearest = in_targets[np.argsort(-row[in_targets], kind="stable")[:DEPTH]]
            dense = self.vectors.paragraph_ids[nearest].tolist()
        if p.parent:  # the sub-paragraphs of the nearest paragraphs, too
            dense += [sid for cid in dense for sid in self.store.sub_ids(cid)]
        query = fts_any_words_query(p.text, self.store.fts_document_frequencies(), self.store.paragraph_count())
        lexical = []
        for cid, _ in self.store.fts_ranked(query, FTS_DEPTH):
            c = self.store.paragraph(cid)
            if c.symbol in targets and (p.parent or not c.parent):
                lexical.append(cid)
                if len(lexical) >= DEPTH:
                    break
        return list(dict.fromkeys(dense + lexical))
