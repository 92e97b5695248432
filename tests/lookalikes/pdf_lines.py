"""Lines of text on the pages of a PDF, with positions and sizes (pdfplumber), for the truth and the tests.

This is the generator's own, deliberately simple reading of its PDFs — independent of the
project's parser. A line is the characters on one baseline; a raised footnote mark joins the
line it belongs to.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    baseline: float  # y of the glyph origin, from the top of the page
    size: float
    font: str

    @property
    def top(self) -> float:
        """Top of the character's nominal em box."""
        return self.baseline - 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + 0.2 * self.size


@dataclass(frozen=True)
class Line:
    page: int
    chars: tuple[Char, ...]  # left to right
    size: float = 0.0  # the largest character's size
    top: float = 0.0  # box of the characters of at least 3/4 of that size (raised marks left out)
    bottom: float = 0.0

    @classmethod
    def of(cls, page: int, chars) -> "Line":
        chars = tuple(sorted(chars, key=lambda c: c.x0))
        size = max(c.size for c in chars)
        main = [c for c in chars if c.size >= size * 0.75]
        return cls(page, chars, size, min(c.top for c in main), max(c.bottom for c in main))

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
    """Characters on one baseline make a line; a cluster of smaller characters raised by less than
    half the size of the line below (a footnote mark) joins that line. Lines top to bottom."""
    clusters: list[tuple[float, list[Char]]] = []
    for char in sorted(chars, key=lambda c: c.baseline):
        if clusters and char.baseline - clusters[-1][0] <= 0.6:
            clusters[-1][1].append(char)
        else:
            clusters.append((char.baseline, [char]))
    lines: list[Line] = []
    for k, (baseline, group) in enumerate(clusters):
        below = clusters[k + 1] if k + 1 < len(clusters) else None
        if below is not None:
            size, below_size = max(c.size for c in group), max(c.size for c in below[1])
            if size <= 0.8 * below_size and 0 < below[0] - baseline <= 0.5 * below_size:
                below[1].extend(group)
                continue
        lines.append(Line.of(page, group))
    return tuple(lines)


def read_pages(path: Path) -> list[Page]:
    """Every page of the PDF at ``path`` as lines of characters.

    PDFium (pypdfium2, which pdfplumber installs) gives each character's origin, font size and
    horizontal extent five times faster than pdfminer; spaces and line ends PDFium invents are skipped.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    rect = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            height, width = page.get_height(), page.get_width()
            text = page.get_textpage()
            chars = []
            for k in range(raw.FPDFText_CountChars(text.raw)):
                if raw.FPDFText_IsGenerated(text.raw, k):
                    continue
                code = raw.FPDFText_GetUnicode(text.raw, k)
                if code == 2:  # PDFium's name for a hyphen that ends a line: the PDF draws "-"
                    code = ord("-")
                if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n":
                    continue
                raw.FPDFText_GetLooseCharBox(text.raw, k, rect)
                raw.FPDFText_GetCharOrigin(text.raw, k, ctypes.byref(x), ctypes.byref(y))
                raw.FPDFText_GetFontInfo(text.raw, k, name, len(name), ctypes.byref(flags))
                chars.append(Char(chr(code), rect.left, rect.right, round(height - y.value, 2),
                                  round(raw.FPDFText_GetFontSize(text.raw, k), 2), name.value.decode("latin-1")))
            text.close()
            page.close()
            pages.append(Page(number, float(width), float(height), group_lines(number, chars)))
    finally:
        pdf.close()
    return pages
