"""Turn a document's blocks into paragraph records: scopes, headings, numbers, sub-paragraphs.

One pass over the blocks of one document (pure; created per parse) recognises scopes
("Annex", "Annex I", "Annex B", "Appendix"), headings ("II.", "B.", plain heading lines),
numbered paragraphs, sub-paragraphs ``(a)``/``(i)``, preambular paragraphs (``PP1``...) and
continuations. Blocks come from two kinds of reader:

* **layout readers** (PDF by glyph positions, Word ``.docx`` by its paragraphs): each block is
  one paragraph, sub-paragraph or heading, and says whether it is set as a heading
  (``Block.heading``) and which footnotes it cites; such blocks are ``trusted``: no number is
  inferred, nothing is split inside a block;
* **text readers** (Markdown / plain text, pypdf-like raw text): blocks are runs of lines, and
  conservative repairs undo extraction damage (see :mod:`index.parser`).

Each record's ``heading`` is the innermost heading above it ("B. Existing and potential
threats"); ``heading_path`` is its context: enclosing chapters by their labels, then the
innermost heading ("II. B. Rules, norms and principles"), or before any heading the scope's
title ("Elements of the Global Mechanism"). The title printed under "Annex I" is the annex's title,
not a heading of its paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from index.models import MAIN_SCOPE, Footnote, Paragraph
from index.textnorm import (
    ends_sentence,
    ends_with_terminal,
    first_letter,
    normalise_paragraph_text,
    starts_capital,
    starts_lowercase,
)

MAX_NUMBER_GAP = 10  # a marker further ahead than this is not taken as a paragraph number
MAX_HEADING_WORDS = 20
NUM_RE = re.compile(r"^(\d{1,3})\.(?:\s+|$)(.*)$", re.S)
SUB_RE = re.compile(r"^\(([a-z]{1,4})\)(?:\s+|$)(.*)$", re.S)
LABEL_HEADING_RE = re.compile(r"^([A-Z]{1,7})\.(?:\s+|$)(.*)$", re.S)
SCOPE_RE = re.compile(r"^(Annex|Appendix)(?:\s+([IVXL]{1,6}|[A-Z]|\d{1,2})(?=\s|$))?(?:\s+(\S.*))?$", re.S)
BULLET_RE = re.compile(r"^[•▪●◦‣]\s*")
# The line under a report's title that says who issues it: part of the title block, not a heading.
SUBTITLE_RE = re.compile(r"^(?:Note|Report|Letter)\s+(?:by|of|dated)\s+the\s+(?:Secretary-General|Secretariat|President)\b")
_ROMAN_UPPER_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_LOWER_RE = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")
ENDS_AND_OR = re.compile(r"(?:\band|\bor|\band/or)$")
# First words of preambular paragraphs (UN editorial usage); capitalised at a line start after a
# clause end they open a new paragraph even where the PDF text has no blank line between them.
PREAMBULAR_OPENERS = frozenset(
    """Acknowledging Affirming Alarmed Appreciating Aware Bearing Being Believing Calling Cognizant
    Commending Concerned Condemning Confident Confirming Conscious Considering Continuing Convinced
    Deeply Deploring Desiring Desirous Determined Disappointed Emphasizing Encouraged Encouraging
    Endorsing Expressing Firmly Further Gravely Guided Having Highlighting Honouring Keeping Looking
    Mindful Noting Observing Re-emphasizing Reaffirming Realizing Recalling Recognizing Regretting
    Reiterating Remaining Seeking Seized Seriously Sharing Stressing Taking Underlining
    Underscoring Urging Welcoming Wishing""".split()
)


def opens_preambular(text: str) -> bool:
    """Whether ``text`` starts the way a preambular paragraph does ("Recalling …", "Recalling, in
    this regard, …")."""
    return text.split(" ", 1)[0].rstrip(",;:") in PREAMBULAR_OPENERS


# Words after which a number is a reference ("resolution 2.", "paragraph 12."), not a paragraph marker.
REFERENCE_WORDS = frozenset(
    """resolution resolutions paragraph paragraphs para paras article articles annex annexes chapter
    section rule rules principle principles goal goals target targets item items no decision decisions
    part point table figure volume vol page pages p pp""".split()
)
FUNCTION_WORDS = frozenset(
    "the of and or in to for a an on with by at from its their his her as that which this these is are be".split()
)

Joiner = Callable[[str, str], str]


@dataclass(frozen=True)
class Block:
    """A run of text that belongs together (a paragraph, or the part of one on a page).

    ``heading`` and ``trusted`` come from layout readers: the block is set as a heading (bold or
    larger type), and its boundaries are the document's own paragraph boundaries. ``marks``
    are the footnotes the block cites, as (page, mark).
    """

    text: str
    pages: tuple[int, ...] = ()
    heading: bool = False
    trusted: bool = False
    marks: tuple[tuple[int, str], ...] = ()


def is_structural(s: str) -> bool:
    return bool(
        NUM_RE.match(s) or SUB_RE.match(s) or LABEL_HEADING_RE.match(s) or SCOPE_RE.match(s) or BULLET_RE.match(s)
    )


def _ends_clause(text: str) -> bool:
    """Ends with . ; : (a separate block after it goes on a new line; after "," it runs on)."""
    return ends_with_terminal(text) and not text.rstrip().rstrip("0123456789 ’”\"')]").endswith(",")


def _is_roman_upper(s: str) -> bool:
    return bool(s) and bool(_ROMAN_UPPER_RE.match(s))


def _is_roman_lower(s: str) -> bool:
    return bool(s) and bool(_ROMAN_LOWER_RE.match(s))


_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
           "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv"]


