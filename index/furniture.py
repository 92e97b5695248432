"""Page furniture of UN documents: recognise it, remove it, and read the cover's metadata.

Furniture is everything on a page that is not the document's running text: the running header
(document symbol, running title that repeats the start of the title), job numbers (``21-00006``,
``21-00006 (E)    050121``), page markers (``2/4``), barcodes (``*2100006*``), footnote
separators (``____``) and the footnote bodies under them, "Please recycle", the closing
"52nd plenary meeting" line with its date, and in Markdown extractions the ``[^N]:`` footnote
definitions and ``[^N]`` markers. The cover lines of page 1 ("United Nations", "Distr.: General",
"Seventy-fifth session", "Agenda item 98", ...) are recognised by :func:`is_cover_line`.

Everything here is a pure function of text; the parser decides where to apply it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from index.textnorm import MONTH_NAMES, remove_md_footnote_marks

SYMBOL_RE = re.compile(r"^(?:United Nations\s+)?([A-Z]{1,6}(?:/[A-Za-z0-9.\-]*[A-Za-z0-9]){2,})\*?$")
JOB_NUMBER_RE = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}\s*\*?$")
PAGE_MARKER_RE = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")
BARCODE_RE = re.compile(r"^\*\s?\d{6,}\s?\*$")
SEPARATOR_RE = re.compile(r"^_{5,}$")
PLENARY_RE = re.compile(r"^\d{1,3}(?:st|nd|rd|th)\s+(?:\([a-z]+\)\s+)?plenary\s+meeting\b.*$", re.I)
DATE_RE = re.compile(
    rf"^(\d{{1,2}})\s+({MONTH_NAMES})\s+(\d{{4}})$"
)
RECYCLE_RE = re.compile(r"^Please\s+recycle\b.*$", re.I)
ANNEX_LINE_RE = re.compile(r"^(?:Annex|Appendix)(?:\s+(?:[IVXL]{1,6}|[A-Z]|\d{1,2}))?$")
MD_RULE_RE = re.compile(r"^-{3,}$")
MD_FOOTNOTE_DEF_RE = re.compile(r"^\[\^\d+\]:")
COVER_TITLE_RE = re.compile(r"^(\d{1,3}/\d{1,4})\.\s+(\S.*)$")
# The line that ends the cover of a resolution and opens its preamble.
BODY_START_RE = re.compile(
    r"^The\s+(?:General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council|"
    r"Human\s+Rights\s+Council|[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,6}\s+(?:Conference|Commission|Committee|Board))\s*,?$"
)
_ORDINAL = (
    r"(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ss]ixth|[Ss]eventh|[Ee]ighth|[Nn]inth|[Tt]enth|"
    r"[Ee]leventh|[Tt]welfth|[A-Za-z]+teenth|[A-Za-z]+tieth)"
)
_COVER_RES = [
    re.compile(p)
    for p in (
        r"^United Nations(?:\s+[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){2,}\*?)?$",
        r"^(?:General Assembly|Security Council|Economic and Social Council)$",
        r"^(?:General Assembly\s+|Security Council\s+)?Distr\.?:.*$",
        r"^Original:\s*\w+.*$",
        rf"^(?:[A-Z][a-z]+-)?{_ORDINAL}\s+(?:emergency\s+)?(?:special\s+)?session\b.*$",
        r"^(?:Agenda item|Item)s?\s+\d+.*$",
        r"^Resolution adopted by\b.*$",
        r"^on\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$",
        r"^\[(?:on the report|without reference)\b.*$",
        r"^\*\s*[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){2,}\.?$",
    )
]


@dataclass(frozen=True)
class FurnitureContext:
    """What identifies one document's running header: its symbol and its title(s)."""

    symbol: str = ""
    titles: tuple[str, ...] = ()


def _squash(text: str) -> str:
    return " ".join(text.split())


# ---- metadata read from the cover ---------------------------------------------------------
def find_symbol(lines: list[str], limit: int = 40) -> str:
    """The document symbol printed in the header of page 1 ("A/RES/75/240"), or ""."""
    for line in lines[:limit]:
        m = SYMBOL_RE.match(line.strip())
        if m:
            return m.group(1)
    return ""


def symbol_from_filename(stem: str) -> str:
    """``A_RES_80_16`` -> ``A/RES/80/16`` when the name looks like a symbol, else ""."""
    if re.fullmatch(r"[A-Z]{1,6}(?:_[A-Za-z0-9.]+){2,}", stem):
        return stem.replace("_", "/")
    return ""


