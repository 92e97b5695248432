"""Reading the .npz file of a learnt part (the answer gate, the query adapter) safely: named numpy
arrays, never unpickled, and a missing or damaged file as that part's own one-line error."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np


def read_arrays(path: Path, keys: tuple[str, ...], unavailable: Callable[[Path, str], Exception]) -> dict[str, np.ndarray]:
    """Every array of the file at ``path``; ``unavailable(path, problem)`` is raised when the file
    is missing, is not a readable .npz (truncated, another format, a pickled object) or lacks one
    of ``keys``."""
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [k for k in keys if k not in data.files]
            if missing:
                raise unavailable(path, f"it lacks {', '.join(missing)}")
            return {k: np.asarray(data[k]) for k in data.files}
    except FileNotFoundError:
        raise unavailable(path, "no such file") from None
    except (OSError, ValueError, EOFError):
        raise unavailable(path, "not a readable .npz file of weights") from None
