"""Hybrid retrieval over an opened index: BM25 (bm25s) and dense (FAISS), fused by a weighted sum.

Only top-level paragraphs are retrieval units; a long paragraph has several embedding
windows and scores by its best window. Each window is stored with its context (title, headings)
and, for ranking only, bare (index.build.embedded_windows). Every hit carries the paragraph's dense cosine
similarity, the calibrated score the engine uses to decide whether to abstain.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from index.answering import Calibration
from index.embed import retrieval_context
from index.refs import is_preambular
from index.store import IndexStore, read_vectors
from index.userinput import fold_accents

RRF_K = 60  # reciprocal rank fusion constant (Cormack et al.)
# Hybrid ranking: weighted fusion of cosine and normalised BM25, measured better than RRF on the dev
# split (R@3 0.886 vs 0.855, MRR 0.817 vs 0.782 with the thesaurus; flat from 0.7 to 0.85)
DENSE_WEIGHT = 0.8
# Preambular paragraphs ("Recalling ...", "Noting ...") restate context; the operative paragraph
# is nearly always the answer. Their fused score is scaled by this (measured in benchmarks/eval.py).
PREAMBLE_WEIGHT = 0.8
CANDIDATES = 50  # how deep each retriever's list goes into the fusion
# Abstention thresholds per mode, calibrated on the dev split of benchmarks/questions.jsonl:
# hybrid and dense compare the best paragraph's cosine similarity, bm25 its BM25 score
# (the other answer decisions are in index.answering).
THRESHOLDS = {"hybrid": 0.30, "dense": 0.39, "bm25": 4.0}
MODES = ("hybrid", "dense", "bm25")
# What an answer quotes and when it abstains, per mode (index.answering), calibrated on the dev split
CALIBRATION = {
    "hybrid": Calibration(min_cosine=THRESHOLDS["hybrid"]),
    "dense": Calibration(min_cosine=THRESHOLDS["dense"], lexical_floor=0.0),  # no BM25 scores in this mode
    "bm25": Calibration(min_cosine=0.0),
}


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int
    score: float  # calibrated relevance: cosine for hybrid/dense, BM25 score for bm25
    dense: float  # cosine similarity of the best window (0 when not computed)
    lexical: float  # BM25 score (0 when the paragraph shares no term with the query)
    fused: float  # the ranking score of the mode (weighted cosine + BM25 for hybrid)


def lexical_text(context: str, text: str) -> str:
    """What BM25 indexes for a paragraph: its retrieval context (title, headings), then its text."""
    return f"{context}\n{text}" if context else text


_WORD = re.compile(r"[a-z0-9]+")


def word_parts(text: str) -> list[str]:
    """Lower-case alphanumeric runs of ``text``, accents dropped ("Non-Proliferation" -> "non",
    "proliferation"; "Türkiye" -> "turkiye")."""
    return _WORD.findall(fold_accents(text.lower()).replace("’", "'").replace("'s", ""))


def fuse_scores(dense: dict[int, float], lexical: dict[int, float], dense_weight: float = 0.8,
                scale: dict[int, float] | None = None) -> dict[int, float]:
    """Weighted fusion: ``dense_weight`` × cosine + (1 − ``dense_weight``) × BM25 / best BM25, over
    every id either retriever found (``dense`` must hold the cosine of each); ``scale`` weights some ids."""
    best = max(lexical.values(), default=0.0) or 1.0
    fused = {}
    for pid, cos in dense.items():
        fused[pid] = (dense_weight * cos + (1.0 - dense_weight) * lexical.get(pid, 0.0) / best) * (scale or {}).get(pid, 1.0)
    return fused


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
        tokens = bm25s.tokenize([fold_accents(t) for t in texts], stopwords="en",  # "São Tomé" finds "Sao Tome"
                                stemmer=self._stemmer, show_progress=False)
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self.faiss_index, self.window_para, self.window_bare = read_vectors(store.root)
        n = self.faiss_index.ntotal
        self.vectors = self.faiss_index.reconstruct_n(0, n) if n else np.zeros((0, 1), dtype="float32")
        # a paragraph's windows with its context decide (cosine, gate); its bare ones only rank (rank_cosines)
        self._windows_of: dict[int, list[int]] = {}
        self._bare_of: dict[int, list[int]] = {}
        for row, (pid, bare) in enumerate(zip(self.window_para.tolist(), self.window_bare.tolist())):
            (self._bare_of if bare else self._windows_of).setdefault(pid, []).append(row)
        # stemmed words of each unit (context and text), and how many units (or their footnotes) hold each
        self._unit_stems = {pid: frozenset(self.stems(text)) for (pid, _), text in zip(units, texts)}
        df: Counter = Counter()
        for (pid, p) in units:
            df.update(self._unit_stems[pid] | frozenset(self.stems(" ".join(f.text for f in p.footnotes))))
        self._df = df

    # ---- vocabulary -----------------------------------------------------
    def stems(self, text: str) -> list[str]:
        """The stemmed words of ``text``, as the vocabulary counts them."""
        words = word_parts(text)
        return self._stemmer.stemWords(words) if words else []

    def df(self, word: str) -> int:
        """How many retrieval units hold ``word`` (in text, context or footnotes); for a word in parts
        ("non-proliferation"), the rarest part."""
        stems = self.stems(word)
        return min((self._df.get(s, 0) for s in stems), default=0)

    def stem_df(self, stem: str) -> int:
        """How many retrieval units hold a stem (as ``stems`` gives it)."""
        return self._df.get(stem, 0)

    def unit_stems(self, pid: int) -> frozenset[str]:
        return self._unit_stems.get(pid, frozenset())

    @property
    def unit_count(self) -> int:
        return len(self.unit_ids)

    def threshold(self, mode: str = "hybrid") -> float:
        return self.thresholds[mode]

    def calibration(self, mode: str = "hybrid") -> Calibration:
        """The answer decisions' thresholds for ``mode`` (the manifest's abstention threshold wins)."""
        cal = CALIBRATION[mode]
        if mode != "bm25" and self.thresholds.get(mode) is not None:
            from dataclasses import replace

            cal = replace(cal, min_cosine=float(self.thresholds[mode]))
        return cal

    # ---- single retrievers -------------------------------------------
    def lexical(self, query: str, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        toks = self._bm25s.tokenize([fold_accents(query)], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False)
        if not toks or not toks[0] or not len(self.unit_ids):
            return []
        k = min(depth, len(self.unit_ids))
        docs, scores = self.bm25.retrieve(toks, k=k, show_progress=False)
        return [(int(self.unit_ids[d]), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def dense(self, qvec: np.ndarray, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        """The ``depth`` paragraphs nearest the query by their ranking cosine (:meth:`rank_cosines`),
        best first, each with that cosine."""
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

    def rank_cosines(self, qvec: np.ndarray, pids: list[int]) -> dict[int, float]:
        """What ranks each paragraph: the best cosine of any of its windows, bare ones included
        (index.build.embedded_windows)."""
        return self._best_of(qvec, pids, (self._windows_of, self._bare_of))

    def cosines(self, qvec: np.ndarray, pids: list[int]) -> dict[int, float]:
        """The cosine of each paragraph (its best window with its context), in one product for all of
        them: what the answer decisions read (index.answering)."""
        return self._best_of(qvec, pids, (self._windows_of,))

    def _best_of(self, qvec: np.ndarray, pids: list[int], maps) -> dict[int, float]:
        rows = [(pid, r) for pid in pids for m in maps for r in m.get(pid, ())]
        if not rows:
            return {pid: 0.0 for pid in pids}
        sims = self.vectors[[r for _, r in rows]] @ qvec
        out = {pid: 0.0 for pid in pids}
        seen: set[int] = set()
        for (pid, _), sim in zip(rows, sims.tolist()):
            out[pid] = sim if pid not in seen else max(out[pid], sim)
            seen.add(pid)
        return out

    def best_window(self, qvec: np.ndarray, pid: int) -> np.ndarray | None:
        """The vector of the paragraph's window closest to the question (None: it has no window)."""
        rows = self._windows_of.get(pid)
        if not rows:
            return None
        return self.vectors[rows[int(np.argmax(self.vectors[rows] @ qvec))]]

    def cosine(self, qvec: np.ndarray, pid: int) -> float:
        rows = self._windows_of.get(pid)
        if not rows:
            return 0.0
        return float(np.max(self.vectors[rows] @ qvec))

    # ---- fused ----------------------------------------------------------
    def search(self, query: str, qvec: np.ndarray | None, k: int = 5, mode: str = "hybrid",
               rank_vec: np.ndarray | None = None, lexical: list[tuple[int, float]] | None = None) -> list[SearchHit]:
        """Top ``k`` paragraphs: ``query`` goes to BM25, ``qvec`` (its embedding) to the vectors.
        ``rank_vec`` (index.query_adapter), when given, replaces ``qvec`` for ranking only: the
        hits' ``dense`` and ``score`` stay the cosines with ``qvec``, which the answer decisions read.
        ``lexical``: the hybrid mode's BM25 ranking of ``query`` (:meth:`lexical`), when the caller
        has it already (it ranks the same query twice, with and without ``rank_vec``)."""
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        if mode == "bm25":
            return [SearchHit(pid, s, 0.0, s, s) for pid, s in self.lexical(query, depth=k)]
        assert qvec is not None, "dense and hybrid retrieval need a query vector"
        rvec = qvec if rank_vec is None else rank_vec
        dense = self.dense(rvec)
        if mode == "dense":
            decide_of = self.cosines(qvec, [pid for pid, _ in dense[:k]])
            return [SearchHit(pid, decide_of[pid], decide_of[pid], 0.0, s) for pid, s in dense[:k]]
        if lexical is None:
            lexical = self.lexical(query)
        rank_of = dict(dense)
        lex_of = dict(lexical)
        rank_of.update(self.rank_cosines(rvec, [pid for pid in lex_of if pid not in rank_of]))
        fused = fuse_scores(rank_of, lex_of, DENSE_WEIGHT, self._fusion_scale)
        order = sorted(fused, key=lambda pid: -fused[pid])[:k]
        decide_of = self.cosines(qvec, order)
        return [SearchHit(pid, decide_of[pid], decide_of[pid], lex_of.get(pid, 0.0), fused[pid]) for pid in order]
