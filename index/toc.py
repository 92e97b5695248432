"""A document's map: its sections in order, each with its paragraph range, count and references.

Pure functions and records. A section is a run of consecutive paragraphs under the same heading
in the same numbering scope; a resolution's preamble (PP1, PP2 …) and its operative part are
sections of their own. Sub-paragraphs belong to the section of their paragraph, so every stored
reference of a document appears in exactly one section, in document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from index.models import MAIN_SCOPE, Paragraph
from index.refs import is_preambular

PREAMBLE = "Preamble"
OPERATIVE = "Operative part"
MAIN_TEXT = "Main text"


def ref_label(ref: str) -> str:
    """How a reference reads in a citation: "¶12", "¶12(b)", "PP3"."""
    return ref if is_preambular(ref) else f"¶{ref}"


def range_label(first: str, last: str) -> str:
    """"¶11–25", "PP1–PP16", "¶3"."""
    if first == last:
        return ref_label(first)
    if is_preambular(first):
        return f"{first}–{last}"
    return f"¶{first}–{last}"


@dataclass(frozen=True)
class TocSection:
    """Consecutive paragraphs under one heading: ``refs`` holds every reference, sub-paragraphs too."""

    heading: str  # the heading path as stored, or Preamble / Operative part / Main text / Annex …
    scope: str
    refs: tuple[str, ...]
    first: str  # first and last paragraph (not sub-paragraph) references
    last: str
    count: int  # paragraphs, sub-paragraphs not counted
    page: int | None = None  # where the section starts, when known

    def range_label(self) -> str:
        return range_label(self.first, self.last)

    def to_json(self) -> dict:
        return {"heading": self.heading, "scope": self.scope, "first": self.first, "last": self.last,
                "count": self.count, "refs": list(self.refs)}


@dataclass(frozen=True)
class Toc:
    """The map of one document."""

    symbol: str
    title: str
    date: str
    default_scope: str
    sections: tuple[TocSection, ...]

    @property
    def scopes(self) -> tuple[str, ...]:
        seen: list[str] = []
        for s in self.sections:
            if s.scope not in seen:
                seen.append(s.scope)
        return tuple(seen)

    def summary(self) -> str:
        paragraphs = sum(s.count for s in self.sections)
        title = f" — {self.title}" if self.title else ""
        return f"{self.symbol}{title}: {len(self.sections)} section{'s' * (len(self.sections) != 1)}, {paragraphs} paragraph{'s' * (paragraphs != 1)}."

    def section_label(self, section: TocSection) -> str:
        """"B. Existing and potential threats — ¶11–25 (15)"; the scope is named when it is not the
        document's default one ("I. Global context — annex ¶3–12 (10)")."""
        plain = section.scope == self.default_scope or (section.scope == MAIN_SCOPE and section.first.startswith("PP"))
        scope = "" if plain else f"{section.scope} "
        return f"{section.heading} — {scope}{section.range_label()} ({section.count})"

    def refs(self) -> list[tuple[str, str]]:
        """Every (scope, ref) of the document, in order."""
        return [(s.scope, r) for s in self.sections for r in s.refs]

    def to_json(self) -> dict:
        return {"doc": self.symbol, "title": self.title, "sections": [s.to_json() for s in self.sections]}


def default_label(scope: str, preamble: bool, has_preamble: bool, kind: str = "") -> str:
    """The name of a section that has no heading of its own."""
    if preamble:
        return PREAMBLE
    if scope != MAIN_SCOPE:
        return scope[:1].upper() + scope[1:]  # "Annex", "Annex I"
    return OPERATIVE if has_preamble or kind == "resolution" else MAIN_TEXT


def build_toc(paragraphs: Sequence[Paragraph], kind: str = "") -> tuple[TocSection, ...]:
    """Sections of one document's paragraphs (given in document order).

    A new section starts where the scope, the heading, or the part (preamble / the rest) changes.
    A sub-paragraph goes with its paragraph; one whose paragraph is missing stays where it is.
    """
    has_preamble = any(is_preambular(p.ref) for p in paragraphs if p.scope == MAIN_SCOPE)
    groups: list[dict] = []
    home: dict[tuple[str, str], int] = {}  # (scope, paragraph ref) -> its group
    for p in paragraphs:
        if p.parent and (p.scope, p.parent) in home:
            groups[home[(p.scope, p.parent)]]["refs"].append(p.ref)
            continue
        key = (p.scope, p.heading, is_preambular(p.ref))
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "refs": [], "tops": [], "page": p.page})
        group = groups[-1]
        group["refs"].append(p.ref)
        if not p.parent:
            group["tops"].append(p.ref)
            home[(p.scope, p.ref)] = len(groups) - 1
    out = []
    for g in groups:
        scope, heading, preamble = g["key"]
        tops = g["tops"] or g["refs"]
        out.append(TocSection(
            heading=heading or default_label(scope, preamble, has_preamble, kind),
            scope=scope, refs=tuple(g["refs"]), first=tops[0], last=tops[-1], count=len(g["tops"]), page=g["page"],
        ))
    return tuple(out)
