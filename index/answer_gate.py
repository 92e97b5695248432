"""The answer gate: a small learnt check of whether a paragraph found answers the question.

The rules of ``index.answering`` read words; they let through a question on a topic the documents
cover that asks for something they do not say ("Who chairs the Global Mechanism?"). The gate
reads the two vectors the search already has, the question's and the paragraph's best window,
and scores how much the pair looks like a question and the paragraph that answers it. It only
uses their interactions (their product and distance, and the cosine), never either vector alone,
so it judges paragraphs it was never trained on, as in a newly indexed document.

It is a one-hidden-layer network trained by ``benchmarks/train_gate.py`` on helper-written
questions (``benchmarks/train/``) and the dev split (the mean of five networks trained with
different seeds, stored as one wider network); its threshold is chosen on questions it was not
trained on. A second, higher threshold (``sure``) marks a candidate the gate is sure answers: then
the rules that turn away a question sharing little wording with the paragraphs (index.answering,
rules 2 and 3) yield to it, as a lay paraphrase of a paragraph shares little of its wording. Its weights (``sources/answer_gate.npz``) are a few hundred kilobytes of
numpy arrays: scoring is two small matrix products, with no extra model and no torch.
It is trained for one embedding model's vectors; an engine with another model skips it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import OEWGError
from index.weights_file import read_arrays

DEFAULT_GATE = Path(__file__).resolve().parent.parent / "sources" / "answer_gate.npz"
BLOCK = 128  # hidden units scored per matrix product: a wider product wakes BLAS threads that then
# compete with the embedding model's for the two cores (p95 of `ask` 130 ms instead of 23 ms)
GATED = 3  # the gate passes a question when one of the best this many candidates answers it
GATE_KEYS = ("w1", "b1", "w2", "b2", "threshold", "model")  # and "sure", absent from older files (never sure)


class GateUnavailable(OEWGError):
    """The answer gate's weights file cannot be read: one line saying which file and what to do."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        super().__init__(f"The answer gate {self.path} cannot be used ({problem}): restore it with "
                         f"`git checkout sources/answer_gate.npz` or retrain it with `python benchmarks/train_gate.py` "
                         f"(the bot can also run without it: answer_gate = \"off\" under [index] in config.toml).")


def gate_features(qvec: np.ndarray, pvec: np.ndarray) -> np.ndarray:
    """The gate's input for a question vector and a paragraph window vector (both L2-normalised):
    their elementwise product, their elementwise distance and their cosine."""
    q = np.asarray(qvec, dtype="float32")
    p = np.asarray(pvec, dtype="float32")
    return np.concatenate([q * p, np.abs(q - p), [float(q @ p)]]).astype("float32")


@dataclass(frozen=True)
class AnswerGate:
    """Weights of the gate's network, its threshold and the embedding model it was trained for."""

    w1: np.ndarray  # (features, hidden)
    b1: np.ndarray  # (hidden,)
    w2: np.ndarray  # (hidden,)
    b2: float
    threshold: float  # a candidate scoring under this does not answer
    model: str  # the embedding model whose vectors it reads (the index manifest's name)
    sure: float = math.inf  # a candidate scoring this or more surely answers (rules 2 and 3 yield)

    def fits(self, dim: object) -> bool:
        """Whether it reads vectors of ``dim`` dimensions (its features are two per dimension and the cosine)."""
        return isinstance(dim, int) and self.w1.shape[0] == 2 * dim + 1

    def score(self, features: np.ndarray) -> np.ndarray:
        """The gate's logit for each row of ``features`` (one row, or a matrix of rows)."""
        x = np.atleast_2d(np.asarray(features, dtype="float32"))
        out = np.full(x.shape[0], self.b2, dtype="float32")
        for lo in range(0, self.w1.shape[1], BLOCK):  # blocks small enough that BLAS stays on one thread
            hidden = np.maximum(x @ self.w1[:, lo:lo + BLOCK] + self.b1[lo:lo + BLOCK], 0.0)
            out += hidden @ self.w2[lo:lo + BLOCK]
        return out

    def answers(self, qvec: np.ndarray, windows: list[np.ndarray]) -> list[float]:
        """The score of each candidate, given the question vector and each candidate's best window."""
        if not windows:
            return []
        return [float(s) for s in self.score(np.vstack([gate_features(qvec, w) for w in windows]))]

    def passes(self, scores: list[float], threshold: float | None = None) -> bool:
        """Whether one of the best GATED candidates answers (an empty list never does); ``threshold``
        replaces the gate's own (benchmarks/train_gate.py tries a grid of them)."""
        bar = self.threshold if threshold is None else threshold
        return any(s >= bar for s in scores[:GATED])

    def is_sure(self, scores: list[float], sure: float | None = None) -> bool:
        """Whether one of the best GATED candidates scores at least ``sure`` (default: the gate's own)."""
        bar = self.sure if sure is None else sure
        return any(s >= bar for s in scores[:GATED])


def averaged_gate(gates: list[AnswerGate]) -> AnswerGate:
    """One gate whose score is the mean of the given gates' scores (same features and model): their
    hidden layers side by side, each output weight divided by their number. Threshold and ``sure``
    are the first gate's."""
    k = len(gates)
    first = gates[0]
    return AnswerGate(np.hstack([g.w1 for g in gates]), np.concatenate([g.b1 for g in gates]),
                      np.concatenate([g.w2 / k for g in gates]), float(np.mean([g.b2 for g in gates])),
                      first.threshold, first.model, first.sure)


def save_gate(gate: AnswerGate, path: Path) -> None:
    np.savez(path, w1=gate.w1.astype("float32"), b1=gate.b1.astype("float32"), w2=gate.w2.astype("float32"),
             b2=np.float32(gate.b2), threshold=np.float32(gate.threshold), model=np.array(gate.model),
             sure=np.float32(gate.sure))


def load_gate(path: Path | str = DEFAULT_GATE) -> AnswerGate:
    """Read the gate's weights; GateUnavailable, one line, when the file is missing or damaged."""
    path = Path(path)
    data = read_arrays(path, GATE_KEYS, GateUnavailable)
    try:
        w1, b1, w2 = (np.asarray(data[k], dtype="float32") for k in ("w1", "b1", "w2"))
        b2, threshold, model = float(data["b2"]), float(data["threshold"]), str(data["model"])
        sure = float(data["sure"]) if "sure" in data else math.inf
    except (TypeError, ValueError):  # a number that is not one, or an array where one number belongs
        raise GateUnavailable(path, "not a readable .npz file of weights") from None
    if w1.ndim != 2 or b1.shape != (w1.shape[1],) or w2.shape != (w1.shape[1],):
        raise GateUnavailable(path, f"its arrays do not fit together ({w1.shape}, {b1.shape}, {w2.shape})")
    if not (np.isfinite(w1).all() and np.isfinite(w2).all() and np.isfinite(b1).all() and np.isfinite([b2, threshold]).all()):
        raise GateUnavailable(path, "it holds values that are not numbers")
    if math.isnan(sure) or sure < threshold:
        raise GateUnavailable(path, f"its sure bar ({sure}) is under its threshold ({threshold})")
    return AnswerGate(w1, b1, w2, b2, threshold, model, sure)
