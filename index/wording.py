"""How messages word a list of things: "a", "a or b", "a, b or c" (and "a, b and c").

Pure; used wherever a one-line message names alternatives (file types, terms the documents do
not mention, spelling suggestions) or several things at once (documents not indexed).
"""

from __future__ import annotations

from typing import Sequence


def or_list(items: Sequence[str]) -> str:
    """ "a" ; "a or b" ; "a, b or c" (items as given; "" for none)."""
    return _listed(items, "or")


def and_list(items: Sequence[str]) -> str:
    """ "a" ; "a and b" ; "a, b and c" (items as given; "" for none)."""
    return _listed(items, "and")


def _listed(items: Sequence[str], last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
