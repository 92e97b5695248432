"""Text normalisation for display: joining wrapped lines, undoing hyphenation breaks, clean spacing.

All functions are pure. The only judgement call is the line-end hyphen: a PDF line ending in
``-`` is either a hyphenation break (``in-``/``frastructure``) or a real hyphen (``non-``/``State``,
``troop-``/``contributing``). :func:`join_lines` keeps the hyphen when the second part starts with
a capital or digit, when the hyphenated form occurs elsewhere in the same document, when the
joined word does not but the hyphenated compound is a known form (UN compound prefixes such as
``non-``, ``self-``, ``multi-`` and suffixes such as ``-building``, ``-related``, ``-based``);
otherwise it joins the word. Curly quotes, dashes and the non-breaking hyphen (U+2011) are left
exactly as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"  # for regexes

# Left parts that form hyphenated compounds in UN English ("non-State", "self-determination").
COMPOUND_PREFIXES = frozenset(
    "non co self cross multi inter anti counter well post semi quasi pan extra intra ultra".split()
)
# Right parts that form hyphenated compounds ("capacity-building", "ICT-related").
COMPOUND_SUFFIXES = frozenset(
    """building related based making term level wide led owned specific sensitive oriented driven
    bound free friendly scale sharing party centred centered sized up ended affected responsive
    contributing setting reaching lasting proliferation governmental determination dimensional
    year years week weeks month months""".split()
)
# Left parts that are syllables of solid words ("un-"/"affected" is "unaffected"), never compounds
# on their own unless the document itself writes the hyphenated form.
SOLID_PREFIXES = frozenset("un in im il ir dis re de mis be en em".split())
# Words written solid in UN English although they start with a compound prefix or end with a
# compound suffix: a line-end "inter-"/"national" is a hyphenation break, not "inter-national".
SOLID_WORDS = frozenset(
    """international internationally intergovernmental interrelated interlinked interdependence
    interdependent interaction interactions interactive internet interim interest interests
    interested interpretation interpretations interference intervention interventions
    interoperability interoperable interregional intersessional intersectional interface
    multilateral multilateralism multidimensional multidisciplinary multiple multiplier
    multinational multisectoral cooperation cooperative cooperate cooperating coordination
    coordinate coordinated coordinating coordinator coordinators coherence coherent coexistence
    cooperatively postpone postponed counterpart counterparts extraordinary extraterritorial
    extrabudgetary selfish wellness peacebuilding peacekeeping peacemaking stakeholder
    stakeholders everlasting worldwide nationwide""".split()
)
# Prefixes written with a hyphen before a vowel in UN English ("re-establish", "de-escalation").
VOWEL_PREFIXES = frozenset("re de pre".split())
NUMBER_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
NUMBER_UNITS = frozenset(
    """one two three four five six seven eight nine first second third fourth fifth sixth seventh
    eighth ninth""".split()
)
SOFT_HYPHEN = "\u00ad"
_SUSPENDED = frozenset({"and", "or", "nor", "to", "but", "than", "as"})

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\u2011-]*[A-Za-z]|[A-Za-z]")
_MD_FOOTNOTE_MARK_BEFORE_PUNCT = re.compile(r"\s*\[\^\d+\](?=[.,;:!?)\]’”])")
_MD_FOOTNOTE_MARK = re.compile(r"\[\^\d+\]")
_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=([a-z][^\s]*))")
_WS = re.compile(r"[ \t\u00a0\u2009\u202f\r\f\v]+")


@dataclass(frozen=True)
class Vocabulary:
    """Words seen in one document, used to decide line-end hyphens (all lower case); ``stems``
    (filled by the layout readers) lets "stockpile" count as written when "stockpiles" is."""

    words: frozenset[str] = field(default_factory=frozenset)
    hyphenated: frozenset[str] = field(default_factory=frozenset)
    stems: frozenset[str] = field(default_factory=frozenset)


def build_vocabulary(lines: Iterable[str]) -> Vocabulary:
    """Collect the plain and hyphenated words of a document (ignoring line-end fragments)."""
    words: set[str] = set()
    hyphenated: set[str] = set()
    for line in lines:
        body = line.rstrip()
        if body.endswith("-"):
            body = body[: body.rfind(" ") + 1] if " " in body else ""
        for w in _WORD_RE.findall(body):
            lw = w.lower()
            if "-" in lw:
                hyphenated.add(lw)
                words.update(p for p in lw.split("-") if p)
            else:
                words.add(lw)
    return Vocabulary(frozenset(words), frozenset(hyphenated))


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces/tabs (not newlines) to one space and trim each line."""
    return "\n".join(_WS.sub(" ", ln).strip() for ln in text.split("\n"))


