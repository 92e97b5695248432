"""Read the glyphs and drawn rules of each PDF page (the I/O edge of PDF layout analysis).

Every character the PDF draws becomes a :class:`Glyph` with its box, baseline, font size and
style, in top-down page coordinates (``top`` grows down the page, as on paper). Thin filled
rectangles and lines become :class:`Rule` records: the short rule that Word draws above the
footnotes is one of them. Nothing here interprets the layout; :mod:`index.pdf_layout` does.

pdfplumber (pdfminer.six) is used because it gives a per-character box, font name and size,
and the page's drawn lines and rectangles through one documented API. Measured on the
18-page A/80/257 look-alike: 1.9 s with pdfplumber, 0.9 s with pypdf's text visitor (which
gives text runs, not characters, and no rules), 1.1 s with raw pypdfium2 calls.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demibold", "extrabold")
_ITALIC_WORDS = ("italic", "oblique")


@dataclass(frozen=True)
class Glyph:
    """One drawn character. Coordinates in points, ``top``/``bottom``/``baseline`` from the page top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Rule:
    """A drawn horizontal line or thin rectangle (a footnote separator, a table border, ...)."""

    x0: float
    x1: float
    top: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class PageGlyphs:
    """What one page draws: its size, its characters and its horizontal rules."""

    number: int  # 1-based
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...] = ()


def font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) from a PDF font name such as ``BAAAAA+LiberationSerif-BoldItalic``."""
    name = fontname.split("+", 1)[-1].lower()
    return any(w in name for w in _BOLD_WORDS), any(w in name for w in _ITALIC_WORDS)


@contextmanager
def quiet_pdf_libraries() -> Iterator[None]:
    """Silence pdfminer's and pypdf's logging and warnings while reading (restored afterwards)."""
    loggers = [logging.getLogger(n) for n in ("pdfminer", "pypdf", "pdfplumber")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def descent_ratios(chars: list[dict], page_height: float) -> dict[str, float]:
    """Per font, how far below the baseline its boxes reach, as a fraction of the size: the most
    common (bottom - baseline) / size of its glyphs."""
    seen: dict[str, Counter] = {}
    for ch in chars:
        size = float(ch.get("size") or 0.0)
        matrix = ch.get("matrix")
        if size <= 0 or not matrix:
            continue
        ratio = round((float(ch["bottom"]) - (page_height - float(matrix[5]))) / size, 2)
        seen.setdefault(str(ch.get("fontname", "")), Counter())[ratio] += 1
    return {font: c.most_common(1)[0][0] for font, c in seen.items()}


def _glyph(ch: dict, page_height: float, descents: dict[str, float]) -> Glyph | None:
    """One character; its baseline is found from its box and its font's descent, so that a mark
    raised with a text rise (which the text matrix does not show) is seen raised too."""
    text = ch.get("text") or ""
    if not text or not ch.get("upright", True):
        return None
    size = float(ch.get("size") or 0.0)
    bottom = float(ch["bottom"])
    font = str(ch.get("fontname", ""))
    if font in descents:
        baseline = bottom - descents[font] * size
    else:
        matrix = ch.get("matrix")
        baseline = float(page_height - matrix[5]) if matrix else bottom
    bold, italic = font_style(font)
    return Glyph(text=text, x0=float(ch["x0"]), x1=float(ch["x1"]), top=float(ch["top"]), bottom=bottom,
                 baseline=baseline, size=size, bold=bold, italic=italic)


def _rules(page) -> list[Rule]:
    out: list[Rule] = []
    for obj in list(page.lines) + list(page.rects) + list(page.curves):
        height = abs(float(obj["bottom"]) - float(obj["top"]))
        width = float(obj["x1"]) - float(obj["x0"])
        if height <= 2.0 and width >= 20.0:
            out.append(Rule(float(obj["x0"]), float(obj["x1"]), float(obj["top"])))
    return sorted(out, key=lambda r: (r.top, r.x0))


def read_page_glyphs(data: bytes, password: str = "") -> list[PageGlyphs]:
    """Every page's glyphs and rules. A page that cannot be read gives no glyphs (the others
    are kept); a file that cannot be opened raises whatever pdfplumber raises (the caller
    turns it into a one-line SourceError)."""
    import pdfplumber

    pages: list[PageGlyphs] = []
    with quiet_pdf_libraries(), pdfplumber.open(io.BytesIO(data), password=password) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                height = float(page.height)
                chars = page.chars
                descents = descent_ratios(chars, height)
                glyphs = tuple(g for ch in chars if (g := _glyph(ch, height, descents)) is not None)
                pages.append(PageGlyphs(number, float(page.width), height, glyphs, tuple(_rules(page))))
            except Exception:  # noqa: BLE001 - one broken page must not lose the others
                pages.append(PageGlyphs(number, 0.0, 0.0, (), ()))
            finally:
                page.flush_cache()
    return pages
