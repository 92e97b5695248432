"""Build a look-alike ``Document`` for a layout and a seed, from real UN sentences.

``generate(layout, seed, pools)`` is pure and deterministic: the same layout, seed and corpus
give the same document; another seed gives another one (other sentences, lengths, footnotes,
sub-paragraph groups, headings). The document kind comes from the layout:

- ``report``: procedural report (main ¶ under I.–III.), ``Annex`` with the substantive report
  (headings A.–, H23 subheadings, a heading long enough to wrap), ``Annex I``;
- ``resolution``: preambular paragraphs (italic openers), operative paragraphs, a group
  (a)…(i) where (i) is the letter after (h), a letter with roman (i), (ii) under it;
- ``note``: note by the Secretary-General (main ¶1–), its report in ``Annex`` numbered from 1
  (HCh chapters, H1 sections) and an ``Appendix`` numbered from 1;
- ``lettered``: a report with ``Annex A``, ``Annex B``, ``Annex C``, each numbered from 1.

Every document has footnotes: a long (four-line) one cited on page 1, URL ones whose lines
wrap, marks after ``)``, after a full stop following a number (``2023.1``), after a comma and
after a word; reports, notes and lettered documents also a custom ``*`` on the agenda line (and a
note ``**`` on its annex title). Hyphenated compounds (``non-State``, ``capacity-building``) are
preferred, and some paragraphs are long enough to cross a page break.
"""

from __future__ import annotations

import random
import re

from tests.lookalikes.corpus_text import Pools
from tests.lookalikes.layouts import Layout
from tests.lookalikes.model import AnnexStart, Document, Footnote, Heading, NoteRef, Para, Plain, Span

ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_COMPOUND = re.compile(r"\b[A-Za-z]+-[A-Za-z]+\b")
_CHAPTERS = ("Introduction", "Organizational matters", "Adoption of the report", "Conclusions and recommendations",
             "Background", "Activities of the Secretariat", "Observations", "Mandate")
_SUBHEADINGS = ("General considerations", "Capacity-building", "International cooperation", "Follow-up",
                "Implementation", "Confidence-building measures", "Regional perspectives", "Way forward")


def roman(n: int) -> str:
    """1 -> "I", 4 -> "IV" (chapter numbers)."""
    return ROMAN[n - 1].upper()


