"""Lines of text on the pages of a PDF, with positions and sizes (pdfplumber), for the truth and the tests.

This is the generator's own, deliberately simple reading of its PDFs — independent of the
project's parser. A line is the characters whose vertical middle falls inside the box of the
line's first (tallest) characters, so a raised footnote mark joins the line it belongs to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass(frozen=True)
class Line:
    page: int
    chars: tuple[Char, ...]  # left to right

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars if c.size >= self.size * 0.75)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars if c.size >= self.size * 0.75)

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars if not c.text.isspace())

    @property
    def font(self) -> str:
        """The most common font of the line's characters (subset prefix removed)."""
        name = Counter(c.font for c in self.chars if not c.text.isspace()).most_common(1)[0][0]
        return name.split("+", 1)[-1]

    @property
    def text(self) -> str:
        """The characters with a space wherever there is a gap (a tab, or a space drawn as a move)."""
        out: list[str] = []
        for prev, char in zip((None,) + self.chars[:-1], self.chars):
            if prev is not None and char.x0 - prev.x1 > 0.25 * char.size and not (prev.text.isspace() or char.text.isspace()):
                out.append(" ")
            out.append(char.text)
        return "".join(out).strip()

    def words(self) -> list[tuple[str, float]]:
        """(word, x0) pairs, split at spaces and gaps."""
        result: list[tuple[str, float]] = []
        word, start, prev = "", 0.0, None
        for char in self.chars:
            gap = prev is not None and char.x0 - prev.x1 > 0.25 * char.size
            if char.text.isspace() or gap:
                if word:
                    result.append((word, start))
                word = ""
            if not char.text.isspace():
                if not word:
                    start = char.x0
                word += char.text
            prev = char
        if word:
            result.append((word, start))
        return result


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]  # top to bottom


def group_lines(page: int, chars: list[Char]) -> tuple[Line, ...]:
    """Characters grouped into lines by their vertical middle, each line sorted left to right."""
    lines: list[list[Char]] = []
    box: tuple[float, float] | None = None
    for char in sorted(chars, key=lambda c: (round(c.top, 1), c.x0)):
        middle = (char.top + char.bottom) / 2
        if box is not None and box[0] <= middle <= box[1]:
            lines[-1].append(char)
        else:
            lines.append([char])
            box = (char.top, char.bottom)
    return tuple(Line(page, tuple(sorted(group, key=lambda c: c.x0))) for group in lines)


def read_pages(path: Path) -> list[Page]:
    """Every page of the PDF at ``path`` as lines of characters."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = [
                Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], round(c["size"], 2), c.get("fontname", ""))
                for c in page.chars
            ]
            pages.append(Page(number, float(page.width), float(page.height), group_lines(number, chars)))
    return pages
