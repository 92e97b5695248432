"""The parse health report: does each document's numbering hold, and which paragraphs look wrong?

Pure functions over a document's paragraph records (from a fresh parse or from the index).
Per scope (main text, annex, annex I …) it checks the numbering of paragraphs — starts at 1,
no gaps, no number twice, in order — and of sub-paragraphs (``(a)``, ``(b)`` … with no letter
skipped; ``(i)`` read as the letter after ``(h)`` or as the first roman item is noted). It flags
suspicious paragraphs: page furniture left in the text (a job number such as ``25-11834``, a page
marker such as ``4/18``, the document's own symbol), very short text, text that starts in lower
case (a paragraph cut at a page break). The parser's own warnings (out-of-sequence numbers,
a sub-paragraph seen twice) count as numbering problems.

An operator reads it after ``oewg build`` (a short table), with ``oewg check [DOC]`` (exit 1 when
a document has numbering problems) and in ``/reindex``'s result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from index.models import MAIN_SCOPE, Paragraph

JOB_IN_TEXT_RE = re.compile(r"(?<![\w/-])\d{2}-\d{5}(?:\s*\([A-Z]\))?(?![\w/-])")
MARKER_IN_TEXT_RE = re.compile(r"(?<![\w/.-])(\d{1,3})/(\d{1,3})(?![\w/-])")
SHORT_WORDS = 3
_PROBLEM_WARNINGS = ("out of sequence", "appears twice", "jump from", "has no number", "has no text")


@dataclass(frozen=True)
class ScopeHealth:
    """The numbering of one scope of one document."""

    scope: str
    numbers: tuple[int, ...]  # top-level paragraph numbers, in document order
    preamble: int = 0  # unnumbered (PP) paragraphs
    gaps: tuple[int, ...] = ()
    duplicates: tuple[int, ...] = ()
    out_of_order: tuple[int, ...] = ()
    sub_gaps: tuple[str, ...] = ()  # "missing 7(c) (7(d) follows 7(b))"
    notes: tuple[str, ...] = ()  # "7(i) read as the letter after (h)"

    @property
    def problems(self) -> list[str]:
        out = []
        if self.numbers and self.numbers[0] != 1:
            out.append(f"starts at {self.numbers[0]}")
        if self.gaps:
            out.append("missing " + _ranges(self.gaps))
        if self.duplicates:
            out.append("twice: " + ", ".join(map(str, self.duplicates)))
        if self.out_of_order:
            out.append("out of order: " + ", ".join(map(str, self.out_of_order)))
        out.extend(self.sub_gaps)
        return out

    @property
    def span(self) -> str:
        parts = []
        if self.preamble:
            parts.append(f"PP1–PP{self.preamble}" if self.preamble > 1 else "PP1")
        if self.numbers:
            lo, hi = min(self.numbers), max(self.numbers)
            parts.append(f"¶{lo}–{hi}" if hi > lo else f"¶{lo}")
        return ", ".join(parts) or "—"


@dataclass(frozen=True)
class Suspicious:
    scope: str
    ref: str
    reason: str

    def __str__(self) -> str:
        where = self.ref if self.scope == MAIN_SCOPE else f"{self.scope} {self.ref}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class DocumentHealth:
    symbol: str
    scopes: tuple[ScopeHealth, ...]
    suspicious: tuple[Suspicious, ...] = ()
    warnings: tuple[str, ...] = field(default=())  # the parser's warnings that are numbering problems

    @property
    def numbering_problems(self) -> list[str]:
        out = [f"{s.scope}: {p}" for s in self.scopes for p in s.problems]
        return out + list(self.warnings)

    @property
    def ok(self) -> bool:
        return not self.numbering_problems

    @property
    def clean(self) -> bool:
        return self.ok and not self.suspicious


def _ranges(numbers: Iterable[int]) -> str:
    nums = sorted(set(numbers))
    out, start, prev = [], None, None
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}–{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}–{prev}" if prev != start else str(start))
    return ", ".join(out)


def _next_letter(label: str) -> str:
    return chr(ord(label) + 1) if len(label) == 1 and label < "z" else ""


def _is_roman(label: str) -> bool:
    return bool(label) and set(label) <= set("ivxl")


def _letter_gap(parent: str, a: str, b: str) -> str:
    """ "missing 1(c) (1(d) follows 1(b))", "missing 30(n)–(o) (30(p) follows 30(m))", or
    "1(b) follows 1(d): out of order"."""
    if b <= a:
        return f"{parent}({b}) follows {parent}({a}): out of order"
    first, last = _next_letter(a), chr(ord(b) - 1)
    missing = f"{parent}({first})" if first == last else f"{parent}({first})–({last})"
    return f"missing {missing} ({parent}({b}) follows {parent}({a}))"


def _scope_health(scope: str, paras: list[Paragraph]) -> ScopeHealth:
    tops = [p for p in paras if not p.parent]
    numbers = [int(p.ref) for p in tops if p.ref.isdigit()]
    preamble = sum(1 for p in tops if p.ref.startswith("PP"))
    seen: set[int] = set()
    dup, disorder = [], []
    for a, b in zip(numbers, numbers[1:]):
        if b <= a:
            disorder.append(b)
    for n in numbers:
        if n in seen:
            dup.append(n)
        seen.add(n)
    gaps = tuple(n for n in range(1, max(numbers) + 1) if n not in seen) if numbers else ()
    gaps = tuple(n for n in gaps if n >= min(numbers)) if numbers else ()
    sub_gaps, notes = [], []
    by_parent: dict[str, list[str]] = {}
    for p in paras:
        if p.parent:
            by_parent.setdefault(p.ref[: p.ref.rfind("(")], []).append(p.ref[p.ref.rfind("(") + 1 : -1])
    for parent, labels in by_parent.items():
        romans = [label for label in labels if _is_roman(label) and (len(label) > 1 or "(" in parent)]
        if romans and romans[0] != "i" and "i" not in labels:  # under a number, (i) may stand among letters
            sub_gaps.append(f"missing {parent}(i) ({parent}({romans[0]}) is the first)")
        if "(" in parent:  # roman items under a letter: (i), (ii) …
            continue
        letters = [label for label in labels if len(label) == 1]
        if letters and letters[0] != "a" and not (letters[0] == "i" and romans):
            before = chr(ord(letters[0]) - 1)
            missing = f"{parent}(a)" if before == "a" else f"{parent}(a)–({before})"
            sub_gaps.append(f"missing {missing} ({parent}({letters[0]}) is the first)")
        for a, b in zip(labels, labels[1:]):
            if len(a) == 1 and len(b) == 1 and b != _next_letter(a):
                sub_gaps.append(_letter_gap(parent, a, b))
        if "h" in labels and "i" in labels and labels.index("i") == labels.index("h") + 1:
            notes.append(f"{parent}(i) read as the letter after (h)")
    return ScopeHealth(scope, tuple(numbers), preamble, gaps, tuple(dup), tuple(disorder), tuple(sub_gaps), tuple(notes))


def suspicious_paragraphs(symbol: str, paras: Sequence[Paragraph], page_count: int = 0) -> list[Suspicious]:
    out: list[Suspicious] = []
    for p in paras:
        text = p.text
        body = re.sub(r"^\([a-z]{1,5}\)\s*", "", text) if p.parent else text
        if JOB_IN_TEXT_RE.search(text):
            out.append(Suspicious(p.scope, p.ref, f"a job number in the text ({JOB_IN_TEXT_RE.search(text).group(0)})"))
        for m in MARKER_IN_TEXT_RE.finditer(text):
            n, total = int(m.group(1)), int(m.group(2))
            if page_count and 1 <= n <= total == page_count:
                out.append(Suspicious(p.scope, p.ref, f"a page marker in the text ({m.group(0)})"))
                break
        if symbol and re.search(rf"(?<![\w/]){re.escape(symbol)}(?![\w/])", text):
            out.append(Suspicious(p.scope, p.ref, f"the document's own symbol in the text ({symbol})"))
        if len(body.split()) < SHORT_WORDS:
            out.append(Suspicious(p.scope, p.ref, f"very short ({body!r})"))
        lead = body.lstrip("“‘\"'(")
        if lead[:1].islower():
            out.append(Suspicious(p.scope, p.ref, f"starts in lower case ({' '.join(body.split()[:4])} …)"))
    return out


def check_document(symbol: str, paragraphs: Sequence[Paragraph], warnings: Iterable[str] = (), page_count: int = 0) -> DocumentHealth:
    """The health of one document's paragraphs (in document order)."""
    paras = sorted(paragraphs, key=lambda p: p.order)
    scopes: dict[str, list[Paragraph]] = {}
    for p in paras:
        scopes.setdefault(p.scope, []).append(p)
    problems = tuple(w for w in warnings if any(k in w for k in _PROBLEM_WARNINGS))
    return DocumentHealth(
        symbol=symbol,
        scopes=tuple(_scope_health(s, ps) for s, ps in scopes.items()),
        suspicious=tuple(suspicious_paragraphs(symbol, paras, page_count)),
        warnings=problems,
    )


def health_table(reports: Sequence[DocumentHealth], *, details: int = 5) -> list[str]:
    """Plain-text lines: one row per document and scope, then the problems, at most ``details``
    suspicious paragraphs per document."""
    rows = [("document", "scope", "paragraphs", "numbering", "suspicious")]
    for r in reports:
        flagged: dict[str, int] = {}
        for s in r.suspicious:
            flagged[s.scope] = flagged.get(s.scope, 0) + 1
        for s in r.scopes:
            rows.append((r.symbol, s.scope, s.span, "; ".join(s.problems) or "ok", str(flagged.get(s.scope, 0))))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    for r in reports:
        for w in r.warnings:
            lines.append(f"{r.symbol}: {w}")
        for s in r.suspicious[:details]:
            lines.append(f"{r.symbol} {s}")
        if len(r.suspicious) > details:
            lines.append(f"{r.symbol}: … and {len(r.suspicious) - details} more suspicious paragraph(s) (oewg check {r.symbol})")
    return lines