class _Builder:
    """Collects the blocks and footnotes of one document while picking texts with one random generator."""

    def __init__(self, layout: Layout, seed: int, pools: Pools) -> None:
        self.layout = layout
        self.rng = random.Random(f"{layout.name}/{seed}")
        self.pools = pools
        self.blocks: list = []
        self.notes: list[Footnote] = []
        self.used: set[str] = set()
        self.number = 0
        self.pp = 0
        self.sentences = pools.operative + pools.preambular
        self.compounds = frozenset(t for pool in (pools.operative, pools.preambular, pools.subs, pools.parents)
                                   for t in pool if _COMPOUND.search(t))

    # ---- picking texts -------------------------------------------------------------------

    def take(self, pool: tuple[str, ...], lo: int = 0, hi: int = 10_000, prefer_compound: float = 0.5) -> str:
        candidates = [t for t in pool if lo <= len(t) <= hi and t not in self.used] or [t for t in pool if lo <= len(t) <= hi] or list(pool)
        compounds = [t for t in candidates if t in self.compounds]
        if compounds and self.rng.random() < prefer_compound:
            candidates = compounds
        text = self.rng.choice(candidates)
        self.used.add(text)
        return text

    def sentence(self, lo: int = 0, hi: int = 10_000) -> str:
        """One real UN paragraph as a report sentence: its closing ``,`` or ``;`` made a full stop."""
        return re.sub(r"[,;]$", ".", self.take(self.sentences, lo, hi))

    def report_text(self, size: str) -> str:
        if size == "short":
            return self.sentence(40, 260)
        if size == "medium":
            return self.sentence(260, 700)
        parts, total = [], 0
        while total < 1500:
            parts.append(self.sentence(300, 1000))
            total += len(parts[-1])
        return " ".join(parts)

    def report_size(self) -> str:
        return self.rng.choices(("short", "medium", "long"), weights=(3, 6, 1))[0]

    # ---- footnotes -----------------------------------------------------------------------

    def footnote(self, kind: str) -> int:
        fn = self.pools.footnotes
        if kind == "long":
            text = self._long_footnote()
        elif kind == "url":
            base = self.take(fn, 40, 160, prefer_compound=0).rstrip(".")
            text = f"{base}; available at {self.rng.choice(self.pools.pdf_urls)}."
        else:
            text = self.take(fn, 4, 120, prefer_compound=0)
        self.notes.append(Footnote(text))
        return len(self.notes) - 1

    def _long_footnote(self) -> str:
        """Footnotes joined with semicolons until they fill about four and a half lines."""
        width = self.layout.text_right - self.layout.text_left - 14
        per_line = width / (self.layout.footnote_size * (0.56 if "Sans" in self.layout.font or "DejaVu" in self.layout.font else 0.47))
        parts, total = [], 0
        while total < per_line * 4.3:
            part = self.take(self.pools.footnotes, 20, 300, prefer_compound=0).rstrip(".")
            parts.append(part)
            total += len(part) + 2
        return "; ".join(parts) + "."

    def custom_note(self, mark: str, text: str) -> NoteRef:
        self.notes.append(Footnote(text, custom_mark=mark))
        return NoteRef(len(self.notes) - 1)

    def cite(self, inlines: tuple, place: str, note: int) -> tuple:
        """``inlines`` with a reference to footnote ``note`` at a ``place`` of kind paren/stop/comma/word/end."""
        text = "".join(i.text for i in inlines if isinstance(i, Span))
        patterns = {
            "paren": r"\)(?=[\s,;.:])",
            "stop": r"(?<=\d)\.(?=\s+[A-Z]|$)",
            "comma": r"(?<=[a-z]),(?=\s)",
            "word": r"(?<=[a-z]{4})(?=\s)",
        }
        ends = [m.end() for m in re.finditer(patterns[place], text)] if place in patterns else []
        at = self.rng.choice(ends) if ends else len(text)
        out, pos = [], 0
        placed = False
        for item in inlines:
            if isinstance(item, Span) and not placed and pos <= at <= pos + len(item.text):
                cut = at - pos
                if item.text[:cut]:
                    out.append(Span(item.text[:cut], item.italic))
                out.append(NoteRef(note))
                if item.text[cut:]:
                    out.append(Span(item.text[cut:], item.italic))
                placed = True
            else:
                out.append(item)
            if isinstance(item, Span):
                pos += len(item.text)
        if not placed:
            out.append(NoteRef(note))
        return tuple(out)

    # ---- blocks --------------------------------------------------------------------------

    def scope(self, label: str, title: str, note: NoteRef | None = None, page_break: bool = True) -> None:
        self.blocks.append(AnnexStart(label, title, note, page_break))
        self.number = 0

    def heading(self, style: str, label: str | None, text: str) -> None:
        self.blocks.append(Heading(style, label, text))

    def para(self, text: str | tuple, level: int = 0, label: str | None = None, ref: str | None = None,
             preambular: bool = False) -> Para:
        inlines = (Span(text),) if isinstance(text, str) else text
        if level == 0 and not preambular:
            self.number += 1
            label, ref = f"{self.number}.", str(self.number)
        if preambular:
            self.pp += 1
            ref = f"PP{self.pp}"
        para = Para(ref, label, level, inlines, preambular)
        self.blocks.append(para)
        return para

    def report_para(self, size: str | None = None) -> Para:
        return self.para(self.report_text(size or self.report_size()))

    def sub_group(self, parent: str | tuple, letters: int, roman_under: int | None = None, romans: int = 2) -> None:
        """A paragraph ending with ':' and sub-paragraphs (a)…; ``roman_under`` letter gets (i), (ii)…"""
        number = self.para(parent).ref
        for k in range(letters):
            letter = LETTERS[k]
            ref = f"{number}({letter})"
            if roman_under == k:
                self.para(self.take(self.pools.parents, 40, 400), 1, f"({letter})", ref)
                for r in range(romans):
                    self.para(self.take(self.pools.subs, 40, 500), 2, f"({ROMAN[r]})", f"{ref}({ROMAN[r]})")
            else:
                self.para(self.take(self.pools.subs, 30, 500), 1, f"({letter})", ref)

    def attach(self, index: int, place: str, kind: str = "short") -> None:
        """Cite a new footnote of ``kind`` in the paragraph at ``blocks[index]``."""
        para = self.blocks[index]
        note = self.footnote(kind)
        self.blocks[index] = Para(para.ref, para.label, para.level, self.cite(para.inlines, place, note), para.preambular)

    def para_indexes(self, start: int = 0) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if isinstance(b, Para) and i >= start]

    def scatter_footnotes(self, start: int, count: int) -> None:
        """Footnotes of every placement kind, in paragraphs after ``blocks[start]``, two of them URLs."""
        places = ["paren", "stop", "comma", "word", "end", "paren", "stop", "comma"]
        kinds = ["url", "short", "short", "url", "short", "short", "short", "short"]
        indexes = self.para_indexes(start)
        chosen = sorted(self.rng.sample(indexes, min(count, len(indexes))))
        for n, index in enumerate(chosen):
            place = places[n % len(places)]
            if place == "paren":  # prefer a paragraph that has a closing bracket
                with_paren = [i for i in indexes if ")" in self.blocks[i].text and i not in chosen]
                if with_paren:
                    index = self.rng.choice(with_paren)
            self.attach(index, place, kinds[n % len(kinds)])

    # ---- title block ---------------------------------------------------------------------

    def title_block(self, session: str, item: str, agenda_title: str, title: str, item_note: NoteRef | None) -> None:
        self.blocks.append(Plain((Span(session),), "Session"))
        self.blocks.append(Plain((Span(item),) + ((item_note,) if item_note else ()), "Session"))
        self.blocks.append(Plain((Span(agenda_title),), "SessionItem", space_after=24))
        self.blocks.append(Plain((Span(title),), "HCo"))