def keep_line_end_hyphen(left: str, right: str, vocab: Vocabulary = Vocabulary(), lexicon=None) -> bool:
    """True when ``left-`` + ``right`` at a line break is a real hyphen, False for a hyphenation break.

    ``left`` is the word before the hyphen (without it), ``right`` the word that starts the next line.
    ``lexicon`` (an :class:`index.lexicon.Lexicon` of common English words) settles what the
    document's own words do not:
    a split that joins into a word is a break ("in-"/"frastructure"), one whose parts are both
    words is a compound ("on-"/"site", "long-"/"standing").
    """
    lw = _WORD_RE.findall(left)
    rw = _WORD_RE.findall(right)
    if not lw or not rw or not right[:1].isalpha():
        return True
    if right[:1].isupper():
        return True
    last = lw[-1].lower()
    first = rw[0].lower()
    head = last.split("-")[-1]
    compound = f"{last}-{first}"
    joined = f"{last}{first}"
    if compound in vocab.hyphenated or f"{head}-{first}" in vocab.hyphenated:
        return True
    if head in NUMBER_TENS and first in NUMBER_UNITS:  # "fifty-"/"fifth", "twenty-"/"one"
        return True
    if f"{head}{first}" in SOLID_WORDS:  # "inter-"/"national": written solid in UN English
        return False
    if lexicon:
        first_part = first.split("-")[0]
        joined_word = f"{head}{first_part}"
        part_is_word = first_part in lexicon or first_part in vocab.words
        if joined_word in vocab.words or (vocab.stems and lexicon.stem(joined_word) in vocab.stems):
            return False  # the document writes it whole elsewhere ("dis-"/"armament", "stock-"/"pile")
        if lexicon.knows(joined_word) and not (head in COMPOUND_PREFIXES and part_is_word):
            return False  # "in-"/"frastructure", "sur-"/"rounding", "safe-"/"guards", "inter-"/"nally"
        if head in VOWEL_PREFIXES and first[:1] in "aeiou":  # "re-"/"examination", "de-"/"alerting"
            return True
        head_is_word = head in vocab.words or head in COMPOUND_PREFIXES or (len(head) > 3 and head in lexicon)
        if head_is_word and part_is_word:
            return True  # "on-"/"site", "long-"/"standing", "nuclear-"/"weapon-related"
    if joined in vocab.words or joined in vocab.hyphenated or f"{head}{first}" in vocab.words:
        return False
    if f"{head}{first}" in SOLID_WORDS:
        return False
    if "-" in last:  # already a compound ("nuclear-weapon-" / "free")
        return True
    if head in SOLID_PREFIXES:
        return False
    return head in COMPOUND_PREFIXES or first.strip("’'") in COMPOUND_SUFFIXES


def join_lines(left: str, right: str, vocab: Vocabulary = Vocabulary(), lexicon=None) -> str:
    """Join two wrapped lines of one paragraph: one space, or a line-end hyphen resolved."""
    a = left.rstrip()
    b = right.lstrip()
    if not a:
        return b
    if not b:
        return a
    if a.endswith(SOFT_HYPHEN):  # a typesetter's hyphenation point: always a break
        return a[:-1] + b
    if a[-1] in "-\u2010" and len(a) > 1 and a[-2].isalpha() and b[:1].isalpha():
        word_left = a[:-1].rsplit(" ", 1)[-1]
        word_right = b.split(" ", 1)[0]
        if keep_line_end_hyphen(word_left, word_right, vocab, lexicon):
            return a + b
        return a[:-1] + b
    return f"{a} {b}"


def remove_md_footnote_marks(text: str) -> str:
    """Drop Markdown footnote references ``[^6]``, keeping the surrounding text's spacing right."""
    text = _MD_FOOTNOTE_MARK_BEFORE_PUNCT.sub("", text)
    text = _MD_FOOTNOTE_MARK.sub("", text)
    return text


def fix_spaced_hyphens(text: str) -> str:
    """Turn extraction artefacts like ``action- oriented`` into ``action-oriented``.

    A suspended hyphen before a conjunction is real and kept: ``confidence- and security-building``,
    ``short- to medium-term``. ``military-to- military`` and ``whole- of-government`` are joined.
    """

    def repl(m: re.Match[str]) -> str:
        nxt = m.group(1)
        word = re.match(r"[a-z]+", nxt)
        if word and word.group(0) in _SUSPENDED and word.group(0) == nxt.rstrip(",;:.)"):
            return m.group(0)
        return "-"

    return _SPACED_HYPHEN.sub(repl, text)


def normalise_paragraph_text(text: str) -> str:
    """Final display form of a paragraph: spacing artefacts fixed, soft hyphens dropped, spaces
    collapsed, lines kept."""
    return collapse_spaces(fix_spaced_hyphens(text.replace(SOFT_HYPHEN, "")))


_TRAIL_NOTE = re.compile(r"(?<=[.,;:!?’”\"')\]])\s*\d{1,3}$")
_CLOSERS = "’”\"')]»"


def _strip_tail(text: str) -> str:
    t = text.rstrip()
    t = _TRAIL_NOTE.sub("", t).rstrip()
    return t.rstrip(_CLOSERS).rstrip()


def ends_with_terminal(text: str) -> bool:
    """True when text ends like a finished paragraph: ``. ; : ,`` (optionally + quote/footnote digit)."""
    t = _strip_tail(text)
    return bool(t) and t[-1] in ".;:,!?…"


def ends_sentence(text: str) -> bool:
    """True when text ends a sentence or an operative clause: ``.`` or ``;`` (not ``:`` or ``,``)."""
    t = _strip_tail(text)
    return bool(t) and t[-1] in ".;!?…"


def first_letter(text: str) -> str:
    """The first character after any opening quotes/brackets ("" if none)."""
    t = text.lstrip(" “‘\"'«")
    return t[:1]


def starts_lowercase(text: str) -> bool:
    return first_letter(text).islower()


def starts_capital(text: str) -> bool:
    c = first_letter(text)
    return c.isupper() or c.isdigit()
