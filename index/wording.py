"""How messages word a list of things: "a", "a or b", "a, b or c".

Pure; used wherever a one-line message names alternatives (file types, terms the documents do
not mention, spelling suggestions).
"""

from __future__ import annotations

from typing import Sequence


def or_list(items: Sequence[str]) -> str:
    """ "a" ; "a or b" ; "a, b or c" (items as given; "" for none)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