def _date(rng: random.Random, year: int = 2025) -> tuple[str, str, str]:
    """A date as printed ("21 July 2025") and the job line's two dates (DDMMYY, next working days)."""
    month, day = rng.randint(1, 12), rng.randint(1, 25)
    first = f"{day:02d}{month:02d}{year % 100:02d}"
    second = f"{day + rng.randint(1, 3):02d}{month:02d}{year % 100:02d}"
    return f"{day} {MONTHS[month - 1]} {year}", first, second


def _italic_opener(text: str) -> tuple:
    """The opening word(s) of a resolution paragraph in italics ("Recalling also", "Calls upon")."""
    words = text.split(" ")
    n = 1
    while n < len(words) and n < 3 and words[n].rstrip(",") in ("also", "further", "upon", "with", "once", "again", "in", "mind"):
        n += 1
    opener = " ".join(words[:n])
    return (Span(opener, italic=True), Span(text[len(opener):]))


def _report(b: _Builder) -> None:
    rng = b.rng
    b.heading("HCh", "I.", "Introduction")
    b.report_para("medium")
    b.attach(len(b.blocks) - 1, "comma", "long")  # the four-line footnote on page 1
    for _ in range(rng.randint(1, 2)):
        b.report_para("short")
    b.heading("HCh", "II.", "Organizational matters")
    for _ in range(rng.randint(2, 4)):
        b.report_para(rng.choice(("short", "medium")))
    b.heading("HCh", "III.", "Adoption of the final report")
    b.report_para("medium")
    main_end = len(b.blocks)
    b.scope("Annex", b.take(b.pools.titles, 60, 200))
    titles = [t for t in b.pools.titles if 20 <= len(t) <= 70]
    rng.shuffle(titles)
    sections = rng.randint(5, 7)
    long_at = rng.randrange(1, sections)
    group_at = rng.sample(range(sections), 2)
    h23_at = rng.randrange(sections)
    for s in range(sections):
        text = "Overview" if s == 0 else (b.take(b.pools.titles, 110, 200) if s == long_at else titles[s])
        b.heading("H1", f"{LETTERS[s].upper()}.", text)
        for k in range(rng.randint(3, 8)):
            if k == 2 and (s == h23_at or rng.random() < 0.3):
                b.heading("H23", None, rng.choice(_SUBHEADINGS))
            b.report_para()
        if s == group_at[0]:
            b.sub_group(b.take(b.pools.parents), rng.randint(3, 5), roman_under=1)
        elif s == group_at[1]:
            b.sub_group(b.take(b.pools.parents), rng.randint(2, 6))
        b.report_para("long" if rng.random() < 0.5 else None)
    b.scope("Annex I", b.take(b.pools.titles, 60, 200))
    for _ in range(rng.randint(3, 6)):
        b.report_para()
    b.sub_group(b.take(b.pools.parents), rng.randint(4, 8))
    for _ in range(rng.randint(3, 6)):
        b.report_para()
    b.scatter_footnotes(main_end, rng.randint(6, 9))


