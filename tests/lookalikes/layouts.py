"""Layout parameters of a look-alike, and the named layouts the test sets are made of.

A ``Layout`` says how a document looks (page, margins, font, how paragraph numbers are placed,
spacing, hyphenation, running header and footer) and which kind of UN document it is (a report
with an annex and annex I, a resolution, a note by the Secretary-General with an annex and an
appendix, a report with lettered annexes). Lengths are in points. The generator reads every
field; tests/lookalikes/test_lookalikes_generator.py checks in the PDF that each layout has what it says.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("report", "resolution", "note", "lettered")
NUMBERING = ("at_indent", "hanging", "first_line")
SPACING = ("after", "before", "none")
FOOTER_ORDER = ("un", "swapped")
PAGES = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}
FONTS = ("Liberation Serif", "Liberation Sans", "DejaVu Serif", "DejaVu Sans")


@dataclass(frozen=True)
class Layout:
    """How one look-alike is laid out.

    numbering:
      ``at_indent``  the number starts the first line at the body indent, a tab to the text (A/80/257);
      ``hanging``    the number hangs left of the text column, every line of text aligned;
      ``first_line`` the first line is indented and starts with the number (resolutions).
    spacing: space ``after`` each paragraph, ``before`` it, or ``none`` (only the first-line indent).
    footer_order: ``un`` puts ``N/M`` first on even pages and the job number first on odd ones;
    ``swapped`` the other way round.
    """

    name: str
    kind: str
    description: str
    page: str = "A4"
    margin_top: float = 86.4
    margin_bottom: float = 72.0
    margin_left: float = 72.0
    margin_right: float = 72.0
    header_distance: float = 36.0
    footer_distance: float = 28.8
    font: str = "Liberation Serif"
    body_size: float = 10.0
    footnote_size: float = 8.0
    numbering: str = "at_indent"
    body_indent: float = 63.35
    right_indent: float = 63.35
    number_width: float = 23.75
    spacing: str = "after"
    space: float = 6.0
    justified: bool = True
    hyphenation: bool = False
    running_title: bool = False
    footer_order: str = "un"
    barcode: bool = True
    job_dates: int = 2
    h23_italic: bool = False

    def __post_init__(self) -> None:
        checks = [
            (self.kind in KINDS, f"kind {self.kind!r} is not one of {KINDS}"),
            (self.numbering in NUMBERING, f"numbering {self.numbering!r} is not one of {NUMBERING}"),
            (self.spacing in SPACING, f"spacing {self.spacing!r} is not one of {SPACING}"),
            (self.footer_order in FOOTER_ORDER, f"footer_order {self.footer_order!r} is not one of {FOOTER_ORDER}"),
            (self.page in PAGES, f"page {self.page!r} is not one of {tuple(PAGES)}"),
            (self.font in FONTS, f"font {self.font!r} is not one of {FONTS}"),
            (10 <= self.body_size <= 12, "body_size must be 10-12 pt"),
            (8 <= self.footnote_size <= 9, "footnote_size must be 8-9 pt"),
            (self.job_dates in (1, 2), "job_dates must be 1 or 2"),
            (self.numbering != "hanging" or self.margin_left + self.body_indent >= self.number_width + 18,
             "a hanging number must stay on the page"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"layout {self.name}: {message}")

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGES[self.page]

    @property
    def line_pitch(self) -> float:
        """Exact line height of body text (1.2 x the size, as UN SingleTxt: 12 pt at 10 pt)."""
        return round(self.body_size * 1.2, 2)

    @property
    def footnote_pitch(self) -> float:
        return round(self.footnote_size * 1.25, 2)

    @property
    def text_left(self) -> float:
        """x of the text column (continuation lines of a numbered paragraph), from the page edge."""
        return self.margin_left + self.body_indent

    @property
    def text_right(self) -> float:
        return self.page_size[0] - self.margin_right - self.right_indent


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "report_un",
            "report",
            "A/80/257-like report with an annex and annex I: A4, Liberation Serif 10/8 pt, numbers at the body "
            "indent followed by a tab, space after, justified, symbol-only running headers, barcode.",
        ),
        Layout(
            "report_hanging",
            "report",
            "Report with numbers hanging in the left page margin (text column at the margin): US Letter, "
            "DejaVu Serif 10/8 pt, space before instead of after, left-aligned, footer order swapped, no barcode, "
            "one date on the job line, italic H23 subheadings.",
            page="Letter", margin_top=72, margin_bottom=64.8, margin_left=90, margin_right=90, font="DejaVu Serif",
            numbering="hanging", body_indent=0, right_indent=0, number_width=28.35, spacing="before",
            justified=False, footer_order="swapped", barcode=False, job_dates=1, h23_italic=True,
        ),
        Layout(
            "resolution_un",
            "resolution",
            "A/RES/80/12-like resolution: A4, Liberation Serif 10/8 pt, first-line-indented paragraphs, numbers "
            "first-line indented, space after, justified, running title in the header.",
            numbering="first_line", running_title=True,
        ),
        Layout(
            "resolution_compact",
            "resolution",
            "Resolution with no space between paragraphs (only the first-line indent), automatic hyphenation, "
            "A4, Liberation Sans 11/9 pt, narrower margins, justified, running title.",
            margin_left=64.8, margin_right=64.8, font="Liberation Sans", body_size=11, footnote_size=9,
            numbering="first_line", body_indent=56.7, right_indent=42.5, number_width=28.35, spacing="none",
            hyphenation=True, running_title=True,
        ),
        Layout(
            "note_sg",
            "note",
            "Note by the Secretary-General whose first-page job line has two dates, the report in an annex "
            "(numbered from 1) with an appendix: A4, Liberation Serif 12/9 pt, numbers hanging in the indent, "
            "automatic hyphenation, justified.",
            font="Liberation Serif", body_size=12, footnote_size=9, numbering="hanging", body_indent=56.7,
            right_indent=28.35, number_width=28.35, space=7, hyphenation=True,
        ),
        Layout(
            "lettered_annexes",
            "lettered",
            "Report with lettered annexes A, B, C (each from the top of a page): US Letter, DejaVu Sans 10/8 pt, "
            "numbers at the body indent, space before, left-aligned, running title, footer order swapped.",
            page="Letter", margin_top=79.2, margin_left=79.2, margin_right=79.2, font="DejaVu Sans",
            body_indent=42.5, right_indent=28.35, number_width=28.35, spacing="before", justified=False,
            running_title=True, footer_order="swapped",
        ),
        # holdout only: never looked at while tuning the parser (see README.md)
        Layout(
            "report_sans_hyphen",
            "report",
            "Report with hanging numbers, automatic hyphenation and justified text in DejaVu Sans 11/9 pt on "
            "US Letter with narrow margins, no barcode, one date on the job line.",
            page="Letter", margin_top=72, margin_bottom=57.6, margin_left=72, margin_right=64.8, font="DejaVu Sans",
            body_size=11, footnote_size=9, numbering="hanging", body_indent=36, right_indent=14.2,
            number_width=36, space=5, hyphenation=True, barcode=False, job_dates=1,
        ),
        Layout(
            "note_firstline",
            "note",
            "Note by the Secretary-General with first-line-indented numbered paragraphs, no space between "
            "paragraphs, left-aligned, automatic hyphenation, DejaVu Serif 11/8 pt on A4, running title, "
            "footer order swapped, italic H23.",
            margin_top=79.2, margin_left=85, margin_right=70.9, font="DejaVu Serif", body_size=11,
            numbering="first_line", body_indent=28.35, right_indent=28.35, number_width=28.35, spacing="none",
            justified=False, hyphenation=True, running_title=True, footer_order="swapped", h23_italic=True,
        ),
    )
}


def get_layout(name: str) -> Layout:
    """The named layout, or a ValueError listing the names."""
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown layout {name!r}: choose from {', '.join(LAYOUTS)}") from None