def _next_roman(last: str) -> str:
    if not last:
        return "i"
    return _ROMANS[_ROMANS.index(last) + 1] if last in _ROMANS[:-1] else ""


def _next_letter(last: str) -> str:
    if not last:
        return "a"
    if len(last) == 1:
        return chr(ord(last) + 1) if last < "z" else "aa"
    return chr(ord(last[0]) + 1) * len(last) if last[0] < "z" else ""


def looks_like_heading(text: str) -> bool:
    """A short title-like line: capitalised, no final punctuation, no sentence inside it."""
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > 160:
        return False
    if not starts_capital(text) or ends_with_terminal(text):
        return False
    if words[-1].lower().strip("’”\"')") in FUNCTION_WORDS:
        return False
    if re.search(r"[.;!?]\s", text) or NUM_RE.match(text) or SUB_RE.match(text):
        return False
    return True


@dataclass
class _Seg:
    """One line of a paragraph's text: the chapeau, a sub-paragraph, or an appended block."""

    text: str
    pages: set[int]
    ref: str = ""  # "12(b)" for a sub-paragraph line
    level: int = 0  # 0 plain text, 1 letter, 2 roman
    marks: list[tuple[int, str]] = field(default_factory=list)  # footnotes cited, as (page, mark)


@dataclass
class _Para:
    """A top-level paragraph being built, with its sub-paragraph lines."""

    scope: str
    ref: str
    heading: str
    heading_path: str
    inferred: bool
    segs: list[_Seg]
    last_letter: str = ""
    last_roman: str = ""
    letter_ref: str = ""
    refs: set[str] = field(default_factory=set)

    def text(self) -> str:
        return "\n".join(s.text for s in self.segs if s.text)

    def continue_with(self, text: str, pages: tuple[int, ...], join: Joiner, marks=()) -> None:
        seg = self.segs[-1]
        seg.text = join(seg.text, text) if seg.text else text
        seg.pages.update(pages)
        seg.marks.extend(marks)

    def add_line(self, text: str, pages: tuple[int, ...], marks=()) -> None:
        self.segs.append(_Seg(text, set(pages), marks=list(marks)))

    def records(self, symbol: str, order: int, has_pages: bool,
                notes: Callable[[list[tuple[int, str]]], tuple[Footnote, ...]] = lambda marks: ()) -> list[Paragraph]:
        def pages_of(segs: list[_Seg]) -> tuple[int, ...]:
            if not has_pages:
                return ()
            return tuple(sorted({p for s in segs for p in s.pages if p}))

        def text_of(segs: list[_Seg]) -> str:
            return normalise_paragraph_text("\n".join(s.text for s in segs if s.text))

        def notes_of(segs: list[_Seg]) -> tuple[Footnote, ...]:
            return notes([m for s in segs for m in s.marks])

        out = [
            Paragraph(symbol=symbol, scope=self.scope, ref=self.ref, text=text_of(self.segs),
                      pages=pages_of(self.segs), heading=self.heading, heading_path=self.heading_path,
                      order=order, inferred=self.inferred, footnotes=notes_of(self.segs))
        ]
        for k, seg in enumerate(self.segs):
            if not seg.ref:
                continue
            span = [seg]
            if seg.level == 1:
                tail: list[_Seg] = []
                for nxt in self.segs[k + 1 :]:
                    if nxt.level == 1:
                        break
                    tail.append(nxt)
                    if nxt.level == 2:
                        span.extend(tail)
                        tail = []
            out.append(
                Paragraph(symbol=symbol, scope=self.scope, ref=seg.ref, text=text_of(span),
                          pages=pages_of(span), heading=self.heading, heading_path=self.heading_path,
                          parent=self.ref, order=order + len(out), inferred=self.inferred,
                          footnotes=notes_of(span))
            )
        return out