def find_cover_title(lines: list[str]) -> str:
    """The title from the line ``75/240. Developments in ...`` plus its wrapped continuation lines."""
    for i, line in enumerate(lines):
        m = COVER_TITLE_RE.match(line.strip())
        if not m:
            continue
        parts = [m.group(2)]
        for nxt in lines[i + 1 : i + 6]:
            s = nxt.strip()
            if not s or BODY_START_RE.match(s) or is_cover_line(s):
                break
            parts.append(s)
        return _squash(" ".join(parts))
    return ""


def find_issue_date(lines: list[str], limit: int = 40) -> str:
    """The ISO date printed under "Distr.: General" on the cover, or ""."""
    for i, line in enumerate(lines[:limit]):
        s = _squash(line)
        if "Distr." not in s:
            continue
        candidates = [s.split("Distr.", 1)[1]] + [_squash(x) for x in lines[i + 1 : i + 4]]
        for cand in candidates:
            m = re.search(
                rf"(\d{{1,2}})\s+({MONTH_NAMES})\s+(\d{{4}})",
                cand,
            )
            if m:
                return datetime.strptime(" ".join(m.groups()), "%d %B %Y").date().isoformat()
        return ""
    return ""


def is_cover_line(line: str) -> bool:
    """A line of the cover block of page 1 (not paragraph text)."""
    s = _squash(line)
    return bool(s) and (
        any(r.match(s) for r in _COVER_RES)
        or bool(DATE_RE.match(s))
        or bool(JOB_NUMBER_RE.match(s))
        or bool(BARCODE_RE.match(s))
        or bool(SYMBOL_RE.match(s))
        or bool(RECYCLE_RE.match(s))
    )


# ---- running header ----------------------------------------------------------------------
def is_running_title(line: str, titles: tuple[str, ...], anywhere: bool = True) -> bool:
    """True when ``line`` is the running title.

    ``anywhere=True`` (a line in the middle of the text): the line must be a case-sensitive
    prefix of a title, at least 12 characters long or the whole title, ending at a word
    boundary. ``anywhere=False`` (inside the header block at the top of a PDF page, where the
    title may wrap over lines): any piece of a title of 4+ characters.
    """
    s = _squash(line)
    if len(s) < 4:
        return False
    for title in titles:
        t = _squash(title)
        if not t:
            continue
        if anywhere:
            if t.startswith(s) and (len(s) == len(t) or (len(s) >= 12 and t[len(s)] == " ")):
                return True
        elif s in t:
            return True
    return False


def is_header_line(s: str, symbol: str) -> bool:
    """A line that can only be running header/footer: symbol, job number, page marker, barcode."""
    return bool(
        JOB_NUMBER_RE.match(s)
        or PAGE_MARKER_RE.match(s)
        or BARCODE_RE.match(s)
        or SYMBOL_RE.match(s)
        or (symbol and s.rstrip("*") == symbol)
    )


def strip_header_zone(lines: list[str], ctx: FurnitureContext) -> list[str]:
    """Drop the running header/footer block that pypdf puts at the top (or bottom) of a page.

    The block is a run of symbol, running-title, job-number, page-marker, barcode and blank lines;
    title pieces are only dropped when the run also holds a symbol, job number or page marker.
    """

    def zone(seq: list[str], with_titles: bool) -> int:
        n = 0
        definite = False
        for raw in seq:
            s = _squash(raw)
            if not s:
                n += 1
            elif is_header_line(s, ctx.symbol):
                n += 1
                definite = True
            elif with_titles and is_running_title(s, ctx.titles, anywhere=False):
                n += 1
            else:
                break
        if not definite:
            # only blank lines (or title-like text with no header evidence): keep the text
            n = 0
            while n < len(seq) and not seq[n].strip():
                n += 1
        return n

    top = zone(lines, with_titles=True)
    rest = lines[top:]
    bottom = zone(list(reversed(rest)), with_titles=False)
    return rest[: len(rest) - bottom] if bottom else rest


def cut_footnotes(lines: list[str]) -> list[str]:
    """Drop a PDF page's footnote separator ``_____`` and every line after it (the footnote bodies)."""
    for i, line in enumerate(lines):
        if SEPARATOR_RE.match(line.strip()):
            return lines[:i]
    return lines


FOOTNOTE_BODY_RE = re.compile(r"^\s*(\d{1,3})\s+\S")
# A footnote reference as pypdf prints it: the superscript digits glued to the word or punctuation
# before them ("in its 2015 report,1 identified"). Never after a digit, "/" or "-" (75/240, COVID-19).
_FOOTNOTE_REF_RE = re.compile(r"(?<=[a-z,.;:)\]’”])(\d{1,3})(?=\s|$|[,.;:])")


