"""The development and holdout sets of look-alikes, as (layout name, seed) pairs.

The parser developer tunes on DEV only and promises not to look at HOLDOUT (its documents,
truth or failures) while tuning; the test suite runs both. HOLDOUT has other seeds of every
development layout and two layouts that are in no development look-alike. README.md lists them.
"""

from __future__ import annotations

DEV_LAYOUTS = ("report_un", "report_hanging", "resolution_un", "resolution_compact", "note_sg", "lettered_annexes")
HOLDOUT_LAYOUTS = ("report_sans_hyphen", "note_firstline")

DEV: tuple[tuple[str, int], ...] = tuple((layout, seed) for layout in DEV_LAYOUTS for seed in (1, 2))
HOLDOUT: tuple[tuple[str, int], ...] = (
    tuple((layout, 101) for layout in DEV_LAYOUTS)
    + tuple((layout, seed) for layout in HOLDOUT_LAYOUTS for seed in (101, 102))
)
SETS = {"dev": DEV, "holdout": HOLDOUT}
