"""Hybrid retrieval over an opened index: BM25 (bm25s) and dense (FAISS), fused by reciprocal rank.

Only top-level paragraphs are retrieval units; a long paragraph has several embedding
windows and scores by its best window. Every hit carries the paragraph's dense cosine
similarity, the calibrated score the engine uses to decide whether to abstain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embed import retrieval_context
from index.refs import is_preambular
from index.store import IndexStore, read_vectors

RRF_K = 60  # reciprocal rank fusion constant (Cormack et al.)
# Preambular paragraphs ("Recalling ...", "Noting ...") restate context; the operative paragraph
# is nearly always the answer. Their fused score is scaled by this (measured in benchmarks/eval.py).
PREAMBLE_WEIGHT = 0.8
CANDIDATES = 50  # how deep each retriever's list goes into the fusion
# Abstention thresholds per mode, calibrated on benchmarks/questions.jsonl (see README):
# hybrid and dense compare the best paragraph's cosine similarity, bm25 its BM25 score.
THRESHOLDS = {"hybrid": 0.35, "dense": 0.39, "bm25": 4.0}
MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int
    score: float  # calibrated relevance: cosine for hybrid/dense, BM25 score for bm25
    dense: float  # cosine similarity of the best window (0 when not computed)
    lexical: float  # BM25 score (0 when the paragraph shares no term with the query)
    fused: float  # the ranking score of the mode (RRF for hybrid)


def lexical_text(context: str, text: str) -> str:
    """What BM25 indexes for a paragraph: its retrieval context (title, headings), then its text."""
    return f"{context}\n{text}" if context else text


def fuse_rankings(rankings, scale: dict[int, float] | None = None, k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion of ranked ``[(id, score), ...]`` lists; ``scale`` weights some ids."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (pid, _) in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank + 1)
    if scale:
        for pid in fused:
            fused[pid] *= scale.get(pid, 1.0)
    return fused


class HybridSearcher:
    """Holds the BM25 model, the FAISS index and the window map for one index version."""

    def __init__(self, store: IndexStore, thresholds: dict[str, float] | None = None):
        import bm25s
        import Stemmer

        self.store = store
        self.thresholds = dict(THRESHOLDS, **(store.manifest.get("thresholds") or {}), **(thresholds or {}))
        units = [(pid, p) for pid, p in store.paragraph_items() if not p.parent]
        self.unit_ids = np.array([pid for pid, _ in units], dtype="int64")
        self._unit_pos = {pid: i for i, (pid, _) in enumerate(units)}
        self._fusion_scale = {pid: PREAMBLE_WEIGHT for pid, p in units if is_preambular(p.ref)}
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25s = bm25s
        titles = {d.symbol: d.title for d in store.documents()}
        texts = [lexical_text(retrieval_context(titles.get(p.symbol, ""), p.heading_path or p.heading), p.text) for _, p in units]
        tokens = bm25s.tokenize(texts, stopwords="en",
                                stemmer=self._stemmer, show_progress=False)
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self.faiss_index, self.window_para = read_vectors(store.root)
        n = self.faiss_index.ntotal
        self.vectors = self.faiss_index.reconstruct_n(0, n) if n else np.zeros((0, 1), dtype="float32")
        self._windows_of: dict[int, list[int]] = {}
        for row, pid in enumerate(self.window_para.tolist()):
            self._windows_of.setdefault(pid, []).append(row)

    def threshold(self, mode: str = "hybrid") -> float:
        return self.thresholds[mode]

    # ---- single retrievers -------------------------------------------
    def lexical(self, query: str, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        toks = self._bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False)
        if not toks or not toks[0] or not len(self.unit_ids):
            return []
        k = min(depth, len(self.unit_ids))
        docs, scores = self.bm25.retrieve(toks, k=k, show_progress=False)
        return [(int(self.unit_ids[d]), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def dense(self, qvec: np.ndarray, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        n = self.faiss_index.ntotal
        if not n:
            return []
        sims, rows = self.faiss_index.search(qvec.reshape(1, -1).astype("float32"), min(n, depth * 4))
        best: dict[int, float] = {}
        for s, r in zip(sims[0], rows[0]):
            if r < 0:
                continue
            pid = int(self.window_para[r])
            if s > best.get(pid, -2.0):
                best[pid] = float(s)
        return sorted(best.items(), key=lambda kv: -kv[1])[:depth]

    def cosine(self, qvec: np.ndarray, pid: int) -> float:
        rows = self._windows_of.get(pid)
        if not rows:
            return 0.0
        return float(np.max(self.vectors[rows] @ qvec))

    # ---- fused ----------------------------------------------------------
    def search(self, query: str, qvec: np.ndarray | None, k: int = 5, mode: str = "hybrid") -> list[SearchHit]:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        if mode == "bm25":
            return [SearchHit(pid, s, 0.0, s, s) for pid, s in self.lexical(query, depth=k)]
        assert qvec is not None, "dense and hybrid retrieval need a query vector"
        dense = self.dense(qvec)
        if mode == "dense":
            return [SearchHit(pid, s, s, 0.0, s) for pid, s in dense[:k]]
        lexical = self.lexical(query)
        fused = fuse_rankings((dense, lexical), scale=self._fusion_scale)
        dense_of = dict(dense)
        lex_of = dict(lexical)
        order = sorted(fused, key=lambda pid: -fused[pid])[:k]
        hits = []
        for pid in order:
            cos = dense_of.get(pid)
            if cos is None:
                cos = self.cosine(qvec, pid)
            hits.append(SearchHit(pid, cos, cos, lex_of.get(pid, 0.0), fused[pid]))
        return hits