def _resolution(b: _Builder, number: int, date: str, title: str) -> None:
    rng = b.rng
    b.blocks.append(Plain((Span("[on the report of the First Committee (A/80/" + str(rng.randint(500, 560)) + ")]"),), space_after=12))
    b.blocks.append(Plain((Span(f"80/{number}.\t{title}"),), "H1", space_after=12))
    b.blocks.append(Plain((Span("The General Assembly", italic=True), Span(",")), "Preamble"))
    count = rng.randint(12, 20)
    long_at = set(rng.sample(range(2, count), 3))
    for k in range(count):
        text = b.take(b.pools.preambular, 600, 1600) if k in long_at else b.take(b.pools.preambular, 60, 600)
        b.para(_italic_opener(text), preambular=True)
    b.attach(b.para_indexes()[0], "comma", "long")
    ops = rng.randint(8, 13)
    nine_at, roman_at = rng.sample(range(1, ops - 1), 2)
    operative = [b.take(b.pools.operative, 60, 900) for _ in range(ops)]
    operative[-1] = re.sub(r";$", ".", operative[-1])
    for k, text in enumerate(operative):
        if k == nine_at:
            b.sub_group(_italic_opener(b.take(b.pools.parents)), 9)  # (i) after (h) is a letter
        elif k == roman_at:
            b.sub_group(_italic_opener(b.take(b.pools.parents)), rng.randint(2, 4), roman_under=rng.randint(0, 1), romans=rng.randint(2, 3))
        else:
            b.para(_italic_opener(text))
    b.scatter_footnotes(b.para_indexes()[1] if len(b.para_indexes()) > 1 else 0, rng.randint(5, 7))
    b.blocks.append(Plain((Span(f"{rng.randint(40, 60)}th plenary meeting"),), align="right"))
    b.blocks.append(Plain((Span(date),), align="right"))


def _note(b: _Builder) -> None:
    rng = b.rng
    b.blocks.append(Plain((Span("Note by the Secretary-General"),), "H1", space_after=12))
    b.para(f"The Secretary-General has the honour to transmit to the General Assembly the report prepared "
           f"pursuant to resolution 79/{rng.randint(10, 250)}.")
    b.attach(len(b.blocks) - 1, "stop", "long")
    for _ in range(rng.randint(1, 2)):
        b.report_para("medium")
    annex_start = len(b.blocks)
    late = b.custom_note("**", "The present report was submitted after the deadline in order to reflect the most recent developments.")
    b.scope("Annex", "Report of the Secretary-General on " + b.take(b.pools.titles, 30, 110), note=late)
    chapters = rng.randint(3, 4)
    names = ["Introduction"] + rng.sample(_CHAPTERS[1:], chapters - 1)
    names[rng.randrange(1, chapters)] = b.take(b.pools.titles, 110, 200)  # a chapter heading that wraps
    for c, name in enumerate(names, start=1):
        b.heading("HCh", f"{roman(c)}.", name)
        if c == 2:
            for s in range(rng.randint(2, 3)):
                b.heading("H1", f"{LETTERS[s].upper()}.", b.take(b.pools.titles, 20, 80))
                for _ in range(rng.randint(2, 5)):
                    b.report_para()
            b.sub_group(b.take(b.pools.parents), rng.randint(3, 5), roman_under=rng.randint(0, 2))
        else:
            for _ in range(rng.randint(3, 7)):
                b.report_para()
        if c == chapters:
            b.sub_group(b.take(b.pools.parents), 9)
    b.scope("Appendix", b.take(b.pools.titles, 30, 120), page_break=rng.random() < 0.6)
    for k in range(rng.randint(4, 7)):
        if k == 2:
            b.heading("H23", None, rng.choice(_SUBHEADINGS))
        b.report_para()
    b.scatter_footnotes(annex_start, rng.randint(6, 8))


