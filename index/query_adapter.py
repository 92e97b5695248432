"""The query adapter: a learnt linear map that moves a question's vector toward the paragraphs
that answer questions worded like it, for ranking only.

A lay question ("can computers decide on their own to fire nuclear missiles?") and the paragraph
that answers it ("… autonomous weapons systems … human control …") sit far apart for the small
embedding model. ``benchmarks/train_adapter.py`` learns, from questions helpers wrote about the
indexed resolutions, a correction ``M`` so that ``normalize(q + M q)`` ranks the answering
paragraph higher. It only ranks (index.search): the answer decisions keep the model's own vector,
on which their thresholds and the answer gate were calibrated.

The file is two numpy arrays (``matrix``, ``model``): one matrix product at query time, no torch.
It is trained for one embedding model's vectors; an engine with another model skips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import OEWGError
from index.weights_file import read_arrays

DEFAULT_ADAPTER = Path(__file__).resolve().parent.parent / "sources" / "query_adapter.npz"
ADAPTER_KEYS = ("matrix", "model")


class AdapterUnavailable(OEWGError):
    """The query adapter's file is missing or damaged: one line naming it and the fix."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        super().__init__(f"The query adapter {self.path} cannot be used ({problem}): restore it with "
                         f"`git checkout sources/query_adapter.npz` or retrain it with `python benchmarks/train_adapter.py` "
                         f"(the bot can also rank without it: query_adapter = \"off\" under [index] in config.toml).")


@dataclass(frozen=True)
class QueryAdapter:
    """The correction matrix and the embedding model whose vectors it was trained on."""

    matrix: np.ndarray  # (dim, dim): a question's vector q ranks as normalize(q + matrix @ q)
    model: str

    def fits(self, dim: object) -> bool:
        return self.matrix.shape == (dim, dim)

    def adapt(self, qvec: np.ndarray) -> np.ndarray:
        """The vector that ranks: ``q + M q``, of unit length (``q`` itself if that is degenerate)."""
        q = np.asarray(qvec, dtype="float32")
        moved = q + self.matrix @ q
        norm = float(np.linalg.norm(moved))
        if not np.isfinite(norm) or norm < 1e-6:
            return q
        return (moved / norm).astype("float32")


def save_adapter(adapter: QueryAdapter, path: Path) -> None:
    np.savez(path, matrix=adapter.matrix.astype("float32"), model=np.array(adapter.model))


def load_adapter(path: Path | str = DEFAULT_ADAPTER) -> QueryAdapter:
    """Read the adapter; AdapterUnavailable, one line, when the file is missing or damaged."""
    path = Path(path)
    data = read_arrays(path, ADAPTER_KEYS, AdapterUnavailable)
    try:
        matrix, model = np.asarray(data["matrix"], dtype="float32"), str(data["model"])
    except (TypeError, ValueError):
        raise AdapterUnavailable(path, "not a readable .npz file of weights") from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise AdapterUnavailable(path, f"its matrix is {matrix.shape}, not square")
    if not np.isfinite(matrix).all():
        raise AdapterUnavailable(path, "it holds values that are not numbers")
    return QueryAdapter(matrix, model)
