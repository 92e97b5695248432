"""Write a look-alike ``Document`` as a Word .docx in UN layout, with python-docx.

UN styles (SingleTxt, HCh, H1, H23, HCo, Session, SessionItem, Footnote Text/Reference), literal
numbers and labels followed by a tab, real Word footnotes (python-docx has no API for them: the
footnotes part and the ``w:footnoteReference`` runs are written as XML, as Word writes them),
a first-page masthead and job line, even/odd running headers and footers with PAGE/NUMPAGES
fields, and ``w:autoHyphenation`` in settings.xml when the layout hyphenates.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from tests.lookalikes.layouts import Layout
from tests.lookalikes.model import AnnexStart, Document, Heading, Para, Plain, Span

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
FOOTNOTE_HANG = 13.0  # pt between a footnote's mark and its text


def _set(parent, tag: str, **attrs) -> object:
    """Get or add child ``w:tag`` of ``parent`` and set its ``w:`` attributes."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
              "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def _ppr_add(ppr, element) -> None:
    """Put ``element`` into ``w:pPr`` where the schema orders it (Word refuses other orders)."""
    rank = _PPR_ORDER.index(element.tag.split("}")[1])
    for child in ppr:
        name = child.tag.split("}")[1]
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            child.addprevious(element)
            return
    ppr.append(element)


def _font(rpr, family: str) -> None:
    _set(rpr, "w:rFonts", ascii=family, hAnsi=family, cs=family, eastAsia=family)


