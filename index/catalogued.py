"""Documents the catalog names that an index does not hold, and what to tell a user who asks for one.

The engine knows nothing of ``sources/``: a front end hands it a :class:`Catalogued` — the catalog
(any object with ``get(name)``, ``name_map()`` and ``entries`` whose items have ``name``,
``symbol``, ``date`` and ``kind``, as ``sources.catalog.Catalog``) and the folder ``oewg fetch``
downloads into. An unknown name the catalog knows then becomes :class:`~index.errors.NotIndexed`, which says how
to get the document: ``oewg fetch NAME``, then the build command that adds it to this index.
Pure functions and records; nothing here reads files.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence


@dataclass(frozen=True)
class Catalogued:
    """The catalog and where `oewg fetch` puts what it downloads."""

    catalog: Any
    fetch_dir: Path
    remote: bool = False  # the users are not on the machine (Discord): name the operator's commands, never its paths

    def entry(self, name: str) -> Any | None:
        """The catalog entry ``name`` names (short name, symbol, alias; "80/16", "A_RES_80_16" as
        the index takes them), or None."""
        key = " ".join(name.split()).removesuffix(".pdf")
        candidates = [key, key.replace("_", "/")]
        if re.fullmatch(r"\d{2,3}/\d{1,4}", key):
            candidates.append(f"A/RES/{key}")
        for c in candidates:
            found = self.catalog.get(c)
            if found is not None:
                return found
        return None

    def of_year(self, year: str, kind: str) -> list[Any]:
        """The entries dated ``year``: resolutions for kind "resolution", the other documents for "report"."""
        return [e for e in self.catalog.entries if e.date.startswith(year) and (e.kind == "resolution") == (kind == "resolution")]

    def names(self) -> dict[str, str]:
        """Lower-cased names (short names, symbols, aliases) -> symbol."""
        return {k.lower(): v for k, v in self.catalog.name_map().items()}


def rebuild_command(index_dir: Path, folders: Sequence[Path], fetch_dir: Path, cwd: Path) -> str:
    """The `oewg build` that rebuilds the index at ``index_dir`` from the folders its documents came
    from plus ``fetch_dir`` (where `oewg fetch` saved the new one): without ``--sources`` when
    ``fetch_dir`` (the build's default) is the only one. Paths under ``cwd`` are shown relative to it."""
    here = os.path.abspath(cwd)

    def full_path(path: Path) -> str:  # absolute, a relative path taken from cwd; a link stays a link
        return os.path.normpath(os.path.join(here, path))

    def shown(path: Path) -> str:  # under cwd: relative to it
        full = full_path(path)
        text = os.path.relpath(full, here) if full == here or full.startswith(here.rstrip(os.sep) + os.sep) else full
        return shlex.quote(text)

    fetch = os.path.realpath(full_path(fetch_dir))
    others = list(dict.fromkeys(full_path(f) for f in folders if os.path.realpath(full_path(f)) != fetch))
    sources = [f"--sources {shown(f)}" for f in (fetch_dir, *others)] if others else []
    return " ".join(["oewg build", *sources, f"--index {shown(index_dir)}"])