class _Structurer:
    """One pass over the blocks of one document: scopes, headings, paragraphs, sub-paragraphs.

    Holds only the state of the parse in progress (created per call of parse_document).
    """

    def __init__(self, symbol: str, join: Joiner, preamble: bool, has_pages: bool,
                 footnotes: dict[tuple[int, str], Footnote] | None = None):
        self.symbol = symbol
        self.join = join
        self.has_pages = has_pages
        self.footnotes = footnotes or {}
        self.scope = MAIN_SCOPE
        self.used_scopes = {MAIN_SCOPE}
        self.last_num: dict[str, int] = {MAIN_SCOPE: 0}
        self.pp_count: dict[str, int] = {}
        self.in_preamble = preamble
        self.chapter = self.section = self.plain = ""
        self.scope_title = ""
        self.cur: _Para | None = None
        self.after_heading = False
        self.just_scoped = False
        self.out: list[Paragraph] = []
        self.warnings: list[str] = []
        self.blocks: list[Block] = []
        self.block = Block("")
        self.pending_marks: list[tuple[int, str]] = []
        self.next_explicit: list[int | None] = []
        self.i = 0

    # -- driving ---------------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> list[Paragraph]:
        self.blocks = blocks
        self.next_explicit = self._next_explicit_numbers(blocks)
        for i, block in enumerate(blocks):
            self.i = i
            self.block = block
            self.pending_marks = list(block.marks)
            self.handle(block.text, block.pages)
        self._close()
        return self.out

    @staticmethod
    def _next_explicit_numbers(blocks: list[Block]) -> list[int | None]:
        result: list[int | None] = [None] * len(blocks)
        nxt: int | None = None
        for i in range(len(blocks) - 1, -1, -1):
            text = blocks[i].text
            result[i] = nxt
            if SCOPE_RE.match(text):
                nxt = None
            elif m := NUM_RE.match(text):
                nxt = int(m.group(1))
        return result

    def _next_block(self) -> str | None:
        return self.blocks[self.i + 1].text if self.i + 1 < len(self.blocks) else None

    @property
    def trusted(self) -> bool:
        return self.block.trusted

    @property
    def heading(self) -> str:
        """The innermost heading ("B. Existing and potential threats"), "" when there is none."""
        return next((h for h in (self.plain, self.section, self.chapter) if h), "")

    @property
    def heading_path(self) -> str:
        """Enclosing labelled headings by label, the innermost one in full ("II. B. Rules, norms
        and principles"); before any heading of its scope, the scope's title ("Elements of the
        Global Mechanism")."""
        levels = [h for h in (self.chapter, self.section, self.plain) if h]
        labels = [h.split(" ", 1)[0] for h in levels[:-1] if LABEL_HEADING_RE.match(h)]
        return " ".join(labels + levels[-1:]) or self.scope_title

    def _boundary_ok(self) -> bool:
        """True when the text so far ends a paragraph (so a new structure may start here)."""
        if self.cur is None or self.after_heading or self.just_scoped or self.trusted:
            return True
        text = self.cur.text()
        return not text or ends_with_terminal(text) or bool(ENDS_AND_OR.search(text))

    def handle(self, text: str, pages: tuple[int, ...]) -> None:
        text = text.strip()
        if not text:
            return
        if self.trusted and self.block.heading and self._heading_block(text, pages):
            return
        if self._try_scope(text):
            return
        if self._try_number(text, pages):
            return
        if self._try_label_heading(text, pages):
            return
        if self._try_sub(text, pages):
            return
        self._unnumbered(text, pages)

    # -- scopes and headings ---------------------------------------------------------------
    def _heading_block(self, text: str, pages: tuple[int, ...]) -> bool:
        """A block set as a heading: a scope line, a labelled or plain heading, or the title of
        the scope just opened. A bold numbered paragraph is left to the paragraph rules."""
        if NUM_RE.match(text) and (len(text.split()) > MAX_HEADING_WORDS or ends_sentence(text)):
            return False
        if self._try_scope(text) or self._try_label_heading(text, pages):
            return True
        if NUM_RE.match(text) or SUB_RE.match(text):
            return False
        if self.just_scoped and not self.scope_title:
            self.scope_title = text  # the title under "Annex I": the annex's title, not a heading
            self.just_scoped = False
            self.after_heading = True
            return True
        self._close()
        self._set_heading("plain", text)
        return True

    def _try_scope(self, text: str) -> bool:
        m = SCOPE_RE.match(text)
        if not m or not self._boundary_ok():
            return False
        title = (m.group(3) or "").strip()
        if title and (ends_with_terminal(title) or len(title.split()) > 40):
            return False
        name = m.group(1).lower() + (f" {m.group(2)}" if m.group(2) else "")
        base, k = name, 2
        while name in self.used_scopes:
            name = f"{base} ({k})"
            k += 1
        self._close()
        self.used_scopes.add(name)
        self.scope = name
        self.last_num[name] = 0
        self.in_preamble = False
        self.chapter = self.section = self.plain = ""
        self.scope_title = title
        self.after_heading = False
        self.just_scoped = True
        return True

    def _set_heading(self, level: str, value: str) -> None:
        if level == "plain" and SUBTITLE_RE.match(value) and not self.out and self.cur is None:
            self.plain = ""  # "Note by the Secretary-General" before any text: it and the title above it
            self.after_heading = True  # are the title block, not headings
            self.just_scoped = False
            return
        if level == "chapter":
            self.chapter, self.section, self.plain = value, "", ""
        elif level == "section":
            self.section, self.plain = value, ""
        else:
            self.plain = value
        self.after_heading = True
        self.just_scoped = False

    def _label_level(self, label: str) -> str | None:
        """"chapter" for "II.", "section" for "B."; "I."/"V."/"X." are sections only right after
        the section before them ("H." -> "I.")."""
        if len(label) == 1:
            if label not in "IVX":
                return "section"
            sec = self.section.split(".", 1)[0] if self.section else ""
            return "section" if len(sec) == 1 and ord(label) == ord(sec) + 1 else "chapter"
        return "chapter" if _is_roman_upper(label) else None

    def _try_label_heading(self, text: str, pages: tuple[int, ...]) -> bool:
        m = LABEL_HEADING_RE.match(text)
        if not m or not self._boundary_ok():
            return False
        level = self._label_level(m.group(1))
        title = m.group(2).strip()
        if level is None or not title or not starts_capital(title):
            return False
        split = self._glued_number(title, max_words=40)
        head, rest = split if split else (title, "")
        if ends_with_terminal(head) or len(head.split()) > 40 or re.search(r"[.;!?]\s", head):
            return False
        self._set_heading(level, f"{m.group(1)}. {head}")
        if rest:
            self.handle(rest, pages)
        return True

    def _glued_number(self, text: str, max_words: int = MAX_HEADING_WORDS) -> tuple[str, str] | None:
        """``"Partnerships and support mechanisms 17. We invite..."`` -> (heading, "17. We invite...")."""
        if self.trusted:
            return None
        last = self.last_num.get(self.scope, 0)
        nxt = self.next_explicit[self.i] if self.next_explicit else None
        for m in re.finditer(r"\s(\d{1,3})\.\s+(?=[“\"‘]?[A-Z])", text):
            n = int(m.group(1))
            fits = n == last + 1 or (n > last and (n < nxt if nxt is not None else n <= last + 3))
            head = text[: m.start()].strip()
            last_word = head.split()[-1].lower().strip(".,") if head else ""
            if (
                fits
                and head
                and len(head.split()) <= max_words
                and not ends_with_terminal(head)
                and last_word not in REFERENCE_WORDS
            ):
                return head, text[m.start() + 1 :]
            if len(text[: m.start()].split()) > max_words:
                break
        return None

    # -- numbered paragraphs and sub-paragraphs --------------------------------------------
    def _try_number(self, text: str, pages: tuple[int, ...]) -> bool:
        m = NUM_RE.match(text)
        if not m:
            return False
        n = int(m.group(1))
        last = self.last_num.get(self.scope, 0)
        if not last < n <= last + MAX_NUMBER_GAP:
            self.warnings.append(
                f"{self.scope}: '{n}.' after paragraph {last} is out of sequence; kept as text of the paragraph before"
            )
            return False
        if n > last + 1:
            self.warnings.append(f"{self.scope}: paragraph numbers jump from {last} to {n}")
        self._open(str(n), inferred=False)
        self.last_num[self.scope] = n
        self.in_preamble = False
        self._emit(m.group(2), pages, how="first")
        return True

    def _open(self, ref: str, inferred: bool) -> None:
        self._close()
        self.cur = _Para(self.scope, ref, self.heading, self.heading_path, inferred, [_Seg("", set())])
        self.after_heading = False
        self.just_scoped = False

    def _close(self) -> None:
        if self.cur is None:
            return
        if not self.cur.text().strip():
            self.warnings.append(f"{self.cur.scope}: paragraph {self.cur.ref} has no text")
        else:
            self.out.extend(self.cur.records(self.symbol, len(self.out), self.has_pages, self._notes))
        self.cur = None

    def _notes(self, marks: list[tuple[int, str]]) -> tuple[Footnote, ...]:
        """The footnotes cited by ``marks`` (page, mark), in order, each once. A mark is looked
        up on its own page first (``*`` restarts on every page), then anywhere."""
        out: list[Footnote] = []
        for page, mark in marks:
            note = self.footnotes.get((page, mark)) or self.footnotes.get((0, mark))
            if note is not None and note not in out:
                out.append(note)
        return tuple(out)

    def _sub_kind(self, label: str) -> str | None:
        """"letter" or "roman" for a sub-paragraph label, by the sequence: "(i)" after "(h)" is
        the letter i unless "(h)" opened a list (ends with ":"); "(i)" elsewhere opens a roman list."""
        cur = self.cur
        assert cur is not None
        roman = _is_roman_lower(label)
        double = len(label) > 1 and len(set(label)) == 1 and (cur.last_letter == "z" or len(cur.last_letter) > 1)
        letter = len(label) == 1 or double
        if roman != letter:
            return "roman" if roman else "letter"
        if not roman:
            return None
        exp_roman = _next_roman(cur.last_roman)
        exp_letter = _next_letter(cur.last_letter)
        if label == exp_roman and label != exp_letter:
            return "roman"
        if label == exp_letter and label != exp_roman:
            return "letter"
        if label == exp_roman == exp_letter:
            if cur.last_roman:
                return "roman"
            letter_text = next((s.text for s in reversed(cur.segs) if s.level == 1), "")
            return "roman" if letter_text.rstrip().endswith(":") else "letter"
        return "roman" if label == "i" else "letter"

    def _try_sub(self, text: str, pages: tuple[int, ...]) -> bool:
        m = SUB_RE.match(text)
        cur = self.cur
        if not m or cur is None or self.after_heading:
            return False
        label = m.group(1)
        kind = self._sub_kind(label)
        if kind is None:
            return False
        if kind == "letter":
            ref = f"{cur.ref}({label})"
            cur.last_letter, cur.last_roman, cur.letter_ref = label, "", ref
            level = 1
        else:
            ref = f"{cur.letter_ref or cur.ref}({label})"
            cur.last_roman = label
            level = 2
        if ref in cur.refs:
            self.warnings.append(f"{self.scope}: sub-paragraph {ref} appears twice; the second is kept in {cur.ref} only")
            ref = ""
        else:
            cur.refs.add(ref)
        body = m.group(2).strip()
        cur.segs.append(_Seg(f"({label})", set(pages), ref=ref, level=level if ref else 0))
        self.after_heading = False
        if body:
            self._emit(body, pages, how="continue")
        return True

    # -- everything else ---------------------------------------------------------------------
    def _split_inline(self, text: str) -> tuple[str, str]:
        """Split off the next expected paragraph number found inline.

        After a sentence end it is always split off. After a word (the end of the paragraph
        before was lost in extraction: "... finance facility for 15. We emphasize") only when
        the numbering confirms it: the next number at a block start is the one after it, and
        the word before is not one that a number refers to ("resolution 15.", "Goal 15.").
        """
        if self.trusted:  # a layout block is one paragraph: nothing to split off
            return text, ""
        expected = self.last_num.get(self.scope, 0) + 1
        m = re.search(
            rf"([.;!?][’”\"')\]]*(?:\s*\d{{1,3}})?)\s+({expected})\.\s+(?=[“\"‘]?[A-Z])", text
        )
        if not m and self.next_explicit and self.next_explicit[self.i] == expected + 1:
            m = next(
                (g for g in re.finditer(rf"([A-Za-z]+)\s+({expected})\.\s+(?=[“\"‘]?[A-Z])", text)
                 if g.group(1).lower() not in REFERENCE_WORDS),
                None,
            )
        if not m:
            return text, ""
        return text[: m.start(2)].rstrip(), text[m.start(2) :]

    def _emit(self, text: str, pages: tuple[int, ...], how: str) -> None:
        """Attach text to the open paragraph ("first"/"continue": same line; "line": new line)."""
        head, rest = self._split_inline(text)
        cur = self.cur
        assert cur is not None
        marks, self.pending_marks = self.pending_marks, []
        if head:
            if how == "line":
                cur.add_line(head, pages, marks)
            else:
                cur.continue_with(head, pages, self.join, marks)
        if rest:
            self.handle(rest, pages)

    def _unnumbered(self, text: str, pages: tuple[int, ...]) -> None:
        cur = self.cur
        if cur is not None and (
            starts_lowercase(text)
            or not self._boundary_ok()
            or (first_letter(text).isdigit() and cur.text().rstrip().endswith(","))
            or self._preamble_runs_on(text)
        ):
            self._emit(text, pages, how="continue")
            return
        if self._preamble_list_item(text):
            self._emit(text, pages, how="line")  # "… a major contribution to:" then its items, their letters lost
            return
        if cur is not None and BULLET_RE.match(text):
            self._emit(text, pages, how="line")  # a bullet item belongs to the paragraph before it
            return
        if self._try_plain_heading(text, pages):
            return
        last = self.last_num.get(self.scope, 0)
        if self.in_preamble or last == 0 or cur is None:
            self._open_pp()
            self._emit(text, pages, how="first")
            return
        if self.trusted:  # the layout shows a paragraph of its own with no number: the source has none
            self._emit(text, pages, how="line")
            self.after_heading = False
            return
        nxt = self.next_explicit[self.i]
        if (
            cur.ref == str(last)
            and not NUM_RE.match(text)  # an out-of-sequence number is text, not a lost one
            and not cur.segs[0].text.rstrip().endswith(":")  # items of a list whose labels were lost
            and ends_sentence(cur.text())
            and starts_capital(text)
            and (nxt is None or nxt > last + 1)
        ):
            self.warnings.append(f"{self.scope}: paragraph {last + 1} has no number in the source; inferred")
            self._open(str(last + 1), inferred=True)
            self.last_num[self.scope] = last + 1
            self._emit(text, pages, how="first")
            return
        if _ends_clause(cur.text()) or self.after_heading:
            self._emit(text, pages, how="line")
        else:
            self._emit(text, pages, how="continue")
        self.after_heading = False

    def _preamble_runs_on(self, text: str) -> bool:
        """True when ``text`` continues the open preambular paragraph across a page break.

        A preambular paragraph ends with a comma (or other final punctuation); one that stops on
        a bare word ("... a Group of Scientific and") goes on in the next block unless that block
        opens a preambular paragraph of its own ("Recalling ...", "Noting ...").
        """
        cur = self.cur
        if cur is None or not self.in_preamble or not cur.ref.startswith("PP") or self.after_heading or self.trusted:
            return False
        return not ends_with_terminal(cur.text()) and not opens_preambular(text)

    def _preamble_list_item(self, text: str) -> bool:
        """True when ``text`` is an item of a list the open preambular paragraph introduced with a
        colon ("… it constitutes a major contribution to:" / "International peace and security,"):
        a text whose labels were lost sets the items as paragraphs of their own, and counting
        them as preambular paragraphs would misnumber them. An item ends where a block opens a
        preambular paragraph ("Recalling …") or the operative part begins (a number)."""
        cur = self.cur
        if cur is None or not self.in_preamble or not cur.ref.startswith("PP"):
            return False
        return (any(seg.text.rstrip().endswith(":") for seg in cur.segs)
                and not opens_preambular(text) and not NUM_RE.match(text))

    def _open_pp(self) -> None:
        k = self.pp_count.get(self.scope, 0) + 1
        self.pp_count[self.scope] = k
        self._open(f"PP{k}", inferred=False)

    def _try_plain_heading(self, text: str, pages: tuple[int, ...]) -> bool:
        if not self._boundary_ok() or self.trusted:  # a layout block is a heading only if set as one
            return False
        glued = self._glued_number(text)
        if glued and looks_like_heading(glued[0]):
            self._set_heading("plain", glued[0])
            self.handle(glued[1], pages)
            return True
        nxt = self._next_block()
        if self.just_scoped and not ends_with_terminal(text) and starts_capital(text) and len(text.split()) <= 60:
            self.scope_title = text  # the title line under "Annex": the annex's title, not a heading
            self.just_scoped = False
            self.after_heading = True
            return True
        if not looks_like_heading(text) or nxt is None:
            return False
        if not (starts_capital(nxt) or is_structural(nxt)) or SUB_RE.match(nxt):
            return False
        self._set_heading("plain", text)
        return True