def _paragraph_style(doc, name: str, *, size: float, bold: bool = False, italic: bool = False, line: float,
                     before: float = 0, after: float = 0, left: float = 0, right: float = 0, first: float = 0,
                     align: str = "left", keep_next: bool = False, hyphenate: bool = True, font: str | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    pf.left_indent, pf.right_indent, pf.first_line_indent = Pt(left), Pt(right), Pt(first)
    pf.alignment = ALIGN[align]
    pf.keep_with_next = keep_next
    pf.widow_control = True
    if not hyphenate:
        _ppr_add(style.element.get_or_add_pPr(), OxmlElement("w:suppressAutoHyphens"))
    style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
    if font:
        style.font.name = font
        _font(style.element.get_or_add_rPr(), font)
    return style


def _styles(doc, lay: Layout) -> None:
    size, pitch = lay.body_size, lay.line_pitch
    docdefaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = docdefaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _font(rpr, lay.font)
    _set(rpr, "w:lang", val="en-US", eastAsia="en-US", bidi="ar-SA")
    _paragraph_style(doc, "Normal", size=size, line=pitch, font=lay.font)
    _set(doc.styles["Normal"].element.get_or_add_rPr(), "w:lang", val="en-US")
    before, after = {"after": (0, lay.space), "before": (lay.space, 0), "none": (0, 0)}[lay.spacing]
    body = dict(left=lay.body_indent, right=lay.right_indent)
    _paragraph_style(doc, "SingleTxt", size=size, line=pitch, before=before, after=after,
                     align="both" if lay.justified else "left", **body)
    heading_hang = lay.number_width if lay.numbering == "hanging" else lay.body_indent
    heading = dict(left=lay.body_indent, right=lay.right_indent, first=-heading_hang, keep_next=True, hyphenate=False)
    _paragraph_style(doc, "HCh", size=size + 4, bold=True, line=round((size + 4) * 1.15, 1), before=12, after=12, **heading)
    _paragraph_style(doc, "H1", size=size + 2, bold=True, line=round((size + 2) * 1.17, 1), before=12, after=6, **heading)
    _paragraph_style(doc, "H23", size=size, bold=not lay.h23_italic, italic=lay.h23_italic, line=pitch, before=6, after=6, **heading)
    _paragraph_style(doc, "HCo", size=size + 7, bold=True, line=round((size + 7) * 1.18, 1), after=12, keep_next=True,
                     hyphenate=False, left=lay.body_indent, right=lay.body_indent)
    half = (lay.page_size[0] - lay.margin_left - lay.margin_right) / 2
    _paragraph_style(doc, "Session", size=size, line=pitch, right=half, hyphenate=False)
    _paragraph_style(doc, "SessionItem", size=size, bold=True, line=pitch, right=half, hyphenate=False)
    fn_left = lay.body_indent + FOOTNOTE_HANG
    fn = _paragraph_style(doc, "Footnote Text", size=lay.footnote_size, line=lay.footnote_pitch, after=2,
                          left=fn_left, right=lay.right_indent, first=-FOOTNOTE_HANG)
    fn.paragraph_format.tab_stops.add_tab_stop(Pt(fn_left))
    ref = doc.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    for name, size, bold, line in (("Header", 10, True, 12), ("Footer", 8, False, 10)):
        style = _paragraph_style(doc, name, size=size, bold=bold, line=line, hyphenate=False)
        tabs = style.element.pPr.find(qn("w:tabs"))  # the template's centre and right tabs
        if tabs is not None:
            style.element.pPr.remove(tabs)


def _add_text(paragraph, text: str, *, italic: bool = False, bold: bool | None = None, size: float | None = None,
              font: str | None = None) -> None:
    """Runs for ``text``, a ``w:tab`` for each tab character."""
    for k, piece in enumerate(text.split("\t")):
        if k:
            paragraph.add_run().add_tab()
        if piece:
            run = paragraph.add_run(piece)
            run.italic = italic or None
            if bold is not None:
                run.bold = bold
            if size:
                run.font.size = Pt(size)
            if font:
                run.font.name = font
                _font(run._r.get_or_add_rPr(), font)


def _note_run(paragraph, note_id: int, custom_mark: str | None) -> None:
    run = paragraph.add_run()
    run._r.style = "FootnoteReference"
    ref = OxmlElement("w:footnoteReference")
    if custom_mark:
        ref.set(qn("w:customMarkFollows"), "1")
    ref.set(qn("w:id"), str(note_id))
    run._r.append(ref)
    if custom_mark:
        run._r.append(parse_xml(f'<w:t {nsdecls("w")}>{escape(custom_mark)}</w:t>'))


def note_ids(doc: Document) -> dict[int, int]:
    """Footnote index -> w:id, numbered in order of reference: LibreOffice pairs references with the
    footnotes part's entries by their order, Word by id, so both orders must agree."""
    return {index: k for k, index in enumerate(doc.marks(), start=1)}


def _inlines(paragraph, inlines, doc: Document, ids: dict[int, int]) -> None:
    for item in inlines:
        if isinstance(item, Span):
            _add_text(paragraph, item.text, italic=item.italic)
        else:
            _note_run(paragraph, ids[item.index], doc.footnotes[item.index].custom_mark)


def _new(container, style_id: str):
    """A paragraph of style ``style_id`` (set in the XML: python-docx's lookup by name is slow)."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def _tab(paragraph, pos: float, align=WD_TAB_ALIGNMENT.LEFT) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(pos), align)


def _para(docx, para: Para, lay: Layout, doc: Document, ids: dict[int, int]) -> None:
    p = _new(docx, "SingleTxt")
    pf = p.paragraph_format
    nw, bi, lvl = lay.number_width, lay.body_indent, para.level
    if lay.numbering == "hanging" and not para.preambular:
        pf.left_indent, pf.first_line_indent = Pt(bi + lvl * nw), Pt(-nw)
        _tab(p, bi + lvl * nw)
    else:
        steps = lvl + (1 if lay.numbering == "first_line" or para.preambular else 0)
        pf.first_line_indent = Pt(steps * nw)
        _tab(p, bi + (steps + 1) * nw)
    if para.label:
        _add_text(p, para.label + "\t")
    _inlines(p, para.inlines, doc, ids)


def _plain(docx, block: Plain, lay: Layout, doc: Document, ids: dict[int, int]) -> None:
    style = "SingleTxt" if block.style == "Preamble" else block.style
    p = _new(docx, style)
    if block.style == "Preamble":
        p.paragraph_format.first_line_indent = Pt(lay.number_width)
    if block.align != "left":
        p.paragraph_format.alignment = ALIGN[block.align]
    if block.space_after is not None:
        p.paragraph_format.space_after = Pt(block.space_after)
    _inlines(p, block.inlines, doc, ids)


def _heading(docx, block: Heading) -> None:
    p = _new(docx, block.style)
    _add_text(p, f"{block.label}\t{block.text}" if block.label else block.text)


def _annex(docx, block: AnnexStart, doc: Document, ids: dict[int, int]) -> None:
    p = _new(docx, "HCh")
    p.paragraph_format.page_break_before = block.page_break
    p.paragraph_format.first_line_indent = Pt(0)
    _add_text(p, block.label)
    t = _new(docx, "H1")
    t.paragraph_format.first_line_indent = Pt(0)
    t.paragraph_format.space_after = Pt(12)
    _add_text(t, block.title)
    if block.title_note is not None:
        _note_run(t, ids[block.title_note.index], doc.footnotes[block.title_note.index].custom_mark)


def _footnotes_part(docx, doc: Document, ids: dict[int, int]) -> None:
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        '</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for index, k in sorted(ids.items(), key=lambda item: item[1]):
        note = doc.footnotes[index]
        mark = (f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>{escape(note.custom_mark)}</w:t></w:r>'
                if note.custom_mark else '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>')
        notes.append(f'<w:footnote w:id="{k}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>{mark}'
                     f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{escape(note.text)}</w:t></w:r></w:p></w:footnote>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w", "r")}>{"".join(notes)}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode("utf-8"), docx.part.package)
    docx.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _settings(docx, lay: Layout) -> None:
    settings = docx.settings
    settings.odd_and_even_pages_header_footer = True
    el = settings.element
    if lay.hyphenation:
        tab_stop = el.find(qn("w:defaultTabStop"))
        hyph = OxmlElement("w:autoHyphenation")
        tab_stop.addnext(hyph) if tab_stop is not None else el.insert(0, hyph)
    pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    compat = el.find(qn("w:compat"))
    compat.addprevious(pr) if compat is not None else el.append(pr)


def _field(paragraph, instr: str, bold: bool = True) -> None:
    for kind in ("begin", None, "separate", "1", "end"):
        run = paragraph.add_run()
        run.bold = bold
        if kind in ("begin", "separate", "end"):
            _set(run._r, "w:fldChar", fldCharType=kind)
        elif kind is None:
            run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instr} </w:instrText>'))
        else:
            run.add_text(kind)


def _border_bottom(paragraph, size: int = 4) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    _ppr_add(ppr, parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="1" w:color="auto"/></w:pBdr>'))


def _cell_border(cell, size: int) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(parse_xml(f'<w:tcBorders {nsdecls("w")}><w:bottom w:val="single" w:sz="{size}" w:space="0" w:color="auto"/></w:tcBorders>'))


def _masthead(header, doc: Document, width: float) -> None:
    table = header.add_table(rows=2, cols=2, width=Pt(width))
    left, right = width * 0.66, width * 0.34
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (left, right)):
        col.set(qn("w:w"), str(round(w * 20)))
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Pt(left), Pt(right)
    cells = table.rows[0].cells
    cells[0].paragraphs[0].paragraph_format.space_before = Pt(14)
    _add_text(cells[0].paragraphs[0], "United Nations", size=13, bold=False)
    p = cells[1].paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.line_spacing = Pt(24)
    _add_text(p, doc.symbol, size=20, bold=True)
    cells = table.rows[1].cells
    p = cells[0].paragraphs[0]
    p.paragraph_format.line_spacing, p.paragraph_format.space_before = Pt(34), Pt(10)
    _add_text(p, "General Assembly", size=28, bold=True)
    p = cells[1].paragraphs[0]
    p.paragraph_format.space_before = Pt(8)
    for k, text in enumerate(("Distr.: General", doc.date, "", "Original: English")):
        p = p if k == 0 else cells[1].add_paragraph()
        _add_text(p, text, size=10, bold=False)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph._p.style = "Header"  # not hyphenated
    for cell in table.rows[0].cells:
        _cell_border(cell, 12)
    for cell in table.rows[1].cells:
        _cell_border(cell, 24)


def _running_header(header, doc: Document, lay: Layout, width: float, even: bool) -> None:
    p = header.paragraphs[0]
    p._p.style = "Header"
    _border_bottom(p)
    title = doc.running_title if lay.running_title else None
    if title:
        _tab(p, width, WD_TAB_ALIGNMENT.RIGHT)
        parts = [(doc.symbol, None), ("\t", None), (title, 8)] if even else [(title, 8), ("\t", None), (doc.symbol, None)]
        for text, size in parts:
            _add_text(p, text, size=size, bold=False if size else None)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if even else WD_ALIGN_PARAGRAPH.RIGHT
        _add_text(p, doc.symbol)


def _running_footer(footer, doc: Document, lay: Layout, width: float, even: bool) -> None:
    p = footer.paragraphs[0]
    p._p.style = "Footer"
    _tab(p, width, WD_TAB_ALIGNMENT.RIGHT)
    page_first = even if lay.footer_order == "un" else not even

    def marker() -> None:
        _field(p, "PAGE")
        _add_text(p, "/", bold=True)
        _field(p, "NUMPAGES")

    if page_first:
        marker()
        _add_text(p, "\t" + doc.job)
    else:
        _add_text(p, doc.job + "\t")
        marker()
    for run in p.runs:
        run.font.size = Pt(10) if run.bold else Pt(8)


def _first_footer(footer, doc: Document, lay: Layout) -> None:
    p = footer.paragraphs[0]
    p._p.style = "Footer"
    _add_text(p, doc.job_line, size=8)
    if lay.barcode:
        b = _new(footer, "Footer")
        b.paragraph_format.line_spacing = Pt(20)
        _add_text(b, f"*{doc.job.replace('-', '')}*", size=14, font="Liberation Mono")


def _section(docx, doc: Document, lay: Layout) -> None:
    s = docx.sections[0]
    s.start_type = WD_SECTION.NEW_PAGE
    s.page_width, s.page_height = Pt(lay.page_size[0]), Pt(lay.page_size[1])
    s.top_margin, s.bottom_margin = Pt(lay.margin_top), Pt(lay.margin_bottom)
    s.left_margin, s.right_margin = Pt(lay.margin_left), Pt(lay.margin_right)
    s.header_distance, s.footer_distance = Pt(lay.header_distance), Pt(lay.footer_distance)
    s.different_first_page_header_footer = True
    width = lay.page_size[0] - lay.margin_left - lay.margin_right
    _masthead(s.first_page_header, doc, width)
    _first_footer(s.first_page_footer, doc, lay)
    _running_header(s.even_page_header, doc, lay, width, even=True)
    _running_header(s.header, doc, lay, width, even=False)
    _running_footer(s.even_page_footer, doc, lay, width, even=True)
    _running_footer(s.footer, doc, lay, width, even=False)


def write_docx(doc: Document, lay: Layout, path: Path) -> Path:
    """Write ``doc`` in ``lay`` to ``path`` (.docx)."""
    docx = new_docx()
    body = docx.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _styles(docx, lay)
    _settings(docx, lay)
    _section(docx, doc, lay)
    ids = note_ids(doc)
    for block in doc.blocks:
        if isinstance(block, Para):
            _para(docx, block, lay, doc, ids)
        elif isinstance(block, Plain):
            _plain(docx, block, lay, doc, ids)
        elif isinstance(block, Heading):
            _heading(docx, block)
        elif isinstance(block, AnnexStart):
            _annex(docx, block, doc, ids)
    _footnotes_part(docx, doc, ids)
    docx.core_properties.title = doc.title
    docx.core_properties.author = "United Nations"
    path = Path(path)
    docx.save(str(path))
    return path