def _lettered(b: _Builder) -> None:
    rng = b.rng
    b.heading("HCh", "I.", "Introduction")
    b.report_para("medium")
    b.attach(len(b.blocks) - 1, "word", "long")
    b.report_para("short")
    b.heading("HCh", "II.", b.take(b.pools.titles, 110, 200))  # a chapter heading that wraps
    for _ in range(rng.randint(2, 4)):
        b.report_para()
    main_end = len(b.blocks)
    for letter in "ABC":
        b.scope(f"Annex {letter}", b.take(b.pools.titles, 40, 160))
        for s in range(rng.randint(1, 3)):
            b.heading("H1", f"{LETTERS[s].upper()}.", b.take(b.pools.titles, 20, 90))
            for k in range(rng.randint(2, 5)):
                if letter == "C" and s == 0 and k == 1:
                    b.heading("H23", None, rng.choice(_SUBHEADINGS))
                b.report_para()
        if letter == "B":
            b.sub_group(b.take(b.pools.parents), rng.randint(3, 6), roman_under=rng.randint(0, 1))
        b.report_para("long" if letter == "A" else None)  # Annex A ends with a long paragraph
    b.scatter_footnotes(main_end, rng.randint(6, 8))


def generate(layout: Layout, seed: int, pools: Pools) -> Document:
    """The look-alike document of ``layout`` for ``seed``."""
    b = _Builder(layout, seed, pools)
    rng = b.rng
    date, d1, d2 = _date(rng)
    job = f"{rng.randint(23, 25)}-{rng.randint(10000, 24999)}"
    job_line = f"{job} (E)    {d1}" + (f"    {d2}" if layout.job_dates == 2 else "")
    agenda = b.take(pools.titles, 40, 140)
    title = b.take(pools.titles, 30, 130)
    running = b.take(pools.titles, 20, 60)
    if layout.kind == "resolution":
        number = rng.randint(1, 55)
        symbol = f"A/RES/80/{number}"
        b.blocks.append(Plain((Span("Eightieth session"),), "Session"))
        b.blocks.append(Plain((Span(f"Agenda item {rng.randint(90, 110)}"),), "Session"))
        b.blocks.append(Plain((Span(agenda),), "SessionItem", space_after=24))
        b.blocks.append(Plain((Span(f"Resolution adopted by the General Assembly on {date}"),), "HCo"))
        _resolution(b, number, date, title)
        running = title if len(title) <= 60 else running
    else:
        session = "Seventy-ninth session" if layout.kind == "lettered" else "Eightieth session"
        symbol = f"A/{79 if layout.kind == 'lettered' else 80}/{rng.randint(150, 420)}"
        item_note = b.custom_note("*", f"A/{79 if layout.kind == 'lettered' else 80}/{rng.choice((50, 100, 150))}.")
        b.title_block(session, f"Item {rng.randint(90, 110)} of the {rng.choice(('preliminary list', 'provisional agenda'))}", agenda, title, item_note)
        {"report": _report, "note": _note, "lettered": _lettered}[layout.kind](b)
    return Document(
        name=f"{layout.name}-s{seed}",
        kind=layout.kind,
        symbol=symbol,
        job=job,
        job_line=job_line,
        date=date,
        title=title,
        running_title=running,
        blocks=tuple(b.blocks),
        footnotes=tuple(b.notes),
    )