def footnote_numbers(lines: list[str]) -> frozenset[str]:
    """The numbers of the footnote bodies under a PDF page's separator ``_____`` ("1  A/70/174.")."""
    for i, line in enumerate(lines):
        if SEPARATOR_RE.match(line.strip()):
            return frozenset(m.group(1) for ln in lines[i + 1:] if (m := FOOTNOTE_BODY_RE.match(ln)))
    return frozenset()


def remove_footnote_refs(line: str, numbers: frozenset[str]) -> str:
    """Drop the references to this page's footnotes from a body line; other digits stay."""
    if not numbers:
        return line
    return _FOOTNOTE_REF_RE.sub(lambda m: "" if m.group(1) in numbers else m.group(0), line)


_MD_MARK_RE = re.compile(r"\[\^(\d+)\]")


def split_md_footnotes(lines: list[str]) -> tuple[list[str], list[tuple[str, ...]], dict[str, str]]:
    """Take Markdown footnotes out of the text, keeping them as data.

    Returns the lines with footnote definitions (``[^3]: ...`` + indented continuation lines)
    and ``---`` rules blanked and inline ``[^6]`` markers removed; for each line the marks it
    cited; and the definitions (mark -> text).
    """
    out: list[str] = []
    marks: list[tuple[str, ...]] = []
    notes: dict[str, str] = {}
    current = ""
    for line in lines:
        m = MD_FOOTNOTE_DEF_RE.match(line)
        if m:
            current = line[2 : line.index("]")]
            notes[current] = _squash(line[m.end():])
            out.append("")
            marks.append(())
            continue
        if current and (line.startswith("    ") or line.startswith("\t") or not line.strip()):
            if line.strip():
                notes[current] = _squash(notes[current] + " " + line)
            out.append("")
            marks.append(())
            continue
        current = ""
        if MD_RULE_RE.match(line.strip()):
            out.append("")
            marks.append(())
            continue
        marks.append(tuple(_MD_MARK_RE.findall(line)))
        out.append(remove_md_footnote_marks(line))
    return out, marks, notes


def strip_md_footnotes(lines: list[str]) -> list[str]:
    """Drop Markdown footnote definitions (``[^3]: ...`` + 4-space continuation lines) and ``---`` rules;
    remove inline ``[^6]`` markers from the remaining lines."""
    return split_md_footnotes(lines)[0]


def is_furniture_line(line: str, ctx: FurnitureContext) -> bool:
    """A whole line that is furniture wherever it appears (job number, marker, symbol, running title...)."""
    s = _squash(line)
    if not s:
        return False
    return bool(
        JOB_NUMBER_RE.match(s)
        or (PAGE_MARKER_RE.match(s) and _plausible_marker(s))
        or BARCODE_RE.match(s)
        or SEPARATOR_RE.match(s)
        or RECYCLE_RE.match(s)
        or PLENARY_RE.match(s)
        or (ctx.symbol and s.rstrip("*") == ctx.symbol)
        or is_running_title(s, ctx.titles, anywhere=True)
    )


def _plausible_marker(s: str) -> bool:
    m = PAGE_MARKER_RE.match(s)
    return bool(m) and 1 <= int(m.group(1)) <= int(m.group(2))


def remove_furniture_lines(lines: list[str], ctx: FurnitureContext) -> list[str]:
    """Replace furniture lines by blank lines (keeping line positions), incl. the date after a plenary line.

    A line equal to the title right under "Annex" is the annex's title, not a running header: kept.
    """
    out: list[str] = []
    after_plenary = False
    prev = ""
    for line in lines:
        s = _squash(line)
        if after_plenary and DATE_RE.match(s):
            out.append("")
            after_plenary = False
            continue
        title_under_annex = bool(ANNEX_LINE_RE.match(prev)) and is_running_title(s, ctx.titles)
        if s:
            after_plenary = bool(PLENARY_RE.match(s))
            prev = s
        if is_furniture_line(s, ctx) and not title_under_annex:
            out.append("")
        else:
            out.append(line)
    return out


def clean_pdf_page(text: str, ctx: FurnitureContext) -> list[str]:
    """A PDF page's text lines with header/footer block, footnotes and furniture lines removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = strip_header_zone(lines, ctx)
    notes = footnote_numbers(lines)
    lines = [remove_footnote_refs(line, notes) for line in cut_footnotes(lines)]
    return remove_furniture_lines(lines, ctx)


def clean_text_body(text: str, ctx: FurnitureContext) -> list[str]:
    """A Markdown/plain-text body's lines with footnotes, markers and furniture lines removed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = strip_md_footnotes(lines)
    return remove_furniture_lines(lines, ctx)
