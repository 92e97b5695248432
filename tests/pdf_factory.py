"""Generate small PDFs in the layout of UN documents, for parser tests (reportlab).

Like the real born-digital PDFs: every page starts (in content-stream order) with its running
header and footer — document symbol, running title (wrapping over two lines when long), job
number, page marker ``N/M`` — then the body, then any footnotes under a ``____`` separator
in a small font. Page 1 has the cover block (United Nations, Distr.: General, job number with
"(E)", barcode ``*2512345*``, session, agenda item, the "80/99. Title" line) and "Please recycle".
Numbered paragraphs hang: the number at the left margin, the text indented; sub-paragraph
labels ``(a)``/``(i)`` hang further in; chapter headings "I." hang like paragraph numbers.
Word-processor PDFs put a space-only line between paragraphs (see ``corpus/raw``):
``spacer_lines=False`` leaves them out to test the parser without that help.

Text is wrapped by width unless a block gives its ``lines`` explicitly (to place a line-end
hyphen exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PAGE_W, PAGE_H = A4
LEFT = 72.0
RIGHT = PAGE_W - 72.0
TOP = PAGE_H - 110.0
BOTTOM = 80.0
LEADING = 14.0
BODY_FONT = ("Times-Roman", 11.0)
BOLD_FONT = ("Times-Bold", 11.0)
SMALL_FONT = ("Times-Roman", 8.5)
INDENT = 28.0
HEADING_WIDTH = 300.0
MARK_RE = re.compile(r"\{\^([^}]+)\}")  # "{^2}": a footnote reference mark in block text


@dataclass
class Block:
    """One thing to lay out.

    kind: "para" (hanging ``label``, e.g. "12."), "sub" (hanging ``label`` "(a)" at ``level`` 1/2),
    "pp" (unnumbered, first line indented), "heading" (bold; hanging ``label`` like "I." if given),
    "text" (unindented line(s): "The General Assembly,", "Annex", titles).
    ``footnotes`` are printed at the bottom of the page where the block starts.
    """

    kind: str
    text: str = ""
    label: str = ""
    level: int = 1
    lines: list[str] | None = None
    footnotes: list[str] = field(default_factory=list)
    page_break_before: bool = False


def para(label: str, text: str = "", *, lines: list[str] | None = None, footnotes: list[str] | None = None) -> Block:
    return Block("para", text, label=label, lines=lines, footnotes=footnotes or [])


def sub(label: str, text: str, level: int = 1) -> Block:
    return Block("sub", text, label=label, level=level)


def pp(text: str) -> Block:
    return Block("pp", text)


def heading(text: str, label: str = "") -> Block:
    return Block("heading", text, label=label)


def text(text: str, page_break_before: bool = False) -> Block:
    return Block("text", text, page_break_before=page_break_before)


@dataclass
class _Op:
    x: float
    y: float
    font: tuple[str, float]
    text: str


@dataclass
class _Page:
    body: list[_Op] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _wrap(words: str, width: float, font: tuple[str, float], first_width: float | None = None) -> list[str]:
    lines: list[str] = []
    cur = ""
    limit = first_width if first_width is not None else width
    for word in words.split():
        trial = f"{cur} {word}" if cur else word
        if cur and stringWidth(trial, *font) > limit:
            lines.append(cur)
            cur = word
            limit = width
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return lines


def _wrap_title(title: str) -> list[str]:
    return _wrap(title, 300.0, SMALL_FONT)


class _Layout:
    def __init__(self, spacer_lines: bool):
        self.pages: list[_Page] = [_Page()]
        self.y = TOP
        self.spacer_lines = spacer_lines

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def _floor(self) -> float:
        notes = self.page.notes
        return BOTTOM + (len(notes) * 11 + 20 if notes else 0)

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP

    def line(self, x: float, s: str, font: tuple[str, float]) -> None:
        if self.y < self._floor():
            self.new_page()
        self.page.body.append(_Op(x, self.y, font, s))
        self.y -= LEADING

    def gap(self) -> None:
        if self.spacer_lines and self.y >= self._floor():
            self.page.body.append(_Op(LEFT, self.y, BODY_FONT, " "))
        self.y -= LEADING * 0.8

    def add(self, block: Block) -> None:
        if block.page_break_before:
            self.new_page()
        if self.y < self._floor() + LEADING:
            self.new_page()
        self.page.notes.extend(block.footnotes)
        font = BOLD_FONT if block.kind == "heading" else BODY_FONT
        if block.kind in ("para", "sub") or (block.kind == "heading" and block.label):
            label_x = LEFT + (INDENT * (block.level - 1) if block.kind == "sub" else 0.0)
            text_x = label_x + INDENT + (INDENT if block.kind == "sub" else 0.0)
            if block.kind == "sub":
                label_x = LEFT + INDENT * block.level
                text_x = label_x + INDENT
            lines = block.lines or _wrap(block.text, RIGHT - text_x, font)
            if self.y < self._floor():
                self.new_page()
            self.page.body.append(_Op(label_x, self.y, font, block.label))
            for s in lines or [""]:
                self.line(text_x, s, font)
        elif block.kind == "pp":
            lines = block.lines or _wrap(block.text, RIGHT - LEFT, font, first_width=RIGHT - LEFT - INDENT)
            for k, s in enumerate(lines):
                self.line(LEFT + (INDENT if k == 0 else 0.0), s, font)
        elif block.kind == "heading":  # titles are set in a narrower measure, as in UN documents
            for s in block.lines or _wrap(block.text, HEADING_WIDTH, font):
                self.line(LEFT, s, font)
        else:
            for s in block.lines or _wrap(block.text, RIGHT - LEFT, font):
                self.line(LEFT, s, font)
        self.gap()


def resolution_cover(title: str, number: str = "80/99", date: str = "1 August 2025") -> list[Block]:
    """The cover of a resolution: session, agenda item, "Resolution adopted by...", "80/99. Title"."""
    return [
        text("Eightieth session"),
        text("Agenda item 94"),
        Block("heading", f"Resolution adopted by the General Assembly on {date}"),
        Block("heading", f"{number}. {title}"),
    ]


def report_cover(agenda_title: str, title: str) -> list[Block]:
    """The cover of a report issued as a note by the Secretary-General."""
    return [
        text("Eightieth session"),
        text("Item 94 of the provisional agenda*"),
        text(agenda_title),
        Block("heading", title),
        Block("heading", "Note by the Secretary-General"),
    ]


def make_un_pdf(
    path: Path,
    blocks: list[Block],
    *,
    symbol: str = "A/RES/80/99",
    title: str = "Developments in the field of information and telecommunications in the context of international security",
    cover: list[Block] | None = None,
    running_title: bool = True,
    job: str = "25-12345",
    date: str = "1 August 2025",
    spacer_lines: bool = True,
    marks_by_rise: bool = False,
) -> Path:
    """Write a UN-layout PDF of ``blocks`` to ``path`` and return the path.

    ``cover`` defaults to :func:`resolution_cover` of ``title``; ``running_title=False`` gives
    the symbol-only running header of reports.
    """
    layout = _Layout(spacer_lines)
    for block in cover if cover is not None else resolution_cover(title, date=date):
        layout.add(block)
    for block in blocks:
        layout.add(block)

    total = len(layout.pages)
    c = canvas.Canvas(str(path), pagesize=A4)
    title_lines = _wrap_title(title)
    for n, page in enumerate(layout.pages, start=1):
        # header and footer come first in the content stream, as in UN PDFs
        if n == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(LEFT, PAGE_H - 50, "United Nations")
            c.drawString(RIGHT - 90, PAGE_H - 50, symbol)
            c.setFont("Helvetica-Bold", 12)
            c.drawString(LEFT, PAGE_H - 72, "General Assembly")
            c.setFont("Times-Roman", 9)
            c.drawString(RIGHT - 90, PAGE_H - 66, "Distr.: General")
            c.drawString(RIGHT - 90, PAGE_H - 77, date)
            c.drawString(LEFT, 40, f"{job} (E)    010825")
            c.setFont("Courier", 10)
            c.drawString(LEFT, 28, f"*{job.replace('-', '')}*")
            c.setFont("Times-Roman", 7)
            c.drawString(RIGHT - 60, 28, "Please recycle")
        else:
            even = n % 2 == 0
            c.setFont("Helvetica-Bold", 9)
            c.drawString(LEFT if even else RIGHT - 80, PAGE_H - 40, symbol)
            c.setFont(*SMALL_FONT)
            for k, s in enumerate(title_lines if running_title else []):
                c.drawString(LEFT if not even else RIGHT - 300, PAGE_H - 52 - 10 * k, s)
            c.setFont("Times-Roman", 8)
            c.drawString(RIGHT - 40 if even else LEFT, 40, job)
            c.drawString(LEFT if even else RIGHT - 40, 40, f"{n}/{total}")
        for op in page.body:
            _draw_with_marks(c, op, rise=marks_by_rise)
        if page.notes:
            y = BOTTOM - 10 + len(page.notes) * 11
            c.setFont(*SMALL_FONT)
            c.drawString(LEFT, y + 10, "__________________")
            for k, note in enumerate(page.notes, start=1):
                c.drawString(LEFT, y - 11 * (k - 1), f"{k}  {note}")
        c.showPage()
    c.save()
    return path


def _draw_with_marks(c, op: _Op, rise: bool = False) -> None:
    """Draw a line of text; ``{^1}`` in it is a footnote reference mark, drawn raised and smaller
    as word processors do: by moving the text up (LibreOffice) or, with ``rise``, by a text rise
    (``Ts``), which leaves the text matrix where it was."""
    name, size = op.font
    pieces = MARK_RE.split(op.text)
    if rise:
        t = c.beginText(op.x, op.y)
        for k, piece in enumerate(pieces):
            if piece:
                t.setFont(name, size * 0.58 if k % 2 else size)
                t.setRise(size * 0.33 if k % 2 else 0)
                t.textOut(piece)
        c.drawText(t)
        return
    x = op.x
    for k, piece in enumerate(pieces):
        if not piece:
            continue
        s = size * 0.58 if k % 2 else size
        c.setFont(name, s)
        c.drawString(x, op.y + (size * 0.33 if k % 2 else 0), piece)
        x += stringWidth(piece, name, s)


def make_image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page with only drawn shapes, no text layer."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(72, 400, 300, 200, fill=1)
    c.line(72, 300, 500, 300)
    c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    """A text PDF that needs a user password to open (reportlab standard encryption)."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=user_password)
    c.setFont("Times-Roman", 11)
    c.drawString(72, 700, "1. The Group met in New York.")
    c.showPage()
    c.save()
    return path
