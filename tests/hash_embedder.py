"""A tiny deterministic stand-in for the embedding model: words hashed into a 16-dimensional
normalised vector. Index tests that are about files, not about retrieval quality, build with it
in milliseconds and never load the real model."""

from __future__ import annotations

import hashlib
import time

import numpy as np

NAME = "test-hash-embedder"
DIM = 16


class HashEmbedder:
    name = NAME
    dim = DIM

    def __init__(self, delay: float = 0.0, salt: str = ""):
        self.delay = delay  # seconds per encode call, to make a build last a while
        self.salt = salt  # a different salt gives different vectors (an "other" index)

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.delay:
            time.sleep(self.delay)
        out = np.zeros((len(texts), DIM), dtype="float32")
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = hashlib.md5((self.salt + word).encode("utf-8", "replace")).digest()
                out[i, h[0] % DIM] += 1.0
            norm = float(np.linalg.norm(out[i])) or 1.0
            out[i] /= norm
        return out

    def encode_passages(self, texts: list[str], progress=None) -> np.ndarray:
        vecs = self._encode(texts)
        if progress:
            progress(len(texts), len(texts))
        return vecs

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)
