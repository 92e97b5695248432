"""Read a Word ``.docx`` (the UN publishes one beside each PDF) into the same layout blocks as a PDF.

Each body paragraph becomes one block of one line: its text (tabs after a ``12.`` label kept as
the label's gap), its type size, weight and style (a heading style — ``HCh``, ``H1``, ``H23``,
``HCo``, ``Heading 1`` … — or all-bold text is set as a heading), the footnotes it cites and its
page when Word recorded the page breaks (``w:lastRenderedPageBreak``, page breaks before).
Footnote bodies come from the footnotes part; a reference's mark is its number in document
order, or the custom mark that follows it (``*``). Running headers and footers live in their
own parts, so there is no page furniture to remove; the symbol is read from them.

Pages: a ``.docx`` saved by Word records where its pages broke when it was last laid out; one
written by other tools often does not, and then the paragraphs have no pages until
:func:`index.pages.transfer_pages` takes them from a PDF of the same symbol.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from index.errors import SourceError
from index.pdf_layout import LABEL_RE, Footnote, LayoutBlock, LayoutDocument, Line, Word

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = re.compile(r"^(?:H[CMS]?[a-z]?\d*|HCh|HCo|HMm|H\d+|Heading\s*\d|Title|Subtitle)$", re.I)
_GET_DOCX = "save it again from Word as .docx, or use the PDF"


@dataclass(frozen=True)
class _Style:
    size: float
    bold: bool
    italic: bool
    heading: bool
    page_break_before: bool


def _val(el, tag: str) -> str | None:
    child = el.find(f"{W}{tag}") if el is not None else None
    return None if child is None else child.get(f"{W}val", "true")


def _on(value: str | None) -> bool | None:
    if value is None:
        return None
    return value not in ("0", "false", "off")


class _Styles:
    """Paragraph and character style properties, resolved through ``basedOn``."""

    def __init__(self, xml: bytes | None):
        self.by_id: dict[str, object] = {}
        self.default_size = 10.0
        if not xml:
            return
        from lxml import etree

        root = etree.fromstring(xml)
        sz = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if sz is not None:
            self.default_size = int(sz.get(f"{W}val")) / 2
        for st in root.findall(f"{W}style"):
            self.by_id[st.get(f"{W}styleId")] = st

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            st = self.by_id[style_id]
            yield st
            based = st.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def name(self, style_id: str | None) -> str:
        st = self.by_id.get(style_id or "")
        el = st.find(f"{W}name") if st is not None else None
        return el.get(f"{W}val") if el is not None else (style_id or "")

    def run_prop(self, style_id: str | None, tag: str) -> str | None:
        for st in self._chain(style_id):
            v = _val(st.find(f"{W}rPr"), tag)
            if v is not None:
                return v
        return None

    def para_prop(self, style_id: str | None, tag: str) -> str | None:
        for st in self._chain(style_id):
            v = _val(st.find(f"{W}pPr"), tag)
            if v is not None:
                return v
        return None

    def paragraph(self, style_id: str | None) -> _Style:
        sz = self.run_prop(style_id, "sz")
        name = self.name(style_id)
        return _Style(
            size=int(sz) / 2 if sz and sz.isdigit() else self.default_size,
            bold=bool(_on(self.run_prop(style_id, "b"))),
            italic=bool(_on(self.run_prop(style_id, "i"))),
            heading=bool(HEADING_STYLES.match(name.replace(" ", "")) or HEADING_STYLES.match(name)),
            page_break_before=bool(_on(self.para_prop(style_id, "pageBreakBefore"))),
        )


def _footnote_texts(xml: bytes | None) -> dict[str, str]:
    """Footnote id -> its text (without its own mark)."""
    if not xml:
        return {}
    from lxml import etree

    out: dict[str, str] = {}
    for fn in etree.fromstring(xml).findall(f"{W}footnote"):
        if fn.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts: list[str] = []
        for p in fn.iter(f"{W}p"):
            text = []
            for r in p.iter(f"{W}r"):
                style = r.find(f"{W}rPr/{W}rStyle")
                is_ref = style is not None and "FootnoteReference" in (style.get(f"{W}val") or "")
                for child in r:
                    if child.tag == f"{W}t" and not is_ref:
                        text.append(child.text or "")
                    elif child.tag == f"{W}tab":
                        text.append(" ")
            parts.append("".join(text))
        out[fn.get(f"{W}id")] = " ".join(" ".join(parts).split())
    return out


def _symbol_from_parts(zf: zipfile.ZipFile) -> str:
    from index.furniture import SYMBOL_RE

    for name in sorted(n for n in zf.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n)):
        text = " ".join(re.sub(r"<[^>]+>", " ", zf.read(name).decode("utf-8", "replace")).split())
        for token in text.split():
            m = SYMBOL_RE.match(token)
            if m:
                return m.group(1)
    return ""


def read_docx_layout(data: bytes, path: object = "") -> tuple[LayoutDocument, str, bool]:
    """(layout, symbol, has_pages) of a .docx. Raises SourceError for a file that is not one."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        body_xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as err:
        raise SourceError(path, f"is not a readable Word document ({type(err).__name__})", _GET_DOCX) from None
    from lxml import etree

    try:
        root = etree.fromstring(body_xml)
    except etree.XMLSyntaxError:
        raise SourceError(path, "is a damaged Word document (its text part is not valid XML)", _GET_DOCX) from None
    names = set(zf.namelist())
    styles = _Styles(zf.read("word/styles.xml") if "word/styles.xml" in names else None)
    notes = _footnote_texts(zf.read("word/footnotes.xml") if "word/footnotes.xml" in names else None)
    symbol = _symbol_from_parts(zf)

    body = root.find(f"{W}body")
    paragraphs = [p for p in body.iter(f"{W}p")] if body is not None else []
    rendered = any(True for _ in root.iter(f"{W}lastRenderedPageBreak"))
    page = 1
    number = 0
    blocks: list[LayoutBlock] = []
    footnotes: list[Footnote] = []
    sizes: list[float] = []
    for p in paragraphs:
        ppr = p.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style_el.get(f"{W}val") if style_el is not None else None
        st = styles.paragraph(style_id)
        if st.page_break_before or _on(_val(ppr, "pageBreakBefore")):
            page += 1 if blocks else 0
        words: list[Word] = []
        marks: list[str] = []
        breaks: list[int] = []  # text offsets where Word's last layout broke the page
        pieces: list[tuple[str, bool, bool]] = []
        break_after = 0
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            rstyle = rpr.find(f"{W}rStyle").get(f"{W}val") if rpr is not None and rpr.find(f"{W}rStyle") is not None else None
            bold = _on(_val(rpr, "b"))
            italic = _on(_val(rpr, "i"))
            bold = st.bold if bold is None else bold
            italic = st.italic if italic is None else italic
            custom = False
            for child in r:
                tag = child.tag
                if tag == f"{W}footnoteReference":
                    fid = child.get(f"{W}id")
                    custom = _on(child.get(f"{W}customMarkFollows")) or False
                    if not custom:
                        number += 1
                        mark = str(number)
                        footnotes.append(Footnote(0, mark, (notes.get(fid, ""),), key=f"#{fid}"))
                    else:
                        footnotes.append(Footnote(0, "", (notes.get(fid, ""),), key=f"#{fid}"))
                    marks.append(f"#{fid}")
                elif tag == f"{W}t":
                    text = child.text or ""
                    if custom:  # the custom mark ("*") printed after the reference
                        fn = footnotes[-1]
                        footnotes[-1] = Footnote(0, text.strip() or "*", fn.lines, key=fn.key)
                        custom = False
                        continue
                    if rstyle and "FootnoteReference" in rstyle:
                        continue
                    pieces.append((text, bool(bold), bool(italic)))
                elif tag == f"{W}tab":
                    pieces.append(("\t", bool(bold), bool(italic)))
                elif tag in (f"{W}br", f"{W}cr"):
                    if child.get(f"{W}type") == "page":
                        break_after += 1
                    else:
                        pieces.append((" ", bool(bold), bool(italic)))
                elif tag == f"{W}noBreakHyphen":
                    pieces.append(("\u2011", bool(bold), bool(italic)))
                elif tag == f"{W}lastRenderedPageBreak":
                    breaks.append(sum(len(t) for t, _, _ in pieces))
        text = "".join(t for t, _, _ in pieces)
        for token in re.finditer(r"[^\s]+", text):
            at = token.start()
            flags = _flags_at(pieces, at)
            words.append(Word(token.group(0), float(at), float(token.end()), bold=flags[0], italic=flags[1]))
        start_page = page + sum(1 for b in breaks if b == 0)
        if words:
            label = words[0].text if LABEL_RE.match(words[0].text) and re.match(r"^\S+\t", text.lstrip()) else ""
            lines = []
            for k, group in enumerate(_split_at(words, [b for b in breaks if b > 0])):
                if group:
                    lines.append(Line(page=start_page + k, top=0.0, bottom=0.0, x0=0.0, x1=0.0, size=st.size,
                                      words=tuple(group), marks=tuple(marks) if not lines else (),
                                      label=label if not lines else ""))
            letters = [w for w in words if any(c.isalpha() for c in w.text)] or words
            heading = st.heading or all(w.bold for w in letters)
            blocks.append(LayoutBlock(tuple(lines), heading=heading))
            sizes.append(st.size)
        page += len(breaks) + break_after
    body_size = max(set(sizes), key=sizes.count) if sizes else styles.default_size
    layout = LayoutDocument(
        blocks=tuple(blocks),
        footnotes=tuple(footnotes),
        page_count=page if rendered else 0,
        body_size=body_size,
        first_page_lines=tuple(b.first.text for b in blocks[:40]),
        symbol=symbol,
    )
    return layout, symbol, rendered


def _split_at(words: list[Word], offsets: list[int]) -> list[list[Word]]:
    """The words before each page-break offset, then the rest (one group per page)."""
    groups: list[list[Word]] = [[]]
    cuts = sorted(offsets)
    for w in words:
        while cuts and w.x0 >= cuts[0]:
            cuts.pop(0)
            groups.append([])
        groups[-1].append(w)
    return groups


def _flags_at(pieces: list[tuple[str, bool, bool]], at: int) -> tuple[bool, bool]:
    pos = 0
    for text, bold, italic in pieces:
        if pos + len(text) > at:
            return bold, italic
        pos += len(text)
    return (pieces[-1][1], pieces[-1][2]) if pieces else (False, False)
