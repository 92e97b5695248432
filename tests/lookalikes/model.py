"""What a look-alike document contains, independent of how it is written (.docx) or printed (PDF).

A ``Document`` is a sequence of blocks: ``Plain`` lines of the title block and other text that is
not a numbered paragraph, ``Heading``s (HCh ``I.``, H1 ``A.``, H23 unlabelled), ``AnnexStart``
(``Annex``, ``Annex I``, ``Annex B``, ``Appendix`` with a title; it opens a new numbering scope) and
``Para``s (numbered paragraphs, sub-paragraphs and preambular paragraphs, the truth records).
Inline content is ``Span`` (text, maybe italic) and ``NoteRef`` (a footnote reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class NoteRef:
    """A reference to ``Document.footnotes[index]``."""

    index: int


Inline = Span | NoteRef


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of ``inlines`` without footnote marks."""
    return "".join(i.text for i in inlines if isinstance(i, Span))


@dataclass(frozen=True)
class Footnote:
    text: str
    custom_mark: str | None = None  # "*" / "**": typed by hand, not numbered by Word


@dataclass(frozen=True)
class Plain:
    """Text that is not a paragraph record: title block lines, "The General Assembly,", the plenary line."""

    inlines: tuple[Inline, ...]
    style: str = "SingleTxt"  # Session, SessionItem, HCo, H1, SingleTxt
    align: str = "left"  # left, center, right
    space_after: float | None = None


@dataclass(frozen=True)
class Heading:
    style: str  # HCh, H1, H23
    label: str | None
    text: str

    @property
    def truth(self) -> str:
        """How the heading is named in the truth files: ``"A. Overview"``."""
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass(frozen=True)
class AnnexStart:
    """``Annex`` / ``Annex I`` / ``Annex B`` / ``Appendix`` and its title: a new scope, numbered from 1."""

    label: str
    title: str
    title_note: NoteRef | None = None
    page_break: bool = True

    @property
    def scope(self) -> str:
        word, _, rest = self.label.partition(" ")
        return f"{word.lower()} {rest}".strip()


@dataclass(frozen=True)
class Para:
    """A paragraph record. ``label`` is what is printed before the tab ("12.", "(b)", "(ii)"); None for PP."""

    ref: str
    label: str | None
    level: int  # 0 paragraph / preambular paragraph, 1 sub-paragraph, 2 sub-sub-paragraph
    inlines: tuple[Inline, ...]
    preambular: bool = False

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


@dataclass(frozen=True)
class Document:
    name: str
    kind: str
    symbol: str
    job: str  # "25-11834"
    job_line: str  # first-page job line: "25-11834 (E)    230725    240725"
    date: str  # "21 July 2025"
    title: str  # the document's title (used for the running title)
    running_title: str
    blocks: tuple[Plain | Heading | AnnexStart | Para, ...]
    footnotes: tuple[Footnote, ...] = field(default_factory=tuple)

    def marks(self) -> dict[int, str]:
        """Footnote index -> the mark printed for it: Word numbers footnotes 1, 2, … in order of reference."""
        out: dict[int, str] = {}
        number = 0
        for inlines in self.all_inlines():
            for item in inlines:
                if isinstance(item, NoteRef) and item.index not in out:
                    custom = self.footnotes[item.index].custom_mark
                    if custom is None:
                        number += 1
                    out[item.index] = custom or str(number)
        return out

    def all_inlines(self):
        for block in self.blocks:
            if isinstance(block, (Plain, Para)):
                yield block.inlines
            elif isinstance(block, AnnexStart) and block.title_note is not None:
                yield (block.title_note,)
